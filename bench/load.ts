/**
 * HTTP load from a child process: autocannon's own CLI, so the load generator does not share
 * the server's event loop (the server and the bare baseline both live in the bench process;
 * the generator's CPU cost is the same for both, which is what makes their ratio honest).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AUTOCANNON_CLI = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Requests per second over all connections (autocannon --overallRate); unset: as fast as they go. */
  rate?: number;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon against `url` and returns its averages; throws when it fails to run. */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const args = [AUTOCANNON_CLI, '-j', '-n', '-c', String(o.connections), '-d', String(o.durationSeconds)];
  if (o.rate !== undefined) args.push('--overallRate', String(Math.max(1, Math.round(o.rate))));
  if (o.method) args.push('-m', o.method);
  if (o.body !== undefined) args.push('-b', o.body);
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(o.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.trim()}`));
      try {
        const r = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
        resolve({ rps: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors });
      } catch (e) {
        reject(new Error(`autocannon output not understood: ${(e as Error).message}: ${out.slice(0, 200)}`));
      }
    });
  });
}
