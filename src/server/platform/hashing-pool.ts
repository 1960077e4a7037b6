/**
 * Argon2id off the event loop AND out of the way of everything else. @node-rs/argon2's async
 * functions run on libuv's pool: 4 threads, each a whole core for ~20–40 ms, at the same
 * scheduling priority as the event loop. On a 2-core machine a login storm then takes both
 * cores and every other request waits its turn on the CPU (measured: GET /me p99 ×5–7 during
 * a storm). Here hashing runs in worker threads that lower their own priority (Linux nice
 * values are per thread): idle CPU still goes to hashing, so calm logins lose nothing, but the
 * event loop, the database and other processes are scheduled first. At most one job per
 * worker runs at a time; the rest wait in a FIFO queue without holding a core.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

export interface Argon2Options {
  algorithm: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface HashingPoolOptions {
  /** Worker threads (= hashes at once). Default: the cores available to this process. */
  size?: number;
  /**
   * How much nicer than the thread that starts them the workers make themselves on Linux
   * (0: the same priority). Relative, so a service started with `nice` keeps the gap.
   * Default 19 (clamped to nice 19, the lowest priority).
   */
  niceDelta?: number;
}

type Job =
  | { op: 'hash'; plain: string; options: Argon2Options }
  | { op: 'verify'; stored: string; plain: string };

interface Pending {
  job: Job;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
}

// CommonJS evaluated in the worker: no TypeScript loader is needed, so it runs the same
// under tsx, vitest and plain node. Only Linux lowers the calling thread alone; elsewhere
// setpriority(0) would lower the whole process, so the worker leaves it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const argon2 = require(workerData.argon2Path);
if (process.platform === 'linux' && workerData.niceDelta) {
  // A new thread starts with the nice value of the thread that made it.
  const os = require('node:os');
  try { os.setPriority(0, Math.min(19, os.getPriority(0) + workerData.niceDelta)); } catch {}
}
parentPort.on('message', (m) => {
  try {
    const result = m.op === 'hash' ? argon2.hashSync(m.plain, m.options) : argon2.verifySync(m.stored, m.plain);
    parentPort.postMessage({ ok: true, result });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String((e && e.message) || e) });
  }
});
`;

const argon2Path = createRequire(import.meta.url).resolve('@node-rs/argon2');

export class HashingPool {
  readonly size: number;
  readonly niceDelta: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(options: HashingPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? os.availableParallelism()));
    this.niceDelta = options.niceDelta ?? 19;
  }

  hash(plain: string, options: Argon2Options): Promise<string> {
    return this.run({ op: 'hash', plain, options }) as Promise<string>;
  }

  /** Rejects for a malformed stored hash, like @node-rs/argon2's verify. */
  verify(stored: string, plain: string): Promise<boolean> {
    return this.run({ op: 'verify', stored, plain }) as Promise<boolean>;
  }

  /** Jobs waiting for a worker (not counting the ones running). */
  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('hashing pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private run(job: Job): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('hashing pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      // Referenced only while working: an idle pool must not keep a CLI process alive.
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { argon2Path, niceDelta: this.niceDelta } });
    const slot: Slot = { worker, busy: undefined };
    worker.unref();
    worker.on('message', (m: { ok: boolean; result?: unknown; error?: string }) => {
      const pending = slot.busy;
      slot.busy = undefined;
      worker.unref();
      if (m.ok) pending?.resolve(m.result);
      else pending?.reject(new Error(m.error));
      this.dispatch();
    });
    // A worker that dies (out of memory, a crash in the addon) fails its own job only; the
    // next job gets a fresh worker.
    const lost = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      slot.busy?.reject(err);
      slot.busy = undefined;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`hashing worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}
