/**
 * What the load generator itself costs per login (docs/performance/login-and-elicence.md §5).
 * The `login` case charges autocannon's CPU to the login side only (the raw baseline has no
 * load generator), so it matters whether that CPU is per request or a fixed cost (starting a
 * Node process, loading autocannon, its timers) that falls outside the measured window.
 *
 * A bare Fastify route in this process answers like a login does (POST with a JSON body, a
 * ~700-byte JSON answer, two Set-Cookie headers) after `delay` ms, counting the requests it
 * serves; autocannon runs in a child process exactly as bench/load.ts starts it, and its
 * /proc/<pid>/stat is sampled every 50 ms beside the request counter. Reported: CPU before
 * the first request (start-up), CPU per request while requests flow (the middle of the run),
 * and the tail after the last one.
 *
 *   npx tsx bench/autocannon-cpu.ts [seconds=6]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify from 'fastify';
import { readProc } from './cpu.ts';
import { round } from './harness.ts';

const require = createRequire(import.meta.url);
const AUTOCANNON_CLI = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
const TICK_MS = 10; // USER_HZ 100
const seconds = Number(process.argv[2] ?? 6);

let served = 0;
let delayMs = 0;
const app = Fastify({ logger: false });
const answer = {
  token: 'x'.repeat(43),
  expiresAt: new Date().toISOString(),
  csrfToken: 'y'.repeat(32),
  account: { id: '00000000-0000-4000-8000-000000000000', status: 'active', name: '张*', phone: '138****0004', docType: 'resident_id', docNumber: '4403**********1822', gestureEnabled: false, region: '440300', createdAt: new Date().toISOString(), pad: 'z'.repeat(350) },
};
app.post('/login', async (_req, reply) => {
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  served++;
  reply.header('set-cookie', [`jg_session=${answer.token}; Path=/; HttpOnly; SameSite=Lax`, `jg_csrf=${answer.csrfToken}; Path=/; SameSite=Lax`]);
  reply.header('cache-control', 'no-store');
  return answer;
});
const url = await app.listen({ port: 7201, host: '127.0.0.1' });

async function one(label: string, opts: { rate?: number; delay: number; connections: number }) {
  delayMs = opts.delay;
  served = 0;
  const args = [AUTOCANNON_CLI, '-j', '-n', '-c', String(opts.connections), '-d', String(seconds), '-m', 'POST', '-b', JSON.stringify({ login: '13800000004', password: 'Bench-Lantern-Ferry-2026' }), '-H', 'content-type=application/json'];
  if (opts.rate) args.push('--overallRate', String(opts.rate));
  args.push(`${url}/login`);
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: Array<{ t: number; ticks: number; served: number }> = [];
  const timer = setInterval(() => {
    const p = readProc(child.pid!);
    if (p) samples.push({ t: performance.now() - t0, ticks: p.ticks, served });
  }, 50);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  await new Promise((r) => child.on('close', r));
  clearInterval(timer);
  const r = JSON.parse(out) as { requests: { total: number; average: number } };
  const first = samples.find((s) => s.served > 0)!;
  const last = samples[samples.length - 1]!;
  // The steady part: from 1 s after the first request to 0.5 s before the last sample.
  const a = samples.find((s) => s.t >= first.t + 1000)!;
  const b = [...samples].reverse().find((s) => s.t <= last.t - 500)!;
  const perReq = ((b.ticks - a.ticks) * TICK_MS) / Math.max(1, b.served - a.served);
  const cpuPerSecond = ((b.ticks - a.ticks) * TICK_MS) / ((b.t - a.t) / 1000);
  console.log(
    `${label.padEnd(34)} ${String(r.requests.total).padStart(6)} req, ${round(r.requests.average)} rps | start-up ${first.ticks * TICK_MS} ms CPU (${round(first.t)} ms wall)` +
      ` | steady ${round(perReq, 3)} ms CPU/request = ${round(cpuPerSecond)} ms CPU/s | whole run ${last.ticks * TICK_MS} ms = ${round((last.ticks * TICK_MS) / r.requests.total, 3)} ms/request`,
  );
}

for (let round_ = 0; round_ < 2; round_++) {
  await one('×4, 17 ms answers (login-like)', { delay: 17, connections: 4 });
  await one('×4, rate 200/s', { delay: 0, connections: 4, rate: 200 });
  await one('×4, rate 50/s', { delay: 0, connections: 4, rate: 50 });
  await one('×4, as fast as it goes', { delay: 0, connections: 4 });
}
await app.close();
