import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { RESTART_MAX_MS, restartDelayMs } from './cluster.ts';

const PG = 'postgres://postgres@127.0.0.1:5432/jiaoguan';

function problems(env: Record<string, string>, cpus?: number): string[] {
  try {
    loadConfig(env, { cpus });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('WORKERS', () => {
  it('defaults to one process', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ WORKERS: '1' }).workers).toBe(1);
  });

  it('runs several processes only on PostgreSQL', () => {
    expect(loadConfig({ WORKERS: '3', DATABASE_URL: PG }).workers).toBe(3);
    const [problem, ...rest] = problems({ WORKERS: '2' });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^WORKERS: 2 API processes need a PostgreSQL server \(set DATABASE_URL\)/);
    expect(problem).toContain('WORKERS=1');
  });

  it('auto means one process per CPU', () => {
    expect(loadConfig({ WORKERS: 'auto', DATABASE_URL: PG }, { cpus: 4 }).workers).toBe(4);
    expect(problems({ WORKERS: 'auto' }, 4)[0]).toMatch(/^WORKERS: auto \(4 CPUs\) API processes need a PostgreSQL server/);
    // One CPU: auto is a single process, which the embedded database allows.
    expect(loadConfig({ WORKERS: 'auto' }, { cpus: 1 }).workers).toBe(1);
  });

  it('refuses values that are not a positive process count', () => {
    for (const bad of ['0', '-1', '1.5', 'many', '']) expect(problems({ WORKERS: bad, DATABASE_URL: PG }), bad).toHaveLength(1);
    expect(problems({ WORKERS: 'many', DATABASE_URL: PG })[0]).toMatch(/^WORKERS: /);
  });
});

describe('worker restart back-off', () => {
  it('doubles from one second and stops growing at the cap', () => {
    expect([1, 2, 3, 4].map(restartDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(restartDelayMs(50)).toBe(RESTART_MAX_MS);
  });
});

describe('READ_CACHE', () => {
  it('is on with 50 000 entries and a 5-minute backstop by default', () => {
    expect(loadConfig({}).readCache).toEqual({ enabled: true, maxEntries: 50_000, ttlSeconds: 300 });
  });

  it('can be turned off and sized', () => {
    expect(loadConfig({ READ_CACHE: 'off', READ_CACHE_MAX_ENTRIES: '1000', READ_CACHE_TTL_SECONDS: '60' }).readCache).toEqual({ enabled: false, maxEntries: 1000, ttlSeconds: 60 });
  });

  it('refuses values it cannot use', () => {
    for (const [name, bad] of [
      ['READ_CACHE', 'yes'],
      ['READ_CACHE_MAX_ENTRIES', '0'],
      ['READ_CACHE_MAX_ENTRIES', 'lots'],
      ['READ_CACHE_TTL_SECONDS', '0'],
      ['READ_CACHE_TTL_SECONDS', '1.5'],
    ] as const) {
      const found = problems({ [name]: bad });
      expect(found, `${name}=${bad}`).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^${name}: `));
    }
  });
});
