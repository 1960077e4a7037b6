import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { smsOutbox } from '../tables.ts';
import { createOutboxProvider } from './outbox-provider.ts';
import { maskPhone } from './provider.ts';

describe('ctx.sms with the outbox provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('masks phones for logs', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('85291234567')).toBe('852****4567');
    expect(maskPhone('123')).toBe('***');
  });

  it('sends through a job, and the dev endpoint lists the outbox newest first', async () => {
    const { ctx } = t.app;
    await ctx.sms.send(ctx.db, { to: '13812345678', text: 'first', purpose: 'login', code: '111111' });
    // Not sent until the job runs: the SMS leaves only after the request's transaction committed.
    expect((await t.app.inject('/api/v1/dev/sms?phone=13812345678')).json()).toEqual([]);
    await ctx.jobs.drain();
    t.clock.advance(1000);
    await ctx.db.transaction((tx) => ctx.sms.send(tx, { to: '13812345678', text: 'second', purpose: 'review_result' }));
    await ctx.sms.send(ctx.db, { to: '13900000000', text: 'someone else', purpose: 'login' });
    await ctx.jobs.drain();

    const res = await t.app.inject('/api/v1/dev/sms?phone=13812345678');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { to: '13812345678', text: 'second', purpose: 'review_result', sentAt: '2026-11-25T02:00:01.000Z' },
      { to: '13812345678', text: 'first', purpose: 'login', code: '111111', sentAt: '2026-11-25T02:00:00.000Z' },
    ]);
  });

  it('sends nothing for a rolled-back transaction', async () => {
    const { ctx } = t.app;
    await ctx.db
      .transaction(async (tx) => {
        await ctx.sms.send(tx, { to: '13700000000', text: 'never', purpose: 'login' });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await ctx.jobs.drain();
    expect((await t.app.inject('/api/v1/dev/sms?phone=13700000000')).json()).toEqual([]);
  });

  it('asks for the phone', async () => {
    const res = await t.app.inject('/api/v1/dev/sms');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_request');
  });

  it('logs the phone masked and never the code', async () => {
    const lines: string[] = [];
    const log = { info: (...args: unknown[]) => lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')) };
    const provider = createOutboxProvider({ db: t.app.ctx.db, clock: t.clock, log: log as never });
    const result = await provider.send({ to: '13612345678', text: '您的验证码为424242', purpose: 'register', code: '424242' });
    expect(result.providerMessageId).toMatch(/^outbox-\d+$/);
    expect(lines).toEqual(['SMS to 136****5678 [register]']);
    const rows = await t.app.ctx.db.select().from(smsOutbox);
    expect(rows.some((r) => r.to === '13612345678' && r.code === '424242')).toBe(true);
  });
});

describe('dev SMS endpoint in production', () => {
  it('is absent unless the provider is the outbox', async () => {
    // Production refuses the outbox provider altogether (config), so the route can never be exposed there.
    const { loadConfig, ConfigError } = await import('../../config.ts');
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), LOOKUP_HASH_SECRET: 'y'.repeat(32), SANDBOX_PAYMENT_SECRET: 'z' })).toThrow(ConfigError);
  });
});
