import { describe, expect, it } from 'vitest';
import { checkPlate, checkVinLast6, normaliseCodeInput, normalisePlateInput, normaliseVinInput } from './filing-form.ts';

// Plate characters are written escaped: the citizen app keeps Chinese text out of its sources.
const YUE = '\u7ca4';

describe('plate typed in the filing form', () => {
  it('takes the plate as printed or typed on a phone', () => {
    expect(normalisePlateInput(`${YUE}b·12345`)).toBe(`${YUE}B12345`);
    expect(normalisePlateInput(`${YUE} Ｂ １２３４５`)).toBe(`${YUE}B12345`);
    expect(normalisePlateInput(`${YUE}BD123456789`)).toBe(`${YUE}BD12345`);
  });

  it('says nothing while a short plate is still being typed, and judges it when the field is left', () => {
    expect(checkPlate('', '02', false)).toEqual({ state: 'empty' });
    expect(checkPlate(`${YUE}B12`, '02', false)).toEqual({ state: 'typing' });
    expect(checkPlate(`${YUE}B12`, '02', true)).toMatchObject({ state: 'invalid', reason: 'format' });
  });

  it('accepts a well-formed plate of the chosen type in its canonical form', () => {
    expect(checkPlate(`${YUE}B12345`, '02', false)).toEqual({ state: 'ok', value: `${YUE}B12345` });
    expect(checkPlate(`${YUE}BD12345`, '52', false)).toEqual({ state: 'ok', value: `${YUE}BD12345` });
  });

  it('names the other filable type when the plate is one of those', () => {
    // A green plate entered as a small car: the usual mistake.
    expect(checkPlate(`${YUE}BD12345`, '02', false)).toEqual({ state: 'invalid', reason: 'type_mismatch', otherType: '52' });
    expect(checkPlate(`${YUE}B12345`, '52', true)).toMatchObject({ state: 'invalid', otherType: '02' });
    // I and O are never used on plates.
    expect(checkPlate(`${YUE}B1234O`, '02', false)).toEqual({ state: 'invalid', reason: 'format' });
  });
});

describe('VIN tail and code', () => {
  it('keeps 6 letters and digits, upper case', () => {
    expect(normaliseVinInput(' 18-48 47x ')).toBe('184847');
    expect(normaliseVinInput('ab12cd')).toBe('AB12CD');
  });

  it('explains what is wrong with the VIN tail', () => {
    expect(checkVinLast6('')).toBe('empty');
    expect(checkVinLast6('18484')).toBe('short');
    expect(checkVinLast6('1848O7')).toBe('letters');
    expect(checkVinLast6('184847')).toBe('ok');
  });

  it('keeps the 6 digits of a code, full-width digits too', () => {
    expect(normaliseCodeInput('１２3 456 7')).toBe('123456');
  });
});
