import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';

/**
 * The CLI as operators run it: `npx tsx src/cli/main.ts …` in a child process, on a
 * temporary DATA_DIR (embedded database) or, in the postgres project, a fresh database.
 */
const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-cli-'));
  env = { DATA_DIR: dataDir, JIAOGUAN_LANG: 'en', NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  if (process.env.JG_TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `jg_cli_${randomBytes(5).toString('hex')}`;
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

function cli(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const SUMMARY = /^(\d+) lines: (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) rejected in [\d.]+ s \(\d+ lines\/s\)$/m;

describe('jiaoguan CLI', { timeout: 300_000 }, () => {
  it('migrate applies the migrations', async () => {
    const r = await cli(['migrate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`migrations applied (${env.DATABASE_URL ? 'postgres' : 'pglite'})`);
  });

  it('staff create prints exactly the username and a generated password that logs in', async () => {
    const r = await cli(['staff', 'create', '--username', 'Desk.Lead', '--role', 'officer']);
    expect(r.code).toBe(0);
    const m = /^username: desk\.lead\npassword: ([A-Za-z0-9]{16})\n$/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();

    const config = loadConfig({ ...env }, {});
    const app = await buildApp({ config, logger: false, startWorkers: false });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'desk.lead', password: m![1] } });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ staff: { username: 'desk.lead', role: 'officer', mustChangePassword: true } });
    } finally {
      await app.close();
    }

    const twice = await cli(['staff', 'create', '--username', 'desk.lead', '--role', 'officer']);
    expect(twice.code).toBe(1);
    expect(twice.stdout).toBe('');
    const badRole = await cli(['staff', 'create', '--username', 'someone', '--role', 'boss']);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/reviewer, officer, admin/);
  });

  it('registry import reports counts, rate and every rejected line; exit 1 when a line is rejected', async () => {
    const file = path.join(dataDir, 'people.ndjson');
    const good = (n: number) => JSON.stringify({ kind: 'person', name: '测试人员', sex: 'F', birthDate: '1990-01-01', documents: [{ docType: 'passport', docNumber: `E${n}12345` }] });
    writeFileSync(file, [good(1), good(2), 'not json', JSON.stringify({ kind: 'licence' })].join('\n') + '\n');
    const r = await cli(['registry', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^line 3: not valid JSON$/m);
    expect(r.stdout).toMatch(/^line 4: holder is missing$/m);
    expect(SUMMARY.exec(r.stdout)?.slice(1, 6)).toEqual(['4', '2', '0', '0', '2']);

    const again = await cli(['registry', 'import', '-'], [good(1), good(2)].join('\n'));
    expect(again.code).toBe(0);
    expect(SUMMARY.exec(again.stdout)?.slice(1, 6)).toEqual(['2', '0', '0', '2', '0']);
  });

  it('registry import refuses a file that is not NDJSON with exit 2, and a missing file with exit 1', async () => {
    const file = path.join(dataDir, 'table.csv');
    writeFileSync(file, 'name,sex\n张三,M\n');
    const r = await cli(['registry', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/file refused: Not an NDJSON file/);
    const missing = await cli(['registry', 'import', path.join(dataDir, 'nothing.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/file not found/);
  });

  it('demo seed loads the demo registry and staff, and is idempotent', async () => {
    const first = await cli(['demo', 'seed']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/demo registry: \d+ created, 0 updated, 0 unchanged, 0 rejected; demo staff: reviewer \(created\), admin \(created\)/);
    const second = await cli(['demo', 'seed']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/demo registry: 0 created, 0 updated, \d+ unchanged, 0 rejected; demo staff: reviewer \(exists\), admin \(exists\)/);

    const app = await buildApp({ config: loadConfig({ ...env }), logger: false, startWorkers: false });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/staff/sessions', payload: { username: 'admin', password: 'Admin#2026' } });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ staff: { role: 'admin', mustChangePassword: false } });
    } finally {
      await app.close();
    }
  });
});
