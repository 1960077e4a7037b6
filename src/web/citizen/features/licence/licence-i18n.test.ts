import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `citizen-licence` catalogues must say the same things in all three languages, every
 * key the licence and e-licence screens ask for must exist, and no text may hide in the screens.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const locales = path.resolve(here, '../../../../i18n/locales');
const load = (lang: string) =>
  JSON.parse(readFileSync(path.join(locales, lang, 'citizen-licence.json'), 'utf8')) as Record<string, unknown>;

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const baseKeys = (keys: string[]) => [...new Set(keys.map((k) => k.replace(/_(one|other)$/, '')))].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}
const files = [...sourceFiles(here), ...sourceFiles(path.resolve(here, '../elicence'))];
const homePage = path.resolve(here, '../home/HomePage.tsx');

describe('citizen-licence catalogues', () => {
  const zhCN = baseKeys(flatten(load('zh-CN')));

  it('have the same keys in zh-CN, zh-HK and en', () => {
    expect(baseKeys(flatten(load('zh-HK')))).toEqual(zhCN);
    expect(baseKeys(flatten(load('en')))).toEqual(zhCN);
  });

  it('give English counted texts both plural forms', () => {
    const en = flatten(load('en'));
    for (const k of en.filter((k) => k.endsWith('_one'))) expect(en).toContain(k.replace(/_one$/, '_other'));
  });

  it('keep the placeholders of zh-CN in the other languages', () => {
    const cn = load('zh-CN');
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const lookup = (obj: Record<string, unknown>, key: string): string | undefined => {
      const v = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
      return typeof v === 'string' ? v : undefined;
    };
    for (const lang of ['zh-HK', 'en']) {
      const other = load(lang);
      for (const key of flatten(cn)) {
        const text = lookup(other, key) ?? lookup(other, `${key}_other`);
        expect(text, `${lang}:${key}`).toBeDefined();
        expect(placeholders(text!), `${lang}:${key}`).toEqual(placeholders(lookup(cn, key)!));
      }
    }
  });

  it('contain every literal key the screens ask for', () => {
    const missing: string[] = [];
    for (const file of files) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\btl\(\s*'([a-zA-Z0-9_.-]+)'/g)) if (!zhCN.includes(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}`);
      // Keys chosen at run time are listed as string literals next to their use.
      for (const m of src.matchAll(/label: '((?:apply|elicence|points|card|filing)\.[a-zA-Z0-9_.-]+)'/g))
        if (!zhCN.includes(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}`);
    }
    for (const m of readFileSync(homePage, 'utf8').matchAll(/'citizen-licence:([a-zA-Z0-9_.-]+)'/g))
      if (!zhCN.includes(m[1]!)) missing.push(`HomePage.tsx: ${m[1]}`);
    expect(files.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('leave no Chinese text in the screens themselves', () => {
    const offenders = files.filter((f) => /[\u3400-\u9fff\uff01-\uff5e]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
