import { describe, expect, it } from 'vitest';
import { mainlandIdNumber } from './identities.ts';
import { checkLine } from './line-check.ts';
import { LineChecks } from './line-checks.ts';

const now = new Date('2026-11-25T10:00:00Z');
const today = '2026-11-25';
const lines = [
  `\uFEFF{"kind":"person","name":"张三","sex":"M","birthDate":"1990-03-07","documents":[{"docType":"cn_id","docNumber":"${mainlandIdNumber('110105', '1990-03-07', 1)}"}]}`,
  '',
  'not json',
  '[1,2]',
  '{"kind":"violation","ref":"R1","plate":"京A12345","plateType":"02","occurredAt":"2025-10-03T21:04:00+08:00","location":"x","code":"1625","description":"d","fineFen":20000,"points":6,"source":"camera"}',
  '{"kind":"violation","ref":"R2","plate":"京A12345","plateType":"02","occurredAt":"2027-10-03T21:04:00+08:00","location":"x","code":"1625","description":"d","fineFen":20000,"points":6,"source":"camera"}',
  '{"kind":"spaceship"}',
];

describe('line checks', () => {
  it('gives the same outcomes in the worker thread as in this one, in order', async () => {
    const inline = lines.map((l, i) => checkLine(l, i + 1, now, today));
    expect(inline.map((o) => ('blank' in o ? 'blank' : 'reason' in o ? o.reason.code : o.record.kind))).toEqual([
      'person',
      'blank',
      'not_json',
      'not_object',
      'violation',
      'future_date',
      'unknown_kind',
    ]);
    const checks = new LineChecks(now, today);
    try {
      checks.startWorker();
      for (let i = 0; i < 200 && !checks.threaded; i++) await new Promise((r) => setTimeout(r, 50));
      expect(checks.threaded).toBe(true);
      const chunks = [checks.check(1, lines.slice(0, 3)), checks.check(4, lines.slice(3))];
      expect([...(await chunks[0]!), ...(await chunks[1]!)]).toEqual(inline);
    } finally {
      await checks.close();
    }
  });
});
