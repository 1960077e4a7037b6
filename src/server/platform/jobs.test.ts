import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { backoffMs, createJobs, LEASE_MS, MAX_ATTEMPTS } from './jobs.ts';
import { jobs } from './tables.ts';

describe('ctx.jobs (transactional outbox)', () => {
  let t: TestApp;
  const ran: Array<{ kind: string; payload: unknown }> = [];
  let failuresLeft = 0;
  beforeAll(async () => {
    t = await createTestApp();
    t.app.ctx.jobs.register('test.record', async (payload) => {
      ran.push({ kind: 'test.record', payload });
    });
    t.app.ctx.jobs.register('test.flaky', async (payload) => {
      if (failuresLeft-- > 0) throw new Error('provider down');
      ran.push({ kind: 'test.flaky', payload });
    });
    t.app.ctx.jobs.register('test.broken', async () => {
      throw new Error('always broken');
    });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    ran.length = 0;
    failuresLeft = 0;
    await t.app.ctx.db.delete(jobs);
  });

  it('runs an enqueued job once on drain and marks it done', async () => {
    const { ctx } = t.app;
    await ctx.jobs.enqueue(ctx.db, 'test.record', { n: 1 });
    expect(await ctx.jobs.drain()).toBe(1);
    expect(ran).toEqual([{ kind: 'test.record', payload: { n: 1 } }]);
    expect(await ctx.jobs.drain()).toBe(0);
    const [row] = await ctx.db.select().from(jobs);
    expect(row!.doneAt).toEqual(t.clock.now());
    expect(row!.attempts).toBe(1);
    expect(row!.payload).toEqual({});
  });

  it('sends nothing when the enqueuing transaction rolls back', async () => {
    const { ctx } = t.app;
    await expect(
      ctx.db.transaction(async (tx) => {
        await ctx.jobs.enqueue(tx, 'test.record', { n: 'rolled back' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await ctx.db.transaction(async (tx) => ctx.jobs.enqueue(tx, 'test.record', { n: 'committed' }));
    await ctx.jobs.drain();
    expect(ran.map((r) => r.payload)).toEqual([{ n: 'committed' }]);
  });

  it('keeps one job per dedupe key', async () => {
    const { ctx } = t.app;
    await ctx.jobs.enqueue(ctx.db, 'test.record', { n: 1 }, { dedupeKey: 'payment-42-confirmed' });
    await ctx.jobs.enqueue(ctx.db, 'test.record', { n: 2 }, { dedupeKey: 'payment-42-confirmed' });
    await ctx.jobs.enqueue(ctx.db, 'test.record', { n: 3 });
    await ctx.jobs.drain();
    // Even after the first ran, the key stays taken: a retried request does not resend.
    await ctx.jobs.enqueue(ctx.db, 'test.record', { n: 4 }, { dedupeKey: 'payment-42-confirmed' });
    await ctx.jobs.drain();
    expect(ran.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('waits for runAt', async () => {
    const { ctx } = t.app;
    await ctx.jobs.enqueue(ctx.db, 'test.record', { n: 'later' }, { runAt: new Date(t.clock.now().getTime() + 60_000) });
    expect(await ctx.jobs.drain()).toBe(0);
    t.clock.advance(60_000);
    expect(await ctx.jobs.drain()).toBe(1);
  });

  it('retries a job whose process died, once its lease runs out', async () => {
    const { ctx } = t.app;
    await ctx.jobs.enqueue(ctx.db, 'test.record', { n: 'orphan' });
    // Another process claims the job and dies before finishing it.
    const doomed = createJobs({ db: ctx.db, clock: t.clock, log: ctx.log });
    doomed.service.register('test.record', async () => {});
    expect(await doomed.claim(ctx.db, 10)).toHaveLength(1);

    expect(await ctx.jobs.drain()).toBe(0);
    t.clock.advance(LEASE_MS - 1000);
    expect(await ctx.jobs.drain()).toBe(0);
    t.clock.advance(1000);
    expect(await ctx.jobs.drain()).toBe(1);
    expect(ran.map((r) => r.payload)).toEqual([{ n: 'orphan' }]);
    const [row] = await ctx.db.select().from(jobs);
    expect(row!.attempts).toBe(2);
    expect(row!.doneAt).not.toBeNull();
  });

  it('retries failures with exponential backoff', async () => {
    const { ctx } = t.app;
    failuresLeft = 2;
    await ctx.jobs.enqueue(ctx.db, 'test.flaky', { n: 'eventually' });
    expect(await ctx.jobs.drain()).toBe(1);
    let [row] = await ctx.db.select().from(jobs);
    expect(row!.lastError).toContain('provider down');
    expect(row!.runAt.getTime()).toBe(t.clock.now().getTime() + backoffMs(1));
    t.clock.advance(backoffMs(1));
    await ctx.jobs.drain();
    [row] = await ctx.db.select().from(jobs);
    expect(row!.runAt.getTime()).toBe(t.clock.now().getTime() + backoffMs(2));
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    t.clock.advance(backoffMs(2));
    await ctx.jobs.drain();
    [row] = await ctx.db.select().from(jobs);
    expect(row!.doneAt).not.toBeNull();
    expect(row!.lastError).toBeNull();
    expect(ran).toHaveLength(1);
  });

  it('marks a job dead after its last attempt and keeps the error', async () => {
    const { ctx } = t.app;
    await ctx.jobs.enqueue(ctx.db, 'test.broken', {});
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await ctx.jobs.drain();
      t.clock.advance(60 * 60_000);
    }
    const [row] = await ctx.db.select().from(jobs);
    expect(row!.attempts).toBe(MAX_ATTEMPTS);
    expect(row!.deadAt).not.toBeNull();
    expect(row!.doneAt).toBeNull();
    expect(row!.lastError).toContain('always broken');
  });

  it('leaves kinds it has no handler for to processes that do', async () => {
    const { ctx } = t.app;
    await ctx.jobs.enqueue(ctx.db, 'test.unknown', {});
    expect(await ctx.jobs.drain()).toBe(0);
    const [row] = await ctx.db.select().from(jobs).where(eq(jobs.kind, 'test.unknown'));
    expect(row!.attempts).toBe(0);
  });

  it('never runs a job twice when several runners drain at once', async () => {
    const { ctx } = t.app;
    const seen: number[] = [];
    const runners = [0, 1, 2].map(() => {
      const r = createJobs({ db: ctx.db, clock: t.clock, log: ctx.log });
      r.service.register('test.count', async (p: { i: number }) => {
        seen.push(p.i);
      });
      return r;
    });
    for (let i = 0; i < 60; i++) await ctx.jobs.enqueue(ctx.db, 'test.count', { i });
    const counts = await Promise.all(runners.map((r) => r.service.drain()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const [pending] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(sql`${jobs.doneAt} is null`);
    expect(pending!.n).toBe(0);
  });
});

describe('job poller', () => {
  it('runs jobs in the background when workers are started, and stops on close', async () => {
    const t = await createTestApp({ startWorkers: true, env: { JOBS_POLL_MS: '20' } });
    try {
      const done = new Promise<unknown>((resolve) => t.app.ctx.jobs.register('test.bg', async (p) => resolve(p)));
      await t.app.ctx.jobs.enqueue(t.app.ctx.db, 'test.bg', { hello: 'world' });
      await expect(done).resolves.toEqual({ hello: 'world' });
    } finally {
      await t.close();
    }
  });
});
