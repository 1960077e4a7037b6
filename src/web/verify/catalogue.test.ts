import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../i18n/languages.ts';

const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../i18n/locales/${lang}/verify.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const keysOf = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('verify catalogues', () => {
  const reference = keysOf(load('zh-CN')).sort();

  it.each(LANGUAGES)('%s has every text, none empty', (lang) => {
    const cat = load(lang);
    expect(keysOf(cat).sort()).toEqual(reference);
    for (const key of reference) expect(String(key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], cat)).trim()).not.toBe('');
  });

  it('words every reason and camera problem the page can show', () => {
    const reasons = ['malformed', 'bad_signature', 'expired', 'revoked', 'licence_invalid', 'unknown_key', 'no_keys', 'clock'];
    const problems = ['denied', 'no_camera', 'busy', 'insecure', 'failed'];
    for (const r of reasons) expect(reference).toContain(`result.reasons.${r}`);
    for (const p of problems) expect(reference).toContain(`scan.errors.${p}`);
    for (const f of ['network', 'rate_limited', 'server']) expect(reference).toContain(`result.liveFailure.${f}`);
  });

  it('keeps the licence_invalid text interpolating the state', () => {
    for (const lang of LANGUAGES) expect((load(lang).result as { reasons: Record<string, string> }).reasons.licence_invalid).toContain('{{status}}');
  });
});
