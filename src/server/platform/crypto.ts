import { createHmac, createSecretKey, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Algorithm } from '@node-rs/argon2';
import type { AppContext } from '../context.ts';
import { HashingPool } from './hashing-pool.ts';

/**
 * Argon2id parameters: OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane). Exported
 * so the benchmark measures exactly what logins pay. Hashing runs in a low-priority worker
 * pool (hashing-pool.ts), so it neither blocks the event loop nor takes its CPU.
 */
export const ARGON2_PARAMS = {
  // Algorithm.Argon2id; a const enum, which verbatimModuleSyntax cannot import as a value.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export interface CryptoService {
  /** Hex HMAC-SHA256 with LOOKUP_HASH_SECRET: finds a personal number without storing it whole. */
  lookupHash(value: string): string;
  /** Argon2id hash in PHC string form. */
  hashSecret(plain: string): Promise<string>;
  /** False for a wrong secret and for a malformed stored hash alike. */
  verifySecret(hash: string, plain: string): Promise<boolean>;
  /** Random bytes as base64url (default 32 bytes = 256 bits). */
  randomToken(bytes?: number): string;
  /** Hex SHA-256, for storing bearer tokens: they are already high-entropy, so no salt is needed. */
  sha256(value: string): string;
}

declare module '../context.ts' {
  interface AppContext {
    crypto: CryptoService;
  }
}

export function createCryptoService(lookupSecret: string, pool: HashingPool): CryptoService {
  // One key object for every hash: a string key is converted again on each createHmac
  // (≈ 20 % of a lookup hash, which the registry import computes for every document).
  const lookupKey = createSecretKey(Buffer.from(lookupSecret, 'utf8'));
  return {
    lookupHash: (value) => createHmac('sha256', lookupKey).update(value, 'utf8').digest('hex'),
    hashSecret: (plain) => pool.hash(plain, ARGON2_PARAMS),
    verifySecret: async (stored, plain) => {
      try {
        return await pool.verify(stored, plain);
      } catch {
        // A corrupt or foreign hash string must read as "no match", never as a 500.
        return false;
      }
    },
    randomToken: (bytes = 32) => randomBytes(bytes).toString('base64url'),
    // One-shot hash (UTF-8 input, hex output, the same digest): every authenticated request
    // hashes its token, and a Hash object per call cost ~1 µs more (docs/performance/read-cache-home.md).
    sha256: (value) => hash('sha256', value, 'hex'),
  };
}

/** Constant-time comparison of two strings (different lengths compare false). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function setupCrypto(ctx: AppContext): void {
  const pool = new HashingPool();
  ctx.crypto = createCryptoService(ctx.config.secrets.lookupHash, pool);
  ctx.onClose.push(() => pool.close());
}
