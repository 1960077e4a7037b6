/**
 * Credential signing keys (ES256 / P-256). Embedded and dev mode: the first start makes a
 * key and keeps its private JWK in `elicence_signing_keys`, encrypted with AES-256-GCM
 * under a key derived from SESSION_SECRET (HKDF-SHA256), so a copied database alone does
 * not let anyone sign. Production: the private key comes from ELICENCE_SIGNING_KEY and only
 * its public half is recorded, so a replaced key keeps being published for 24 hours and
 * credentials issued just before a change still verify.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { CREDENTIAL_ALG } from '../../../domain/elicence-credential.ts';
import { elicenceSigningKeys, type PublicJwk } from './tables.ts';

/** How long a retired key stays in the JWKS: far longer than a credential lives (5 minutes). */
export const RETIRED_KEY_PUBLISHED_MS = 24 * 60 * 60 * 1000;
/** Other processes (the CLI's rotation) are picked up within this time. */
const RING_TTL_MS = 60_000;
/** An unknown kid triggers at most one reload in this time, so garbage QR codes cannot hammer the database. */
const UNKNOWN_KID_RELOAD_MS = 5_000;

type KeyRow = typeof elicenceSigningKeys.$inferSelect;

export type { PublicJwk } from './tables.ts';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

// --- encryption at rest -------------------------------------------------------------

const ENC_VERSION = 'v1';

function wrappingKey(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'jiaoguan/elicence-signing-keys', 'private-jwk-encryption v1', 32));
}

/** `v1.<iv>.<ciphertext>.<tag>` in base64url; the kid is authenticated data, so rows cannot swap keys. */
export function encryptPrivateJwk(jwk: JWK, kid: string, sessionSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(sessionSecret), iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return [ENC_VERSION, iv, ct, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decryptPrivateJwk(sealed: string, kid: string, sessionSecret: string): JWK {
  const [version, iv, ct, tag] = sealed.split('.');
  if (version !== ENC_VERSION || !iv || !ct || !tag) throw new Error('unknown signing key encryption format');
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(sessionSecret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as JWK;
}

// --- JWK helpers ----------------------------------------------------------------------

export function publicJwkOf(jwk: JWK, kid: string): PublicJwk {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('an e-licence signing key must be an EC P-256 JWK');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: CREDENTIAL_ALG, use: 'sig' };
}

/** Short kids keep the QR small; 12 base64url characters (72 bits) cannot collide in practice. */
async function kidFor(jwk: JWK): Promise<string> {
  return jwk.kid && /^[A-Za-z0-9_-]{1,64}$/.test(jwk.kid) ? jwk.kid : (await calculateJwkThumbprint(publicJwkOf(jwk, ''), 'sha256')).slice(0, 12);
}

async function importPrivate(jwk: JWK): Promise<CryptoKey> {
  if (!jwk.d) throw new Error('the e-licence signing key must be a private JWK (with "d")');
  return (await importJWK({ ...jwk, alg: CREDENTIAL_ALG }, CREDENTIAL_ALG)) as CryptoKey;
}

async function newKey(): Promise<{ kid: string; privateJwk: JWK; publicJwk: PublicJwk; privateKey: CryptoKey }> {
  const { privateKey } = await generateKeyPair(CREDENTIAL_ALG, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = (await calculateJwkThumbprint(publicJwkOf(privateJwk, ''), 'sha256')).slice(0, 12);
  return { kid, privateJwk, publicJwk: publicJwkOf(privateJwk, kid), privateKey: await importPrivate(privateJwk) };
}

/** Serialises key set-up and rotation across processes sharing the database. */
async function lockKeys(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('jiaoguan.elicence_signing_keys'))`);
}

// --- the key ring ---------------------------------------------------------------------

export interface KeyRing {
  /** The key new credentials are signed with. */
  current(): Promise<SigningKey>;
  /** The public key for `kid` while it is published (current, or retired less than 24 h ago). */
  publicKey(kid: string): Promise<CryptoKey | undefined>;
  /** The JWKS document: current and recently retired keys. */
  jwks(): Promise<{ keys: PublicJwk[] }>;
  /** Makes a new key current and retires the old one (still published for 24 h). */
  rotate(): Promise<{ kid: string; retired: string[] }>;
  /** Forget cached keys (after another process rotated). */
  invalidate(): void;
}

interface RingState {
  loadedAt: number;
  signing: SigningKey;
  published: Array<{ jwk: PublicJwk; retiredAt: Date | null }>;
  imported: Map<string, Promise<CryptoKey | undefined>>;
}

const rings = new WeakMap<AppContext, KeyRing>();

/** The key ring of this app (one per context: tests build many apps in one process). */
export function keyRing(ctx: AppContext): KeyRing {
  let ring = rings.get(ctx);
  if (!ring) {
    ring = createKeyRing(ctx);
    rings.set(ctx, ring);
  }
  return ring;
}

function createKeyRing(ctx: AppContext): KeyRing {
  let state: Promise<RingState> | undefined;
  let lastUnknownReload = -Infinity;
  const configured = ctx.config.elicence.signingKey;

  /** Makes sure a current key exists (creating or recording it) and returns the private key to sign with. */
  async function ensureCurrent(): Promise<SigningKey> {
    const now = ctx.clock.now();
    if (configured) {
      const jwk = JSON.parse(configured) as JWK;
      const kid = await kidFor(jwk);
      const privateKey = await importPrivate(jwk);
      await ctx.db.transaction(async (tx) => {
        await lockKeys(tx);
        const [row] = await tx.select().from(elicenceSigningKeys).where(eq(elicenceSigningKeys.kid, kid));
        if (row && row.retiredAt === null) return;
        // A newly configured key replaces the previous one, which stays published for 24 h.
        await tx.update(elicenceSigningKeys).set({ retiredAt: now }).where(and(isNull(elicenceSigningKeys.retiredAt), ne(elicenceSigningKeys.kid, kid)));
        if (row) await tx.update(elicenceSigningKeys).set({ retiredAt: null }).where(eq(elicenceSigningKeys.kid, kid));
        else await tx.insert(elicenceSigningKeys).values({ kid, privateJwkEncrypted: null, publicJwk: publicJwkOf(jwk, kid), createdAt: now });
        await ctx.audit.record(tx, { actor: { type: 'system' }, action: 'elicence.signing_key_configured', detail: { kid } });
      });
      return { kid, privateKey };
    }
    const secret = ctx.config.secrets.session;
    return ctx.db.transaction(async (tx) => {
      await lockKeys(tx);
      const [row] = await tx.select().from(elicenceSigningKeys).where(isNull(elicenceSigningKeys.retiredAt)).orderBy(desc(elicenceSigningKeys.createdAt)).limit(1);
      if (row?.privateJwkEncrypted) {
        try {
          return { kid: row.kid, privateKey: await importPrivate(decryptPrivateJwk(row.privateJwkEncrypted, row.kid, secret)) };
        } catch {
          // SESSION_SECRET changed since the key was made: it can no longer sign. Retire it
          // (its public half stays published) and start a new one.
          ctx.log.warn({ kid: row.kid }, 'e-licence signing key cannot be decrypted with the current SESSION_SECRET; replacing it');
        }
      }
      await tx.update(elicenceSigningKeys).set({ retiredAt: now }).where(isNull(elicenceSigningKeys.retiredAt));
      const key = await newKey();
      await tx.insert(elicenceSigningKeys).values({
        kid: key.kid,
        privateJwkEncrypted: encryptPrivateJwk(key.privateJwk, key.kid, secret),
        publicJwk: key.publicJwk,
        createdAt: now,
      });
      // Automatic (first start, or a changed SESSION_SECRET): logged, not audited — no one acted.
      ctx.log.info({ kid: key.kid }, 'e-licence signing key created');
      return { kid: key.kid, privateKey: key.privateKey };
    });
  }

  async function publishedRows(db: DbOrTx): Promise<KeyRow[]> {
    const since = new Date(ctx.clock.now().getTime() - RETIRED_KEY_PUBLISHED_MS);
    return db
      .select()
      .from(elicenceSigningKeys)
      .where(or(isNull(elicenceSigningKeys.retiredAt), gt(elicenceSigningKeys.retiredAt, since)))
      .orderBy(sql`${elicenceSigningKeys.retiredAt} is not null`, desc(elicenceSigningKeys.createdAt));
  }

  async function load(): Promise<RingState> {
    const signing = await ensureCurrent();
    const rows = await publishedRows(ctx.db);
    return { loadedAt: Date.now(), signing, published: rows.map((r) => ({ jwk: r.publicJwk, retiredAt: r.retiredAt })), imported: new Map() };
  }

  async function get(): Promise<RingState> {
    // Real time, not the business clock: this is a cache lifetime.
    if (state) {
      const s = await state.catch(() => undefined);
      if (s && Date.now() - s.loadedAt < RING_TTL_MS) return s;
    }
    state = load();
    return state;
  }

  async function reload(): Promise<RingState> {
    state = load();
    return state;
  }

  /** A key counts while current or retired less than 24 h ago by the business clock, even within the cache's life. */
  const publishedNow = (s: RingState, kid: string) =>
    s.published.find((k) => k.jwk.kid === kid && (!k.retiredAt || k.retiredAt.getTime() > ctx.clock.now().getTime() - RETIRED_KEY_PUBLISHED_MS));

  function importPublic(s: RingState, kid: string): Promise<CryptoKey | undefined> {
    const entry = publishedNow(s, kid);
    if (!entry) return Promise.resolve(undefined);
    let key = s.imported.get(kid);
    if (!key) {
      key = importJWK({ ...entry.jwk }, CREDENTIAL_ALG) as Promise<CryptoKey>;
      s.imported.set(kid, key);
    }
    return key;
  }


  return {
    async current() {
      return (await get()).signing;
    },
    async publicKey(kid) {
      let s = await get();
      if (!publishedNow(s, kid) && Date.now() - lastUnknownReload > UNKNOWN_KID_RELOAD_MS) {
        lastUnknownReload = Date.now();
        s = await reload();
      }
      return importPublic(s, kid);
    },
    async jwks() {
      // Read fresh: the endpoint is cached by clients for 5 minutes anyway, and it must
      // stop listing a key once its 24 hours are over.
      await get();
      const rows = await publishedRows(ctx.db);
      return { keys: rows.map((r) => r.publicJwk) };
    },
    async rotate() {
      if (configured) throw new Error('the signing key comes from ELICENCE_SIGNING_KEY: rotate by configuring a new key and restarting');
      const now = ctx.clock.now();
      const key = await newKey();
      const retired = await ctx.db.transaction(async (tx) => {
        await lockKeys(tx);
        const old = await tx.update(elicenceSigningKeys).set({ retiredAt: now }).where(isNull(elicenceSigningKeys.retiredAt)).returning({ kid: elicenceSigningKeys.kid });
        await tx.insert(elicenceSigningKeys).values({
          kid: key.kid,
          privateJwkEncrypted: encryptPrivateJwk(key.privateJwk, key.kid, ctx.config.secrets.session),
          publicJwk: key.publicJwk,
          createdAt: now,
        });
        await ctx.audit.record(tx, { actor: { type: 'system' }, action: 'elicence.signing_key_rotated', detail: { kid: key.kid, retired: old.map((o) => o.kid) } });
        return old.map((o) => o.kid);
      });
      state = undefined;
      return { kid: key.kid, retired };
    },
    invalidate() {
      state = undefined;
    },
  };
}
