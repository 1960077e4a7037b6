/**
 * The importer's checking thread (line-checks.ts): chunks of raw lines in, their outcomes
 * out, in the order they came. Loaded through tsx's `tsImport` from a small CommonJS
 * bootstrap, so it runs the same under tsx, vitest and the CLI.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkLine, type LineOutcome } from './line-check.ts';

const port = parentPort!;
const now = new Date((workerData as { nowMs: number }).nowMs);
const today = (workerData as { today: string }).today;

port.on('message', (m: { first: number; lines: string[] }) => {
  let outcomes: LineOutcome[];
  try {
    outcomes = m.lines.map((raw, i) => checkLine(raw, m.first + i, now, today));
  } catch (e) {
    // Not a refused line but a bug: the importer ends with it, as it would without the worker.
    port.postMessage({ failed: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    return;
  }
  port.postMessage({ outcomes });
});
port.postMessage({ ready: true });
