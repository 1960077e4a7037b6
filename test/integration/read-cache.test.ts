import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { createManualClock } from '../../src/server/platform/clock.ts';
import { startChangeFeed } from '../../src/server/platform/change-feed.ts';
import { createTestDatabase } from '../helpers/database.ts';

/**
 * The read cache across processes and connection failures: PostgreSQL only (the embedded
 * database has one in-process connection and a single process). Two apps on one database
 * stand for two API processes: each has its own pool, listener and cache.
 */
const onPostgres = process.env.JG_TEST_DB === 'postgres' && Boolean(process.env.TEST_DATABASE_URL);

interface Instance {
  app: FastifyInstance;
  database: Database;
  dataDir: string;
}

async function instance(url: string, env: Record<string, string> = {}): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: url, ...env });
  const database = await openDatabase(config.database);
  const clock = createManualClock(new Date('2026-11-25T10:00:00+08:00'));
  const app = await buildApp({ config, database, clock, migrate: false, startWorkers: false, logger: false });
  app.get('/probe/whoami', async (request) => ({ auth: request.auth ?? null }));
  await app.ready();
  return { app, database, dataDir };
}

async function closeInstance(i: Instance | undefined): Promise<void> {
  if (!i) return;
  await i.app.close();
  await i.database.close();
  rmSync(i.dataDir, { recursive: true, force: true });
}

const whoami = async (i: Instance, token: string) =>
  (await i.app.inject({ url: '/probe/whoami', headers: { authorization: `Bearer ${token}` } })).json().auth as { subjectId: string } | null;

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe.runIf(onPostgres)('read cache on PostgreSQL', () => {
  let shared: Database;
  let url: string;
  let a: Instance;
  let b: Instance;
  let off: Instance;

  beforeAll(async () => {
    // A fresh migrated database (dropped by its close); the instances open their own pools on it.
    shared = await createTestDatabase();
    url = (shared.notifications as { url: string }).url;
    a = await instance(url);
    b = await instance(url);
    off = await instance(url, { READ_CACHE: 'off' });
  });
  afterAll(async () => {
    await closeInstance(a);
    await closeInstance(b);
    await closeInstance(off);
    await shared?.close();
  });

  it('refuses on instance B, once settled, a session revoked through instance A', async () => {
    const s = await a.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-1' });
    expect(await whoami(b, s.token)).toMatchObject({ subjectId: 'acc-1' });
    const hits = b.app.ctx.readCache.stats().hits;
    expect(await whoami(b, s.token)).toMatchObject({ subjectId: 'acc-1' });
    expect(b.app.ctx.readCache.stats().hits).toBe(hits + 1);

    await a.app.ctx.sessions.revoke(s.token);
    expect(await whoami(a, s.token)).toBeNull();
    await b.app.ctx.readCache.settled();
    expect(await whoami(b, s.token)).toBeNull();
  });

  it('logs out everywhere across instances (revokeAll through A, seen by B)', async () => {
    const s1 = await a.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-2' });
    const s2 = await b.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-2' });
    for (const s of [s1, s2]) expect(await whoami(b, s.token)).not.toBeNull();
    await a.app.ctx.sessions.revokeAll('citizen', 'acc-2');
    await b.app.ctx.readCache.settled();
    for (const s of [s1, s2]) expect(await whoami(b, s.token)).toBeNull();
  });

  it('with READ_CACHE=off opens no listener and reads the database every time', async () => {
    const s = await a.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-3' });
    expect(off.app.ctx.readCache.enabled).toBe(false);
    expect(await whoami(off, s.token)).not.toBeNull();
    expect(await whoami(off, s.token)).not.toBeNull();
    expect(off.app.ctx.readCache.stats()).toMatchObject({ hits: 0, entries: 0 });
    await off.app.ctx.readCache.settled();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'jiaoguan change feed'`);
      // One listener for each of a and b, none for the instance with the cache off.
      expect(rows[0].n).toBe(2);
    } finally {
      await admin.end();
    }
  });

  it('empties and bypasses the cache while its listener is down, and recovers', async () => {
    const cache = a.app.ctx.readCache;
    let computes = 0;
    const compute = async () => {
      computes++;
      return { value: computes, tags: ['account:x'] };
    };
    await cache.get('k', compute);
    await cache.get('k', compute);
    expect(computes).toBe(1);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const listeners = async () =>
        (await admin.query(`select pid from pg_stat_activity where datname = current_database() and application_name = 'jiaoguan change feed'`)).rows.map((r) => r.pid as number);
      const before = await listeners();
      expect(before).toHaveLength(2);
      // Kill both listeners; only a's is watched below, b's reconnects on its own.
      await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) pid', [before]);
      await until('instance A notices its listener is gone', () => !cache.enabled);
      expect(cache.stats().entries).toBe(0);
      // Bypassed: every get computes, nothing is stored.
      await cache.get('k', compute);
      await cache.get('k', compute);
      expect(computes).toBe(3);
      expect(cache.stats().entries).toBe(0);
      // settled() does not wait on a feed that is down (the cache holds nothing to wait for).
      await cache.settled();

      await until('instance A listens again', () => cache.enabled);
      await until('instance B listens again', () => b.app.ctx.readCache.enabled);
      const after = await listeners();
      expect(after).toHaveLength(2);
      expect(after.filter((pid) => before.includes(pid))).toEqual([]);
      // Live again: caching, and notifications arrive through the new connection.
      await cache.get('k', compute);
      await cache.get('k', compute);
      expect(computes).toBe(4);
      await admin.query(`select pg_notify('jg_changes', 'account:x')`);
      await cache.settled();
      await cache.get('k', compute);
      expect(computes).toBe(5);
    } finally {
      await admin.end();
    }
  });

  it('notices a listener that silently stopped receiving (heartbeat fence) and starts over', async () => {
    const events: string[] = [];
    const feed = await startChangeFeed({
      database: shared,
      log: { warn: () => {}, info: () => {} },
      onChange: (tags) => events.push(tags.join(' ')),
      onLive: (live) => events.push(live ? 'live' : 'down'),
      timing: { fenceTimeoutMs: 300, heartbeatMs: 100 },
    });
    try {
      await shared.exec(`select pg_notify('jg_changes', 'account:1')`);
      await feed.settled();
      expect(events).toEqual(['live', 'account:1']);
      // The connection stays up but hears nothing more: what a dropped idle connection looks like.
      const client = (feed as unknown as { client: pg.Client }).client;
      await client.query('UNLISTEN jg_changes');
      await until('the heartbeat notices and the feed is live again', () => events.filter((e) => e === 'live').length === 2);
      expect(events.slice(2)).toEqual(['down', 'live']);
      await shared.exec(`select pg_notify('jg_changes', 'account:2')`);
      await feed.settled();
      expect(events.at(-1)).toBe('account:2');
    } finally {
      await feed.close();
    }
  });

  it('shows the cache counters on /metrics', async () => {
    const text = (await a.app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/^jiaoguan_read_cache_hits_total [1-9]\d*$/m);
    expect(text).toMatch(/^jiaoguan_read_cache_misses_total [1-9]\d*$/m);
    expect(text).toMatch(/^jiaoguan_read_cache_invalidations_total [1-9]\d*$/m);
    expect(text).toMatch(/^jiaoguan_read_cache_live 1$/m);
  });
});
