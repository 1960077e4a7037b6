/**
 * Checks an import's lines (JSON parsing and validation, line-check.ts) in chunks, first in
 * the importer's own thread and, once the file turns out to be large, in a worker thread:
 * parsing and validation are about a third of the importer's CPU per line, and in a worker
 * they run beside the batch writing (and, on PGlite, beside the database itself) instead of
 * taking turns with it.
 *
 * Outcomes come back in the order the chunks went in. The caller bounds the chunks in
 * flight, so memory stays flat whatever the file's size. If the worker cannot start (no
 * threads, a loader missing), checking simply stays in this thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { checkLine, type LineOutcome } from './line-check.ts';

// CommonJS evaluated in the worker, as in the hashing pool: it loads the TypeScript entry
// through tsx's API, so no loader flag has to reach the thread.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((api) => api.tsImport(workerData.entry, workerData.entry));
`;
const tsxApi = import.meta.resolve('tsx/esm/api');
const entry = new URL('./line-worker.ts', import.meta.url).href;

interface Waiting {
  resolve(o: LineOutcome[]): void;
  reject(e: Error): void;
}

export class LineChecks {
  private worker: Worker | undefined;
  private ready = false;
  private failure: Error | undefined;
  private readonly waiting: Waiting[] = [];

  constructor(
    private readonly now: Date,
    private readonly today: string,
  ) {}

  /** True once chunks go to the worker thread. */
  get threaded(): boolean {
    return this.ready && !this.failure;
  }

  /** Starts the worker; chunks are checked here until it reports ready. */
  startWorker(): void {
    if (this.worker) return;
    let worker: Worker;
    try {
      worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsxApi, entry, nowMs: this.now.getTime(), today: this.today } });
    } catch {
      return;
    }
    this.worker = worker;
    worker.unref();
    worker.on('message', (m: { ready?: true; outcomes?: LineOutcome[]; failed?: string }) => {
      if (m.ready) this.ready = true;
      else if (m.outcomes) this.waiting.shift()?.resolve(m.outcomes);
      else this.fail(new Error(`registry import: checking a line failed: ${m.failed}`));
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => this.fail(new Error('registry import: the line-checking thread ended')));
  }

  private fail(e: Error): void {
    if (!this.ready) {
      // Never came up: go on in this thread.
      this.worker = undefined;
      return;
    }
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  /** Outcomes of `lines`, the first being line `first`. */
  check(first: number, lines: string[]): LineOutcome[] | Promise<LineOutcome[]> {
    if (!this.failure && (!this.ready || !this.worker)) return lines.map((raw, i) => checkLine(raw, first + i, this.now, this.today));
    const worker = this.worker;
    const p = this.failure
      ? Promise.reject(this.failure)
      : new Promise<LineOutcome[]>((resolve, reject) => {
          this.waiting.push({ resolve, reject });
          worker!.postMessage({ first, lines });
        });
    // The caller awaits chunks in order and stops at the first failure: later ones must not count as unhandled.
    p.catch(() => {});
    return p;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
  }
}
