import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';

/** `jiaoguan keys rotate` as an operator runs it, on a temporary embedded database or a fresh PostgreSQL one. */
const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-keys-'));
  env = { DATA_DIR: dataDir, JIAOGUAN_LANG: 'en', NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_SEED: 'off' };
  if (process.env.JG_TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `jg_keys_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    env.DATABASE_URL = dbUrl.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
});
afterAll(async () => {
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});

function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('jiaoguan keys rotate', { timeout: 300_000 }, () => {
  it('makes a new key current and keeps the old one published', async () => {
    const first = await cli(['keys', 'rotate']);
    expect(first.code, first.stderr).toBe(0);
    const m1 = /^New e-licence signing key in use: ([A-Za-z0-9_-]{12})\. Retired \(still published in the JWKS for 24 hours\): ([A-Za-z0-9_-]{12})\.$/m.exec(first.stdout);
    expect(m1, first.stdout).not.toBeNull();
    const second = await cli(['keys', 'rotate']);
    const m2 = /in use: ([A-Za-z0-9_-]{12})\. Retired .*: ([A-Za-z0-9_-]{12})\.$/m.exec(second.stdout);
    expect(m2, second.stdout).not.toBeNull();
    expect(m2![2]).toBe(m1![1]);

    const app = await buildApp({ config: loadConfig({ ...env }), logger: false, startWorkers: false });
    try {
      const keys = (await app.inject({ url: '/.well-known/jwks.json' })).json().keys as Array<{ kid: string }>;
      // The key made at first start, and the two rotated in: all within 24 hours.
      expect(keys.map((k) => k.kid)).toEqual([m2![1], m1![1], m1![2]]);
    } finally {
      await app.close();
    }
  });

  it('refuses when the key comes from ELICENCE_SIGNING_KEY', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const jwk = JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }));
    const r = await cli(['keys', 'rotate'], { ELICENCE_SIGNING_KEY: jwk });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ELICENCE_SIGNING_KEY');
  });
});
