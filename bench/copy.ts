/**
 * Bulk loading with PostgreSQL's `COPY … FROM STDIN` (text format), on both databases:
 *
 * - PostgreSQL (node-postgres): `pg-copy-streams` is not a dependency, but node-postgres
 *   accepts any "Submittable" (`client.query(obj)` with a `submit(connection)` method, the
 *   interface pg-cursor and pg-query-stream are built on) and its connection sends CopyData
 *   and CopyDone messages. `CopyIn` below is such a submittable: it streams chunks and waits
 *   for the socket to drain, so memory stays flat however many rows go through.
 * - PGlite: `COPY … FROM '/dev/blob'` with the chunk passed as the query's `blob` option.
 *   One statement per chunk: PGlite holds the whole blob in memory.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../src/server/db/client.ts';

/** A row of a COPY: strings, numbers or null (`\N`). */
export type CopyValue = string | number | null;

/** Escapes one value for COPY's text format (backslash, tab, newline, carriage return). */
export function copyField(v: CopyValue): string {
  if (v === null) return '\\N';
  const s = typeof v === 'number' ? String(v) : v;
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

export function copyLine(values: CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** node-postgres Submittable for `COPY … FROM STDIN`, fed from an async iterable of text chunks. */
class CopyIn {
  rowCount = 0;
  private error: Error | undefined;
  readonly done: Promise<number>;
  private settle!: { resolve(n: number): void; reject(e: Error): void };

  constructor(
    private readonly text: string,
    private readonly chunks: AsyncIterable<string>,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    void (async () => {
      try {
        for await (const chunk of this.chunks) {
          if (this.error) return;
          connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
          if (connection.stream.writableNeedDrain) await new Promise((r) => connection.stream.once('drain', r));
        }
        connection.endCopyFrom();
      } catch (e) {
        // The server rolls the COPY back on CopyFail; the error comes back through handleError.
        connection.sendCopyFail(e instanceof Error ? e.message : String(e));
      }
    })();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rowCount = Number(m[1]);
  }

  handleError(err: Error): void {
    this.error = err;
  }

  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.rowCount);
  }

  // Messages a COPY never produces; node-postgres calls them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Groups rows into text chunks of about `chunkBytes`. */
export async function* chunked(rows: Iterable<CopyValue[]> | AsyncIterable<CopyValue[]>, chunkBytes = 1 << 20, onRows?: (n: number) => void): AsyncGenerator<string> {
  let parts: string[] = [];
  let size = 0;
  let count = 0;
  for await (const row of rows) {
    const line = copyLine(row);
    parts.push(line);
    size += line.length;
    count++;
    if (size >= chunkBytes) {
      yield parts.join('');
      onRows?.(count);
      parts = [];
      size = 0;
      count = 0;
    }
  }
  if (parts.length) {
    yield parts.join('');
    onRows?.(count);
  }
}

/**
 * `COPY table (columns) FROM STDIN` of text chunks on the app's database. Table and column
 * names come from code, never from input. Returns the rows copied.
 */
export async function copyInto(database: Database, table: string, columns: string[], chunks: AsyncIterable<string>): Promise<number> {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const client = (database.db as unknown as { $client: pg.Pool | PGlite }).$client;
  if (database.kind === 'postgres') {
    const pool = client as pg.Pool;
    const conn = await pool.connect();
    try {
      const copy = new CopyIn(`COPY "${table}" (${cols}) FROM STDIN`, chunks);
      conn.query(copy as never);
      return await copy.done;
    } finally {
      conn.release();
    }
  }
  const lite = client as PGlite;
  let total = 0;
  for await (const chunk of chunks) {
    const res = await lite.query(`COPY "${table}" (${cols}) FROM '/dev/blob'`, [], { blob: new Blob([chunk]) });
    total += res.affectedRows ?? 0;
  }
  return total;
}
