import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, round, type BenchCase, type CaseResult } from '../harness.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `node --import tsx src/server/main.ts` and measures the time until /healthz answers 200. */
async function timeStart(dataDir: string): Promise<{ ms: number; child: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development', DEMO_SEED: 'auto' };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const deadline = t0 + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr.length > 800 ? `${stderr.slice(0, 400)} … ${stderr.slice(-400)}` : stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return { ms: performance.now() - t0, child };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error('server did not answer /healthz within 60 s');
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function caseStartup(): Promise<CaseResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-bench-start-'));
  try {
    const first = await timeStart(dataDir);
    await stop(first.child);
    const second = await timeStart(dataDir);
    await stop(second.child);
    return {
      name: 'startup',
      rps: null,
      p50Ms: null,
      p99Ms: null,
      ratio: round(first.ms / 10_000, 3),
      ratioMeans: 'first start (fresh DATA_DIR, migrations and demo seed) ÷ the 10 s budget',
      baseline: { what: '10 s budget' },
      bar: { rule: 'first start ≤ 10 s (ratio ≤ 1)', pass: first.ms <= 10_000 },
      details: { firstStartMs: Math.round(first.ms), secondStartMs: Math.round(second.ms) },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const startupCase: BenchCase = { name: 'startup', quick: true, run: () => caseStartup() };
