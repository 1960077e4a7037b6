/**
 * The electronic driving licence credential (REFERENCE.md §6, API.md "Electronic driving
 * licence"): a compact JWS (RFC 7515) signed with ES256 whose payload names the holder's
 * licence. This module is shared by the server and the /verify page: it parses and checks
 * structure and freshness without I/O, and verifies the signature with WebCrypto (keys
 * imported by `jose`), which runs the same in Node and in browsers — so a verifier that
 * cached the issuer's JWKS can check a QR offline. The live registry state is the server's part.
 */
import { base64url, importJWK, type JWK } from 'jose';

export const CREDENTIAL_ALG = 'ES256';
/** A credential lives 5 minutes: a screenshot goes stale before it can be passed on. */
export const CREDENTIAL_TTL_SECONDS = 300;
/** Allowed disagreement between the issuer's clock and a verifier's. */
export const CLOCK_SKEW_SECONDS = 30;
/** Beyond this a QR gets dense enough to scan slowly from a phone screen (API.md). */
export const MAX_CREDENTIAL_LENGTH = 1200;

/**
 * The licence as the credential states it. Claim names are short on purpose: every byte
 * makes the QR denser.
 */
export interface LicenceClaim {
  /** Holder's name. */
  n: string;
  /** Licence number masked (first 4 and last 4 kept). */
  no: string;
  /** Permitted classes as printed, e.g. C1 or C1E. */
  c: string;
  /** Valid from, YYYY-MM-DD. */
  vf: string;
  /** Valid to, YYYY-MM-DD; null for a long-term licence. */
  vt: string | null;
  /** State letters at issue time, e.g. A. */
  st: string;
  /** First issue date, YYYY-MM-DD. */
  fi: string;
  /** Points standing in the current scoring cycle. */
  pt: number;
  /** base64url SHA-256 of the approved licence photo. */
  ph: string;
}

export interface CredentialClaims {
  iss: string;
  /** Opaque e-licence id; never the document number. */
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  lic: LicenceClaim;
}

export interface CredentialHeader {
  alg: typeof CREDENTIAL_ALG;
  kid: string;
}

export type ParsedCredential =
  | {
      ok: true;
      header: CredentialHeader;
      claims: CredentialClaims;
      /** What the signature covers and the signature itself, for `verifyCredentialOffline`. */
      signed: { input: string; signature: string };
    }
  | { ok: false; reason: 'malformed' };

export type OfflineFailure = 'malformed' | 'bad_signature' | 'expired';
export type OfflineOutcome =
  | { valid: true; header: CredentialHeader; claims: CredentialClaims }
  | { valid: false; reason: OfflineFailure; header?: CredentialHeader; claims?: CredentialClaims };

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** An ES256 signature (r‖s, 32 bytes each, RFC 7518 §3.4) in base64url: 86 characters. */
const SIGNATURE_CHARS = 86;
const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * True when `segment` is the only base64url spelling of its bytes: the alphabet, no
 * padding, no impossible length, and the unused low bits of the last character zero. A
 * decoder that ignores those bits would otherwise accept an altered signature character
 * as the same signature.
 */
function isCanonicalSegment(segment: string): boolean {
  if (!SEGMENT.test(segment)) return false;
  const tail = segment.length % 4;
  if (tail === 1) return false;
  if (tail === 0) return true;
  // 2 characters carry 1 byte (4 bits unused), 3 carry 2 bytes (2 bits unused).
  return (BASE64URL.indexOf(segment[segment.length - 1]!) & (tail === 2 ? 0x0f : 0x03)) === 0;
}

function decodeSegment(segment: string): Uint8Array | undefined {
  if (!isCanonicalSegment(segment)) return undefined;
  try {
    return base64url.decode(segment);
  } catch {
    return undefined;
  }
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeSegment(segment);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isString = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function isLicenceClaim(v: unknown): v is LicenceClaim {
  if (!v || typeof v !== 'object') return false;
  const l = v as Record<string, unknown>;
  return (
    isString(l.n, 64) &&
    isString(l.no, 40) &&
    isString(l.c, 40) &&
    isString(l.vf) &&
    DATE.test(l.vf) &&
    (l.vt === null || (isString(l.vt) && DATE.test(l.vt))) &&
    isString(l.st, 20) &&
    isString(l.fi) &&
    DATE.test(l.fi) &&
    isInt(l.pt) &&
    isString(l.ph, 64)
  );
}

/**
 * Splits and decodes a credential and checks its structure: three canonical base64url
 * segments, an ES256 header naming a key, and every claim present with its type. No
 * signature or time check here.
 */
export function parseCredential(text: string): ParsedCredential {
  const malformed = { ok: false, reason: 'malformed' } as const;
  if (typeof text !== 'string' || text.length > MAX_CREDENTIAL_LENGTH * 2) return malformed;
  const parts = text.trim().split('.');
  if (parts.length !== 3) return malformed;
  const [h, p, s] = parts as [string, string, string];
  // The signature is only decoded to be checked; here its spelling and length suffice.
  if (s.length !== SIGNATURE_CHARS || !isCanonicalSegment(s)) return malformed;
  const header = decodeJson(h);
  const claims = decodeJson(p);
  if (!header || !claims) return malformed;
  // No header that would change what the signature covers or how (RFC 7515 §4.1.11, RFC 7797).
  if (header.alg !== CREDENTIAL_ALG || !isString(header.kid, 100) || 'crit' in header || 'b64' in header) return malformed;
  if (!isString(claims.iss) || !isString(claims.sub, 100) || !isString(claims.jti, 100) || !isInt(claims.iat) || !isInt(claims.exp)) return malformed;
  if (claims.exp <= claims.iat || !isLicenceClaim(claims.lic)) return malformed;
  return { ok: true, header: { alg: CREDENTIAL_ALG, kid: header.kid }, claims: claims as unknown as CredentialClaims, signed: { input: `${h}.${p}`, signature: s } };
}

/**
 * Freshness at `now`: expired once `exp` is more than the skew in the past; a credential
 * issued further in the future than the skew allows cannot be judged fresh either.
 */
export function checkFreshness(claims: Pick<CredentialClaims, 'iat' | 'exp'>, now: Date, skewSeconds = CLOCK_SKEW_SECONDS): 'fresh' | 'expired' | 'not_yet_valid' {
  const t = Math.floor(now.getTime() / 1000);
  if (claims.exp + skewSeconds < t) return 'expired';
  if (claims.iat - skewSeconds > t) return 'not_yet_valid';
  return 'fresh';
}

/** Looks up the public key a credential names; undefined for a kid the issuer never published. */
export type KeyResolver = (kid: string) => Promise<CryptoKey | undefined>;

/** A resolver over a JWKS document (as served at /.well-known/jwks.json), importing each key once. */
export function jwksResolver(jwks: { keys: JWK[] }): KeyResolver {
  const cache = new Map<string, Promise<CryptoKey | undefined>>();
  return (kid) => {
    let key = cache.get(kid);
    if (!key) {
      const jwk = jwks.keys.find((k) => k.kid === kid && k.kty === 'EC' && k.crv === 'P-256');
      key = jwk ? (importJWK({ ...jwk, alg: CREDENTIAL_ALG }, CREDENTIAL_ALG) as Promise<CryptoKey>).catch(() => undefined) : Promise.resolve(undefined);
      cache.set(kid, key);
    }
    return key;
  };
}

/**
 * Everything a verifier can check without the registry: structure, the signature with the
 * key named by `kid` (an unknown kid is a bad signature: nobody we trust signed it), then
 * freshness. Order matters: an expired credential is only reported as expired once its
 * signature is known to be ours.
 */
export async function verifyCredentialOffline(text: string, resolveKey: KeyResolver, now: Date): Promise<OfflineOutcome> {
  const parsed = parseCredential(text);
  if (!parsed.ok) return { valid: false, reason: 'malformed' };
  const { header, claims, signed } = parsed;
  const key = await resolveKey(header.kid);
  if (!key || !(await verifiesEs256(key, signed))) return { valid: false, reason: 'bad_signature', header };
  const freshness = checkFreshness(claims, now);
  // A signed credential from the future means a wrong clock somewhere; it is not fresh.
  if (freshness !== 'fresh') return { valid: false, reason: 'expired', header, claims };
  return { valid: true, header, claims };
}

/**
 * ES256 over the JWS signing input (RFC 7515 §5.2), with WebCrypto: the same call `jose`
 * makes once it has parsed the token, made here on the segments `parseCredential` already
 * split, decoded and checked (algorithm pinned, no `crit`, no `b64`, canonical base64url).
 * Parsing the token a second time inside jose cost about a tenth of a verification.
 * A key for anything but ECDSA on P-256 verifies nothing.
 */
function verifiesEs256(key: CryptoKey, signed: { input: string; signature: string }): Promise<boolean> | false {
  const algorithm = key.algorithm as EcKeyAlgorithm;
  if (key.type !== 'public' || algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256' || !key.usages.includes('verify')) return false;
  try {
    // A plain promise, not an async function: one turn of the microtask queue less per check.
    return crypto.subtle
      .verify({ name: 'ECDSA', hash: 'SHA-256' }, key, base64url.decode(signed.signature) as Uint8Array<ArrayBuffer>, encoder.encode(signed.input))
      .catch(() => false);
  } catch {
    return false;
  }
}
