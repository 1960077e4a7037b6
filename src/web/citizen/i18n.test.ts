import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The citizen catalogues must say the same things in all three languages, every key the
 * app asks for must exist, and no screen may carry text outside the catalogues.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const locales = path.resolve(here, '../../i18n/locales');
const load = (lang: string) => JSON.parse(readFileSync(path.join(locales, lang, 'citizen.json'), 'utf8')) as Record<string, unknown>;

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
/** English plural forms (`_one`, `_other`) stand for the one key the Chinese catalogues have. */
const baseKeys = (keys: string[]) => [...new Set(keys.map((k) => k.replace(/_(one|other)$/, '')))].sort();

// Screens owned by the registration engineer use their own namespace and are checked there.
const OTHERS = [path.join(here, 'features', 'registration'), path.join(here, 'features', 'help')];
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (OTHERS.includes(p)) return [];
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}
const files = [...sourceFiles(here), path.resolve(here, '../shared/GesturePad.tsx')];

describe('citizen catalogues', () => {
  const zhCN = baseKeys(flatten(load('zh-CN')));

  it('have the same keys in zh-CN, zh-HK and en', () => {
    expect(baseKeys(flatten(load('zh-HK')))).toEqual(zhCN);
    expect(baseKeys(flatten(load('en')))).toEqual(zhCN);
  });

  it('give English counted texts both plural forms', () => {
    const en = flatten(load('en'));
    for (const k of en.filter((k) => k.endsWith('_one'))) expect(en).toContain(k.replace(/_one$/, '_other'));
  });

  it('contain every literal key the screens ask for', () => {
    const missing: string[] = [];
    for (const file of files) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) if (!zhCN.includes(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('leave no Chinese text in the screens themselves', () => {
    const offenders = files.filter((f) => /[\u3400-\u9fff\uff01-\uff5e]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
