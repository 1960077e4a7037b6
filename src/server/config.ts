import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Environment → typed, nested configuration, validated once before the app is built.
 * Every bad variable is reported at once; production refuses the demo secrets.
 */
const DEMO_SECRETS = {
  SESSION_SECRET: 'dev-session-secret-change-me',
  LOOKUP_HASH_SECRET: 'dev-lookup-hash-secret-change-me',
  SANDBOX_PAYMENT_SECRET: 'sandbox-secret',
} as const;

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DEMO_SEED: z.enum(['auto', 'on', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JIAOGUAN_NOW: z.string().datetime({ offset: true }).optional(),
  SESSION_SECRET: z.string().min(16).default(DEMO_SECRETS.SESSION_SECRET),
  LOOKUP_HASH_SECRET: z.string().min(16).default(DEMO_SECRETS.LOOKUP_HASH_SECRET),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(24 * 7),
  SMS_PROVIDER: z.enum(['outbox', 'aliyun']).default('outbox'),
  ALIYUN_SMS_ENDPOINT: z.string().url().default('https://dysmsapi.aliyuncs.com/'),
  ALIYUN_SMS_ACCESS_KEY_ID: z.string().optional(),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().optional(),
  ALIYUN_SMS_SIGN_NAME: z.string().optional(),
  ALIYUN_SMS_TEMPLATE_CODE: z.string().optional(),
  PAYMENT_PROVIDER: z.enum(['sandbox', 'alipay']).default('sandbox'),
  SANDBOX_PAYMENT_SECRET: z.string().min(1).default(DEMO_SECRETS.SANDBOX_PAYMENT_SECRET),
  ALIPAY_APP_ID: z.string().optional(),
  ALIPAY_PRIVATE_KEY: z.string().optional(),
  ALIPAY_PUBLIC_KEY: z.string().optional(),
  ALIPAY_GATEWAY: z.string().url().default('https://openapi.alipay.com/gateway.do'),
  TRUST_PROXY: bool,
  JOBS_POLL_MS: z.coerce.number().int().positive().default(500),
  /** Private JWK (EC P-256) that signs e-licence credentials; required in production, generated and kept in the database otherwise. */
  ELICENCE_SIGNING_KEY: z.string().optional(),
  /** API processes sharing the port (node:cluster); `auto` = one per CPU. */
  WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(256)]).default(1),
  /** The per-process cache of computed answers and sessions, kept fresh by database change notifications. */
  READ_CACHE: z.enum(['on', 'off']).default('on'),
  READ_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
  /** A backstop against a missed invalidation, not the mechanism that keeps entries fresh. */
  READ_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  http: { host: string; port: number; publicUrl: string | undefined; trustProxy: boolean };
  dataDir: string;
  database: { kind: 'pglite'; dir: string | null } | { kind: 'postgres'; url: string };
  demoSeed: boolean;
  logLevel: string;
  /** Fixed start instant for the clock (dev/test only). */
  now: Date | undefined;
  secrets: { session: string; lookupHash: string; sandboxPayment: string };
  sessionTtlHours: number;
  sms:
    | { provider: 'outbox' }
    | {
        provider: 'aliyun';
        endpoint: string;
        accessKeyId: string;
        accessKeySecret: string;
        signName: string;
        templateCode: string;
      };
  payments:
    | { provider: 'sandbox' }
    | { provider: 'alipay'; alipay: { appId: string; privateKey: string; alipayPublicKey: string; gateway: string } };
  jobs: { pollMs: number };
  elicence: { signingKey: string | undefined };
  /** API processes to run; above 1 the server forks them with node:cluster (PostgreSQL only). */
  workers: number;
  /** In-memory cache of computed answers (platform/read-cache.ts); `enabled: false` computes every read. */
  readCache: { enabled: boolean; maxEntries: number; ttlSeconds: number };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses configuration from an environment. `overrides.inMemoryDb` gives tests an
 * embedded database that is not persisted.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: { inMemoryDb?: boolean; cpus?: number } = {},
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction) {
    for (const [name, demo] of Object.entries(DEMO_SECRETS)) {
      if ((e as Record<string, unknown>)[name] === demo) problems.push(`${name}: the demo value must not be used in production`);
    }
    if (e.JIAOGUAN_NOW) problems.push('JIAOGUAN_NOW: not allowed in production');
    if (e.SMS_PROVIDER === 'outbox') problems.push('SMS_PROVIDER: the outbox provider is for development; configure a real provider');
  }
  let sms: Config['sms'] = { provider: 'outbox' };
  if (e.SMS_PROVIDER === 'aliyun') {
    const missing = (['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_CODE'] as const).filter((k) => !e[k]);
    for (const k of missing) problems.push(`${k}: required when SMS_PROVIDER=aliyun`);
    sms = {
      provider: 'aliyun',
      endpoint: e.ALIYUN_SMS_ENDPOINT,
      accessKeyId: e.ALIYUN_SMS_ACCESS_KEY_ID ?? '',
      accessKeySecret: e.ALIYUN_SMS_ACCESS_KEY_SECRET ?? '',
      signName: e.ALIYUN_SMS_SIGN_NAME ?? '',
      templateCode: e.ALIYUN_SMS_TEMPLATE_CODE ?? '',
    };
  }
  if (e.PAYMENT_PROVIDER === 'alipay') {
    for (const k of ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'] as const) if (!e[k]) problems.push(`${k}: required when PAYMENT_PROVIDER=alipay`);
    // Alipay posts its notifications to an absolute URL of ours.
    if (!e.PUBLIC_URL) problems.push('PUBLIC_URL: required when PAYMENT_PROVIDER=alipay (Alipay sends payment notifications there)');
  }
  if (e.ELICENCE_SIGNING_KEY !== undefined) {
    const why = signingKeyProblem(e.ELICENCE_SIGNING_KEY);
    if (why) problems.push(`ELICENCE_SIGNING_KEY: ${why}`);
  } else if (isProduction) problems.push('ELICENCE_SIGNING_KEY: required in production (a private EC P-256 JWK as JSON)');
  const workers = e.WORKERS === 'auto' ? (overrides.cpus ?? os.availableParallelism()) : e.WORKERS;
  // PGlite lives inside one process's memory: a second process would open a second,
  // diverging copy of the same files. Only a server database can be shared.
  if (workers > 1 && !e.DATABASE_URL) {
    problems.push(
      `WORKERS: ${e.WORKERS === 'auto' ? `auto (${workers} CPUs)` : workers} API processes need a PostgreSQL server (set DATABASE_URL); the embedded database belongs to a single process — use WORKERS=1`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    isProduction,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL, trustProxy: e.TRUST_PROXY },
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dir: overrides.inMemoryDb ? null : path.join(dataDir, 'pglite') },
    demoSeed: e.DEMO_SEED === 'on' || (e.DEMO_SEED === 'auto' && !e.DATABASE_URL && !isProduction),
    logLevel: e.LOG_LEVEL,
    now: e.JIAOGUAN_NOW ? new Date(e.JIAOGUAN_NOW) : undefined,
    secrets: { session: e.SESSION_SECRET, lookupHash: e.LOOKUP_HASH_SECRET, sandboxPayment: e.SANDBOX_PAYMENT_SECRET },
    sessionTtlHours: e.SESSION_TTL_HOURS,
    sms,
    payments:
      e.PAYMENT_PROVIDER === 'alipay'
        ? { provider: 'alipay', alipay: { appId: e.ALIPAY_APP_ID ?? '', privateKey: e.ALIPAY_PRIVATE_KEY ?? '', alipayPublicKey: e.ALIPAY_PUBLIC_KEY ?? '', gateway: e.ALIPAY_GATEWAY } }
        : { provider: 'sandbox' },
    jobs: { pollMs: e.JOBS_POLL_MS },
    elicence: { signingKey: e.ELICENCE_SIGNING_KEY },
    workers,
    readCache: { enabled: e.READ_CACHE === 'on', maxEntries: e.READ_CACHE_MAX_ENTRIES, ttlSeconds: e.READ_CACHE_TTL_SECONDS },
  };
}

/** Why an ELICENCE_SIGNING_KEY value cannot sign ES256 credentials; undefined when it can. Never echoes the key. */
function signingKeyProblem(value: string): string | undefined {
  let jwk: unknown;
  try {
    jwk = JSON.parse(value);
  } catch {
    return 'not JSON (expected a private JWK)';
  }
  const k = jwk as Record<string, unknown>;
  if (!k || typeof k !== 'object' || k.kty !== 'EC' || k.crv !== 'P-256') return 'must be an EC P-256 JWK';
  if (typeof k.x !== 'string' || typeof k.y !== 'string' || typeof k.d !== 'string') return 'must be a private JWK with x, y and d';
  return undefined;
}
