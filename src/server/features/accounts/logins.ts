import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import { Problem } from '../../platform/problems.ts';
import { DOC_TYPES, parseDocNumber } from '../../../domain/id-documents.ts';
import { normalizePhone } from '../../../domain/phones.ts';
import { gestureToString, isValidGesturePattern } from '../../../domain/gestures.ts';
import { gestureCredentials } from './tables.ts';
import type { WindowRead } from '../../platform/rate-limits.ts';
import { docKey, findAccountById, phoneKey, prepareLoginRead, type AccountRow, type LoginCandidate } from './queries.ts';

/** API.md: 5 failed logins for one account within 15 minutes lock its logins until the window passes. */
export const ACCOUNT_FAILURE_RULE = { limit: 5, windowMs: 15 * 60_000 } as const;
/** API.md: a looser limit per client address, since many phones share one carrier address. */
export const ADDRESS_FAILURE_RULE = { limit: 100, windowMs: 15 * 60_000 } as const;
/** Wrong gesture patterns before the gesture is turned off. */
export const GESTURE_MAX_FAILURES = 5;
/** Devices with a gesture per account; setting one more retires the oldest. */
export const GESTURE_MAX_DEVICES = 5;

/**
 * An argon2id hash of a random secret, made once per process with the same parameters as
 * real password hashes, so an unknown login spends the same verify time as a wrong password.
 */
let dummyHash: Promise<string> | undefined;
function getDummyHash(ctx: AppContext): Promise<string> {
  dummyHash ??= ctx.crypto.hashSecret(ctx.crypto.randomToken(16));
  return dummyHash;
}

const ACCOUNT_KEY_PREFIX = 'login:account:';
const accountKey = (id: string) => `${ACCOUNT_KEY_PREFIX}${id}`;

function tooManyAttempts(retryAfterSeconds: number): Problem {
  return new Problem('too_many_attempts', {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    params: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    extra: { retryAfterSeconds },
  });
}

async function assertNotLimited(ctx: AppContext, key: string, rule: { limit: number; windowMs: number }): Promise<void> {
  const { limited, retryAfterSeconds } = await ctx.rateLimits.check(key, rule);
  if (limited) throw tooManyAttempts(retryAfterSeconds);
}

/**
 * What a login value can be: the phone number, or a document number of any type (each
 * normalised the way registration stores it). A value can parse as more than one type
 * (an 8-digit Taiwan permit number is also a valid passport number).
 */
export function loginHashes(ctx: AppContext, login: string) {
  const phone = normalizePhone(login);
  const docHashes = new Set<string>();
  for (const docType of DOC_TYPES) {
    const parsed = parseDocNumber(docType, login);
    if (parsed.ok) docHashes.add(ctx.crypto.lookupHash(docKey(docType, parsed.value)));
  }
  // The throttle key of a login that names no account: the same person retyping the same
  // value in another form (spaces, +86) meets the same counter.
  const canonical = phone ?? login.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  return {
    phoneHashes: phone ? [ctx.crypto.lookupHash(phoneKey(phone))] : [],
    docHashes: [...docHashes],
    unknownKey: `login:unknown:${ctx.crypto.lookupHash(`login:${canonical}`)}`,
  };
}

/** After a correct secret: accounts that may not log in yet are told why (only now, so the answer reveals nothing to a guesser). */
function assertMayLogIn(row: AccountRow): void {
  if (row.status === 'pending_review') throw new Problem('account_pending_review', { status: 403 });
  if (row.status === 'rejected') throw new Problem('account_rejected', { status: 403, extra: { reason: row.rejectionReason ?? null } });
  if (row.status !== 'active') throw new Problem('invalid_credentials', { status: 401 });
}

/**
 * The read before the hash, one prepared statement per database: candidates and both
 * throttles. The account throttle's key is the first candidate's (accountKey), or the login
 * value's when no account matches — worked out in SQL, so unknown logins run the same statement.
 */
const loginReads = new WeakMap<object, ReturnType<typeof prepareLoginReadFor>>();
function prepareLoginReadFor(ctx: AppContext) {
  const now = sql`${sql.placeholder('now')}`;
  const address = ctx.rateLimits.windowRead(sql`${sql.placeholder('addressKey')}`, ADDRESS_FAILURE_RULE, now);
  let account!: WindowRead;
  const run = prepareLoginRead(ctx.db, 'jg_login_read', (firstId) => {
    account = ctx.rateLimits.windowRead(sql`coalesce(${ACCOUNT_KEY_PREFIX} || ${firstId}, ${sql.placeholder('unknownKey')})`, ACCOUNT_FAILURE_RULE, now);
    return { address: address.column, account: account.column };
  });
  return { run, address, account };
}

/** Candidates for a login value and the verdicts of both its throttles, in one round trip. */
export async function readLoginState(ctx: AppContext, hashes: ReturnType<typeof loginHashes>, addressKey: string) {
  let read = loginReads.get(ctx.db);
  if (!read) loginReads.set(ctx.db, (read = prepareLoginReadFor(ctx)));
  const now = ctx.clock.now();
  const { candidates, values } = await read.run({ phoneHashes: hashes.phoneHashes, docHashes: hashes.docHashes, unknownKey: hashes.unknownKey, addressKey, now: now.toISOString() });
  return { candidates, address: read.address.verdict(values.address, now), account: read.account.verdict(values.account, now) };
}

/**
 * Password login. Unknown logins and wrong passwords get the same answer, cost the same
 * argon2 verify and are throttled alike (per account, or per hashed login value when no
 * account matches), so neither the body, the timing nor the throttling tells whether a
 * login exists.
 */
export async function passwordLogin(ctx: AppContext, input: { login: string; password: string; clientAddress: string }): Promise<LoginCandidate> {
  const addressKey = `login:address:${ctx.crypto.lookupHash(`ip:${input.clientAddress}`)}`;
  const hashes = loginHashes(ctx, input.login);
  const { candidates, address, account } = await readLoginState(ctx, hashes, addressKey);
  const throttleKey = candidates[0] ? accountKey(candidates[0].id) : hashes.unknownKey;
  // Both throttles before any hash; the address is reported first, as when checked alone.
  if (address.limited) throw tooManyAttempts(address.retryAfterSeconds);
  if (account.limited) throw tooManyAttempts(account.retryAfterSeconds);

  let matched: LoginCandidate | undefined;
  if (candidates.length === 0) {
    await ctx.crypto.verifySecret(await getDummyHash(ctx), input.password);
  } else {
    // Normally one candidate; several only when one value is two accounts' numbers of different types.
    for (const candidate of candidates) {
      if (await ctx.crypto.verifySecret(candidate.passwordHash, input.password)) {
        matched = candidate;
        break;
      }
    }
  }
  if (!matched) {
    await ctx.rateLimits.hit(throttleKey);
    await ctx.rateLimits.hit(addressKey);
    throw new Problem('invalid_credentials', { status: 401 });
  }
  const other = matched.id !== candidates[0]!.id;
  if (other) await assertNotLimited(ctx, accountKey(matched.id), ACCOUNT_FAILURE_RULE);
  assertMayLogIn(matched);
  // Failures inside the window are forgiven by a correct password. With none there, the
  // delete would change nothing the rule reads (older hits are pruned), so it is skipped.
  if (other || account.hits > 0) await ctx.rateLimits.clear(accountKey(matched.id));
  return matched;
}

// ---------------------------------------------------------------------------------------
// Gestures

const gestureSecret = (deviceToken: string, pattern: number[]) => `${deviceToken}:${gestureToString(pattern)}`;

/**
 * Sets the gesture of this account on one device. Passing the device token of an existing
 * gesture of the account replaces its pattern (and turns it back on after too many wrong
 * tries); otherwise a new device token is issued.
 */
export async function setGesture(ctx: AppContext, accountId: string, input: { pattern: unknown; deviceToken?: string }): Promise<{ deviceToken: string }> {
  if (!isValidGesturePattern(input.pattern)) throw new Problem('invalid_gesture_pattern', { field: 'pattern' });
  const pattern = input.pattern;
  const now = ctx.clock.now();
  if (input.deviceToken) {
    const [existing] = await ctx.db
      .select({ id: gestureCredentials.id })
      .from(gestureCredentials)
      .where(and(eq(gestureCredentials.accountId, accountId), eq(gestureCredentials.deviceTokenHash, ctx.crypto.sha256(input.deviceToken))))
      .limit(1);
    if (existing) {
      await ctx.db
        .update(gestureCredentials)
        .set({ patternHash: await ctx.crypto.hashSecret(gestureSecret(input.deviceToken, pattern)), failures: 0, disabledAt: null, updatedAt: now })
        .where(eq(gestureCredentials.id, existing.id));
      return { deviceToken: input.deviceToken };
    }
  }
  const deviceToken = ctx.crypto.randomToken(32);
  const patternHash = await ctx.crypto.hashSecret(gestureSecret(deviceToken, pattern));
  await ctx.db.transaction(async (tx) => {
    await tx.insert(gestureCredentials).values({
      accountId,
      deviceTokenHash: ctx.crypto.sha256(deviceToken),
      patternHash,
      createdAt: now,
      updatedAt: now,
    });
    // Keep the newest few devices: a phone changed every year must not leave gestures behind forever.
    await tx.execute(sql`
      delete from ${gestureCredentials}
      where ${gestureCredentials.accountId} = ${accountId}
        and ${gestureCredentials.id} not in (
          select ${gestureCredentials.id} from ${gestureCredentials}
          where ${gestureCredentials.accountId} = ${accountId}
          order by ${gestureCredentials.createdAt} desc, ${gestureCredentials.id} desc
          limit ${GESTURE_MAX_DEVICES})`);
  });
  return { deviceToken };
}

export async function removeGestures(ctx: AppContext, accountId: string): Promise<void> {
  await ctx.db.delete(gestureCredentials).where(eq(gestureCredentials.accountId, accountId));
}

/**
 * Gesture login on a device that set one. A wrong pattern counts against that gesture;
 * the fifth turns it off (`gesture_disabled`: log in with the password and set it again).
 * The account's password lock applies here too.
 */
export async function gestureLogin(ctx: AppContext, input: { deviceToken: string; pattern: unknown; clientAddress: string }): Promise<AccountRow> {
  const addressKey = `login:address:${ctx.crypto.lookupHash(`ip:${input.clientAddress}`)}`;
  await assertNotLimited(ctx, addressKey, ADDRESS_FAILURE_RULE);

  const [gesture] = await ctx.db
    .select()
    .from(gestureCredentials)
    .where(eq(gestureCredentials.deviceTokenHash, ctx.crypto.sha256(input.deviceToken)))
    .limit(1);
  const account = gesture ? await findAccountById(ctx.db, gesture.accountId) : null;
  if (!gesture || !account || account.deletedAt) {
    await ctx.crypto.verifySecret(await getDummyHash(ctx), 'gesture');
    await ctx.rateLimits.hit(addressKey);
    throw new Problem('invalid_credentials', { status: 401 });
  }
  if (gesture.disabledAt) throw new Problem('gesture_disabled', { status: 403 });
  await assertNotLimited(ctx, accountKey(account.id), ACCOUNT_FAILURE_RULE);

  const ok = isValidGesturePattern(input.pattern) && (await ctx.crypto.verifySecret(gesture.patternHash, gestureSecret(input.deviceToken, input.pattern)));
  const now = ctx.clock.now();
  if (!ok) {
    await ctx.rateLimits.hit(addressKey);
    // Counted in one statement so parallel wrong tries cannot slip past the limit.
    const [after] = await ctx.db
      .update(gestureCredentials)
      .set({
        failures: sql`${gestureCredentials.failures} + 1`,
        disabledAt: sql`case when ${gestureCredentials.failures} + 1 >= ${GESTURE_MAX_FAILURES} then ${now.toISOString()}::timestamptz else ${gestureCredentials.disabledAt} end`,
        updatedAt: now,
      })
      .where(eq(gestureCredentials.id, gesture.id))
      .returning({ disabledAt: gestureCredentials.disabledAt });
    if (after?.disabledAt) throw new Problem('gesture_disabled', { status: 403 });
    throw new Problem('invalid_credentials', { status: 401 });
  }
  assertMayLogIn(account);
  await ctx.db.update(gestureCredentials).set({ failures: 0, updatedAt: now }).where(eq(gestureCredentials.id, gesture.id));
  return account;
}

/** Re-reads an account for the session answer (status may have changed since the lookup). */
export async function reloadAccount(ctx: AppContext, id: string): Promise<AccountRow> {
  const row = await findAccountById(ctx.db, id);
  if (!row) throw new Problem('invalid_credentials', { status: 401 });
  return row;
}

