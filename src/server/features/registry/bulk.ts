/**
 * The importer's write path talks to the database driver directly, below Drizzle: building a
 * multi-row statement through the query builder cost more than the database spent running
 * it (measured: a quarter of an import's time went into Drizzle's SQL assembly), and the
 * fastest way rows go in — `COPY … FROM STDIN` — has no query-builder form at all.
 *
 * A `BulkSession` runs one transaction at a time on one connection:
 * - PostgreSQL (node-postgres): a client checked out of the app's pool for the whole import,
 *   `BEGIN`/`COMMIT` around each batch, COPY data sent through node-postgres's Submittable
 *   interface (`client.query(obj)` with `submit(connection)`, what pg-cursor is built on).
 * - PGlite: `PGlite.transaction()`, which holds PGlite's lock so that the app's other queries
 *   wait instead of running inside the import's transaction; COPY reads the batch from the
 *   query's `blob` option (`COPY … FROM '/dev/blob'`).
 *
 * Values read back are cast to text or int in SQL, so both drivers hand back the same strings.
 */
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../../db/client.ts';

/** A value of a COPY row: text, a number, or null (`\N`). */
export type CopyValue = string | number | null;

export interface BulkTx {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /**
   * `COPY table (columns) FROM STDIN` of these rows. Names come from code, never from input.
   * On PostgreSQL the COPY may go out with the transaction's next statement or its COMMIT, so
   * its error can surface there instead, naming the table in `error.table`.
   */
  copy(table: string, columns: readonly string[], rows: readonly CopyValue[][]): Promise<void>;
  /** The same with the rows already in COPY's text format (`copyData`), made ahead of the transaction. */
  copyData(table: string, columns: readonly string[], data: Buffer): Promise<void>;
}

export interface BulkSession {
  transaction<T>(fn: (tx: BulkTx) => Promise<T>): Promise<T>;
  release(): void;
}

const SPECIALS = /[\\\t\n\r]/;

/** One value in COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyField(v: CopyValue): string {
  if (v === null) return '\\N';
  const s = typeof v === 'number' ? String(v) : v;
  return SPECIALS.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

function copyText(rows: readonly CopyValue[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i === 0 ? '' : '\t') + copyField(row[i]!);
    out += '\n';
  }
  return out;
}

/** Rows as the bytes of a `COPY … FROM STDIN` in text format. */
export const copyData = (rows: readonly CopyValue[][]): Buffer => Buffer.from(copyText(rows), 'utf8');

/**
 * `copy` and `copyData` of a `BulkTx` from the session's way to send COPY data: rows are
 * made into COPY text only when there are any, and empty data is never sent.
 */
function copiers(send: (table: string, columns: readonly string[], data: Buffer) => unknown): Pick<BulkTx, 'copy' | 'copyData'> {
  const copyDataOf: BulkTx['copyData'] = async (table, columns, data) => {
    if (data.length > 0) await send(table, columns, data);
  };
  return {
    copy: async (table, columns, rows) => {
      if (rows.length > 0) await copyDataOf(table, columns, copyData(rows));
    },
    copyData: copyDataOf,
  };
}

const copyStatement = (table: string, columns: readonly string[], source: string) => `COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM ${source}`;

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * Submittable for one simple-protocol query of several statements, `COPY … FROM STDIN`
 * among them, whose data is written right behind the query text: every COPY's data
 * followed by CopyDone, in statement order. The server reads them as each COPY starts, so
 * the whole list costs one round trip instead of two per COPY (the query, then its data on
 * CopyInResponse). Should a statement fail, the server skips the rest of the query and
 * ignores the data still on its way (the protocol's rule for CopyData outside a COPY), and
 * the transaction is left aborted for the caller's ROLLBACK.
 */
class Pipeline {
  private error: Error | undefined;
  readonly done: Promise<void>;
  private settle!: { resolve(): void; reject(e: Error): void };

  constructor(
    private readonly text: string,
    private readonly data: readonly Buffer[],
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: PgConnection): void {
    connection.query(this.text);
    for (const chunk of this.data) {
      connection.sendCopyFromChunk(chunk);
      connection.endCopyFrom();
    }
  }

  // node-postgres forgets the active query on an ErrorResponse and never calls its
  // handleReadyForQuery, so a failed statement settles here; later queries wait for ReadyForQuery.
  handleError(err: Error): void {
    this.error = err;
    this.settle.reject(err);
  }

  handleReadyForQuery(): void {
    if (!this.error) this.settle.resolve();
  }

  // Messages node-postgres hands to whatever query is active; the data went with the query.
  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * PostgreSQL: COPYs are held until the transaction's next query or its COMMIT and then sent
 * together with it. On a first load a batch is thus two round trips (the document look-up,
 * then every COPY and the COMMIT), where one per statement left the database waiting for
 * the importer's thread between statements while it checked the next batch
 * (docs/performance/registry-import.md). A COPY's error therefore surfaces from that later
 * query or from the commit, with the table it concerns in `error.table`.
 */
async function pgSession(pool: pg.Pool): Promise<BulkSession> {
  const client = await pool.connect();
  let broken = false;
  let held: Array<{ statement: string; data: Buffer }> = [];
  /** Sends the held COPYs with `tail` (a statement without parameters) in one query. */
  const send = async (tail?: string) => {
    const copies = held;
    held = [];
    const statements = copies.map((c) => c.statement);
    if (tail) statements.push(tail);
    if (statements.length === 0) return;
    const pipeline = new Pipeline(statements.join(';\n'), copies.map((c) => c.data));
    client.query(pipeline as never);
    await pipeline.done;
  };
  const tx: BulkTx = {
    async query(text, params) {
      await send();
      const r = await client.query(text, params as unknown[]);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    ...copiers((table, columns, data) => held.push({ statement: copyStatement(table, columns, 'STDIN'), data })),
  };
  return {
    async transaction(fn) {
      held = [];
      // Not awaited: node-postgres queues the transaction's first query behind it and sends
      // it as soon as BEGIN is answered; a failed BEGIN fails that query too.
      const begin = client.query('BEGIN');
      begin.catch(() => {});
      try {
        const out = await fn(tx);
        await begin;
        await send('COMMIT');
        return out;
      } catch (e) {
        held = [];
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw e;
      }
    },
    // A connection that could not even roll back is destroyed rather than handed to the next request.
    release: () => client.release(broken),
  };
}

function pgliteSession(lite: PGlite): BulkSession {
  const wrap = (t: PGliteTransaction): BulkTx => ({
    async query(text, params) {
      const r = await t.query(text, params);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? 0 };
    },
    // PGlite reads a COPY's data from the query's `blob` option.
    ...copiers((table, columns, data) => t.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([data as Uint8Array<ArrayBuffer>]) })),
  });
  return {
    transaction: (fn) => lite.transaction((t) => fn(wrap(t))),
    release: () => {},
  };
}

/** A session on the app's database; `release()` it when done. */
export async function openBulkSession(database: Database): Promise<BulkSession> {
  // `$client` is Drizzle's documented handle on the driver it was built with.
  const client = (database.db as unknown as { $client: pg.Pool | PGlite }).$client;
  return database.kind === 'postgres' ? pgSession(client as pg.Pool) : pgliteSession(client as PGlite);
}
