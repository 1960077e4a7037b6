/**
 * How an import's lines travel to the database: the Batcher closes batches of validated
 * records, the Writer queues them for the database in file order while the importer reads on.
 */
import type { Item } from './plan.ts';
import { naturalKeys } from './validate.ts';
import type { PreparedBatch } from './write.ts';

/**
 * Lines applied per transaction: a batch costs a fixed number of statements and round trips,
 * and the database waits while the importer plans it, so larger is faster until the batch's
 * records dominate memory (`BATCHES_AHEAD` + 1 batches are held at most, ≈ 15 MB each at
 * 5 000 lines). Measured on the bench's 60 000-line file: 1 000 lines per batch took ≈ 25 %
 * longer than 2 000, 5 000 was the fastest, 8 000 slower again.
 */
export const IMPORT_BATCH_LINES = 5000;
/**
 * A batch closes at this many lines when the database has nothing to write (the start of a
 * run, mostly): waiting for a full batch left the database idle while the first was checked.
 */
export const IMPORT_EARLY_BATCH_LINES = 1000;
/** Batches queued for the database at most while the importer reads on (see Writer). */
export const BATCHES_AHEAD = 3;
/**
 * Collects validated lines into batches of `IMPORT_BATCH_LINES` and keeps each batch free of
 * repeated natural keys (a repeat closes the batch), so the batch can be planned as a set yet
 * gives the same result as the lines one by one, the last line of a key winning.
 */
export class Batcher {
  private items: Item[] = [];
  private keys = new Set<string>();
  private readonly early: number;
  /** `idle`: true while the database has nothing to write; a batch then closes at `IMPORT_EARLY_BATCH_LINES`. */
  constructor(
    private readonly flushFn: (items: Item[]) => Promise<void>,
    private readonly size = IMPORT_BATCH_LINES,
    private readonly idle: () => boolean = () => false,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('batchLines must be a positive whole number');
    this.early = Math.min(size, IMPORT_EARLY_BATCH_LINES);
  }

  /** A promise only when the item closed a batch (most lines return at once, without an await). */
  add(item: Item): Promise<void> | undefined {
    const keys = naturalKeys(item.record);
    if (keys.some((k) => this.keys.has(k))) return this.flush().then(() => this.add(item));
    this.items.push(item);
    for (const k of keys) this.keys.add(k);
    const n = this.items.length;
    return n >= this.size || (n >= this.early && this.idle()) ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.keys = new Set();
    await this.flushFn(items);
  }
}

/**
 * Batches wait here for the database, in file order, while the next ones are read and
 * checked: with PostgreSQL in its own process, checking and writing overlap on two cores.
 * A batch starts only once the one before it committed, so it sees that batch's rows.
 * Up to `BATCHES_AHEAD` batches are queued: the file's parts cost the two sides unequally
 * (licences and vehicles more in the database, violations more in checking), and with one
 * batch ahead the importer stood idle through every part the database was slower at.
 * Memory holds `BATCHES_AHEAD + 1` batches at most.
 */
export class Writer {
  private readonly queued: Array<Promise<void>> = [];
  private last: Promise<void> = Promise.resolve();
  private writing = 0;
  constructor(
    private readonly write: (batch: { items: Item[]; prepared: PreparedBatch }) => Promise<void>,
    private readonly ahead = BATCHES_AHEAD,
  ) {}

  /** `prepared` is made by the caller before this waits for room in the queue (write.ts, prepareBatch). */
  async submit(batch: { items: Item[]; prepared: PreparedBatch }): Promise<void> {
    // A failed batch fails the import here: everything queued after it is skipped.
    while (this.queued.length >= this.ahead) await this.queued.shift();
    this.writing++;
    const p = this.last.then(() => this.write(batch));
    this.last = p;
    // Awaited by a later submit or drain; this only keeps Node from calling it unhandled meanwhile.
    p.then(
      () => this.writing--,
      () => this.writing--,
    );
    this.queued.push(p);
  }

  /** True while a batch is queued or being written. */
  get busy(): boolean {
    return this.writing > 0;
  }

  async drain(): Promise<void> {
    while (this.queued.length) await this.queued.shift();
  }

  /** Waits for every queued batch to end, failed or not (before the connection is released). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.queued.splice(0));
  }
}
