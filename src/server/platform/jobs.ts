import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { jobs } from './tables.ts';

/** A job is tried at most this many times; then it is marked dead with its last error. */
export const MAX_ATTEMPTS = 8;
/** How long a claim holds a job. A process that dies mid-job releases it when this runs out. */
export const LEASE_MS = 5 * 60_000;
/** Backoff after the n-th failed attempt: 10 s, 20 s, 40 s, … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}
/** Finished jobs are kept this long for inspection, then pruned by the poller. */
export const DONE_RETENTION_MS = 7 * 24 * 60 * 60_000;
const BATCH = 20;

export type JobHandler = (payload: any) => Promise<void>;

export interface JobsService {
  /** Inserts the job in the caller's transaction: if that rolls back, the job never existed. */
  enqueue(db: DbOrTx, kind: string, payload: unknown, opts?: { runAt?: Date; dedupeKey?: string }): Promise<void>;
  register(kind: string, handler: JobHandler): void;
  /** Runs every due job now, again and again until none is due; returns how many ran. */
  drain(): Promise<number>;
}

declare module '../context.ts' {
  interface AppContext {
    jobs: JobsService;
  }
}

interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  runAt: Date;
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.slice(0, 2000);
}

/**
 * The outbox runner. Claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select, so
 * any number of processes can poll one PostgreSQL without running a job twice while its
 * lease holds; the attempt is counted at claim time, so a job that crashes its process
 * still exhausts its attempts.
 */
export function createJobs(ctx: Pick<AppContext, 'db' | 'clock' | 'log'>) {
  const handlers = new Map<string, JobHandler>();

  async function claim(db: Db, limit: number): Promise<ClaimedJob[]> {
    const kinds = [...handlers.keys()];
    // Only kinds this process can run: during a rolling deploy an older process must not
    // burn the attempts of a job kind it does not know yet.
    if (kinds.length === 0) return [];
    const now = ctx.clock.now();
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          isNull(jobs.doneAt),
          isNull(jobs.deadAt),
          lte(jobs.runAt, now),
          or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, now)),
          inArray(jobs.kind, kinds),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    const claimed = await db
      .update(jobs)
      .set({ lockedUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due))
      .returning({ id: jobs.id, kind: jobs.kind, payload: jobs.payload, attempts: jobs.attempts, runAt: jobs.runAt });
    // RETURNING keeps no order: restore first-due-first-run, which callers may rely on.
    return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  }

  async function runOne(job: ClaimedJob): Promise<void> {
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload);
      // The payload is dropped once done: SMS jobs carry phone numbers and codes, which must
      // not outlive their purpose. The row (kind, times, dedupe key) stays for inspection.
      await ctx.db.update(jobs).set({ doneAt: ctx.clock.now(), lockedUntil: null, lastError: null, payload: {} }).where(eq(jobs.id, job.id));
    } catch (e) {
      const now = ctx.clock.now();
      const lastError = errorText(e);
      // If this attempt outlived its lease, another process may have run the job to the end
      // meanwhile; a late failure must not turn that success into a retry or a dead job.
      const stillPending = and(eq(jobs.id, job.id), isNull(jobs.doneAt));
      if (job.attempts >= MAX_ATTEMPTS) {
        await ctx.db.update(jobs).set({ deadAt: now, lockedUntil: null, lastError }).where(stillPending);
        ctx.log.error({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: lastError }, 'job dead after its last attempt');
      } else {
        const runAt = new Date(now.getTime() + backoffMs(job.attempts));
        await ctx.db.update(jobs).set({ runAt, lockedUntil: null, lastError }).where(stillPending);
        ctx.log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: lastError }, 'job failed; will retry');
      }
    }
  }

  /** Claims and runs one batch; returns how many jobs ran. */
  async function runBatch(): Promise<number> {
    const claimed = await claim(ctx.db, BATCH);
    // One after another: handlers talk to slow providers, and a batch is small.
    for (const job of claimed) await runOne(job);
    return claimed.length;
  }

  async function prune(): Promise<void> {
    const cutoff = new Date(ctx.clock.now().getTime() - DONE_RETENTION_MS);
    await ctx.db.delete(jobs).where(lt(jobs.doneAt, cutoff));
  }

  const service: JobsService = {
    async enqueue(db, kind, payload, opts = {}) {
      const values = {
        kind,
        payload: (payload ?? null) as object,
        runAt: opts.runAt ?? ctx.clock.now(),
        createdAt: ctx.clock.now(),
        dedupeKey: opts.dedupeKey ?? null,
      };
      // A duplicate dedupe key means the job already exists (or ran): nothing to do.
      await db.insert(jobs).values(values).onConflictDoNothing();
    },
    register(kind, handler) {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
      handlers.set(kind, handler);
    },
    async drain() {
      let total = 0;
      // Bounded, so a handler that keeps enqueueing due work cannot spin forever.
      for (let round = 0; round < 1000; round++) {
        const n = await runBatch();
        total += n;
        if (n === 0) break;
      }
      return total;
    },
  };

  return { service, runBatch, prune, claim };
}

/** Starts the poller: one batch per tick, back to back while work is due, stopped on close. */
function startPoller(ctx: AppContext, runner: ReturnType<typeof createJobs>): void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let ticks = 0;
  const tick = async () => {
    try {
      while (!stopped && (await runner.runBatch()) > 0) {
        /* keep going while jobs are due */
      }
      // Roughly hourly at the default interval; cheap thanks to the done_at filter.
      if (!stopped && ++ticks % 7200 === 1) await runner.prune();
    } catch (e) {
      ctx.log.error({ err: e }, 'job poller failed; retrying next tick');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, ctx.config.jobs.pollMs);
    timer.unref?.();
  };
  schedule();
  ctx.onClose.push(async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    // Let the batch in hand finish so its jobs are marked done, not left to their lease.
    await running;
  });
}

export function setupJobs(ctx: AppContext): void {
  const runner = createJobs(ctx);
  ctx.jobs = runner.service;
  if ((ctx as AppContext & { startWorkers?: boolean }).startWorkers) startPoller(ctx, runner);
}
