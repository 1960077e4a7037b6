import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { parseTags, reconnectDelayMs } from './change-feed.ts';

describe('change feed parsing', () => {
  it('splits a payload into tags', () => {
    expect(parseTags('account:a person:110101199001011234 plate:沪A12345')).toEqual(['account:a', 'person:110101199001011234', 'plate:沪A12345']);
    expect(parseTags('*')).toEqual(['*']);
    expect(parseTags('')).toEqual([]);
  });

  it('backs off from 250 ms, doubling, to at most 10 s', () => {
    expect([1, 2, 3, 4].map(reconnectDelayMs)).toEqual([250, 500, 1_000, 2_000]);
    expect(reconnectDelayMs(40)).toBe(10_000);
  });
});

describe('change feed on the app database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Stores `key` with `tags` and says whether it is still cached afterwards. */
  async function cached(key: string) {
    let computed = false;
    await t.app.ctx.readCache.get(key, async () => {
      computed = true;
      return { value: 1, tags: [] };
    });
    return !computed;
  }

  it('is live once the app is built', () => {
    expect(t.app.ctx.readCache.enabled).toBe(true);
  });

  it('drops the entries named by a notification once settled() returns', async () => {
    const cache = t.app.ctx.readCache;
    await cache.get('a', async () => ({ value: 'A', tags: ['account:a'] }));
    await cache.get('b', async () => ({ value: 'B', tags: ['account:b', 'plate:沪A12345'] }));
    await t.app.ctx.database.exec(`select pg_notify('jg_changes', 'person:p plate:沪A12345')`);
    await cache.settled();
    expect(await cached('a')).toBe(true);
    expect(await cached('b')).toBe(false);
  });

  it('drops everything on a * notification', async () => {
    const cache = t.app.ctx.readCache;
    await cache.get('c', async () => ({ value: 'C', tags: ['account:c'] }));
    await t.app.ctx.database.exec(`select pg_notify('jg_changes', '*')`);
    await cache.settled();
    expect(cache.stats().entries).toBe(0);
  });

  it('applies a notification sent in a transaction only when it commits', async () => {
    const cache = t.app.ctx.readCache;
    await cache.get('d', async () => ({ value: 'D', tags: ['account:d'] }));
    await t.app.ctx.database.exec(`begin; select pg_notify('jg_changes', 'account:d'); rollback;`);
    await cache.settled();
    expect(await cached('d')).toBe(true);
  });
});
