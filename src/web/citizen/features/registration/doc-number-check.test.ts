import { describe, expect, it } from 'vitest';
import { checkDocNumber } from './doc-number-check.ts';

describe('checkDocNumber (what the number field shows while typing)', () => {
  it('announces the normalised Hong Kong ID for full-width or missing brackets', () => {
    expect(checkDocNumber('hk_id', 'A123456（3）')).toEqual({ kind: 'valid', normalized: 'A123456(3)', changed: true });
    expect(checkDocNumber('hk_id', 'a1234563')).toEqual({ kind: 'valid', normalized: 'A123456(3)', changed: true });
    expect(checkDocNumber('hk_id', 'A123456(3)')).toEqual({ kind: 'valid', normalized: 'A123456(3)', changed: false });
  });

  it('drops the renewal digits of an old Home Return Permit and says so', () => {
    expect(checkDocNumber('hkmo_permit', 'H1234567801')).toEqual({ kind: 'valid', normalized: 'H12345678', changed: true });
  });

  it('does not call spaces around the number a change', () => {
    expect(checkDocNumber('hk_id', ' A123456(3) ')).toMatchObject({ kind: 'valid', changed: false });
  });

  it('reports a wrong check digit and an empty field', () => {
    expect(checkDocNumber('hk_id', 'A123456(4)')).toEqual({ kind: 'invalid', reason: 'checksum' });
    expect(checkDocNumber('mo_id', 'abc')).toEqual({ kind: 'invalid', reason: 'format' });
    expect(checkDocNumber('cn_id', '')).toEqual({ kind: 'empty' });
  });
});
