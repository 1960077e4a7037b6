/**
 * Cluster mode (WORKERS > 1): the primary process serves nothing itself. It prepares the
 * database once (main.ts), forks the API processes, which share the listening port through
 * node:cluster, restarts a worker that dies (with back-off, so a worker that cannot start
 * does not spin), forwards SIGTERM/SIGINT for a graceful shutdown, and answers the workers'
 * requests for cluster-wide metrics.
 *
 * Everything that must happen once lives elsewhere and is safe with N processes:
 * migrations and the demo seed run in the primary before forking; the e-licence key ring
 * creates its first key under an advisory lock; rate limits and login throttles are rows
 * in the database; job runners claim with FOR UPDATE SKIP LOCKED.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** Back-off between restarts of a worker that keeps dying: 1 s, 2 s, 4 s … capped at 30 s. */
export const RESTART_INITIAL_MS = 1_000;
export const RESTART_MAX_MS = 30_000;
/** A worker that ran this long before dying counts as healthy: its restart starts the back-off over. */
export const RESTART_STABLE_MS = 60_000;
/** Workers still running this long after SIGTERM are killed. */
export const SHUTDOWN_GRACE_MS = 30_000;

/** IPC between a worker's /metrics route and the primary, and between the primary and every worker. */
export const METRICS_REQUEST = 'jiaoguan:cluster-metrics-req';
export const METRICS_RESPONSE = 'jiaoguan:cluster-metrics-res';
const COLLECT_REQUEST = 'jiaoguan:worker-metrics-req';
const COLLECT_RESPONSE = 'jiaoguan:worker-metrics-res';
/** How long the primary waits for each worker's registry before answering with those that came. */
const COLLECT_TIMEOUT_MS = 2_000;

/** Delay before restarting a worker after its `failures`-th consecutive early death (1-based). */
export function restartDelayMs(failures: number): number {
  return Math.min(RESTART_INITIAL_MS * 2 ** Math.max(0, failures - 1), RESTART_MAX_MS);
}

interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  failures: number;
  restartTimer?: NodeJS.Timeout;
}

export interface PrimaryOptions {
  workers: number;
  log: Logger;
  /** Called once, when the first worker listens (the banner). */
  onListening(address: { address: string; port: number }): void;
}

/** Forks `workers` API processes and supervises them until SIGTERM/SIGINT; never resolves. */
export function runPrimary(o: PrimaryOptions): void {
  const slots: Slot[] = Array.from({ length: o.workers }, (_, index) => ({ index, startedAt: 0, failures: 0 }));
  const bySlot = new Map<Worker, Slot>();
  let shuttingDown = false;
  let announced = false;
  /** Workers whose server listens: only they have a metrics registry to answer with. */
  const listening = new Set<Worker>();
  let collections = 0;
  const pending = new Map<number, { waiting: Set<Worker>; parts: unknown[][]; finish(): void }>();

  /** Every listening worker's registry as JSON, summed (prom-client's cluster aggregation rules). */
  const collect = (): Promise<string> =>
    new Promise((resolve) => {
      const id = ++collections;
      const waiting = new Set(listening);
      const parts: unknown[][] = [];
      const finish = () => {
        clearTimeout(timer);
        pending.delete(id);
        // A hung worker is left out rather than failing the scrape; jiaoguan_process_info shows who answered.
        if (waiting.size) o.log.warn({ missing: [...waiting].map((w) => w.id) }, 'cluster metrics: some workers did not answer');
        resolve(AggregatorRegistry.aggregate(parts as never).metrics());
      };
      const timer = setTimeout(finish, COLLECT_TIMEOUT_MS);
      pending.set(id, { waiting, parts, finish });
      if (waiting.size === 0) return finish();
      for (const w of waiting) w.send({ type: COLLECT_REQUEST, id });
    });

  const fork = (slot: Slot) => {
    slot.restartTimer = undefined;
    slot.startedAt = Date.now();
    const worker = cluster.fork();
    slot.worker = worker;
    bySlot.set(worker, slot);
    o.log.info({ worker: worker.id, pid: worker.process.pid, slot: slot.index + 1 }, 'API worker started');
  };

  cluster.on('listening', (worker, address) => {
    listening.add(worker);
    o.log.info({ worker: worker.id, pid: worker.process.pid, port: address.port }, 'API worker listening');
    if (!announced) {
      announced = true;
      o.onListening({ address: address.address ?? '127.0.0.1', port: address.port });
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const slot = bySlot.get(worker);
    bySlot.delete(worker);
    listening.delete(worker);
    for (const p of pending.values()) if (p.waiting.delete(worker) && p.waiting.size === 0) p.finish();
    if (shuttingDown) {
      o.log.info({ worker: worker.id, pid: worker.process.pid, code, signal }, 'API worker stopped');
      if (bySlot.size === 0) process.exit(0);
      return;
    }
    if (!slot) return;
    slot.worker = undefined;
    const lived = Date.now() - slot.startedAt;
    slot.failures = lived >= RESTART_STABLE_MS ? 1 : slot.failures + 1;
    const delay = restartDelayMs(slot.failures);
    o.log.error({ worker: worker.id, pid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delay }, 'API worker exited; restarting it');
    slot.restartTimer = setTimeout(() => fork(slot), delay);
  });

  // A worker's /metrics asks here; the primary asks every listening worker and sums their registries.
  cluster.on('message', (worker, message: { type?: string; id?: number; metrics?: unknown[] }) => {
    if (message?.type === COLLECT_RESPONSE) {
      const p = pending.get(message.id ?? -1);
      if (!p || !p.waiting.delete(worker)) return;
      p.parts.push(message.metrics ?? []);
      if (p.waiting.size === 0) p.finish();
      return;
    }
    if (message?.type !== METRICS_REQUEST) return;
    collect().then(
      (text) => worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id: message.id, text }),
      (e: Error) => worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id: message.id, error: e.message }),
    );
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      // A second signal: the operator does not want to wait.
      o.log.warn({ signal }, 'second signal: killing the API workers');
      for (const w of bySlot.keys()) w.process.kill('SIGKILL');
      return;
    }
    shuttingDown = true;
    o.log.info({ signal, workers: bySlot.size }, 'shutting down: stopping the API workers');
    for (const slot of slots) if (slot.restartTimer) clearTimeout(slot.restartTimer);
    if (bySlot.size === 0) process.exit(0);
    // Each worker closes its server (in-flight requests finish) and its database pool.
    for (const w of bySlot.keys()) w.process.kill('SIGTERM');
    setTimeout(() => {
      o.log.warn({ workers: bySlot.size }, `API workers still running ${SHUTDOWN_GRACE_MS / 1000} s after ${signal}: killing them`);
      for (const w of bySlot.keys()) w.process.kill('SIGKILL');
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  for (const slot of slots) fork(slot);
}

/** In a worker: answer the primary's requests for this process's metrics. */
export function answerMetricsRequests(registry: Registry): void {
  process.on('message', (m: { type?: string; id?: number }) => {
    if (m?.type !== COLLECT_REQUEST) return;
    registry.getMetricsAsJSON().then(
      (metrics) => process.send?.({ type: COLLECT_RESPONSE, id: m.id, metrics }),
      () => process.send?.({ type: COLLECT_RESPONSE, id: m.id, metrics: [] }),
    );
  });
}

let metricsRequests = 0;

/** In a worker: the metrics of every worker, summed by the primary (prom-client's cluster aggregation). */
export function clusterMetrics(timeoutMs = 5_000): Promise<string> {
  const id = ++metricsRequests;
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string; id?: number; text?: string; error?: string }) => {
      if (m?.type !== METRICS_RESPONSE || m.id !== id) return;
      done();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.text ?? '');
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('the primary did not answer the metrics request'));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}
