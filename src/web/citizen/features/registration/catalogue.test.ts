import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { DOC_TYPES } from '../../../../domain/id-documents.ts';

/** The `citizen-registration` namespace in every language, flattened to `a.b.c` → text. */
const localesDir = fileURLToPath(new URL('../../../../i18n/locales/', import.meta.url));
const languages = ['zh-CN', 'zh-HK', 'en'] as const;

function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}${i}.`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}${k}.`, out);
  else out[prefix.slice(0, -1)] = String(value);
  return out;
}

const catalogues = Object.fromEntries(
  languages.map((lang) => [lang, flatten(JSON.parse(readFileSync(path.join(localesDir, lang, 'citizen-registration.json'), 'utf8')))]),
) as Record<(typeof languages)[number], Record<string, string>>;

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Every key the registration and help screens ask for, read from their source. */
function keysUsedInSource(): string[] {
  const dirs = [fileURLToPath(new URL('.', import.meta.url)), fileURLToPath(new URL('../help/', import.meta.url))];
  const keys = new Set<string>();
  for (const dir of dirs) {
    for (const file of readdirSync(dir, { recursive: true }) as string[]) {
      if (!/\.tsx?$/.test(file) || file.endsWith('.test.ts')) continue;
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const m of source.matchAll(/\bt\(\s*'([^'$]+)'/g)) keys.add(m[1]!);
    }
  }
  return [...keys];
}

describe('citizen-registration catalogue', () => {
  it('has the same keys in zh-CN, zh-HK and en', () => {
    const reference = Object.keys(catalogues['zh-CN']).sort();
    expect(Object.keys(catalogues['zh-HK']).sort()).toEqual(reference);
    expect(Object.keys(catalogues.en).sort()).toEqual(reference);
  });

  it('uses the same interpolation values in every language', () => {
    for (const [key, text] of Object.entries(catalogues['zh-CN'])) {
      expect(placeholders(catalogues['zh-HK'][key] ?? ''), key).toEqual(placeholders(text));
      expect(placeholders(catalogues.en[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('has no empty text', () => {
    for (const lang of languages) for (const [key, text] of Object.entries(catalogues[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
  });

  it('names and explains every document type, with its number format', () => {
    for (const lang of languages) {
      for (const type of DOC_TYPES) {
        expect(catalogues[lang][`docTypes.${type}.name`], `${lang} ${type}`).toBeTruthy();
        expect(catalogues[lang][`docTypes.${type}.who`], `${lang} ${type}`).toBeTruthy();
        expect(catalogues[lang][`details.docNumber.formats.${type}`], `${lang} ${type}`).toBeTruthy();
      }
    }
  });

  it('has every key the screens use', () => {
    const all = Object.keys(catalogues['zh-CN']);
    for (const key of keysUsedInSource()) expect(all.some((k) => k === key || k.startsWith(`${key}.`)), key).toBe(true);
  });

  it('writes zh-HK in Traditional characters (spot check of the words users see most)', () => {
    const hk = Object.values(catalogues['zh-HK']).join('');
    for (const simplified of ['证件', '号码', '注册', '登录', '密码', '上传', '手机']) expect(hk.includes(simplified), simplified).toBe(false);
  });
});
