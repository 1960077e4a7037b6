import { describe, expect, it } from 'vitest';
import { plateLook } from './plate-look.ts';

const chars = (look: ReturnType<typeof plateLook>) => look.chars.map((c) => c.char).join('');

describe('plateLook', () => {
  it('draws a small car (02) blue with white characters and the dot after province and letter', () => {
    const look = plateLook({ plate: '粤B12345', plateType: '02' });
    expect(look).toMatchObject({ tone: 'blue', ink: 'white', dotAfter: 1, text: '粤B12345' });
    expect(chars(look)).toBe('粤B12345');
    expect(look.ratio).toBeCloseTo(440 / 140);
    expect(look.chars.map((c) => c.han)).toEqual([true, false, false, false, false, false, false]);
  });

  it('draws large vehicles (01) and other yellow types yellow with black characters', () => {
    expect(plateLook({ plate: '粤B12345', plateType: '01' })).toMatchObject({ tone: 'yellow', ink: 'black', dotAfter: 1 });
    expect(plateLook({ plate: '粤B1234学', plateType: '16' })).toMatchObject({ tone: 'yellow', ink: 'black' });
  });

  it('draws new-energy plates green (52) and yellow-green (51), black characters, on the longer plate', () => {
    const small = plateLook({ plate: '粤BD12345', plateType: '52' });
    expect(small).toMatchObject({ tone: 'green', ink: 'black', dotAfter: 1 });
    expect(small.ratio).toBeCloseTo(480 / 140);
    // Eight characters on the plate: set smaller than the seven of an ordinary one.
    expect(small.fontScale).toBeLessThan(plateLook({ plate: '粤B12345', plateType: '02' }).fontScale);
    expect(plateLook({ plate: '粤B12345D', plateType: '51' })).toMatchObject({ tone: 'yellow-green', ink: 'black' });
    // A green plate entered without its type still looks green.
    expect(plateLook({ plate: '粤BD12345' }).tone).toBe('green');
  });

  it('draws 粤Z cross-border (26/27) and foreign (05/06) plates black with white characters', () => {
    for (const [plate, plateType] of [
      ['粤Z1234港', '26'],
      ['粤Z1234澳', '27'],
      ['粤B12345', '05'],
      ['粤B12345', '06'],
    ] as const) {
      expect(plateLook({ plate, plateType })).toMatchObject({ tone: 'black', ink: 'white', dotAfter: 1 });
    }
    expect(plateLook({ plate: '粤Z1234港' }).tone).toBe('black');
  });

  it('prints 警 red on a white police plate', () => {
    const look = plateLook({ plate: '粤B1234警', plateType: '23' });
    expect(look).toMatchObject({ tone: 'white', ink: 'black' });
    expect(look.chars.at(-1)).toEqual({ char: '警', han: true, red: true });
    expect(look.chars.slice(0, -1).every((c) => !c.red)).toBe(true);
  });

  it('draws a Hong Kong northbound car’s plate yellow at the rear and white in front, black, no province, no dot', () => {
    const rear = plateLook({ plate: 'AB1234', plateType: '20', scheme: 'hk_northbound' });
    expect(rear).toMatchObject({ tone: 'hk-rear', ink: 'black', dotAfter: null, text: 'AB1234' });
    expect(chars(rear)).toBe('AB 1234');
    expect(rear.ratio).toBeCloseTo(520 / 111);
    expect(plateLook({ plate: 'AB1234', scheme: 'hk_northbound', side: 'front' }).tone).toBe('hk-front');
    // From the API's colour, or from the plate alone (a violation record).
    expect(plateLook({ plate: 'AB1234', colour: 'hk' }).tone).toBe('hk-rear');
    expect(plateLook({ plate: 'AB1234' }).tone).toBe('hk-rear');
    // A personalised mark keeps its own spacing.
    expect(chars(plateLook({ plate: 'DRIVE ME', scheme: 'hk_northbound' }))).toBe('DRIVE ME');
  });

  it('draws a Macau northbound car’s plate black with white characters in the MX-12-34 form', () => {
    const look = plateLook({ plate: 'MX-12-34', plateType: '20', scheme: 'mo_northbound' });
    expect(look).toMatchObject({ tone: 'mo', ink: 'white', dotAfter: null });
    expect(chars(look)).toBe('MX-12-34');
    expect(plateLook({ plate: 'MX-12-34' }).tone).toBe('mo');
    expect(plateLook({ plate: 'MX-12-34', plateType: '20' }).tone).toBe('mo');
  });

  it('lets the scheme win over a colour that disagrees, and survives an empty or partial plate', () => {
    expect(plateLook({ plate: 'AB1234', colour: 'blue', scheme: 'hk_northbound' }).tone).toBe('hk-rear');
    expect(plateLook({ plate: '', plateType: '02' })).toMatchObject({ tone: 'blue', chars: [], dotAfter: null });
    expect(plateLook({ plate: '粤', plateType: '02' }).dotAfter).toBeNull();
  });
});
