import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { registerAuth, requireStaff } from '../../platform/auth.ts';
import { registerErrorHandling } from '../../platform/errors-plugin.ts';
import { staffAccountGuard } from './guard.ts';
import { auditLog } from '../../platform/tables.ts';
import { staffUsers } from './tables.ts';
import { createStaffUser, generateStaffPassword, PASSWORD_ALPHABET } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const STRONG = 'Harbour-lantern-47-quietly';

async function login(username: string, password: string, ip = '10.0.0.1', lang = 'en') {
  return t.app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username, password }, remoteAddress: ip, headers: { 'accept-language': lang } });
}

async function auditActions(action: string, subjectId?: string) {
  return t.app.ctx.db
    .select()
    .from(auditLog)
    .where(subjectId ? and(eq(auditLog.action, action), eq(auditLog.subjectId, subjectId)) : eq(auditLog.action, action));
}

/** A staff member who has already replaced the generated password. */
async function readyStaff(role: 'reviewer' | 'officer' | 'admin') {
  const username = `${role}-${randomUUID().slice(0, 8)}`;
  const { id } = await createStaffUser(t.app.ctx, { username, role, password: STRONG, mustChangePassword: false });
  const res = await login(username, STRONG, `10.9.${Math.floor(Math.random() * 250)}.1`);
  expect(res.statusCode).toBe(200);
  return { id, username, token: res.json().token as string };
}

describe('staff accounts', () => {
  it('generates a 16-character password from the unambiguous alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generateStaffPassword();
      expect(p).toHaveLength(16);
      for (const ch of p) expect(PASSWORD_ALPHABET).toContain(ch);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    expect(PASSWORD_ALPHABET).not.toMatch(/[0O1lI]/);
  });

  it('creates an account that must change its generated password, stores only a hash and audits the creation', async () => {
    const { id, password } = await createStaffUser(t.app.ctx, { username: 'Wang.Li', role: 'reviewer', displayName: '王丽' });
    expect(password).toHaveLength(16);
    const [row] = await t.app.ctx.db.select().from(staffUsers).where(eq(staffUsers.id, id));
    expect(row).toMatchObject({ username: 'wang.li', displayName: '王丽', role: 'reviewer', mustChangePassword: true, disabledAt: null });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(password);
    const audit = await auditActions('staff.created', id);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(password);
  });

  it('refuses a taken username (any case), a malformed username and a weak chosen password', async () => {
    await expect(createStaffUser(t.app.ctx, { username: 'WANG.LI', role: 'officer' })).rejects.toMatchObject({ code: 'username_taken', status: 409 });
    await expect(createStaffUser(t.app.ctx, { username: 'x', role: 'officer' })).rejects.toMatchObject({ code: 'invalid_username' });
    await expect(createStaffUser(t.app.ctx, { username: 'short-pw', role: 'officer', password: 'abc123' })).rejects.toMatchObject({ code: 'password_too_short' });
    await expect(createStaffUser(t.app.ctx, { username: 'guessable-pw', role: 'officer', password: 'password1234' })).rejects.toMatchObject({ code: 'weak_password' });
  });
});

describe('staff login and the first-login password change', () => {
  it('logs in, is held at the password form until the password is changed, then works normally', async () => {
    const { id, password } = await createStaffUser(t.app.ctx, { username: 'zhao.qiang', role: 'reviewer', displayName: '赵强' });

    const wrong = await login('zhao.qiang', 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials', status: 401 });
    const unknown = await login('nobody.here', 'not-the-password-at-all');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('invalid_credentials');
    expect(unknown.json().detail).toBe(wrong.json().detail);
    expect(wrong.json().detail).toMatch(/username/i);

    const ok = await login('ZHAO.QIANG', password);
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body).toMatchObject({ staff: { id, username: 'zhao.qiang', displayName: '赵强', role: 'reviewer', mustChangePassword: true } });
    expect(typeof body.token).toBe('string');
    expect(typeof body.csrfToken).toBe('string');
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    const cookies = ok.cookies as Array<{ name: string; value: string; httpOnly?: boolean }>;
    expect(cookies.find((c) => c.name === 'jg_session')).toMatchObject({ value: body.token, httpOnly: true });
    expect(cookies.find((c) => c.name === 'jg_csrf')?.value).toBe(body.csrfToken);
    expect(JSON.stringify(await auditActions('staff.login', id))).not.toContain(password);
    expect(await auditActions('staff.login_failed', id)).toHaveLength(1);

    const auth = { authorization: `Bearer ${body.token}` };
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews?kind=identity', headers: auth });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_change_required');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: auth });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ id, username: 'zhao.qiang', displayName: '赵强', role: 'reviewer', mustChangePassword: true });

    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/staff/me/password', headers: { ...auth, 'accept-language': 'en' }, payload: { currentPassword, newPassword } });
    const short = await change(password, 'Short-pw-1');
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({ code: 'password_too_short', field: 'newPassword' });
    expect(short.json().detail).toContain('12');
    expect((await change(password, 'password1234')).json()).toMatchObject({ code: 'weak_password', field: 'newPassword' });
    expect((await change(password, 'zhao.qiang-zhao.qiang')).json()).toMatchObject({ code: 'weak_password' });
    const wrongCurrent = await change('not-my-password-123', STRONG);
    expect(wrongCurrent.statusCode).toBe(422);
    expect(wrongCurrent.json().code).toBe('current_password_wrong');
    expect((await change(password, STRONG)).statusCode).toBe(204);
    expect(await auditActions('staff.password_changed', id)).toHaveLength(1);

    const open = await t.app.inject({ method: 'GET', url: '/api/v1/staff/reviews?kind=identity', headers: auth });
    expect(open.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: auth })).json().mustChangePassword).toBe(false);

    expect((await login('zhao.qiang', password)).statusCode).toBe(401);
    expect((await login('zhao.qiang', STRONG)).statusCode).toBe(200);
  });

  it("holds other features' staff routes too until the password is changed", async () => {
    const { password } = await createStaffUser(t.app.ctx, { username: 'new.admin', role: 'admin' });
    const { token } = (await login('new.admin', password, '10.0.0.9')).json();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/registry/imports',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      payload: '',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('password_change_required');
  });

  it('the root guard covers a staff route that only asks requireStaff', async () => {
    // A bare app with the platform's auth and our guard, then a route that does not call activeStaff itself.
    const probe = Fastify();
    probe.decorate('ctx', t.app.ctx);
    registerErrorHandling(probe);
    await probe.register(fastifyCookie);
    registerAuth(probe);
    await probe.register(staffAccountGuard);
    await probe.register(
      async (scope) => {
        scope.get('/staff/probe', { preHandler: requireStaff() }, async () => ({ ok: true }));
      },
      { prefix: '/api/v1' },
    );
    await probe.ready();
    try {
      const { password } = await createStaffUser(t.app.ctx, { username: 'probe.user', role: 'officer' });
      const { token } = (await login('probe.user', password, '10.0.0.10')).json();
      const headers = { authorization: `Bearer ${token}` };
      const held = await probe.inject({ method: 'GET', url: '/api/v1/staff/probe', headers });
      expect(held.statusCode).toBe(403);
      expect(held.json().code).toBe('password_change_required');
      await t.app.inject({ method: 'POST', url: '/api/v1/staff/me/password', headers, payload: { currentPassword: password, newPassword: STRONG } });
      expect((await probe.inject({ method: 'GET', url: '/api/v1/staff/probe', headers })).json()).toEqual({ ok: true });
    } finally {
      await probe.close();
    }
  });

  it('answers in the request language', async () => {
    const zh = await login('nobody.here', 'whatever-password', '10.0.0.7', 'zh-CN');
    const hk = await login('nobody.here', 'whatever-password', '10.0.0.7', 'zh-HK');
    const en = await login('nobody.here', 'whatever-password', '10.0.0.7', 'en');
    expect(new Set([zh.json().title, hk.json().title, en.json().title]).size).toBe(3);
  });

  it('locks one username after 5 failures in 15 minutes, even for the right password, then lets it in again', async () => {
    await createStaffUser(t.app.ctx, { username: 'locked.user', role: 'officer', password: STRONG, mustChangePassword: false });
    for (let i = 0; i < 5; i++) expect((await login('locked.user', `wrong-password-${i}`, '10.1.0.1')).statusCode).toBe(401);
    const locked = await login('locked.user', STRONG, '10.1.0.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('too_many_attempts');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Other accounts are not affected.
    await createStaffUser(t.app.ctx, { username: 'other.user', role: 'officer', password: STRONG, mustChangePassword: false });
    expect((await login('other.user', STRONG, '10.1.0.1')).statusCode).toBe(200);

    t.clock.advance(retryAfter * 1000);
    expect((await login('locked.user', STRONG, '10.1.0.2')).statusCode).toBe(200);
  });

  it('unknown usernames are throttled like real ones, so a lock reveals nothing', async () => {
    for (let i = 0; i < 5; i++) expect((await login('ghost.user', `wrong-password-${i}`, '10.2.0.1')).statusCode).toBe(401);
    expect((await login('ghost.user', 'wrong-password-x', '10.2.0.1')).statusCode).toBe(429);
  });

  it('limits one client address to 100 failures in 15 minutes across usernames', async () => {
    await createStaffUser(t.app.ctx, { username: 'shared.desk', role: 'officer', password: STRONG, mustChangePassword: false });
    for (let i = 0; i < 100; i++) expect((await login(`probe-${i}`, 'wrong-password', '10.3.0.1')).statusCode).toBe(401);
    const res = await login('shared.desk', STRONG, '10.3.0.1');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await login('shared.desk', STRONG, '10.3.0.2')).statusCode).toBe(200);
  }, 120_000);

  it('refuses a disabled account with the same answer as a wrong password', async () => {
    const { id } = await createStaffUser(t.app.ctx, { username: 'gone.user', role: 'officer', password: STRONG, mustChangePassword: false });
    const before = await login('gone.user', STRONG, '10.4.0.1');
    expect(before.statusCode).toBe(200);
    await t.app.ctx.db.update(staffUsers).set({ disabledAt: t.clock.now() }).where(eq(staffUsers.id, id));
    expect((await login('gone.user', STRONG, '10.4.0.1')).json().code).toBe('invalid_credentials');
    // An open session of a disabled account stops working too.
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: { authorization: `Bearer ${before.json().token}` } });
    expect(me.statusCode).toBe(401);
  });
});

describe('staff sessions and roles', () => {
  it('logs out: the token stops working and the cookies are cleared', async () => {
    const s = await readyStaff('reviewer');
    const auth = { authorization: `Bearer ${s.token}` };
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/staff/sessions/current', headers: auth });
    expect(out.statusCode).toBe(204);
    expect((out.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'jg_session')?.value).toBe('');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: auth })).statusCode).toBe(401);
  });

  it('cookie sessions need the CSRF header for changes', async () => {
    await createStaffUser(t.app.ctx, { username: 'cookie.user', role: 'reviewer', password: STRONG, mustChangePassword: false });
    const res = await login('cookie.user', STRONG, '10.5.0.1');
    const { token, csrfToken } = res.json();
    const cookie = `jg_session=${token}; jg_csrf=${csrfToken}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: { cookie } })).statusCode).toBe(200);
    const noHeader = await t.app.inject({ method: 'DELETE', url: '/api/v1/staff/sessions/current', headers: { cookie } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('csrf_failed');
    const withHeader = await t.app.inject({ method: 'DELETE', url: '/api/v1/staff/sessions/current', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(withHeader.statusCode).toBe(204);
  });

  it('keeps citizens and anonymous callers out of staff routes', async () => {
    const citizen = await t.app.ctx.sessions.create({ subjectType: 'citizen', subjectId: randomUUID() });
    const auth = { authorization: `Bearer ${citizen.token}` };
    for (const url of ['/api/v1/staff/me', '/api/v1/staff/reviews?kind=identity', '/api/v1/staff/audit', '/api/v1/staff/reviews/stats']) {
      const asCitizen = await t.app.inject({ method: 'GET', url, headers: auth });
      expect(asCitizen.statusCode, url).toBe(403);
      expect(asCitizen.json().code).toBe('forbidden');
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode, url).toBe(401);
    }
    const pw = await t.app.inject({ method: 'POST', url: '/api/v1/staff/me/password', headers: auth, payload: { currentPassword: 'x', newPassword: STRONG } });
    expect(pw.statusCode).toBe(403);
  });

  it('shows the audit trail to administrators only, newest first, page by page', async () => {
    const reviewer = await readyStaff('reviewer');
    const denied = await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit', headers: { authorization: `Bearer ${reviewer.token}` } });
    expect(denied.statusCode).toBe(403);

    const admin = await readyStaff('admin');
    const auth = { authorization: `Bearer ${admin.token}` };
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit?limit=3', headers: auth });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(3);
    expect(page1.items[0]).toMatchObject({ action: 'staff.login', actor: { type: 'staff', id: admin.id, name: admin.username } });
    const ids = page1.items.map((i: { id: string }) => Number(i.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const second = await t.app.inject({ method: 'GET', url: `/api/v1/staff/audit?limit=3&before=${page1.nextBefore}`, headers: auth });
    const page2 = second.json();
    expect(page2.items).toHaveLength(3);
    expect(Number(page2.items[0].id)).toBeLessThan(ids[2]);
    expect(JSON.stringify([page1, page2])).not.toContain(STRONG);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit?before=abc', headers: auth })).statusCode).toBe(400);
  });
});
