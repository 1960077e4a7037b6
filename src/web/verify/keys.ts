import type { JWK } from 'jose';

/**
 * The issuer's public keys kept on the device, so a credential can be checked where there is
 * no network (a roadside stop, a rental desk in a car park). Stored with the time they were
 * fetched: an offline answer must say how old its keys are.
 */
export interface CachedKeys {
  jwks: { keys: JWK[] };
  fetchedAt: string;
}

export const KEYS_STORAGE_KEY = 'jg.verify.jwks';
export const JWKS_PATH = '/.well-known/jwks.json';

/** The minimal storage surface used here (localStorage in the browser, a Map in tests). */
export interface KeyStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function isJwks(value: unknown): value is { keys: JWK[] } {
  if (!value || typeof value !== 'object') return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((k) => k && typeof k === 'object' && typeof (k as JWK).kid === 'string');
}

/** The cached keys, or null when there are none or the stored copy is unreadable. */
export function loadCachedKeys(store: KeyStore): CachedKeys | null {
  let raw: string | null;
  try {
    raw = store.getItem(KEYS_STORAGE_KEY);
  } catch {
    // Storage can be disabled (private modes, policies); the page then works online only.
    return null;
  }
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<CachedKeys>;
    if (!isJwks(value.jwks) || typeof value.fetchedAt !== 'string' || Number.isNaN(Date.parse(value.fetchedAt))) return null;
    return { jwks: value.jwks, fetchedAt: value.fetchedAt };
  } catch {
    return null;
  }
}

/**
 * Fetches the JWKS and stores it with the fetch time (device clock: it is only shown to the
 * verifier, never used to judge a credential). Returns null when the network or the server
 * does not answer with a usable key set; the previous cache is then kept untouched.
 */
export async function refreshKeys(store: KeyStore, fetchFn: typeof fetch, now: () => Date, signal?: AbortSignal): Promise<CachedKeys | null> {
  let res: Response;
  try {
    res = await fetchFn(JWKS_PATH, { headers: { accept: 'application/json' }, cache: 'no-store', signal });
  } catch {
    return null;
  }
  if (!res.ok) return null;
  const body: unknown = await res.json().catch(() => null);
  if (!isJwks(body)) return null;
  const cached: CachedKeys = { jwks: body, fetchedAt: now().toISOString() };
  try {
    store.setItem(KEYS_STORAGE_KEY, JSON.stringify(cached));
  } catch {
    // A full or disabled storage still lets this session verify with the keys in memory.
  }
  return cached;
}
