import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { buildApp } from '../app.ts';
import { createManualClock } from './clock.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import type { Database } from '../db/client.ts';
import { clearSessionCookies, requireCitizen, requireStaff, setSessionCookies } from './auth.ts';
import { sessions } from './tables.ts';

/** The real app plus a few probe routes guarded the way features guard theirs. */
async function appWithProbes(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env }, { inMemoryDb: true });
  const database: Database = await createTestDatabase();
  const clock = createManualClock(new Date('2026-11-25T10:00:00+08:00'));
  const app: FastifyInstance = await buildApp({ config, database, clock, migrate: false, startWorkers: false, logger: false });
  app.get('/probe/whoami', async (request) => ({ auth: request.auth ?? null }));
  app.post('/probe/whoami', async (request) => ({ auth: request.auth ?? null }));
  app.post('/probe/citizen', { preHandler: requireCitizen }, async (request) => ({ id: request.auth!.subjectId }));
  app.get('/probe/reviewer', { preHandler: requireStaff('reviewer') }, async () => ({ ok: true }));
  app.get('/probe/officer-or-reviewer', { preHandler: requireStaff('officer', 'reviewer') }, async () => ({ ok: true }));
  app.get('/probe/any-staff', { preHandler: requireStaff() }, async () => ({ ok: true }));
  app.post('/probe/login', async (request, reply) => {
    const session = await app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-1' });
    setSessionCookies(reply, session);
    return { token: session.token, csrfToken: session.csrfToken };
  });
  app.delete('/probe/logout', async (_request, reply) => {
    clearSessionCookies(reply);
    return reply.status(204).send();
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

describe('sessions and auth', () => {
  let t: Awaited<ReturnType<typeof appWithProbes>>;
  beforeAll(async () => {
    t = await appWithProbes();
  });
  afterAll(() => t.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('stores sessions by token hash with the configured lifetime', async () => {
    const s = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-1' });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.expiresAt.getTime() - t.clock.now().getTime()).toBe(7 * 24 * 3_600_000);
    const [row] = await t.app.ctx.db.select().from(sessions).where(eq(sessions.tokenHash, t.app.ctx.crypto.sha256(s.token)));
    expect(row).toMatchObject({ subjectType: 'citizen', subjectId: 'acc-1', csrfToken: s.csrfToken, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(s.token);
  });

  it('resolves bearer tokens into request.auth', async () => {
    const s = await t.app.ctx.sessions.create({ subjectType: 'staff', subjectId: 'staff-7', role: 'reviewer' });
    const res = await t.app.inject({ url: '/probe/whoami', headers: bearer(s.token) });
    expect(res.json().auth).toMatchObject({ subjectType: 'staff', subjectId: 'staff-7', role: 'reviewer', via: 'bearer' });
    expect(res.json().auth.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer('x'.repeat(43)) })).json().auth).toBeNull();
    expect((await t.app.inject({ url: '/probe/whoami' })).json().auth).toBeNull();
  });

  it('ends sessions at expiry and on revocation', async () => {
    const { sessions: svc } = t.app.ctx;
    const a = await svc.create({ subjectType: 'citizen', subjectId: 'acc-2' });
    const b = await svc.create({ subjectType: 'citizen', subjectId: 'acc-2' });
    const c = await svc.create({ subjectType: 'citizen', subjectId: 'acc-3' });
    await svc.revoke(a.token);
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(a.token) })).json().auth).toBeNull();
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(b.token) })).json().auth).not.toBeNull();
    await svc.revokeAll('citizen', 'acc-2');
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(b.token) })).json().auth).toBeNull();
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(c.token) })).json().auth).not.toBeNull();

    const d = await svc.create({ subjectType: 'citizen', subjectId: 'acc-4' });
    t.clock.advance(7 * 24 * 3_600_000 - 1000);
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(d.token) })).json().auth).not.toBeNull();
    t.clock.advance(1000);
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(d.token) })).json().auth).toBeNull();
  });

  it('guards citizen and staff routes by subject type and role', async () => {
    const { sessions: svc } = t.app.ctx;
    const citizen = await svc.create({ subjectType: 'citizen', subjectId: 'acc-9' });
    const reviewer = await svc.create({ subjectType: 'staff', subjectId: 's-1', role: 'reviewer' });
    const officer = await svc.create({ subjectType: 'staff', subjectId: 's-2', role: 'officer' });
    const admin = await svc.create({ subjectType: 'staff', subjectId: 's-3', role: 'admin' });
    const status = async (method: 'GET' | 'POST', url: string, token?: string) =>
      (await t.app.inject({ method, url, headers: token ? bearer(token) : {} })).statusCode;

    expect(await status('POST', '/probe/citizen')).toBe(401);
    expect(await status('POST', '/probe/citizen', citizen.token)).toBe(200);
    expect(await status('POST', '/probe/citizen', admin.token)).toBe(403);

    expect(await status('GET', '/probe/reviewer')).toBe(401);
    expect(await status('GET', '/probe/reviewer', citizen.token)).toBe(403);
    expect(await status('GET', '/probe/reviewer', reviewer.token)).toBe(200);
    expect(await status('GET', '/probe/reviewer', officer.token)).toBe(403);
    expect(await status('GET', '/probe/reviewer', admin.token)).toBe(200);
    expect(await status('GET', '/probe/officer-or-reviewer', officer.token)).toBe(200);
    expect(await status('GET', '/probe/any-staff', officer.token)).toBe(200);
    expect(await status('GET', '/probe/any-staff', citizen.token)).toBe(403);

    const res = await t.app.inject({ method: 'POST', url: '/probe/citizen', headers: { 'accept-language': 'en' } });
    expect(res.json()).toMatchObject({ code: 'unauthorized', status: 401 });
    expect((await t.app.inject({ url: '/probe/reviewer', headers: bearer(citizen.token) })).json().code).toBe('forbidden');
  });

  it('sets session cookies with the right attributes and authenticates by them', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/probe/login' });
    const { token, csrfToken } = login.json();
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c]));
    expect(cookies.jg_session).toMatchObject({ value: token, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookies.jg_session!.secure).toBeFalsy();
    expect(cookies.jg_csrf).toMatchObject({ value: csrfToken, sameSite: 'Lax', path: '/' });
    expect(cookies.jg_csrf!.httpOnly).toBeFalsy();
    expect(new Date(cookies.jg_session!.expires!).getTime()).toBe(t.clock.now().getTime() + 7 * 24 * 3_600_000 - (t.clock.now().getTime() % 1000));

    const who = await t.app.inject({ url: '/probe/whoami', cookies: { jg_session: token } });
    expect(who.json().auth).toMatchObject({ subjectType: 'citizen', subjectId: 'acc-1', via: 'cookie' });

    const logout = await t.app.inject({ method: 'DELETE', url: '/probe/logout' });
    const cleared = Object.fromEntries(logout.cookies.map((c) => [c.name, c]));
    expect(cleared.jg_session!.value).toBe('');
    expect(new Date(cleared.jg_session!.expires!).getTime()).toBeLessThan(Date.now());
    expect(cleared.jg_csrf!.value).toBe('');
  });

  it('requires the CSRF header on cookie-authenticated state changes only', async () => {
    const s = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-5' });
    const other = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-6' });
    const post = (cookies: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/probe/citizen', cookies, headers });

    const missing = await post({ jg_session: s.token, jg_csrf: s.csrfToken });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    expect((await post({ jg_session: s.token, jg_csrf: s.csrfToken }, { 'x-csrf-token': 'wrong' })).statusCode).toBe(403);
    // A cookie and header pair that match each other but belong to another session do not pass.
    expect((await post({ jg_session: s.token, jg_csrf: other.csrfToken }, { 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);
    // Header without the cookie (an attacker cannot read jg_csrf, but be strict anyway).
    expect((await post({ jg_session: s.token }, { 'x-csrf-token': s.csrfToken })).statusCode).toBe(403);
    const ok = await post({ jg_session: s.token, jg_csrf: s.csrfToken }, { 'x-csrf-token': s.csrfToken });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ id: 'acc-5' });

    // Safe methods and bearer requests need no token.
    expect((await t.app.inject({ url: '/probe/whoami', cookies: { jg_session: s.token } })).json().auth.subjectId).toBe('acc-5');
    expect((await t.app.inject({ method: 'POST', url: '/probe/citizen', headers: bearer(s.token) })).statusCode).toBe(200);
    // A stale cookie on an anonymous endpoint (e.g. logging in again) is simply ignored.
    await t.app.ctx.sessions.revoke(s.token);
    const anon = await t.app.inject({ method: 'POST', url: '/probe/whoami', cookies: { jg_session: s.token } });
    expect(anon.statusCode).toBe(200);
    expect(anon.json().auth).toBeNull();
  });

  it('answers repeated requests from the cached session, still ending it at once on revocation and expiry', async () => {
    const { sessions: svc, readCache } = t.app.ctx;
    const whoami = async (token: string) => (await t.app.inject({ url: '/probe/whoami', headers: bearer(token) })).json().auth;
    const a = await svc.create({ subjectType: 'citizen', subjectId: 'acc-20' });
    const b = await svc.create({ subjectType: 'citizen', subjectId: 'acc-20' });
    expect(await whoami(a.token)).not.toBeNull();
    const before = readCache.stats().hits;
    expect(await whoami(a.token)).not.toBeNull();
    expect(await whoami(b.token)).not.toBeNull();
    expect(await whoami(b.token)).not.toBeNull();
    expect(readCache.stats().hits - before).toBe(2);

    await svc.revoke(a.token);
    expect(await whoami(a.token)).toBeNull();
    expect(await whoami(b.token)).not.toBeNull();
    await svc.revokeAll('citizen', 'acc-20');
    expect(await whoami(b.token)).toBeNull();

    const c = await svc.create({ subjectType: 'citizen', subjectId: 'acc-21' });
    expect(await whoami(c.token)).not.toBeNull();
    t.clock.advance(7 * 24 * 3_600_000);
    expect(await whoami(c.token)).toBeNull();
  });

  it('refuses a cached session revoked by another process once its notification has arrived', async () => {
    const s = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-22' });
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(s.token) })).json().auth).not.toBeNull();
    // What another process's revoke looks like here: the row changes (without this process's
    // local invalidation), and the sessions trigger notifies every listener.
    await t.app.ctx.db.update(sessions).set({ revokedAt: t.clock.now() }).where(eq(sessions.tokenHash, t.app.ctx.crypto.sha256(s.token)));
    await t.app.ctx.readCache.settled();
    expect((await t.app.inject({ url: '/probe/whoami', headers: bearer(s.token) })).json().auth).toBeNull();
  });

  it('does not cache unknown tokens', async () => {
    const entries = t.app.ctx.readCache.stats().entries;
    for (let i = 0; i < 3; i++) await t.app.inject({ url: '/probe/whoami', headers: bearer(`unknown-token-${i}-${'x'.repeat(30)}`) });
    expect(t.app.ctx.readCache.stats().entries).toBe(entries);
  });

  it('records when a session was last seen, at most every few minutes', async () => {
    const s = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-7' });
    const created = t.clock.now();
    t.clock.advance(60_000);
    await t.app.inject({ url: '/probe/whoami', headers: bearer(s.token) });
    const seen = async () => (await t.app.ctx.db.select().from(sessions).where(eq(sessions.tokenHash, t.app.ctx.crypto.sha256(s.token))))[0]!.lastSeenAt;
    expect(await seen()).toEqual(created);
    t.clock.advance(5 * 60_000);
    await t.app.inject({ url: '/probe/whoami', headers: bearer(s.token) });
    expect(await seen()).toEqual(t.clock.now());
    // The cached row is refreshed after a touch: the next request does not touch again.
    const touched = t.clock.now();
    t.clock.advance(60_000);
    await t.app.inject({ url: '/probe/whoami', headers: bearer(s.token) });
    expect(await seen()).toEqual(touched);
  });
});

describe('sessions with READ_CACHE=off', () => {
  let t: Awaited<ReturnType<typeof appWithProbes>>;
  beforeAll(async () => {
    t = await appWithProbes({ READ_CACHE: 'off' });
  });
  afterAll(() => t.close());

  it('looks every session up in the database', async () => {
    const s = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: 'acc-1' });
    const whoami = async () => (await t.app.inject({ url: '/probe/whoami', headers: { authorization: `Bearer ${s.token}` } })).json().auth;
    expect(t.app.ctx.readCache.enabled).toBe(false);
    expect(await whoami()).not.toBeNull();
    expect(await whoami()).not.toBeNull();
    expect(t.app.ctx.readCache.stats()).toMatchObject({ hits: 0, entries: 0 });
    // A change no process is told about is still seen at once.
    await t.app.ctx.db.update(sessions).set({ revokedAt: t.clock.now() }).where(eq(sessions.tokenHash, t.app.ctx.crypto.sha256(s.token)));
    expect(await whoami()).toBeNull();
  });
});
