import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every key the vehicles screens ask for exists in `citizen-vehicles`, and the other
 * languages keep zh-CN's placeholders (a lost `{{plate}}` would print a blank).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const locales = path.resolve(here, '../../../../i18n/locales');
const load = (lang: string) => JSON.parse(readFileSync(path.join(locales, lang, 'citizen-vehicles.json'), 'utf8')) as Record<string, unknown>;

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}
const base = (key: string) => key.replace(/_(one|other)$/, '');
const sources = readdirSync(here).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));

describe('citizen-vehicles catalogues', () => {
  const cn = flatten(load('zh-CN'));
  const cnKeys = new Set([...cn.keys()].map(base));

  it('contain every literal key the screens ask for', () => {
    const missing: string[] = [];
    for (const file of sources) {
      const src = readFileSync(path.join(here, file), 'utf8');
      for (const m of src.matchAll(/\btv\('([a-zA-Z0-9_.-]+)'/g)) if (!cnKeys.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
    // The screens do ask for texts: a renamed translator would make this test empty.
    expect(sources.length).toBeGreaterThan(3);
  });

  it('name each filable plate type in every language', () => {
    for (const lang of ['zh-CN', 'zh-HK', 'en']) {
      const texts = flatten(load(lang));
      for (const type of ['02', '52']) expect(texts.get(`filing.types.${type}`), `${lang} ${type}`).toBeTruthy();
    }
  });

  it('keep the placeholders of zh-CN in the other languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const lang of ['zh-HK', 'en']) {
      const other = flatten(load(lang));
      for (const [key, text] of cn) {
        const translated = other.get(key) ?? other.get(`${base(key)}_other`);
        expect(translated, `${lang}:${key}`).toBeDefined();
        expect(placeholders(translated!), `${lang}:${key}`).toEqual(placeholders(text));
      }
    }
  });
});
