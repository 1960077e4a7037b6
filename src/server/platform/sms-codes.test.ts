import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { buildApp } from '../app.ts';
import { createManualClock } from './clock.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import type { Database } from '../db/client.ts';
import { Problem } from './problems.ts';
import { shanghaiDayStart, smsCodeText } from './sms-codes.ts';
import { jobs, smsCodes, smsOutbox } from './tables.ts';

/** The real app plus one route that issues codes, to see the problem document a client gets. */
async function appWithIssueRoute() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }, { inMemoryDb: true });
  const database: Database = await createTestDatabase();
  const clock = createManualClock(new Date('2026-11-25T10:00:00+08:00'));
  const app: FastifyInstance = await buildApp({ config, database, clock, migrate: false, startWorkers: false, logger: false });
  app.post('/test/sms-codes', async (request, reply) => {
    const { phone, purpose } = request.body as { phone: string; purpose: string };
    const { expiresAt } = await app.ctx.smsCodes.issue({ phone, purpose, lang: request.lang });
    return reply.status(202).send({ expiresAt: expiresAt.toISOString() });
  });
  await app.ready();
  return {
    app,
    clock,
    close: async () => {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function problemOf(p: Promise<unknown>): Promise<Problem> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Problem);
  return e as Problem;
}

describe('ctx.smsCodes', () => {
  let t: Awaited<ReturnType<typeof appWithIssueRoute>>;
  const phone = '13812345678';
  beforeAll(async () => {
    t = await appWithIssueRoute();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.app.ctx.db.delete(smsCodes);
    await t.app.ctx.db.delete(smsOutbox);
    await t.app.ctx.db.delete(jobs);
    t.clock.set(new Date('2026-11-25T10:00:00+08:00'));
  });

  async function lastCode(to = phone): Promise<string> {
    await t.app.ctx.jobs.drain();
    const rows = (await t.app.inject(`/api/v1/dev/sms?phone=${to}`)).json() as Array<{ code?: string }>;
    return rows[0]!.code!;
  }

  it('sends a 6-digit code that expires in 5 minutes and stores only hashes', async () => {
    const { expiresAt } = await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    expect(expiresAt.toISOString()).toBe('2026-11-25T02:05:00.000Z');
    await t.app.ctx.jobs.drain();
    const [sms] = (await t.app.inject(`/api/v1/dev/sms?phone=${phone}`)).json();
    expect(sms.code).toMatch(/^\d{6}$/);
    expect(sms.purpose).toBe('delete_account');
    expect(sms.text).toContain(`您的验证码为${sms.code}，5分钟内有效`);
    expect(sms.text).toContain('您正在注销账户');
    const [row] = await t.app.ctx.db.select().from(smsCodes);
    expect(row!.phoneHash).toBe(t.app.ctx.crypto.lookupHash(phone));
    expect(JSON.stringify(row)).not.toContain(sms.code);
    expect(JSON.stringify(row)).not.toContain(phone);
  });

  it('writes the text in the requested language', () => {
    expect(smsCodeText('zh-HK', 'login', '123456')).toContain('您的驗證碼為123456，5分鐘內有效');
    expect(smsCodeText('en', 'login', '123456')).toContain('Your verification code is 123456. It is valid for 5 minutes.');
    expect(smsCodeText('zh-CN', 'some_new_purpose', '123456')).toMatch(/^【交管】您的验证码为123456/);
  });

  it('accepts the right code once', async () => {
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    const code = await lastCode();
    await expect(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code })).resolves.toBeUndefined();
    expect((await problemOf(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code }))).code).toBe('code_expired');
  });

  it('binds a code to its purpose and phone', async () => {
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    const code = await lastCode();
    expect((await problemOf(t.app.ctx.smsCodes.verify({ phone, purpose: 'change_phone', code }))).code).toBe('code_expired');
    expect((await problemOf(t.app.ctx.smsCodes.verify({ phone: '13900000000', purpose: 'delete_account', code }))).code).toBe('code_expired');
    await expect(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code })).resolves.toBeUndefined();
  });

  it('counts wrong tries and spends the code after 5', async () => {
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    const code = await lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const p = await problemOf(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code: wrong }));
      expect(p.code).toBe('invalid_code');
      expect(p.status).toBe(422);
    }
    expect((await problemOf(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code }))).code).toBe('code_expired');
  });

  it('expires a code after 5 minutes', async () => {
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    const code = await lastCode();
    t.clock.advance(5 * 60_000);
    expect((await problemOf(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code }))).code).toBe('code_expired');
  });

  it('only the newest code counts', async () => {
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    const first = await lastCode();
    t.clock.advance(61_000);
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    const second = await lastCode();
    if (first !== second) {
      expect((await problemOf(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code: first }))).code).toBe('invalid_code');
    }
    await expect(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code: second })).resolves.toBeUndefined();
  });

  it('rejects malformed codes as wrong', async () => {
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'delete_account', lang: 'zh-CN' });
    expect((await problemOf(t.app.ctx.smsCodes.verify({ phone, purpose: 'delete_account', code: '12345' }))).code).toBe('invalid_code');
  });

  it('allows one SMS a minute per phone and answers 429 with Retry-After', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/test/sms-codes', payload: { phone, purpose: 'login' } });
    expect(first.statusCode).toBe(202);
    t.clock.advance(20_000);
    const res = await t.app.inject({ method: 'POST', url: '/test/sms-codes', payload: { phone, purpose: 'delete_account' }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('40');
    expect(res.json()).toMatchObject({ code: 'sms_rate_limited', status: 429, retryAfterSeconds: 40, title: 'Too many text messages' });
    expect(res.json().detail).toContain('40 seconds');
    // Another phone is not affected.
    expect((await t.app.inject({ method: 'POST', url: '/test/sms-codes', payload: { phone: '13900000000', purpose: 'login' } })).statusCode).toBe(202);
    t.clock.advance(40_000);
    expect((await t.app.inject({ method: 'POST', url: '/test/sms-codes', payload: { phone, purpose: 'login' } })).statusCode).toBe(202);
  });

  it('allows 10 SMS per Shanghai calendar day', async () => {
    t.clock.set(new Date('2026-11-25T08:00:00+08:00'));
    for (let i = 0; i < 10; i++) {
      await t.app.ctx.smsCodes.issue({ phone, purpose: 'login', lang: 'zh-CN' });
      t.clock.advance(61_000);
    }
    const p = await problemOf(t.app.ctx.smsCodes.issue({ phone, purpose: 'login', lang: 'zh-CN' }));
    expect(p.code).toBe('sms_rate_limited');
    const now = t.clock.now().getTime();
    const midnight = new Date('2026-11-26T00:00:00+08:00').getTime();
    expect(p.options.extra?.retryAfterSeconds).toBe(Math.ceil((midnight - now) / 1000));
    expect(p.options.headers?.['Retry-After']).toBe(String(Math.ceil((midnight - now) / 1000)));
    // A new Shanghai day (16:00 UTC) opens a new allowance.
    t.clock.set(new Date('2026-11-26T00:00:01+08:00'));
    await expect(t.app.ctx.smsCodes.issue({ phone, purpose: 'login', lang: 'zh-CN' })).resolves.toBeDefined();
  });

  it('holds the limits under concurrent requests', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => t.app.ctx.smsCodes.issue({ phone, purpose: 'login', lang: 'zh-CN' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await t.app.ctx.jobs.drain();
    expect((await t.app.inject(`/api/v1/dev/sms?phone=${phone}`)).json()).toHaveLength(1);
  });

  it('computes the start of the Shanghai day', () => {
    expect(shanghaiDayStart(new Date('2026-11-25T15:59:59Z')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(shanghaiDayStart(new Date('2026-11-25T16:00:00Z')).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(shanghaiDayStart(new Date('2026-11-25T00:00:00+08:00')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('has problem texts in all three languages', async () => {
    await t.app.ctx.smsCodes.issue({ phone, purpose: 'login', lang: 'zh-CN' });
    for (const [lang, title] of [
      ['zh-CN', '短信发送过于频繁'],
      ['zh-HK', '短訊發送過於頻繁'],
      ['en', 'Too many text messages'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/test/sms-codes', payload: { phone, purpose: 'login' }, headers: { 'accept-language': lang } });
      expect(res.json().title).toBe(title);
    }
  });
});
