import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real server in cluster mode (WORKERS=2) on a fresh, empty PostgreSQL database: what
 * must happen once happens once, and what must hold across processes holds. PostgreSQL
 * only: the embedded database refuses WORKERS > 1 (src/server/config.test.ts).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const onPostgres = process.env.JG_TEST_DB === 'postgres' && Boolean(process.env.TEST_DATABASE_URL);

interface Answer {
  status: number;
  worker: string | undefined;
  body: string;
}

/** One request on its own connection, so the primary hands each to the next worker in turn. */
function request(port: number, method: string, url: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port, method, path: url, agent: false, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: res.headers['x-jiaoguan-worker'] as string | undefined, body: text }));
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${url}: no answer in 15 s`)));
    req.end(payload);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const parentPid = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

/** `jiaoguan_process_info` series of the cluster-wide /metrics: pid → worker number. */
function processInfo(metrics: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of metrics.matchAll(/^jiaoguan_process_info\{pid="(\d+)",worker="(\d+)"\} 1$/gm)) out.set(Number(m[1]), m[2]!);
  return out;
}

async function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

// Runs in the postgres project only (vitest.config.ts); anywhere else it must fail, not pass quietly.
describe('cluster mode (WORKERS=2) on PostgreSQL', () => {
  if (!onPostgres) throw new Error('cluster mode needs PostgreSQL (TEST_DATABASE_URL)');
  let admin: pg.Client;
  let db: pg.Client;
  let dbName: string;
  let server: ChildProcess;
  let port: number;
  let output = '';
  const count = async (text: string, values: unknown[] = []) => Number((await db.query(text, values)).rows[0].n);

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    dbName = `jg_test_cluster_${randomBytes(4).toString('hex')}`;
    // Empty, not migrated: the primary must migrate it once before the workers start.
    await admin.query(`create database ${dbName}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${dbName}`;
    port = await freePort();
    server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: url.toString(), WORKERS: '2', HOST: '127.0.0.1', PORT: String(port), DEMO_SEED: 'on', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
    db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    // Both workers up: distinct worker headers on fresh connections.
    await until('both workers to answer', 120_000, async () => {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}: ${output.slice(-2000)}`);
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const a = await request(port, 'GET', '/healthz');
        if (a.status === 200 && a.worker) seen.add(a.worker);
      }
      return seen.size === 2 ? true : undefined;
    });
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      for (const pid of processInfoPids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    await db?.end();
    await admin?.query(`drop database if exists ${dbName} with (force)`);
    await admin?.end();
  });
  const processInfoPids = new Set<number>();

  it('runs two API processes, children of the primary, both answering and both in the cluster-wide metrics', async () => {
    const workers = new Set<string>();
    for (let i = 0; i < 6; i++) workers.add((await request(port, 'GET', '/readyz')).worker!);
    expect(workers.size).toBe(2);
    const info = processInfo((await request(port, 'GET', '/metrics')).body);
    expect(info.size).toBe(2);
    for (const pid of info.keys()) {
      processInfoPids.add(pid);
      expect(parentPid(pid)).toBe(server.pid);
    }
    expect(new Set(info.values())).toEqual(workers);
  });

  it('migrated and seeded the demo once', async () => {
    expect(await count(`select count(*) as n from drizzle.__drizzle_migrations`)).toBeGreaterThan(0);
    // Each import run enqueues one registry.imported job; each demo staff member is audited once.
    expect(await count(`select count(*) as n from jobs where kind = 'registry.imported'`)).toBe(1);
    expect(await count(`select count(*) as n from audit_log where action = 'staff.created'`)).toBe(2);
    expect(output.match(/demo seed: demo registry loaded/g)?.length).toBe(1);
  });

  it('keeps the login throttle across workers: 5 failures spread over both lock the 6th', async () => {
    const login = { login: '13800009999', password: 'Not-The-Password-1' };
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push(await request(port, 'POST', '/api/v1/sessions', login));
    expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(failures.map((f) => f.worker)).size).toBe(2);
    // Whichever worker takes them, the next attempts are refused.
    const next = [await request(port, 'POST', '/api/v1/sessions', login), await request(port, 'POST', '/api/v1/sessions', login)];
    expect(next.map((n) => n.status)).toEqual([429, 429]);
    expect(new Set(next.map((n) => n.worker)).size).toBe(2);
    // The cluster-wide /metrics counts them all, whichever worker answered each.
    const metrics = (await request(port, 'GET', '/metrics')).body;
    const counted = (status: number) =>
      Number(new RegExp(`^http_request_duration_seconds_count\\{method="POST",route="/api/v1/sessions",status="${status}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect([counted(401), counted(429)]).toEqual([5, 2]);
  });

  it('restarts workers that die, and two workers starting together create one first e-licence key', async () => {
    const before = processInfo((await request(port, 'GET', '/metrics')).body);
    expect(before.size).toBe(2);
    // Each worker makes sure a signing key exists when it starts (the seed in the primary
    // made the first one). Without any key, two workers restarted together race to create
    // it: the advisory lock in keys.ts must leave exactly one.
    await db.query('delete from elicence_signing_keys');
    for (const pid of before.keys()) process.kill(pid, 'SIGKILL');
    const after = await until('two replacement workers', 120_000, async () => {
      const info = processInfo((await request(port, 'GET', '/metrics')).body);
      return info.size === 2 && ![...before.keys()].some((pid) => info.has(pid)) ? info : undefined;
    });
    for (const pid of after.keys()) {
      processInfoPids.add(pid);
      expect(parentPid(pid)).toBe(server.pid);
    }
    expect(output.match(/API worker exited; restarting it/g)?.length).toBe(2);
    expect(await count('select count(*) as n from elicence_signing_keys')).toBe(1);
    const answers = await Promise.all(Array.from({ length: 6 }, () => request(port, 'GET', '/.well-known/jwks.json')));
    expect(new Set(answers.map((a) => a.worker)).size).toBe(2);
    const kids = new Set(answers.map((a) => (JSON.parse(a.body) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid).join(',')));
    expect(kids.size).toBe(1);
    expect([...kids][0]).toMatch(/^[A-Za-z0-9_-]{12}$/);
  }, 150_000);

  it('stops every worker on SIGTERM and exits 0', async () => {
    const workers = [...processInfo((await request(port, 'GET', '/metrics')).body).keys()];
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);
});
