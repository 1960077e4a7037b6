import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import {
  CLOCK_SKEW_SECONDS,
  CREDENTIAL_TTL_SECONDS,
  checkFreshness,
  jwksResolver,
  parseCredential,
  verifyCredentialOffline,
  type CredentialClaims,
} from './elicence-credential.ts';

const NOW = new Date('2026-11-25T02:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000);

const claims: CredentialClaims = {
  iss: 'jiaoguan',
  sub: '7d1f0a52-4c4e-4d2a-9a53-2f4b3b0c9e11',
  iat,
  exp: iat + CREDENTIAL_TTL_SECONDS,
  jti: 'q5Bv0p3xYk1z',
  lic: { n: '张伟', no: '4403**********1318', c: 'C1', vf: '2020-06-18', vt: '2030-06-18', st: 'A', fi: '2008-06-18', pt: 3, ph: 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg' },
};

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } as JWK;
  return { privateKey, jwk };
}

const sign = (c: object, key: CryptoKey, kid: string) => new SignJWT({ ...c }).setProtectedHeader({ alg: 'ES256', kid }).sign(key);

describe('e-licence credential (offline part)', async () => {
  const issuer = await keyPair('k1');
  const resolve = jwksResolver({ keys: [issuer.jwk] });
  const jws = await sign(claims, issuer.privateKey, 'k1');

  it('parses and verifies a credential signed by a published key', async () => {
    const parsed = parseCredential(jws);
    expect(parsed).toMatchObject({ ok: true, header: { alg: 'ES256', kid: 'k1' }, claims });
    expect(await verifyCredentialOffline(jws, resolve, NOW)).toMatchObject({ valid: true, claims });
  });

  it('stays well under the QR budget even with a long name', async () => {
    const long = await sign({ ...claims, iss: 'https://jiaoguan.example.gov.cn', lic: { ...claims.lic, n: '欧阳娜娜买买提·艾力' } }, issuer.privateKey, 'k1');
    expect(long.length).toBeLessThanOrEqual(1200);
  });

  it('refuses every single-character change: malformed or bad signature, never valid', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < jws.length; i++) {
      const c = jws[i]!;
      // The neighbouring character in the alphabet differs in the lowest bits, the ones a lax decoder drops.
      const replacement = c === '.' ? 'A' : alphabet[(alphabet.indexOf(c) + 1) % alphabet.length]!;
      const tampered = jws.slice(0, i) + replacement + jws.slice(i + 1);
      const outcome = await verifyCredentialOffline(tampered, resolve, NOW);
      expect(outcome.valid, `position ${i}`).toBe(false);
      if (!outcome.valid) expect(['malformed', 'bad_signature'], `position ${i}`).toContain(outcome.reason);
    }
  });

  it('never accepts arbitrary text and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
        const outcome = await verifyCredentialOffline(text, resolve, NOW);
        expect(outcome.valid).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('is expired once exp is more than 30 s in the past', async () => {
    const at = (s: number) => new Date((claims.exp + s) * 1000);
    expect(await verifyCredentialOffline(jws, resolve, at(CLOCK_SKEW_SECONDS))).toMatchObject({ valid: true });
    expect(await verifyCredentialOffline(jws, resolve, at(CLOCK_SKEW_SECONDS + 1))).toMatchObject({ valid: false, reason: 'expired' });
    expect(checkFreshness(claims, new Date((claims.iat - CLOCK_SKEW_SECONDS - 1) * 1000))).toBe('not_yet_valid');
  });

  it('calls a credential from an unknown or other key a bad signature', async () => {
    const stranger = await keyPair('k1');
    const forged = await sign(claims, stranger.privateKey, 'k1');
    expect(await verifyCredentialOffline(forged, resolve, NOW)).toMatchObject({ valid: false, reason: 'bad_signature' });
    const unknownKid = await sign(claims, issuer.privateKey, 'k9');
    expect(await verifyCredentialOffline(unknownKid, resolve, NOW)).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('refuses every other spelling of the signature bytes (unused low bits of the last character set)', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const [h, p, sig] = jws.split('.') as [string, string, string];
    // 64 bytes are 86 characters: the last carries 2 bits and 4 unused ones.
    const last = alphabet.indexOf(sig[sig.length - 1]!);
    for (let low = 1; low < 16; low++) {
      const variant = `${h}.${p}.${sig.slice(0, -1)}${alphabet[(last & 0x30) | low]}`;
      expect(parseCredential(variant), `low bits ${low}`).toEqual({ ok: false, reason: 'malformed' });
      expect((await verifyCredentialOffline(variant, resolve, NOW)).valid).toBe(false);
    }
  });

  it('verifies nothing with a key that is not ECDSA P-256, whatever the resolver hands back', async () => {
    const p384 = await generateKeyPair('ES384');
    const hmac = await crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    for (const key of [p384.publicKey, hmac, issuer.privateKey]) {
      expect(await verifyCredentialOffline(jws, async () => key, NOW)).toMatchObject({ valid: false, reason: 'bad_signature' });
    }
  });

  it('refuses headers that would change what or how the signature signs (crit, b64) as malformed', async () => {
    const withB64 = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'k1', b64: true, crit: ['b64'] }).sign(issuer.privateKey);
    expect(parseCredential(withB64)).toEqual({ ok: false, reason: 'malformed' });
    const [, p, sig] = jws.split('.') as [string, string, string];
    const b64Only = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'k1', b64: true })).toString('base64url')}.${p}.${sig}`;
    expect(parseCredential(b64Only)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses other algorithms and incomplete claims as malformed', async () => {
    const hs = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new Uint8Array(32));
    expect(parseCredential(hs)).toEqual({ ok: false, reason: 'malformed' });
    const { lic: _lic, ...noLicence } = claims;
    expect(parseCredential(await sign(noLicence, issuer.privateKey, 'k1'))).toEqual({ ok: false, reason: 'malformed' });
    expect(parseCredential(await sign({ ...claims, lic: { ...claims.lic, pt: -1 } }, issuer.privateKey, 'k1'))).toEqual({ ok: false, reason: 'malformed' });
    expect(parseCredential(await sign({ ...claims, exp: claims.iat }, issuer.privateKey, 'k1'))).toEqual({ ok: false, reason: 'malformed' });
    expect(parseCredential(`${jws}.x`)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseCredential('')).toEqual({ ok: false, reason: 'malformed' });
  });
});
