import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryGenerator, importMix } from '../../bench/generate.ts';
import { shanghaiDate } from '../../src/domain/dates.ts';
import { validateRecord, naturalKeys } from '../../src/server/features/registry/validate.ts';
import { importRegistry } from '../../src/server/features/registry/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const NOW = new Date('2026-11-25T10:00:00+08:00');

describe('benchmark registry generator', () => {
  it('makes lines the importer validates, with unique natural keys', () => {
    // Enough people to cover every class (mainland, Hong Kong, residence permit, Macau, Taiwan) several times over.
    const gen = new RegistryGenerator({ drivers: 3000, vehicles: 3300, now: NOW });
    const keys = new Set<string>();
    const kinds = new Map<string, number>();
    const docTypes = new Set<string>();
    const schemes = new Set<string>();
    let decided = 0;
    for (const line of gen.lines({ persons: 3000, licences: 3000, vehicles: 3300, violations: 6000 })) {
      const record = validateRecord(JSON.parse(JSON.stringify(line)), NOW, shanghaiDate(NOW));
      for (const k of naturalKeys(record)) {
        expect(keys.has(k), `duplicate natural key ${k}`).toBe(false);
        keys.add(k);
      }
      kinds.set(record.kind, (kinds.get(record.kind) ?? 0) + 1);
      if (record.kind === 'person') for (const d of record.documents) docTypes.add(d.docType);
      if (record.kind === 'vehicle') schemes.add(record.scheme);
      if (record.kind === 'violation' && record.decisionNo) decided++;
    }
    expect(Object.fromEntries(kinds)).toEqual({ person: 3000, licence: 3000, vehicle: 3300, violation: 6000 });
    expect([...docTypes].sort()).toEqual(['cn_id', 'hk_id', 'hkmo_permit', 'mo_id', 'residence_permit', 'tw_permit']);
    expect([...schemes].sort()).toEqual(['hk_northbound', 'mainland', 'mo_northbound']);
    expect(decided).toBeGreaterThan(0);
  });

  it('is deterministic: the same index gives the same record', () => {
    const a = new RegistryGenerator({ drivers: 100, now: NOW });
    const b = new RegistryGenerator({ drivers: 100, now: NOW });
    expect(b.person(42)).toEqual(a.person(42));
    expect(b.violation(7)).toEqual(a.violation(7));
    expect(new RegistryGenerator({ drivers: 100, now: NOW, seed: 2 }).person(42)).not.toEqual(a.person(42));
  });

  describe('through the importer', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('imports a generated file with nothing rejected, and a second time changes nothing', async () => {
      const mix = importMix(600);
      const gen = new RegistryGenerator({ drivers: mix.persons, now: t.clock.now() });
      const lines = async function* () {
        for (const line of gen.lines(mix)) yield JSON.stringify(line);
      };
      const first = await importRegistry(t.app.ctx, lines());
      expect(first.errors).toEqual([]);
      expect(first.created).toBe(600);
      const second = await importRegistry(t.app.ctx, lines());
      expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 600, rejected: 0 });
    });
  });
});
