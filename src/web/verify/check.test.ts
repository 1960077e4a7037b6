import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { checkOffline, licenceUsable, shanghaiDate, verifyCredential, type LiveAnswer } from './check.ts';
import { KEYS_STORAGE_KEY, loadCachedKeys, refreshKeys, type CachedKeys, type KeyStore } from './keys.ts';
import type { LicenceClaim } from '../../domain/elicence-credential.ts';

const ISSUED = Date.parse('2026-11-25T02:00:00Z');
const at = (offsetSeconds: number) => new Date(ISSUED + offsetSeconds * 1000);

const licence = (over: Partial<LicenceClaim> = {}): LicenceClaim => ({
  n: '赵敏',
  no: '1101**********4260',
  c: 'C1',
  vf: '2018-10-16',
  vt: '2028-10-16',
  st: 'A',
  fi: '2012-10-16',
  pt: 0,
  ph: 'axxEW_arrleP5LLnOKy-5rQywyGibk0-PFeG5eiJoZ0',
  ...over,
});

async function issuer(kid = 'k1') {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = (lic: LicenceClaim = licence(), iat = ISSUED / 1000) =>
    new SignJWT({ lic })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer('jiaoguan')
      .setSubject('32d8ed00-e612-49bf-84f3-27c995005d79')
      .setJti('mWfh3RSnIoxl')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(privateKey);
  const keys: CachedKeys = { jwks: { keys: [jwk] }, fetchedAt: '2026-11-25T01:00:00.000Z' };
  return { sign, keys };
}

describe('checkOffline', () => {
  it('accepts a fresh credential signed by a cached key and shows the licence it states', async () => {
    const { sign, keys } = await issuer();
    const v = await checkOffline(await sign(), keys, at(60));
    expect(v).toMatchObject({ valid: true, mode: 'offline', keysFetchedAt: keys.fetchedAt, checkedAt: at(60).toISOString() });
    expect(v.holder).toEqual({ name: '赵敏', numberMasked: '1101**********4260', class: 'C1', validTo: '2028-10-16', status: 'A' });
  });

  it('refuses an altered payload as a bad signature and shows nothing a forger wrote', async () => {
    const { sign, keys } = await issuer();
    const [h, , s] = (await sign()).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: 'jiaoguan', sub: 'x', iat: ISSUED / 1000, exp: ISSUED / 1000 + 300, jti: 'j', lic: licence({ n: '张三' }) })).toString('base64url')}.${s}`;
    const v = await checkOffline(forged, keys, at(60));
    expect(v).toMatchObject({ valid: false, reason: 'bad_signature' });
    expect(v.holder).toBeUndefined();
  });

  it('refuses a credential signed by a key the issuer never published as a bad signature', async () => {
    const real = await issuer('k1');
    const impostor = await issuer('k1');
    expect(await checkOffline(await impostor.sign(), real.keys, at(60))).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('names an uncached key id as such: a rotation is not a forgery', async () => {
    const cached = await issuer('old');
    const rotated = await issuer('new');
    expect(await checkOffline(await rotated.sign(), cached.keys, at(60))).toMatchObject({ valid: false, reason: 'unknown_key' });
  });

  it('expires after 5 minutes plus 30 seconds of skew, and blames the clock for a code from the future', async () => {
    const { sign, keys } = await issuer();
    const qr = await sign();
    expect((await checkOffline(qr, keys, at(330))).valid).toBe(true);
    expect(await checkOffline(qr, keys, at(331))).toMatchObject({ valid: false, reason: 'expired' });
    expect(await checkOffline(qr, keys, at(-31))).toMatchObject({ valid: false, reason: 'clock', holder: { name: '赵敏' } });
  });

  it('says malformed for text that is no credential, and no_keys when nothing is cached', async () => {
    const { sign } = await issuer();
    expect(await checkOffline('https://example.com/', null, at(0))).toMatchObject({ valid: false, reason: 'malformed' });
    expect(await checkOffline(await sign(), null, at(0))).toMatchObject({ valid: false, reason: 'no_keys', keysFetchedAt: undefined });
  });

  it('refuses a genuine fresh credential for a licence that was not usable when it was shown', async () => {
    const { sign, keys } = await issuer();
    const v = await checkOffline(await sign(licence({ st: 'D' })), keys, at(60));
    expect(v).toMatchObject({ valid: false, reason: 'licence_invalid', holder: { status: 'D' } });
  });
});

describe('licenceUsable', () => {
  it('needs state A, a validity not ended on the Shanghai date, and fewer than 12 points', () => {
    expect(licenceUsable(licence(), '2026-11-25')).toBe(true);
    expect(licenceUsable(licence({ vt: null }), '2099-01-01')).toBe(true);
    expect(licenceUsable(licence({ vt: '2026-11-25' }), '2026-11-25')).toBe(true);
    expect(licenceUsable(licence({ vt: '2026-11-24' }), '2026-11-25')).toBe(false);
    expect(licenceUsable(licence({ st: 'DH' }), '2026-11-25')).toBe(false);
    expect(licenceUsable(licence({ pt: 11 }), '2026-11-25')).toBe(true);
    expect(licenceUsable(licence({ pt: 12 }), '2026-11-25')).toBe(false);
  });

  it('dates in Asia/Shanghai, not UTC', () => {
    expect(shanghaiDate(new Date('2026-11-24T16:30:00Z'))).toBe('2026-11-25');
  });
});

describe('verifyCredential', () => {
  const classify = () => 'network' as const;

  it('takes the live answer as final: a licence revoked since issue is not valid', async () => {
    const { sign, keys } = await issuer();
    const revoked: LiveAnswer = { valid: false, reason: 'revoked', checkedAt: '2026-11-25T02:01:00.000Z' };
    const v = await verifyCredential(await sign(), { keys, now: () => at(60), live: async () => revoked, classifyLiveError: classify });
    expect(v).toEqual({ mode: 'live', valid: false, reason: 'revoked', holder: undefined, checkedAt: revoked.checkedAt });
  });

  it('falls back to the offline verdict, saying why the live state is unknown', async () => {
    const { sign, keys } = await issuer();
    const v = await verifyCredential(`  ${await sign()}\n`, {
      keys: Promise.resolve(keys),
      now: () => at(60),
      live: async () => {
        throw new TypeError('Failed to fetch');
      },
      classifyLiveError: classify,
    });
    expect(v).toMatchObject({ mode: 'offline', valid: true, liveFailure: 'network', keysFetchedAt: keys.fetchedAt });
  });

  it('sends the trimmed text to the server', async () => {
    const { sign, keys } = await issuer();
    const qr = await sign();
    const sent: string[] = [];
    await verifyCredential(`\n${qr} `, { keys, now: () => at(60), live: async (q) => (sent.push(q), { valid: true, checkedAt: 'x' }), classifyLiveError: classify });
    expect(sent).toEqual([qr]);
  });
});

describe('cached keys', () => {
  const memory = (): KeyStore & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };
  const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', alg: 'ES256', use: 'sig' }] };
  const now = () => new Date('2026-11-25T02:00:00Z');

  it('stores a fetched JWKS with its fetch time and reads it back', async () => {
    const store = memory();
    const fetched = await refreshKeys(store, (async () => new Response(JSON.stringify(jwks), { headers: { 'content-type': 'application/json' } })) as typeof fetch, now);
    expect(fetched).toEqual({ jwks, fetchedAt: '2026-11-25T02:00:00.000Z' });
    expect(loadCachedKeys(store)).toEqual(fetched);
  });

  it('keeps the previous keys when the network fails or the server answers nonsense', async () => {
    const store = memory();
    store.setItem(KEYS_STORAGE_KEY, JSON.stringify({ jwks, fetchedAt: '2026-11-20T00:00:00.000Z' }));
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await refreshKeys(store, offline, now)).toBeNull();
    const html = (async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })) as typeof fetch;
    expect(await refreshKeys(store, html, now)).toBeNull();
    const error = (async () => new Response('{}', { status: 503 })) as typeof fetch;
    expect(await refreshKeys(store, error, now)).toBeNull();
    expect(loadCachedKeys(store)?.fetchedAt).toBe('2026-11-20T00:00:00.000Z');
  });

  it('treats an unreadable stored copy as no keys', () => {
    const store = memory();
    store.setItem(KEYS_STORAGE_KEY, '{not json');
    expect(loadCachedKeys(store)).toBeNull();
    store.setItem(KEYS_STORAGE_KEY, JSON.stringify({ jwks: { keys: 'none' }, fetchedAt: '2026-11-20T00:00:00.000Z' }));
    expect(loadCachedKeys(store)).toBeNull();
  });
});
