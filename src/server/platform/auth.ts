import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler, preHandlerHookHandler } from 'fastify';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { safeEqual } from './crypto.ts';
import { Problem } from './problems.ts';
import { useNamedStatement } from '../db/pglite-statements.ts';
import { sessions } from './tables.ts';

export type SubjectType = 'citizen' | 'staff';
export type StaffRole = 'reviewer' | 'officer' | 'admin';

export interface AuthInfo {
  subjectType: SubjectType;
  subjectId: string;
  sessionId: string;
  role?: string;
  via: 'cookie' | 'bearer';
}

export interface SessionsService {
  create(input: { subjectType: SubjectType; subjectId: string; role?: string }): Promise<{ token: string; expiresAt: Date; csrfToken: string }>;
  revoke(token: string): Promise<void>;
  revokeAll(subjectType: SubjectType, subjectId: string): Promise<void>;
}

declare module '../context.ts' {
  interface AppContext {
    sessions: SessionsService;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, resolved from a bearer token or the session cookie. */
    auth: AuthInfo | undefined;
  }
}

export const SESSION_COOKIE = 'jg_session';
export const CSRF_COOKIE = 'jg_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** last_seen_at is refreshed at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** Every login ends in this insert: prepared once, it skips drizzle's query building each time and the parsing and planning (named on PostgreSQL by drizzle, on PGlite by useNamedStatement). */
function prepareSessionInsert(db: AppContext['db']) {
  const p = (name: string) => sql.placeholder(name);
  const query = db
    .insert(sessions)
    .values({ tokenHash: p('tokenHash'), subjectType: p('subjectType'), subjectId: p('subjectId'), role: p('role'), csrfToken: p('csrfToken'), createdAt: p('createdAt'), expiresAt: p('expiresAt'), lastSeenAt: p('lastSeenAt') })
    .prepare('jg_session_insert');
  useNamedStatement(db, query);
  return query;
}

/** The read cache tag of one session: the sessions trigger sends it on UPDATE and DELETE. */
export const sessionTag = (id: string) => `session:${id}`;

export function createSessions(ctx: Pick<AppContext, 'db' | 'clock' | 'crypto' | 'config' | 'readCache'>): SessionsService {
  /** Revocation takes effect here at once; other processes drop the session on the trigger's notification. */
  const forget = (rows: Array<{ id: string }>) => {
    if (rows.length) ctx.readCache.invalidate(rows.map((r) => sessionTag(r.id)));
  };
  let insert: { db: AppContext['db']; query: ReturnType<typeof prepareSessionInsert> } | undefined;
  return {
    async create({ subjectType, subjectId, role }) {
      const token = ctx.crypto.randomToken(32);
      const csrfToken = ctx.crypto.randomToken(24);
      const now = ctx.clock.now();
      const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
      if (insert?.db !== ctx.db) insert = { db: ctx.db, query: prepareSessionInsert(ctx.db) };
      await insert.query.execute({
        tokenHash: ctx.crypto.sha256(token),
        subjectType,
        subjectId,
        role: role ?? null,
        csrfToken,
        createdAt: now,
        expiresAt,
        lastSeenAt: now,
      });
      return { token, expiresAt, csrfToken };
    },
    async revoke(token) {
      const rows = await ctx.db
        .update(sessions)
        .set({ revokedAt: ctx.clock.now() })
        .where(and(eq(sessions.tokenHash, ctx.crypto.sha256(token)), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      forget(rows);
    },
    async revokeAll(subjectType, subjectId) {
      const rows = await ctx.db
        .update(sessions)
        .set({ revokedAt: ctx.clock.now() })
        .where(and(eq(sessions.subjectType, subjectType), eq(sessions.subjectId, subjectId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      forget(rows);
    },
  };
}

export function setupSessions(ctx: AppContext): void {
  ctx.sessions = createSessions(ctx);
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,512})\s*$/i.exec(header);
  return m?.[1];
}

/**
 * Resolves `request.auth` for every request (bearer token first, then the session cookie)
 * and enforces the CSRF double-submit rule on cookie-authenticated state changes. Call
 * once from app.ts after @fastify/cookie is registered, so cookies are parsed first.
 *
 * A callback hook: when the session is in the read cache (nearly every request) it runs
 * start to end without a promise or a microtask; a miss, or a due last-seen touch, goes on
 * asynchronously. Both paths apply the same checks (`accept`).
 */
export function registerAuth(app: FastifyInstance): void {
  const ctx = app.ctx;
  app.decorateRequest('auth', undefined);
  app.addHook('onRequest', (request, _reply, done) => {
    request.auth = undefined;
    const bearer = bearerToken(request);
    const token = bearer ?? request.cookies?.[SESSION_COOKIE];
    if (!token) return done();
    const via = bearer ? 'bearer' : 'cookie';
    const tokenHash = ctx.crypto.sha256(token);
    const cached = ctx.readCache.peek<SessionRow>(sessionKey(tokenHash));
    if (cached) return settle(ctx, request, cached, via, done);
    findSession(ctx, tokenHash).then((row) => settle(ctx, request, row, via, done), done);
  });
}

/** Applies `accept` and finishes the hook: at once, or after the last-seen touch when one is due. */
function settle(ctx: AppContext, request: FastifyRequest, row: SessionRow | undefined, via: AuthInfo['via'], done: (err?: Error) => void): void {
  let touchAt: Date | undefined;
  try {
    touchAt = accept(ctx, request, row, via);
  } catch (e) {
    return done(e as Error);
  }
  if (!touchAt) return done();
  touch(ctx, row!.id, touchAt).then(() => done(), done);
}

/**
 * Checks a session found for the request's token and sets `request.auth`. Expiry is checked
 * here, on every request, so a cached session ends on time. Throws on a failed CSRF check;
 * returns the instant to record as last seen when the session's is older than TOUCH_EVERY_MS.
 */
function accept(ctx: AppContext, request: FastifyRequest, row: SessionRow | undefined, via: AuthInfo['via']): Date | undefined {
  const now = ctx.clock.now();
  if (!row || row.expiresAt.getTime() <= now.getTime()) return undefined;
  if (via === 'cookie' && UNSAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    const sent = Array.isArray(header) ? header[0] : header;
    const cookie = request.cookies?.[CSRF_COOKIE];
    // The header must match the cookie (double submit) and the session's own token, so a
    // cookie planted by a sibling origin cannot pass either.
    if (!sent || !cookie || !safeEqual(sent, cookie) || !safeEqual(sent, row.csrfToken)) throw new Problem('csrf_failed', { status: 403 });
  }
  request.auth = {
    subjectType: row.subjectType as SubjectType,
    subjectId: row.subjectId,
    sessionId: row.id,
    ...(row.role ? { role: row.role } : {}),
    via,
  };
  return !row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS ? now : undefined;
}

async function touch(ctx: AppContext, sessionId: string, now: Date): Promise<void> {
  await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
  // The cached row still has the old last_seen_at; without this the next requests here
  // would touch again until the trigger's notification arrives.
  ctx.readCache.invalidate([sessionTag(sessionId)]);
}

type SessionRow = typeof sessions.$inferSelect;
/** Thrown inside the cached lookup so an unknown or revoked token is not stored (see below). */
const NO_SESSION = Symbol('no session');
/** The read cache key of the session behind a token hash. */
const sessionKey = (tokenHash: string) => `auth:session:${tokenHash}`;

/**
 * The live (not revoked) session of a token hash, through the read cache: one statement per
 * session every few minutes instead of one per request. Unknown tokens are not cached, so
 * random bearer tokens cannot push real sessions out of the cache.
 */
async function findSession(ctx: AppContext, tokenHash: string): Promise<SessionRow | undefined> {
  try {
    return await ctx.readCache.get(sessionKey(tokenHash), async () => {
      const [row] = await ctx.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)))
        .limit(1);
      if (!row) throw NO_SESSION;
      return { value: row, tags: [sessionTag(row.id)] };
    });
  } catch (e) {
    if (e === NO_SESSION) return undefined;
    throw e;
  }
}

/**
 * Lets only a logged-in citizen through: 401 without a session, 403 for a staff session.
 * A callback hook, not an async one: it runs on every citizen request and an async hook
 * costs a promise and a microtask each time.
 */
export const requireCitizen: preHandlerHookHandler = (request, _reply, done) => {
  if (!request.auth) return done(new Problem('unauthorized', { status: 401 }));
  if (request.auth.subjectType !== 'citizen') return done(new Problem('forbidden', { status: 403 }));
  done();
};

/** Lets staff with one of `roles` through (any staff when none are named); `admin` passes every role. */
export function requireStaff(...roles: StaffRole[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const auth = request.auth;
    if (!auth) throw new Problem('unauthorized', { status: 401 });
    if (auth.subjectType !== 'staff') throw new Problem('forbidden', { status: 403 });
    if (roles.length > 0 && auth.role !== 'admin' && !roles.includes(auth.role as StaffRole)) throw new Problem('forbidden', { status: 403 });
  };
}

function cookieBase(reply: FastifyReply) {
  return { path: '/', sameSite: 'lax' as const, secure: reply.server.ctx.config.isProduction };
}

/** Sets the session cookie (HttpOnly) and the CSRF cookie (readable by the page's script). */
export function setSessionCookies(reply: FastifyReply, session: { token: string; expiresAt: Date; csrfToken: string }): void {
  const base = { ...cookieBase(reply), expires: session.expiresAt };
  reply.setCookie(SESSION_COOKIE, session.token, { ...base, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  const base = cookieBase(reply);
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false });
}
