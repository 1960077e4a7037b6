/**
 * Writes one planned import batch (plan.ts) inside one transaction, with a fixed number of
 * statements whatever the batch size:
 *
 * 1. one look-up of every document the batch names (people's own and references);
 * 2. per table, one look-up of which natural keys already exist; new rows go in with
 *    `COPY` (the database's bulk path: no per-row statement, no conflict arbiter), rows
 *    that exist are updated with one `UPDATE … FROM unnest(…) WHERE … IS DISTINCT FROM …`,
 *    which also tells a real change from an unchanged line.
 *
 * A key inserted meanwhile by another import makes the COPY fail on the primary key; the
 * whole batch then rolls back and the importer retries it in halves (service.ts), where the
 * look-up sees the new row and updates it: nothing is lost and nothing half-applied.
 */
import type { DocRef } from './validate.ts';
import { copyData, type BulkTx } from './bulk.ts';
import { planPersons, planRecords, violationRow, waitingKey, type Counts, type Item, type KnownPerson, type RowValue } from './plan.ts';
import { LineError, personReference, type PersonRecord } from './validate.ts';

interface TableSpec {
  table: string;
  /** Natural key columns, a prefix of `columns`. */
  key: number;
  /** Written columns with their SQL types, in the order of the rows of plan.ts. */
  columns: ReadonlyArray<readonly [name: string, type: string]>;
}

export const TABLES = {
  licences: {
    table: 'registry_licences',
    key: 1,
    columns: [
      ['archive_number', 'text'],
      ['holder_doc_type', 'text'],
      ['holder_doc_number', 'text'],
      ['holder_doc_hash', 'text'],
      ['person_id', 'uuid'],
      ['class', 'text'],
      ['first_issued_on', 'date'],
      ['valid_from', 'date'],
      ['valid_to', 'date'],
      ['status', 'text'],
      ['issuing_authority', 'text'],
      ['region_code', 'text'],
    ],
  },
  vehicles: {
    table: 'registry_vehicles',
    key: 2,
    columns: [
      ['plate', 'text'],
      ['plate_type', 'text'],
      ['scheme', 'text'],
      ['owner_doc_type', 'text'],
      ['owner_doc_number', 'text'],
      ['owner_doc_hash', 'text'],
      ['person_id', 'uuid'],
      ['owner_name', 'text'],
      ['vin', 'text'],
      ['brand', 'text'],
      ['model', 'text'],
      ['registered_on', 'date'],
      ['inspection_valid_to', 'date'],
      ['permit_valid_to', 'date'],
      ['status', 'text'],
    ],
  },
  rentals: {
    table: 'registry_rentals',
    key: 3,
    columns: [
      ['plate', 'text'],
      ['plate_type', 'text'],
      ['from', 'timestamptz'],
      ['to', 'timestamptz'],
      ['company', 'text'],
      ['renter_doc_type', 'text'],
      ['renter_doc_number', 'text'],
      ['renter_doc_hash', 'text'],
      ['person_id', 'uuid'],
    ],
  },
  violations: {
    table: 'registry_violations',
    key: 1,
    columns: [
      ['ref', 'text'],
      ['plate', 'text'],
      ['plate_type', 'text'],
      ['occurred_at', 'timestamptz'],
      ['location', 'text'],
      ['code', 'text'],
      ['description', 'text'],
      ['fine_fen', 'int8'],
      ['points', 'int4'],
      ['source', 'text'],
      ['driver_doc_type', 'text'],
      ['driver_doc_number', 'text'],
      ['driver_doc_hash', 'text'],
      ['decision_no', 'text'],
      ['decided_at', 'timestamptz'],
      ['paid_at', 'timestamptz'],
    ],
  },
  persons: {
    table: 'registry_persons',
    key: 1,
    columns: [
      ['id', 'uuid'],
      ['name', 'text'],
      ['sex', 'text'],
      ['birth_date', 'date'],
    ],
  },
} as const satisfies Record<string, TableSpec>;

const DOCUMENT_COLUMNS = ['doc_hash', 'doc_type', 'doc_number', 'person_id'] as const;
const PENDING_COLUMNS = ['run_id', 'line', 'kind', 'key', 'record'] as const;

const q = (name: string) => `"${name}"`;
const columnNames = (spec: TableSpec) => spec.columns.map(([n]) => n);
/** `$1::text[], $2::date[], …`: one array parameter per column, whatever the number of rows. */
const arrays = (spec: TableSpec, from = 0, count = spec.columns.length) =>
  spec.columns
    .slice(from, from + count)
    .map(([, type], i) => `$${i + 1}::${type}[]`)
    .join(', ');
const columnsOf = (rows: readonly RowValue[][], from: number, count: number) => Array.from({ length: count }, (_, c) => rows.map((r) => r[from + c] ?? null));

/** Which rows' natural keys the table already holds (indexes into `rows`). */
async function existingRows(tx: BulkTx, spec: TableSpec, rows: readonly RowValue[][]): Promise<Set<number>> {
  const found = new Set<number>();
  if (spec.key === 1) {
    // A single key column: `= any(array)` walks the primary key index once per value.
    const [name, type] = spec.columns[0]!;
    const r = await tx.query<{ k: string }>(`select ${q(name)}::text as k from ${q(spec.table)} where ${q(name)} = any($1::${type}[])`, [rows.map((row) => row[0])]);
    const keys = new Set(r.rows.map((x) => x.k));
    rows.forEach((row, i) => {
      if (keys.has(String(row[0]))) found.add(i);
    });
    return found;
  }
  const names = spec.columns.slice(0, spec.key).map(([n]) => n);
  const r = await tx.query<{ i: number }>(
    `select k.i::int as i from unnest(${arrays(spec, 0, spec.key)}) with ordinality as k(${names.map(q).join(', ')}, i) ` +
      `join ${q(spec.table)} t on ${names.map((n) => `t.${q(n)} = k.${q(n)}`).join(' and ')}`,
    columnsOf(rows, 0, spec.key),
  );
  for (const x of r.rows) found.add(Number(x.i) - 1);
  return found;
}

/** Updates rows that exist; returns how many really changed. */
async function updateRows(tx: BulkTx, spec: TableSpec, rows: readonly RowValue[][], touch = true): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columnNames(spec);
  const keys = names.slice(0, spec.key);
  const rest = names.slice(spec.key);
  const r = await tx.query(
    `update ${q(spec.table)} as t set ${rest.map((n) => `${q(n)} = u.${q(n)}`).join(', ')}${touch ? ', "updated_at" = now()' : ''} ` +
      `from unnest(${arrays(spec)}) as u(${names.map(q).join(', ')}) ` +
      `where ${keys.map((n) => `t.${q(n)} = u.${q(n)}`).join(' and ')} ` +
      `and (${rest.map((n) => `t.${q(n)}`).join(', ')}) is distinct from (${rest.map((n) => `u.${q(n)}`).join(', ')})`,
    columnsOf(rows, 0, names.length),
  );
  return r.rowCount;
}

/**
 * The table whose COPY without key look-up (see writeRows; `lookupFree` holds the tables the
 * batch's attempt copied so) met a key it already holds, when that is what `e` is. The
 * batch's transaction is void (PostgreSQL aborts it on the error); the importer runs the
 * batch again once the table has left `fresh`, so that this time its keys are looked up
 * first. The table comes from the error: on PostgreSQL the COPYs of a batch go out together
 * with its COMMIT (bulk.ts).
 */
export function freshCopyConflict(e: unknown, lookupFree: ReadonlySet<string>): string | undefined {
  const err = e as { code?: unknown; table?: unknown };
  return err.code === '23505' && typeof err.table === 'string' && lookupFree.has(err.table) ? err.table : undefined;
}

/**
 * Inserts new rows with COPY and updates existing ones; counts as the format defines them.
 *
 * While a table's recent batches were all new rows (`fresh`: a first load, or new records
 * appended to the registry), the key look-up is skipped and the rows are COPYed straight
 * in. If a key already exists, the whole batch is rolled back and run again with the
 * look-up (freshCopyConflict): a bounded cost (one rerun per table each time the file turns
 * from new records to known ones), where a savepoint around each such COPY cost two more
 * round trips per table on every batch of a first load — measured, ≈ 7 % of the import's
 * wall time on PostgreSQL (docs/performance/registry-import.md).
 */
async function writeRows(tx: BulkTx, spec: TableSpec, rows: readonly RowValue[][], fresh: Set<string>, lookupFree: Set<string>): Promise<Counts> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const columns = columnNames(spec);
  if (fresh.has(spec.table)) {
    lookupFree.add(spec.table);
    await tx.copy(spec.table, columns, rows);
    return { created: rows.length, updated: 0, unchanged: 0 };
  }
  const existing = await existingRows(tx, spec, rows);
  if (existing.size === 0) fresh.add(spec.table);
  const added = existing.size === 0 ? rows : rows.filter((_, i) => !existing.has(i));
  const known = existing.size === 0 ? [] : rows.filter((_, i) => existing.has(i));
  await tx.copy(spec.table, columns, added);
  const updated = await updateRows(tx, spec, known);
  return { created: added.length, updated, unchanged: known.length - updated };
}

export interface BatchOutcome extends Counts {
  rejections: Array<{ line: number; error: LineError }>;
  /** Records parked in the pending table by this batch. */
  parked: number;
}

export const emptyOutcome = (): BatchOutcome => ({ created: 0, updated: 0, unchanged: 0, rejections: [], parked: 0 });

function add(out: Counts, c: Counts): void {
  out.created += c.created;
  out.updated += c.updated;
  out.unchanged += c.unchanged;
}

export interface RunState {
  runId: string;
  docHash: (d: DocRef) => string;
  newId: () => string;
  /** Records parked so far in this run: while none are, no key can be waiting. */
  parked: number;
  /**
   * Tables whose last batch held only new keys (see writeRows). Shared by the batches of a
   * run; a batch rolled back may leave it set wrongly, which costs a fallback, never a row.
   */
  fresh: Set<string>;
}

/**
 * Lookup hashes of the documents a batch names, by the record's own `DocRef` object: the
 * plan asks for the same document's hash several times (look-up, planning, rows), and an
 * identity look-up needs no `docType:docNumber` string built each time.
 */
export type BatchHashes = Map<DocRef, string>;

/**
 * What a batch needs that no database answer changes, made before the batch waits for the
 * one ahead of it to commit: the importer's thread would otherwise sit idle then, and the
 * database would sit idle while the thread made it afterwards.
 *
 * - `hashes`: the lookup hash of every document the records name (`run.docHash`, a keyed
 *   HMAC unless the run saw the document recently).
 * - `violations`: the batch's violations as COPY data, while that table takes new rows
 *   without key look-up (`run.fresh`): a violation row needs no person id, so nothing the
 *   batch looks up changes it. Made for the whole batch only; halves make their own rows.
 */
export interface PreparedBatch {
  hashes: BatchHashes;
  violations?: { count: number; data: Buffer };
}

export function prepareBatch(items: readonly Item[], run: RunState): PreparedBatch {
  const hashes: BatchHashes = new Map();
  const violationRows: RowValue[][] = [];
  const fresh = run.fresh.has(TABLES.violations.table);
  for (const { record: r } of items) {
    if (r.kind === 'person') for (const d of r.documents) hashes.set(d, run.docHash(d));
    else if (r.kind === 'violation') {
      if (r.driver) hashes.set(r.driver, run.docHash(r.driver));
      if (fresh) violationRows.push(violationRow(r, (d) => hashes.get(d)!));
    } else {
      const ref = personReference(r);
      if (ref) hashes.set(ref.doc, run.docHash(ref.doc));
    }
  }
  return violationRows.length ? { hashes, violations: { count: violationRows.length, data: copyData(violationRows) } } : { hashes };
}

/**
 * Applies one batch (no natural key twice, see the importer's batcher) inside `tx`. Records
 * whose person is not in the registry yet are parked in the pending table (`final: false`)
 * or rejected (`final: true`, the end-of-run pass). `prepared` comes from `prepareBatch` on
 * these very items; `lookupFree` collects the tables COPYed without key look-up.
 */
export async function applyBatch(
  tx: BulkTx,
  items: readonly Item[],
  run: RunState,
  final: boolean,
  prepared: PreparedBatch = { hashes: new Map() },
  lookupFree = new Set<string>(),
): Promise<BatchOutcome> {
  const out = emptyOutcome();
  const memo = prepared.hashes;
  const docHash = (d: DocRef) => {
    let h = memo.get(d);
    if (h === undefined) memo.set(d, (h = run.docHash(d)));
    return h;
  };
  const people: Array<{ line: number; record: PersonRecord }> = [];
  const hashes = new Set<string>();
  for (const item of items) {
    const r = item.record;
    if (r.kind === 'person') {
      people.push(item as { line: number; record: PersonRecord });
      for (const d of r.documents) hashes.add(docHash(d));
    } else {
      const ref = personReference(r);
      if (ref) hashes.add(docHash(ref.doc));
    }
  }

  const personOf = new Map<string, string>();
  const persons = new Map<string, KnownPerson>();
  if (hashes.size) {
    const found = await tx.query<{ doc_hash: string; id: string }>('select doc_hash, person_id::text as id from registry_person_documents where doc_hash = any($1::text[])', [[...hashes]]);
    for (const f of found.rows) personOf.set(f.doc_hash, f.id);
  }
  // Name, sex and birth date only of the people the batch's person records name: a licence or a vehicle needs the id alone.
  const named = new Set<string>();
  for (const p of people) {
    for (const d of p.record.documents) {
      const id = personOf.get(docHash(d));
      if (id) named.add(id);
    }
  }
  if (named.size) {
    const found = await tx.query<{ id: string; name: string; sex: string; birth_date: string }>(
      'select id::text as id, name, sex, birth_date::text as birth_date from registry_persons where id = any($1::uuid[])',
      [[...named]],
    );
    for (const f of found.rows) persons.set(f.id, { id: f.id, name: f.name, sex: f.sex, birthDate: f.birth_date });
  }

  const pp = planPersons(people, docHash, personOf, persons, run.newId);
  add(out, pp);
  out.rejections.push(...pp.rejections);
  await tx.copy(
    TABLES.persons.table,
    columnNames(TABLES.persons),
    pp.newPersons,
  );
  await updateRows(tx, TABLES.persons, pp.changedPersons);
  // Plain COPY: a document claimed meanwhile by another person (a concurrent import) fails
  // the batch, which is then retried in halves, rather than silently moving the document.
  await tx.copy('registry_person_documents', DOCUMENT_COLUMNS, pp.newDocuments);

  const waiting = new Set<string>();
  if (!final && run.parked > 0) {
    const keys = items.filter((i) => personReference(i.record) !== null).map((i) => waitingKey(i.record));
    if (keys.length) {
      const r = await tx.query<{ key: string }>('select key from registry_import_pending where run_id = $1 and key = any($2::text[])', [run.runId, keys]);
      for (const k of r.rows) waiting.add(k.key);
    }
  }

  // Violations made ahead go in only while their table still takes rows without look-up:
  // a rerun after a conflict on that table plans them again, with the look-up.
  const ahead = prepared.violations && run.fresh.has(TABLES.violations.table) ? prepared.violations : undefined;
  const plan = planRecords(items, docHash, personOf, waiting, final, ahead !== undefined);
  out.rejections.push(...plan.rejections);
  add(out, await writeRows(tx, TABLES.licences, plan.licences, run.fresh, lookupFree));
  add(out, await writeRows(tx, TABLES.vehicles, plan.vehicles, run.fresh, lookupFree));
  add(out, await writeRows(tx, TABLES.rentals, plan.rentals, run.fresh, lookupFree));
  if (ahead) {
    lookupFree.add(TABLES.violations.table);
    await tx.copyData(TABLES.violations.table, columnNames(TABLES.violations), ahead.data);
    out.created += ahead.count;
  } else add(out, await writeRows(tx, TABLES.violations, plan.violations, run.fresh, lookupFree));
  await tx.copy(
    'registry_import_pending',
    PENDING_COLUMNS,
    plan.parked.map((p) => [run.runId, p.line, p.record.kind, waitingKey(p.record), JSON.stringify(p.record)]),
  );
  out.parked = plan.parked.length;
  return out;
}
