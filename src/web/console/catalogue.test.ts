import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../i18n/languages.ts';

/** The console's texts: every language has every key, and every literal key the code uses exists. */
const here = path.dirname(fileURLToPath(import.meta.url));
const catalogue = (lang: string) => JSON.parse(readFileSync(path.join(here, `../../i18n/locales/${lang}/console.json`), 'utf8')) as Record<string, unknown>;

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
// i18next plural forms differ per language (en: _one/_other, Chinese: one form).
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('console catalogues', () => {
  const reference = new Set(keys(catalogue('zh-CN')).map(base));

  it.each(LANGUAGES.filter((l) => l !== 'zh-CN'))('%s has exactly the keys of zh-CN', (lang) => {
    expect(new Set(keys(catalogue(lang)).map(base))).toEqual(reference);
  });

  it('has no empty texts', () => {
    for (const lang of LANGUAGES) {
      const c = catalogue(lang);
      for (const key of keys(c)) {
        const value = key.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], c);
        expect(typeof value === 'string' && value.trim().length > 0, `${lang}:${key}`).toBe(true);
      }
    }
  });

  it('holds every literal key the console code asks for', () => {
    const used = new Set<string>();
    for (const file of sources(here)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.:]+)'/g)) used.add(m[1]!.replace(/^console:/, ''));
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !reference.has(k));
    expect(missing).toEqual([]);
  });
});
