import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Licence } from '../licence/types.ts';
import { licenceForCard } from './merge.ts';
import { isExpired, MIN_REFRESH_MS, REFRESH_LEAD_MS, refreshDelayMs, serverOffsetMs } from './schedule.ts';

const credential = (issuedAt: string, lifetimeMs: number) => ({
  qr: 'x',
  issuedAt,
  expiresAt: new Date(Date.parse(issuedAt) + lifetimeMs).toISOString(),
});

describe('refreshDelayMs', () => {
  it('asks for a new code 30 s before a 5-minute code expires', () => {
    const c = credential('2026-11-25T02:00:00Z', 300_000);
    expect(refreshDelayMs(c, 1_000_000, 1_000_000)).toBe(270_000);
    // Time already spent on the screen counts.
    expect(refreshDelayMs(c, 1_000_000, 1_100_000)).toBe(170_000);
  });

  it('ignores the phone clock’s disagreement with the server', () => {
    // The server is in 2026, the phone in 2024: only the lifetime matters.
    const c = credential('2026-11-25T02:00:00Z', 120_000);
    const phone = Date.parse('2024-01-01T00:00:00Z');
    expect(refreshDelayMs(c, phone, phone)).toBe(90_000);
  });

  it('refreshes short-lived codes at half-life and never faster than the floor', () => {
    expect(refreshDelayMs(credential('2026-11-25T02:00:00Z', 40_000), 0, 0)).toBe(20_000);
    expect(refreshDelayMs(credential('2026-11-25T02:00:00Z', 1_000), 0, 0)).toBe(MIN_REFRESH_MS);
    expect(refreshDelayMs({ qr: 'x', issuedAt: 'bad', expiresAt: 'bad' }, 0, 0)).toBe(MIN_REFRESH_MS);
  });

  it('always refreshes before expiry for lifetimes above twice the floor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2 * MIN_REFRESH_MS + 1, max: 3_600_000 }), fc.integer({ min: 0, max: 1e12 }), (lifetime, fetched) => {
        const delay = refreshDelayMs(credential('2026-11-25T02:00:00Z', lifetime), fetched, fetched);
        expect(delay).toBeLessThan(lifetime);
        expect(delay).toBeGreaterThanOrEqual(Math.min(lifetime - REFRESH_LEAD_MS, lifetime / 2) - 1);
      }),
    );
  });
});

describe('server clock', () => {
  it('offsets the phone clock to the server’s', () => {
    const c = credential('2026-11-25T02:00:00Z', 60_000);
    const phone = Date.parse('2026-11-25T01:59:50Z');
    expect(serverOffsetMs(c, phone)).toBe(10_000);
    expect(isExpired(c, Date.parse('2026-11-25T02:00:59Z'))).toBe(false);
    expect(isExpired(c, Date.parse('2026-11-25T02:01:00Z'))).toBe(true);
  });
});

const licence: Licence = {
  numberMasked: '4403****0934',
  holderDocType: 'cn_id',
  name: 'A',
  class: 'C1',
  classes: ['C1'],
  firstIssuedOn: '2015-01-01',
  validFrom: '2021-01-01',
  validTo: '2031-01-01',
  status: 'A',
  statusText: 'ok',
  statusLetters: [{ letter: 'A', text: 'ok' }],
  points: { cycleStart: '2026-01-01', cycleEnd: '2026-12-31', total: 3, nextClearingOn: '2027-01-01', records: [] },
  issuingAuthority: 'X',
  probation: { inProbation: false, endsOn: '2016-01-01' },
  renewal: null,
  archiveNumberFiled: false,
};

describe('licenceForCard', () => {
  it('lays the e-licence answer’s printed facts over the full licence', () => {
    const merged = licenceForCard(licence, { status: 'D', statusText: 'suspended', validTo: null, classes: ['C1', 'D'] });
    expect(merged).toMatchObject({ status: 'D', statusText: 'suspended', validTo: null, classes: ['C1', 'D'], points: licence.points });
  });
  it('takes nothing of the wrong type', () => {
    expect(licenceForCard(licence, { points: 5, name: 7, classes: [1] })).toEqual(licence);
    expect(licenceForCard(licence, null)).toEqual(licence);
    expect(licenceForCard(null, { name: 'B' })).toBeNull();
  });
});
