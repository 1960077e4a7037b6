import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from '../db/client.ts';

/** The channel table triggers notify with the tags of the rows they changed. */
export const CHANGES_CHANNEL = 'jg_changes';
const FENCE_PREFIX = 'fence:';
/** Reconnection back-off of the PostgreSQL listener: 250 ms, doubling, capped. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;
/**
 * A fence that does not come back within this time means the feed is broken in a way the
 * connection did not report; the feed then restarts (which empties the cache).
 */
const FENCE_TIMEOUT_MS = 10_000;
/**
 * How often the PostgreSQL listener proves it still receives: a connection dropped silently
 * (a firewall or NAT forgetting an idle connection) reports nothing, and TCP keepalive alone
 * would notice only after minutes. A heartbeat is one fence: one notification to every process.
 */
const HEARTBEAT_MS = 30_000;

export interface ChangeFeedHandlers {
  database: Database;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  /** The tags of one notification (`*` included as is); fences are not passed on. */
  onChange(tags: string[]): void;
  /** Whether notifications are being received; every change of state must empty the cache. */
  onLive(live: boolean): void;
  /** Tests shorten these. */
  timing?: { fenceTimeoutMs?: number; heartbeatMs?: number };
}

export interface ChangeFeed {
  readonly live: boolean;
  /** Resolves once every notification committed before the call has been delivered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Splits a notification payload into tags (single spaces; tolerant of stray whitespace). */
export function parseTags(payload: string): string[] {
  return payload.split(' ').filter((t) => t.length > 0);
}

export function reconnectDelayMs(failures: number): number {
  return Math.min(RECONNECT_MIN_MS * 2 ** Math.max(0, failures - 1), RECONNECT_MAX_MS);
}

/**
 * Subscribes to `jg_changes`. Resolves once the first attempt to listen has finished (live
 * or not): a database that is down at start must not stop the app from starting; it stays
 * uncached and the PostgreSQL listener keeps retrying.
 */
export async function startChangeFeed(handlers: ChangeFeedHandlers): Promise<ChangeFeed> {
  const feed = new Feed(handlers);
  await feed.start();
  return feed;
}

class Feed implements ChangeFeed {
  live = false;
  private closed = false;
  private readonly fences = new Map<string, () => void>();
  private client: pg.Client | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly h: ChangeFeedHandlers) {}

  async start(): Promise<void> {
    const source = this.h.database.notifications;
    if (source.kind === 'pglite') {
      // One in-process connection: no network to lose, so it is live until closed.
      this.unlisten = await source.listen(CHANGES_CHANNEL, (payload) => this.receive(payload));
      this.setLive(true);
      return;
    }
    await this.connect(source.url);
    this.heartbeat = setInterval(() => {
      // A failure here (database unreachable) also breaks the listener, which reports it.
      if (this.live) this.settled().catch(() => {});
    }, this.h.timing?.heartbeatMs ?? HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private receive(payload: string): void {
    if (payload.startsWith(FENCE_PREFIX)) {
      // Fences of other processes arrive too; only ours are waited for.
      const done = this.fences.get(payload.slice(FENCE_PREFIX.length));
      done?.();
      return;
    }
    if (this.live) this.h.onChange(parseTags(payload));
  }

  private setLive(live: boolean): void {
    this.live = live;
    this.h.onLive(live);
    // While down the cache is bypassed, so nobody waiting on a fence can read stale entries.
    if (!live) this.releaseFences();
  }

  private releaseFences(): void {
    for (const done of this.fences.values()) done();
    this.fences.clear();
  }

  private async connect(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: 'jiaoguan change feed' });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel === CHANGES_CHANNEL) this.receive(msg.payload ?? '');
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (e) {
      this.lost(client, e);
      return;
    }
    if (this.client !== client) return;
    if (this.failures > 0) this.h.log.info({ attempts: this.failures }, 'change feed reconnected');
    this.failures = 0;
    // Going live empties the cache: notifications sent while we were away are lost.
    this.setLive(true);
  }

  /** The listening connection failed: bypass the cache, then try again with back-off. */
  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (this.closed) return;
    if (this.live || this.failures === 0) this.h.log.warn({ err: error }, 'change feed lost; the read cache is bypassed until it reconnects');
    this.setLive(false);
    this.failures++;
    const source = this.h.database.notifications;
    if (source.kind !== 'postgres') return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closed) void this.connect(source.url);
    }, reconnectDelayMs(this.failures));
    this.retry.unref();
  }

  async settled(): Promise<void> {
    if (!this.live) return;
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      this.fences.set(id, () => resolve(true));
      timer = setTimeout(() => resolve(false), this.h.timing?.fenceTimeoutMs ?? FENCE_TIMEOUT_MS);
      timer.unref();
    });
    try {
      // Through the app's own connections: this commits after every transaction that committed
      // before the call, and PostgreSQL delivers notifications in commit order.
      await this.h.database.exec(`select pg_notify('${CHANGES_CHANNEL}', '${FENCE_PREFIX}${id}')`);
      if (!(await arrived)) {
        this.h.log.warn('change feed fence did not arrive; restarting the feed');
        this.restart();
      }
    } finally {
      clearTimeout(timer);
      this.fences.delete(id);
    }
  }

  private restart(): void {
    if (this.client) this.lost(this.client, new Error('fence timed out'));
    else if (this.h.database.notifications.kind === 'pglite' && !this.closed) {
      this.setLive(false);
      this.setLive(true);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.setLive(false);
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => {});
    if (this.unlisten) await this.unlisten().catch(() => {});
  }
}
