import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.ts';
import { MemoryReadCache } from './read-cache.ts';

function liveCache(options: { maxEntries?: number; ttlMs?: number } = {}) {
  const clock = createManualClock(new Date('2026-11-25T10:00:00+08:00'));
  const cache = new MemoryReadCache({ maxEntries: options.maxEntries ?? 100, ttlMs: options.ttlMs ?? 60_000, clock });
  cache.setLive(true);
  return { cache, clock };
}

/** A compute that counts its calls and answers `${key}#${call}`. */
function counting(tags: string[]) {
  const calls = new Map<string, number>();
  return {
    calls,
    of: (key: string) => async () => {
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      return { value: `${key}#${n}`, tags };
    },
  };
}

/** A compute that waits until released, so a test can change things while it runs. */
function gated<T>(value: T, tags: string[]) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started = 0;
  return {
    release: () => release(),
    get started() {
      return started;
    },
    compute: async () => {
      started++;
      await gate;
      return { value, tags };
    },
  };
}

describe('read cache', () => {
  it('computes once and answers from memory until a tag of the entry changes', async () => {
    const { cache } = liveCache();
    const c = counting(['account:a', 'person:p']);
    expect(await cache.get('home:a', c.of('home:a'))).toBe('home:a#1');
    expect(await cache.get('home:a', c.of('home:a'))).toBe('home:a#1');
    cache.invalidate(['account:b']);
    expect(await cache.get('home:a', c.of('home:a'))).toBe('home:a#1');
    cache.invalidate(['plate:沪A12345', 'person:p']);
    expect(await cache.get('home:a', c.of('home:a'))).toBe('home:a#2');
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, invalidations: 1, notifications: 2, entries: 1 });
  });

  it('peek answers a fresh entry synchronously as a hit, and undefined (not a miss) otherwise', async () => {
    const { cache, clock } = liveCache({ maxEntries: 2, ttlMs: 300_000 });
    const c = counting(['account:a']);
    expect(cache.peek('k')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0 });
    await cache.get('k', c.of('k'));
    expect(cache.peek('k')).toBe('k#1');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    // A peek counts as a use for the LRU order: k survives the next insert, j does not.
    await cache.get('j', c.of('j'));
    expect(cache.peek('k')).toBe('k#1');
    await cache.get('l', c.of('l'));
    expect(cache.peek('j')).toBeUndefined();
    expect(cache.peek('k')).toBe('k#1');
    cache.invalidate(['account:a']);
    expect(cache.peek('k')).toBeUndefined();
    await cache.get('k', c.of('k'));
    clock.advance(300_000);
    expect(cache.peek('k')).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
    // Not live: nothing is answered from memory.
    await cache.get('m', c.of('m'));
    cache.setLive(false);
    expect(cache.peek('m')).toBeUndefined();
  });

  it('drops everything on *', async () => {
    const { cache } = liveCache();
    await cache.get('x', counting(['account:a']).of('x'));
    await cache.get('y', counting(['account:b']).of('y'));
    cache.invalidate(['*']);
    expect(cache.stats()).toMatchObject({ entries: 0, invalidations: 2 });
  });

  it('evicts the least recently used entry and forgets its tags', async () => {
    const { cache } = liveCache({ maxEntries: 2 });
    const a = counting(['account:a']);
    const b = counting(['account:b']);
    const c = counting(['account:c']);
    await cache.get('a', a.of('a'));
    await cache.get('b', b.of('b'));
    await cache.get('a', a.of('a')); // a is now the most recent
    await cache.get('c', c.of('c')); // evicts b
    expect(cache.stats().entries).toBe(2);
    await cache.get('a', a.of('a'));
    expect(a.calls.get('a')).toBe(1);
    await cache.get('b', b.of('b'));
    expect(b.calls.get('b')).toBe(2);
    // b's return evicted c (a was used more recently); an invalidation of c's tag finds nothing.
    cache.invalidate(['account:c']);
    expect(cache.stats().invalidations).toBe(0);
    expect((cache as unknown as { keysByTag: Map<string, Set<string>> }).keysByTag.has('account:c')).toBe(false);
  });

  it('expires entries after the TTL on the app clock', async () => {
    const { cache, clock } = liveCache({ ttlMs: 300_000 });
    const c = counting(['account:a']);
    await cache.get('k', c.of('k'));
    clock.advance(299_999);
    expect(await cache.get('k', c.of('k'))).toBe('k#1');
    clock.advance(1);
    expect(await cache.get('k', c.of('k'))).toBe('k#2');
  });

  it('returns but does not store a value whose tags changed while it was computing', async () => {
    const { cache } = liveCache();
    const g = gated('old', ['account:a']);
    const pending = cache.get('k', g.compute);
    cache.invalidate(['account:a']);
    g.release();
    expect(await pending).toBe('old');
    expect(cache.stats()).toMatchObject({ entries: 0, discarded: 1 });
    const fresh = counting(['account:a']);
    expect(await cache.get('k', fresh.of('k'))).toBe('k#1');
  });

  it('stores a value when only unrelated tags changed while it was computing', async () => {
    const { cache } = liveCache();
    const g = gated('v', ['account:a']);
    const pending = cache.get('k', g.compute);
    cache.invalidate(['account:b', 'session:s']);
    g.release();
    await pending;
    expect(cache.stats()).toMatchObject({ entries: 1, discarded: 0 });
  });

  it('does not store a value computed across a * or a change of liveness', async () => {
    for (const change of [(c: MemoryReadCache) => c.invalidate(['*']), (c: MemoryReadCache) => (c.setLive(false), c.setLive(true))]) {
      const { cache } = liveCache();
      const g = gated('v', ['account:a']);
      const pending = cache.get('k', g.compute);
      change(cache);
      g.release();
      await pending;
      expect(cache.stats().entries).toBe(0);
    }
  });

  it('shares one compute between concurrent gets of a key, but not across a change', async () => {
    const { cache } = liveCache();
    const g = gated('v', ['account:a']);
    const first = cache.get('k', g.compute);
    const second = cache.get('k', g.compute);
    expect(g.started).toBe(1);
    cache.invalidate(['account:zzz']);
    // A caller arriving after any change must not get an answer read before it.
    const third = cache.get('k', g.compute);
    expect(g.started).toBe(2);
    g.release();
    expect(await Promise.all([first, second, third])).toEqual(['v', 'v', 'v']);
  });

  it('computes every time and stores nothing while not live', async () => {
    const { cache } = liveCache();
    const c = counting(['account:a']);
    await cache.get('k', c.of('k'));
    cache.setLive(false);
    expect(cache.enabled).toBe(false);
    expect(cache.stats().entries).toBe(0);
    expect(await cache.get('k', c.of('k'))).toBe('k#2');
    expect(await cache.get('k', c.of('k'))).toBe('k#3');
    expect(cache.stats().entries).toBe(0);
    cache.setLive(true);
    expect(await cache.get('k', c.of('k'))).toBe('k#4');
    expect(await cache.get('k', c.of('k'))).toBe('k#4');
  });

  it('passes a failed compute to the caller and stores nothing', async () => {
    const { cache } = liveCache();
    await expect(cache.get('k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(cache.stats().entries).toBe(0);
    expect(await cache.get('k', counting([]).of('k'))).toBe('k#1');
  });
});
