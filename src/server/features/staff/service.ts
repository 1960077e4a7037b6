import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { checkPassword, PASSWORD_MAX_LENGTH } from '../../../domain/passwords.ts';
import { staffUsers } from './tables.ts';
import { STAFF_ROLES, type StaffRole, type StaffView } from './schemas.ts';

export { STAFF_ROLES, type StaffRole } from './schemas.ts';

export type StaffUser = typeof staffUsers.$inferSelect;

/** Same shape as citizen login throttling (API.md): per username, and a looser per-address limit. */
export const LOGIN_LIMITS = {
  perUser: { limit: 5, windowMs: 15 * 60 * 1000 },
  perAddress: { limit: 100, windowMs: 15 * 60 * 1000 },
  /** Wrong current passwords on the change-password form count like failed logins. */
  passwordChange: { limit: 5, windowMs: 15 * 60 * 1000 },
} as const;

export const MIN_STAFF_PASSWORD_LENGTH = 12;
const GENERATED_PASSWORD_LENGTH = 16;
/** Letters and digits without look-alikes (0/O/o, 1/l/I), so a password read off a screen or paper is typed right. */
export const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Usernames are case-insensitive: stored and compared lower-case. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** 16 characters drawn uniformly (crypto.randomInt has no modulo bias) from the unambiguous alphabet: ~92 bits. */
export function generateStaffPassword(): string {
  let out = '';
  for (let i = 0; i < GENERATED_PASSWORD_LENGTH; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

function compact(v: string): string {
  return v.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Staff passwords guard access to personal data: at least 12 characters (citizens need 8),
 * not guessable by zxcvbn, and not built on the username or display name.
 */
export function assertStrongStaffPassword(password: string, context: { username: string; displayName?: string }, field = 'password') {
  if (Array.from(password).length < MIN_STAFF_PASSWORD_LENGTH) {
    throw new Problem('password_too_short', { field, params: { min: MIN_STAFF_PASSWORD_LENGTH } });
  }
  const own = [context.username, context.displayName ?? ''].map(compact).filter((v) => v.length >= 3);
  if (own.some((v) => compact(password).includes(v))) {
    throw new Problem('weak_password', { field, params: { context: 'personal' }, extra: { reason: 'personal' } });
  }
  const verdict = checkPassword(password, { name: context.displayName ?? context.username });
  if (!verdict.ok) {
    // The citizen catalogue's variants (too_long, guessable, personal) fit staff too; only the minimum length differs.
    throw new Problem('weak_password', { field, params: { context: verdict.reason, max: PASSWORD_MAX_LENGTH }, extra: { reason: verdict.reason } });
  }
}

export function toStaffView(user: StaffUser): StaffView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findStaffById(db: DbOrTx, id: string): Promise<StaffUser | null> {
  // Ids come from sessions and URLs; a non-UUID cannot name a staff member (and must not reach a uuid cast).
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  return row ?? null;
}

export async function findStaffByUsername(db: DbOrTx, username: string): Promise<StaffUser | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.username, normaliseUsername(username))).limit(1);
  return row ?? null;
}

/**
 * Creates a staff account (CLI `staff create`, demo seed, tests). Without a password one is
 * generated and returned once; the holder must change it at first login unless told otherwise.
 */
export async function createStaffUser(
  ctx: AppContext,
  input: { username: string; role: StaffRole; displayName?: string; password?: string; mustChangePassword?: boolean },
  options: {
    actor?: { type: 'staff' | 'system'; id?: string; name?: string };
    /**
     * The demo's published passwords (docs/demo.md) are short by design; they skip the
     * strength rule, and only outside production.
     */
    demoPassword?: boolean;
  } = {},
): Promise<{ id: string; password: string }> {
  const username = normaliseUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) throw new Problem('invalid_username', { field: 'username' });
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw new Problem('invalid_role', { field: 'role' });
  const displayName = input.displayName?.trim() || username;
  const password = input.password ?? generateStaffPassword();
  if (options.demoPassword && ctx.config.isProduction) throw new Problem('forbidden', { status: 403 });
  if (input.password !== undefined && !options.demoPassword) assertStrongStaffPassword(password, { username, displayName });
  const passwordHash = await ctx.crypto.hashSecret(password);

  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staffUsers)
      .values({
        username,
        displayName,
        role: input.role,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
        createdAt: ctx.clock.now(),
      })
      .onConflictDoNothing({ target: staffUsers.username })
      .returning({ id: staffUsers.id });
    if (!row) throw new Problem('username_taken', { status: 409, field: 'username', params: { username } });
    await ctx.audit.record(tx, {
      actor: options.actor ?? { type: 'system' },
      action: 'staff.created',
      subject: { type: 'staff', id: row.id },
      detail: { username, role: input.role, mustChangePassword: input.mustChangePassword ?? true },
    });
    return row.id;
  });
  return { id, password };
}

/** A hash of a random secret, verified against when the username is unknown so both paths cost the same time. */
const dummyHashes = new WeakMap<AppContext, Promise<string>>();
function dummyHash(ctx: AppContext): Promise<string> {
  let h = dummyHashes.get(ctx);
  if (!h) {
    h = ctx.crypto.hashSecret(ctx.crypto.randomToken(24));
    dummyHashes.set(ctx, h);
  }
  return h;
}

function tooManyAttempts(retryAfterSeconds: number): Problem {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new Problem('too_many_attempts', {
    headers: { 'retry-after': String(seconds) },
    // `context: 'staff'` picks a staff wording where the catalogue has one (the default speaks of citizen logins).
    params: { minutes: Math.ceil(seconds / 60), context: 'staff' },
    extra: { retryAfterSeconds: seconds },
  });
}

/** Rate-limit keys never carry the username itself: the limits table is not an audit log. */
const userKey = (ctx: AppContext, username: string) => `staff-login:user:${ctx.crypto.sha256(username)}`;
const addressKey = (ip: string) => `staff-login:ip:${ip}`;

/**
 * Checks a username and password. Unknown usernames, wrong passwords and disabled accounts
 * all answer `invalid_credentials` after the same argon2 work; 5 failures for one username
 * (or 100 from one address) in 15 minutes lock logins until the window passes.
 */
export async function authenticateStaff(ctx: AppContext, input: { username: string; password: string; ip: string }): Promise<StaffUser> {
  const username = normaliseUsername(input.username);
  const uKey = userKey(ctx, username);
  const aKey = addressKey(input.ip);
  const [perUser, perAddress] = await Promise.all([
    ctx.rateLimits.check(uKey, LOGIN_LIMITS.perUser),
    ctx.rateLimits.check(aKey, LOGIN_LIMITS.perAddress),
  ]);
  if (perUser.limited || perAddress.limited) {
    const user = await findStaffByUsername(ctx.db, username);
    await ctx.audit.record(ctx.db, {
      actor: user ? { type: 'staff', id: user.id, name: user.username } : { type: 'system' },
      action: 'staff.login_throttled',
      ...(user ? { subject: { type: 'staff', id: user.id } } : {}),
      detail: { ip: input.ip, scope: perUser.limited ? 'username' : 'address' },
    });
    throw tooManyAttempts(Math.max(perUser.limited ? perUser.retryAfterSeconds : 0, perAddress.limited ? perAddress.retryAfterSeconds : 0));
  }

  const user = await findStaffByUsername(ctx.db, username);
  const ok = user ? await ctx.crypto.verifySecret(user.passwordHash, input.password) : await ctx.crypto.verifySecret(await dummyHash(ctx), input.password);
  if (!user || !ok || user.disabledAt) {
    await Promise.all([ctx.rateLimits.hit(uKey), ctx.rateLimits.hit(aKey)]);
    // A password typed into the username box must not end up in the audit log: name only known accounts.
    await ctx.audit.record(ctx.db, {
      actor: user ? { type: 'staff', id: user.id, name: user.username } : { type: 'system' },
      action: 'staff.login_failed',
      ...(user ? { subject: { type: 'staff', id: user.id } } : {}),
      detail: { ip: input.ip, reason: !user ? 'unknown_username' : !ok ? 'wrong_password' : 'disabled' },
    });
    throw new Problem('invalid_credentials', { status: 401, params: { context: 'staff' } });
  }

  await ctx.rateLimits.clear(uKey);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ lastLoginAt: now }).where(eq(staffUsers.id, user.id));
    await ctx.audit.record(tx, {
      actor: { type: 'staff', id: user.id, name: user.username },
      action: 'staff.login',
      subject: { type: 'staff', id: user.id },
      detail: { ip: input.ip },
    });
  });
  return { ...user, lastLoginAt: now };
}

/** Changes the signed-in staff member's own password and lifts the first-login restriction. */
export async function changeStaffPassword(ctx: AppContext, staffId: string, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const user = await findStaffById(ctx.db, staffId);
  if (!user || user.disabledAt) throw new Problem('unauthorized', { status: 401 });
  const key = `staff-password:${user.id}`;
  const limit = await ctx.rateLimits.check(key, LOGIN_LIMITS.passwordChange);
  if (limit.limited) throw tooManyAttempts(limit.retryAfterSeconds);
  if (!(await ctx.crypto.verifySecret(user.passwordHash, input.currentPassword))) {
    await ctx.rateLimits.hit(key);
    await ctx.audit.record(ctx.db, {
      actor: { type: 'staff', id: user.id, name: user.username },
      action: 'staff.password_change_failed',
      subject: { type: 'staff', id: user.id },
    });
    throw new Problem('current_password_wrong', { field: 'currentPassword' });
  }
  if (input.newPassword === input.currentPassword) throw new Problem('password_unchanged', { field: 'newPassword' });
  assertStrongStaffPassword(input.newPassword, { username: user.username, displayName: user.displayName }, 'newPassword');
  const passwordHash = await ctx.crypto.hashSecret(input.newPassword);
  await ctx.rateLimits.clear(key);
  await ctx.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ passwordHash, mustChangePassword: false }).where(eq(staffUsers.id, user.id));
    await ctx.audit.record(tx, {
      actor: { type: 'staff', id: user.id, name: user.username },
      action: 'staff.password_changed',
      subject: { type: 'staff', id: user.id },
      detail: { wasRequired: user.mustChangePassword },
    });
  });
}

/** The audit actor for a staff request. */
export function staffActor(user: StaffUser) {
  return { type: 'staff' as const, id: user.id, name: user.username };
}
