import { checkFreshness, jwksResolver, parseCredential, verifyCredentialOffline, type LicenceClaim } from '../../domain/elicence-credential.ts';
import type { CachedKeys } from './keys.ts';

/** Points that end a scoring cycle's right to drive (REFERENCE.md: 12 points). */
const POINTS_LIMIT = 12;

/** Why a credential is not accepted; the first five are the server's, the rest only arise offline. */
export type Reason =
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'revoked'
  | 'licence_invalid'
  /** Signed with a key this device has not cached yet (a rotation since the last fetch). */
  | 'unknown_key'
  /** No keys cached and no network: nothing to check a signature with. */
  | 'no_keys'
  /** Issued "in the future" by more than the allowed skew: this device's clock is wrong. */
  | 'clock';

export interface Holder {
  name: string;
  numberMasked: string;
  class: string;
  validTo: string | null;
  /** State letters, e.g. A or DH. */
  status: string;
  /** The state in words from the server (live answers only; offline the page words the letters). */
  statusText?: string;
}

/** Why the live registry state could not be asked for. */
export type LiveFailure = 'network' | 'rate_limited' | 'server';

export interface Verdict {
  valid: boolean;
  reason?: Reason;
  holder?: Holder;
  /** ISO instant: the server's time for live answers, this device's for offline ones. */
  checkedAt: string;
  /** live: the server checked the signature, freshness and the registry now. */
  mode: 'live' | 'offline';
  /** When the keys used offline were fetched. */
  keysFetchedAt?: string;
  /** Set on an offline verdict when the live check was attempted and failed. */
  liveFailure?: LiveFailure;
}

/** The answer of POST /api/v1/elicence/verify (API.md). */
export interface LiveAnswer {
  valid: boolean;
  reason?: 'malformed' | 'bad_signature' | 'expired' | 'revoked' | 'licence_invalid';
  holder?: { name: string; numberMasked: string; class: string; validTo: string | null; status: string; statusText: string };
  checkedAt: string;
}

/** YYYY-MM-DD in Asia/Shanghai: licence validity dates are business dates there. */
export function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function holderOf(lic: LicenceClaim): Holder {
  return { name: lic.n, numberMasked: lic.no, class: lic.c, validTo: lic.vt, status: lic.st };
}

/**
 * Whether the licence the credential describes could be used on `today`, judged from what it
 * stated at issue: state A only, validity not ended, fewer than 12 points. The issuer also
 * signs credentials for unusable licences (the app shows them with a red QR), so a good
 * signature alone does not make a licence valid.
 */
export function licenceUsable(lic: LicenceClaim, today: string): boolean {
  if (lic.st !== 'A') return false;
  if (lic.vt !== null && lic.vt < today) return false;
  return lic.pt < POINTS_LIMIT;
}

/**
 * Everything this device can check alone: structure, the signature against the cached JWKS,
 * freshness against the device clock, and the licence as stated at issue.
 */
export async function checkOffline(text: string, keys: CachedKeys | null, now: Date): Promise<Verdict> {
  const base = { mode: 'offline' as const, checkedAt: now.toISOString(), keysFetchedAt: keys?.fetchedAt };
  const parsed = parseCredential(text);
  if (!parsed.ok) return { ...base, valid: false, reason: 'malformed' };
  if (!keys) return { ...base, valid: false, reason: 'no_keys' };
  // A kid missing from the cache is not proof of forgery here: the issuer may have rotated
  // keys since this device last fetched them. The server, or a fresh fetch, settles it.
  if (!keys.jwks.keys.some((k) => k.kid === parsed.header.kid)) return { ...base, valid: false, reason: 'unknown_key' };
  const outcome = await verifyCredentialOffline(text, jwksResolver(keys.jwks), now);
  if (!outcome.valid) {
    if (outcome.reason === 'expired' && outcome.claims && checkFreshness(outcome.claims, now) === 'not_yet_valid') {
      return { ...base, valid: false, reason: 'clock', holder: holderOf(outcome.claims.lic) };
    }
    // The holder of a credential with a bad signature is whatever a forger wrote: never shown.
    return { ...base, valid: false, reason: outcome.reason };
  }
  const holder = holderOf(outcome.claims.lic);
  if (!licenceUsable(outcome.claims.lic, shanghaiDate(now))) return { ...base, valid: false, reason: 'licence_invalid', holder };
  return { ...base, valid: true, holder };
}

/** The server's answer as a verdict: the final word whenever it can be had. */
export function fromLive(answer: LiveAnswer): Verdict {
  return {
    mode: 'live',
    valid: answer.valid,
    reason: answer.valid ? undefined : (answer.reason ?? 'malformed'),
    holder: answer.holder,
    checkedAt: answer.checkedAt,
  };
}

/**
 * Offline first, then live. The offline verdict is not shown on its own while the server is
 * being asked: a licence revoked since issue would otherwise flash green before turning red.
 * The caller bounds the live call with a timeout; when it fails, the offline verdict stands,
 * marked with why the live state is unknown.
 */
export async function verifyCredential(
  text: string,
  deps: {
    /** The keys to check offline with: a refresh may be under way, so a promise is accepted. */
    keys: CachedKeys | null | Promise<CachedKeys | null>;
    now: () => Date;
    live: (qr: string) => Promise<LiveAnswer>;
    classifyLiveError: (e: unknown) => LiveFailure;
  },
): Promise<Verdict> {
  const qr = text.trim();
  // Asked first so the network round trip overlaps the local signature check.
  const live = deps.live(qr).then(
    (answer) => ({ ok: true as const, answer }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const offline = await checkOffline(qr, await deps.keys, deps.now());
  const outcome = await live;
  return outcome.ok ? fromLive(outcome.answer) : { ...offline, liveFailure: deps.classifyLiveError(outcome.error) };
}
