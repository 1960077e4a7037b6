import { describe, expect, it } from 'vitest';
import { canObject, filterByPlate, formatShortDay, formatYuan, shanghaiDate, normalisePlate, parseStatus, pointsAfter, reasonLength } from './format.ts';
import type { Violation } from './types.ts';

const record = (over: Partial<Violation>): Violation => ({
  id: 'r1',
  plate: '粤BD12345',
  plateType: '52',
  occurredAt: '2026-10-03T05:05:00.000Z',
  location: '深南大道',
  code: '1039',
  description: '违停',
  fineFen: 20000,
  points: 0,
  source: 'camera',
  status: 'unhandled',
  lateFeeFen: 0,
  payableFen: 20000,
  rental: false,
  relation: 'owner',
  overdue: false,
  handledByOther: false,
  handleable: true,
  objectionPending: false,
  ...over,
});

describe('violations formatting', () => {
  it('shows fen as yuan with two decimals and thousands separators', () => {
    expect(formatYuan(20000)).toBe('¥200.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(123456789)).toBe('¥1,234,567.89');
    expect(formatYuan(0)).toBe('¥0.00');
  });

  it('matches plates whatever the spacing, dashes or case', () => {
    expect(normalisePlate('mx 12-34')).toBe('MX1234');
    const list = [record({ id: 'a', plate: 'MX-12-34' }), record({ id: 'b', plate: '粤BD12345' })];
    expect(filterByPlate(list, 'MX1234').map((v) => v.id)).toEqual(['a']);
    expect(filterByPlate(list, '粤bd 12345').map((v) => v.id)).toEqual(['b']);
    expect(filterByPlate(list, null).map((v) => v.id)).toEqual(['a', 'b']);
    expect(filterByPlate(list, '京A00000')).toEqual([]);
  });

  it('reads the tab from the address bar, unknown values falling back to unhandled', () => {
    expect(parseStatus('paid')).toBe('paid');
    expect(parseStatus('handled')).toBe('handled');
    expect(parseStatus('all')).toBe('unhandled');
    expect(parseStatus(null)).toBe('unhandled');
  });

  it('adds the points to a known total only', () => {
    expect(pointsAfter(3, 6)).toBe(9);
    expect(pointsAfter(undefined, 6)).toBeUndefined();
  });

  it('offers an objection only for camera records nobody has handled or objected to', () => {
    expect(canObject(record({}))).toBe(true);
    expect(canObject(record({ source: 'onsite' }))).toBe(false);
    expect(canObject(record({ status: 'handled', decisionNo: '4403001020261020' }))).toBe(false);
    expect(canObject(record({ objectionPending: true }))).toBe(false);
    expect(canObject(record({ handledByOther: true }))).toBe(false);
  });

  it('counts reason length in characters as people see them, ignoring surrounding spaces', () => {
    expect(reasonLength('  车辆当时停在车库  ')).toBe(8);
    expect(reasonLength('👍🏽')).toBe(2);
  });

  it('writes a due date short enough for a card column, the same day in every language', () => {
    expect(formatShortDay('2026-12-10', 'zh-CN')).toBe('2026/12/10');
    expect(formatShortDay('2026-12-10', 'en')).toBe('10/12/2026');
    expect(formatShortDay('2026-12-10', 'zh-HK')).toMatch(/^10\/12\/2026$/);
    expect(formatShortDay('not a date', 'en')).toBe('not a date');
  });

  it('takes the calendar day of an instant in Beijing, not on the phone', () => {
    expect(shanghaiDate('2026-11-30T17:30:00.000Z')).toBe('2026-12-01');
    expect(shanghaiDate('2026-11-30T15:59:00.000Z')).toBe('2026-11-30');
  });
});
