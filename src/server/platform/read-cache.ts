import type { AppContext } from '../context.ts';
import type { Clock } from './clock.ts';
import { startChangeFeed } from './change-feed.ts';

/**
 * The per-process cache of computed answers (and sessions), kept fresh by the database: table
 * triggers send the tags of the rows they change on the `jg_changes` channel, every API process
 * listens (change-feed.ts) and drops the entries carrying those tags. Nothing authoritative
 * lives here: when notifications are not live the cache is empty and every read computes.
 * See docs/performance/read-cache.md for the consistency model.
 *
 * Tags are `kind:value` (`account:<id>`, `person:<id>`, `plate:<plate>`, `session:<id>`); the
 * tag `*` means "everything may have changed".
 */
export interface ReadCache {
  /** true when change notifications are live; when false, get() always computes. */
  readonly enabled: boolean;
  /** The cached value under `key`, or `compute()`'s value, stored with its tags unless any
   *  change notification arrived while it was computing (it may have read older data).
   *  Values are shared between requests: treat them as immutable. */
  get<T>(key: string, compute: () => Promise<{ value: T; tags: readonly string[] }>): Promise<T>;
  /** The value stored under `key` if there is a fresh one (a hit, as for get()), else
   *  undefined — synchronously, so the hottest reads (sessions, a cached home screen) can
   *  answer without a promise and a microtask, and call get() only on a miss. Stored values
   *  are never undefined. */
  peek<T>(key: string): T | undefined;
  /** Drops every entry carrying any of these tags (`*` drops all), in this process. */
  invalidate(tags: readonly string[]): void;
  /** Resolves once every notification committed before the call has been applied here
   *  (sends a fence notification through the database and waits for it to come back). */
  settled(): Promise<void>;
}

export interface ReadCacheStats {
  hits: number;
  misses: number;
  /** Entries dropped because a notification (or a local invalidate) named one of their tags. */
  invalidations: number;
  /** Change notifications applied (each may carry several tags). */
  notifications: number;
  /** Computed values not stored because a relevant change arrived while computing. */
  discarded: number;
  entries: number;
  enabled: boolean;
}

export interface ReadCacheService extends ReadCache {
  stats(): ReadCacheStats;
}

declare module '../context.ts' {
  interface AppContext {
    readCache: ReadCacheService;
  }
}

export const ALL = '*';

interface Entry {
  value: unknown;
  tags: readonly string[];
  expiresAt: number;
}

interface Pending {
  /** The change sequence number when the compute started. */
  since: number;
  promise: Promise<unknown>;
}

/**
 * How many recently changed tags the race guard remembers. Past that it forgets them all and
 * treats everything as changed, which only costs the computes in flight their store.
 */
const RECENT_TAGS_MAX = 10_000;

export interface MemoryReadCacheOptions {
  maxEntries: number;
  ttlMs: number;
  clock: Clock;
  /** The fence behind settled(); without one there is nothing to wait for. */
  settled?: () => Promise<void>;
}

/**
 * LRU over a Map (insertion order; a hit moves the key to the end), a tag → keys index kept
 * in step on every removal, a TTL backstop on the app clock, and the race guard: every change
 * gets a sequence number and each tag remembers the last one that named it, so a compute that
 * started at sequence s stores its value only if none of its tags (nor `*`) changed after s.
 * Starting disabled: the change feed turns it on once LISTEN is in place.
 */
export class MemoryReadCache implements ReadCacheService {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly pending = new Map<string, Pending>();
  /** Sequence number of the last change applied (notification, local invalidate, liveness). */
  private seq = 0;
  private readonly tagChangedAt = new Map<string, number>();
  /** The last sequence number at which everything was considered changed. */
  private allChangedAt = 0;
  private computing = 0;
  private live = false;
  private counters = { hits: 0, misses: 0, invalidations: 0, notifications: 0, discarded: 0 };

  constructor(private readonly options: MemoryReadCacheOptions) {}

  get enabled(): boolean {
    return this.live;
  }

  /**
   * Called by the change feed. Either way the cache empties: going down, because changes
   * will be missed; coming (back) up, because some may have been missed while down.
   */
  setLive(live: boolean): void {
    this.changedAll();
    this.live = live;
  }

  peek<T>(key: string): T | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.options.clock.now().getTime()) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.counters.hits++;
      return entry.value as T;
    }
    this.remove(key, entry);
    return undefined;
  }

  async get<T>(key: string, compute: () => Promise<{ value: T; tags: readonly string[] }>): Promise<T> {
    if (!this.live) {
      this.counters.misses++;
      return (await compute()).value;
    }
    const hit = this.peek<T>(key);
    if (hit !== undefined) return hit;
    // Join a compute of the same key only if nothing changed since it started: a caller
    // that arrives after a change must not get an answer read before it.
    const pending = this.pending.get(key);
    if (pending && pending.since === this.seq) {
      this.counters.hits++;
      return pending.promise as Promise<T>;
    }
    this.counters.misses++;
    const since = this.seq;
    const promise = this.computeAndStore(key, since, compute);
    this.pending.set(key, { since, promise });
    return promise;
  }

  private async computeAndStore<T>(key: string, since: number, compute: () => Promise<{ value: T; tags: readonly string[] }>): Promise<T> {
    this.computing++;
    try {
      const { value, tags } = await compute();
      if (this.live && !this.changedSince(since, tags)) this.store(key, value, tags);
      else this.counters.discarded++;
      return value;
    } finally {
      this.computing--;
      if (this.pending.get(key)?.since === since) this.pending.delete(key);
      // Nobody in flight can be affected by older changes any more.
      if (this.computing === 0) this.tagChangedAt.clear();
    }
  }

  private changedSince(since: number, tags: readonly string[]): boolean {
    if (this.allChangedAt > since) return true;
    for (const tag of tags) if ((this.tagChangedAt.get(tag) ?? 0) > since) return true;
    return false;
  }

  private store(key: string, value: unknown, tags: readonly string[]): void {
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, { value, tags, expiresAt: this.options.clock.now().getTime() + this.options.ttlMs });
    for (const tag of tags) {
      let keys = this.keysByTag.get(tag);
      if (!keys) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest, this.entries.get(oldest)!);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.keysByTag.delete(tag);
    }
  }

  invalidate(tags: readonly string[]): void {
    this.counters.notifications++;
    if (tags.includes(ALL)) {
      this.counters.invalidations += this.entries.size;
      this.changedAll();
      return;
    }
    const seq = ++this.seq;
    for (const tag of tags) {
      if (this.computing > 0) this.tagChangedAt.set(tag, seq);
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        const entry = this.entries.get(key);
        if (!entry) continue;
        this.remove(key, entry);
        this.counters.invalidations++;
      }
    }
    if (this.tagChangedAt.size > RECENT_TAGS_MAX) {
      this.tagChangedAt.clear();
      this.allChangedAt = seq;
    }
  }

  private changedAll(): void {
    this.allChangedAt = ++this.seq;
    this.tagChangedAt.clear();
    this.entries.clear();
    this.keysByTag.clear();
  }

  settled(): Promise<void> {
    return this.options.settled?.() ?? Promise.resolve();
  }

  /** Wires the fence in once the change feed exists (it needs the cache to deliver to). */
  setSettled(settled: () => Promise<void>): void {
    this.options.settled = settled;
  }

  stats(): ReadCacheStats {
    return { ...this.counters, entries: this.entries.size, enabled: this.live };
  }
}

/**
 * ctx.readCache. With READ_CACHE=off it never turns on (every get computes) and no listening
 * connection is opened; otherwise the change feed turns it on once LISTEN is in place.
 */
export async function setupReadCache(ctx: AppContext): Promise<void> {
  const { enabled, maxEntries, ttlSeconds } = ctx.config.readCache;
  const cache = new MemoryReadCache({ maxEntries, ttlMs: ttlSeconds * 1000, clock: ctx.clock });
  ctx.readCache = cache;
  if (!enabled) return;
  const feed = await startChangeFeed({
    database: ctx.database,
    log: ctx.log,
    onChange: (tags) => cache.invalidate(tags),
    onLive: (live) => cache.setLive(live),
  });
  cache.setSettled(() => feed.settled());
  ctx.onClose.push(() => feed.close());
}
