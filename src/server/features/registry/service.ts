/**
 * The registry's door for the rest of the app: the importer (NDJSON lines → upserts) and
 * the lookups other features use. Other features never read the registry tables directly.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import { anyText } from '../../db/any.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { DocType } from '../../../domain/id-documents.ts';
import { parseDocNumber } from '../../../domain/id-documents.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../i18n/languages.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import { openBulkSession, type BulkSession } from './bulk.ts';
import { rememberingDocHash } from './doc-hash-memo.ts';
import { documentKey, lookupHash, useLookupHash } from './lookup-hash.ts';
import type { Item } from './plan.ts';
import { BATCHES_AHEAD, Batcher, IMPORT_BATCH_LINES, Writer } from './batches.ts';
import { registryImportPending, registryLicences, registryPersonDocuments, registryPersons, registryRentals, registryVehicles, registryViolations } from './tables.ts';
import type { LineOutcome } from './line-check.ts';
import { LineChecks } from './line-checks.ts';
import { LineError, type DocRef, type RegistryRecord } from './validate.ts';
import { applyBatch, emptyOutcome, freshCopyConflict, prepareBatch, type BatchOutcome, type PreparedBatch, type RunState } from './write.ts';

export type { DocRef, RegistryRecord } from './validate.ts';

/** Rejections kept in the result; the count goes on, and `truncated` says some were dropped. */
export const MAX_REPORTED_ERRORS = 1000;
export { MAX_LINE_CHARS } from './line-check.ts';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportError {
  line: number;
  reason: string;
}

export interface ImportResult extends ImportCounts {
  errors: ImportError[];
  /** True when more than `maxErrors` lines were rejected and the rest of the list was dropped. */
  truncated: boolean;
  /** Lines read, blank lines included. */
  lines: number;
}

export interface ImportOptions {
  /** Lines read so far, every 100 lines and at the end (the CLI reads bytes off its own stream). */
  onProgress?(p: { lines: number }): void;
  /** Every rejection as it happens (the CLI prints them all; the result keeps at most `maxErrors`). */
  onRejected?(e: ImportError): void;
  /** Language of the reasons (default zh-CN). */
  lang?: Language;
  maxErrors?: number;
  /** Lines per batch (default `IMPORT_BATCH_LINES`); tests set it small to put batch boundaries where they want them. */
  batchLines?: number;
  /** Line from which lines are checked in a worker thread (default `CHECK_IN_WORKER_AFTER_LINES`); tests set it to cover both paths. */
  workerAfterLines?: number;
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

function docHash(doc: DocRef): string {
  return lookupHash(documentKey(doc.docType, doc.docNumber));
}

/** Why the database refused a record, in words an operator can act on. */
function databaseReason(e: unknown): LineError {
  const err = e as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = err.code ?? err.cause?.code;
  const constraint = err.constraint ?? err.cause?.constraint ?? '';
  if (code === '23505') return new LineError(constraint.includes('decision') ? 'decision_no_taken' : 'duplicate_record');
  return new LineError('database_refused');
}

/**
 * True when the database refused the data (SQLSTATE classes 22 data exception, 23 integrity
 * constraint, 40 serialization). A lost connection or a bug is not the lines' fault: it ends
 * the import rather than turning every later line into a rejection.
 */
function refusedByDatabase(e: unknown): boolean {
  const err = e as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof err.code === 'string' ? err.code : typeof err.cause?.code === 'string' ? err.cause.code : '';
  return /^(22|23|40)[0-9A-Z]{3}$/.test(code);
}

/**
 * Runs a batch in one transaction. If the database refuses it (a constraint the validator
 * cannot see, such as a decision number already used by another violation), the batch is
 * retried in halves until the offending lines stand alone and are rejected, so every other
 * line is applied and nothing is half-applied. Halves run in file order.
 */
async function runBatch(session: BulkSession, items: Item[], run: RunState, final: boolean, prepared?: PreparedBatch): Promise<BatchOutcome> {
  // Tables this attempt COPYs without looking their keys up (write.ts, writeRows).
  const lookupFree = new Set<string>();
  try {
    return await session.transaction((tx) => applyBatch(tx, items, run, final, prepared, lookupFree));
  } catch (e) {
    const conflict = freshCopyConflict(e, lookupFree);
    if (conflict) {
      // Out of `run.fresh`, the table's keys are looked up: a batch runs again at most once per table.
      run.fresh.delete(conflict);
      return runBatch(session, items, run, final, prepared);
    }
    if (!refusedByDatabase(e)) throw e;
    if (items.length === 1) {
      const out = emptyOutcome();
      out.rejections.push({ line: items[0]!.line, error: databaseReason(e) });
      return out;
    }
    const half = Math.ceil(items.length / 2);
    const total = emptyOutcome();
    for (const part of [items.slice(0, half), items.slice(half)]) {
      // A half keeps the hashes but makes its own rows: what was made ahead covers the whole batch.
      const one = await runBatch(session, part, run, final, prepared && { hashes: prepared.hashes });
      total.created += one.created;
      total.updated += one.updated;
      total.unchanged += one.unchanged;
      total.parked += one.parked;
      total.rejections.push(...one.rejections);
    }
    return total;
  }
}

/** Lines checked in this thread between two turns of the event loop while a batch is being written. */
const YIELD_EVERY_LINES = 50;
/** Lines per chunk handed to the checks (line-checks.ts). */
const CHECK_CHUNK_LINES = 250;
/** Chunks checked ahead of the batcher: with the worker, 2 000 lines read ahead at most. */
const CHECK_CHUNKS_AHEAD = 8;
/**
 * Files longer than this are checked in a worker thread, on machines with at least four
 * cores. The worker takes ≈ 6 µs per line off the importer's thread but costs ≈ 0.3 s of CPU
 * to start and ≈ 3 µs per line to pass lines and records across: measured on two cores,
 * where the importer's thread, the database and the garbage collector already keep both
 * busy, it made imports slower (docs/performance/registry-import.md).
 */
export const CHECK_IN_WORKER_AFTER_LINES = availableParallelism() >= 4 ? 2 * IMPORT_BATCH_LINES : Number.POSITIVE_INFINITY;

/** Pending rows left by a run that crashed more than a day ago. */
const STALE_PENDING_MS = 24 * 60 * 60 * 1000;

/**
 * Imports registry lines (REGISTRY-FORMAT.md). Streams: lines are validated one at a time
 * and applied `IMPORT_BATCH_LINES` per transaction, with a fixed number of statements per
 * batch (write.ts); records that point at a person not seen yet wait in
 * `registry_import_pending` (a table, not memory) and are resolved at the end of the run,
 * or rejected then with their line number.
 *
 * Throws `Problem('registry_not_ndjson')` when not one line is a JSON object: such a file
 * is refused whole (and, since only JSON objects are ever applied, it changed nothing).
 */
export async function importRegistry(ctx: AppContext, lines: AsyncIterable<string | readonly string[]>, opts: ImportOptions = {}): Promise<ImportResult> {
  // Lines one by one or a chunk of them at a time (ndjsonLines). Take the iterator before the
  // first await: a readline interface emits lines as soon as its stream flows and drops those
  // emitted before anyone iterates.
  const iterator = lines[Symbol.asyncIterator]();
  const source: AsyncIterable<string | readonly string[]> = { [Symbol.asyncIterator]: () => iterator };
  useLookupHash(ctx.crypto.lookupHash);
  const t = translator(opts.lang ?? DEFAULT_LANGUAGE);
  const maxErrors = opts.maxErrors ?? MAX_REPORTED_ERRORS;
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, rejected: 0, errors: [], truncated: false, lines: 0 };
  const run: RunState = { runId: randomUUID(), docHash: rememberingDocHash((d) => lookupHash(documentKey(d.docType, d.docNumber)), documentKey), newId: randomUUID, parked: 0, fresh: new Set(['registry_licences', 'registry_vehicles', 'registry_rentals', 'registry_violations']) };
  const now = ctx.clock.now();
  const today = shanghaiDate(now);

  const reject = (line: number, error: LineError) => {
    const reason = t(`registry:reasons.${error.code}`, { ...error.params, defaultValue: error.code });
    const e = { line, reason };
    result.rejected++;
    if (result.errors.length < maxErrors) result.errors.push(e);
    else result.truncated = true;
    opts.onRejected?.(e);
  };
  const merge = (out: BatchOutcome) => {
    result.created += out.created;
    result.updated += out.updated;
    result.unchanged += out.unchanged;
    run.parked += out.parked;
    for (const r of out.rejections) reject(r.line, r.error);
  };

  await ctx.db.delete(registryImportPending).where(lt(registryImportPending.createdAt, new Date(Date.now() - STALE_PENDING_MS)));

  let objects = 0;
  let nonBlank = 0;
  const checks = new LineChecks(now, today);
  const session = await openBulkSession(ctx.database);
  // Queuing batches ahead and closing them early pay where the database has cores of its own;
  // PGlite runs on this very thread, where they only made more, smaller transactions.
  const separateDatabase = ctx.database.kind === 'postgres';
  const writer = new Writer(async ({ items, prepared }) => merge(await runBatch(session, items, run, false, prepared)), separateDatabase ? BATCHES_AHEAD : 1);
  try {
    const batcher = new Batcher((items) => writer.submit({ items, prepared: prepareBatch(items, run) }), opts.batchLines, separateDatabase ? () => !writer.busy : undefined);
    const workerAfter = opts.workerAfterLines ?? CHECK_IN_WORKER_AFTER_LINES;
    // Chunks of lines being checked, oldest first: a bounded read-ahead.
    const checking: Array<LineOutcome[] | Promise<LineOutcome[]>> = [];
    let chunk: string[] = [];
    const apply = async (outcomes: LineOutcome[]) => {
      for (const o of outcomes) {
        // Outcomes checked in this thread arrive without ever waiting, which starves I/O:
        // the batch being written would wait for its database replies until this loop
        // blocks. Letting I/O in now and then keeps writing and checking side by side.
        if (o.line % YIELD_EVERY_LINES === 0 && writer.busy && !checks.threaded) await new Promise(setImmediate);
        if ('blank' in o) continue;
        nonBlank++;
        if (o.object) objects++;
        if ('reason' in o) {
          reject(o.line, new LineError(o.reason.code, o.reason.params));
          continue;
        }
        const pending = batcher.add({ line: o.line, record: o.record });
        if (pending) await pending;
        if (o.line % 100 === 0) opts.onProgress?.({ lines: o.line });
      }
    };
    const send = async () => {
      checking.push(checks.check(result.lines - chunk.length + 1, chunk));
      chunk = [];
      // Chunks checked in this thread are applied at once; the worker's may run ahead.
      while (checking.length > (checks.threaded ? CHECK_CHUNKS_AHEAD : 0)) await apply(await checking.shift()!);
    };
    for await (const raws of source) {
      for (const raw of typeof raws === 'string' ? [raws] : raws) {
        const lineNo = ++result.lines;
        chunk.push(raw);
        if (lineNo === workerAfter) checks.startWorker();
        if (chunk.length === CHECK_CHUNK_LINES) await send();
      }
    }
    if (chunk.length) await send();
    while (checking.length) await apply(await checking.shift()!);
    await batcher.flush();
    await writer.drain();
    if (nonBlank > 0 && objects === 0) {
      throw new Problem('registry_not_ndjson', { params: { lines: result.lines } });
    }

    // End of run: the parked records, in line order, page by page.
    if (run.parked > 0) {
      const final = new Batcher(async (items) => merge(await runBatch(session, items, run, true)), opts.batchLines);
      let after = 0;
      for (;;) {
        const page = await session.transaction((tx) =>
          tx.query<{ line: number; record: string }>('select line, record::text as record from registry_import_pending where run_id = $1 and line > $2 order by line limit $3', [
            run.runId,
            after,
            IMPORT_BATCH_LINES,
          ]),
        );
        if (page.rows.length === 0) break;
        for (const p of page.rows) await final.add({ line: p.line, record: JSON.parse(p.record) as RegistryRecord });
        after = page.rows[page.rows.length - 1]!.line;
      }
      await final.flush();
    }
  } finally {
    // A batch may still be writing when reading or validating failed: let it end before the connection goes back to the pool.
    await writer.settle();
    await checks.close();
    session.release();
    await ctx.db.delete(registryImportPending).where(eq(registryImportPending.runId, run.runId));
  }
  opts.onProgress?.({ lines: result.lines });
  result.errors.sort((a, b) => a.line - b.line);

  const counts = { created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, lines: result.lines };
  await ctx.jobs.enqueue(ctx.db, 'registry.imported', counts);
  return result;
}

// ---------------------------------------------------------------------------------------
// Lookups (for other features)
// ---------------------------------------------------------------------------------------

export interface RegistryPerson {
  personId: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  documents: Array<{ docType: DocType; docNumber: string }>;
}

export interface RegistryLicence {
  archiveNumber: string;
  holder: { docType: DocType; docNumber: string };
  class: string;
  status: string;
  validFrom: string;
  validTo: string | null;
  firstIssuedOn: string;
  issuingAuthority: string;
  regionCode: string;
}

export interface RegistryVehicle {
  plate: string;
  plateType: string;
  scheme: 'mainland' | 'hk_northbound' | 'mo_northbound';
  owner: { docType: DocType; docNumber: string };
  ownerName: string;
  vin: string;
  brand: string;
  model: string;
  registeredOn: string;
  inspectionValidTo: string;
  permitValidTo: string | null;
  status: string;
}

export interface RegistryViolation {
  ref: string;
  plate: string;
  plateType: string;
  occurredAt: Date;
  location: string;
  code: string;
  description: string;
  fineFen: number;
  points: number;
  source: 'camera' | 'onsite';
  driver: { docType: DocType; docNumber: string } | null;
  decisionNo: string | null;
  decidedAt: Date | null;
  paidAt: Date | null;
}

/** A document as users type it → its canonical form, or null when it cannot be one. */
function canonicalDoc(doc: { docType: DocType; docNumber: string }): { docType: DocType; docNumber: string } | null {
  const parsed = parseDocNumber(doc.docType, doc.docNumber);
  return parsed.ok ? { docType: doc.docType, docNumber: parsed.value } : null;
}

/** The registry person holding this document, or null. */
export async function findPersonIdByDocument(db: DbOrTx, doc: { docType: DocType; docNumber: string }): Promise<string | null> {
  const canonical = canonicalDoc(doc);
  if (!canonical) return null;
  const [row] = await db
    .select({ personId: registryPersonDocuments.personId })
    .from(registryPersonDocuments)
    .where(eq(registryPersonDocuments.docHash, docHash(canonical)));
  return row?.personId ?? null;
}

/** The person holding this document, with all their documents (e.g. an HK identity card and a Home Return Permit). */
export async function findPersonByDocument(db: DbOrTx, doc: { docType: DocType; docNumber: string }): Promise<RegistryPerson | null> {
  const canonical = canonicalDoc(doc);
  if (!canonical) return null;
  // One round trip: every hot path starts here (home screen, violation list, licence).
  const owner = db.select({ personId: registryPersonDocuments.personId }).from(registryPersonDocuments).where(eq(registryPersonDocuments.docHash, docHash(canonical)));
  return personOf(await personRows(db, sql`${registryPersons.id} = (${owner})`));
}

export async function findPersonById(db: DbOrTx, personId: string): Promise<RegistryPerson | null> {
  return personOf(await personRows(db, eq(registryPersons.id, personId)));
}

function personRows(db: DbOrTx, where: SQL) {
  return db
    .select({
      id: registryPersons.id,
      name: registryPersons.name,
      sex: registryPersons.sex,
      birthDate: registryPersons.birthDate,
      docType: registryPersonDocuments.docType,
      docNumber: registryPersonDocuments.docNumber,
    })
    .from(registryPersons)
    .leftJoin(registryPersonDocuments, eq(registryPersonDocuments.personId, registryPersons.id))
    .where(where)
    .orderBy(asc(registryPersonDocuments.createdAt), asc(registryPersonDocuments.docType));
}

function personOf(rows: Awaited<ReturnType<typeof personRows>>): RegistryPerson | null {
  const first = rows[0];
  if (!first) return null;
  return {
    personId: first.id,
    name: first.name,
    sex: first.sex as 'M' | 'F',
    birthDate: first.birthDate,
    documents: rows.filter((d) => d.docType !== null && d.docNumber !== null).map((d) => ({ docType: d.docType as DocType, docNumber: d.docNumber! })),
  };
}

const licenceColumns = {
  archiveNumber: registryLicences.archiveNumber,
  holderDocType: registryLicences.holderDocType,
  holderDocNumber: registryLicences.holderDocNumber,
  class: registryLicences.class,
  status: registryLicences.status,
  validFrom: registryLicences.validFrom,
  validTo: registryLicences.validTo,
  firstIssuedOn: registryLicences.firstIssuedOn,
  issuingAuthority: registryLicences.issuingAuthority,
  regionCode: registryLicences.regionCode,
};

function toLicence(r: { [K in keyof typeof licenceColumns]: unknown }): RegistryLicence {
  return {
    archiveNumber: r.archiveNumber as string,
    holder: { docType: r.holderDocType as DocType, docNumber: r.holderDocNumber as string },
    class: r.class as string,
    status: r.status as string,
    validFrom: r.validFrom as string,
    validTo: (r.validTo as string | null) ?? null,
    firstIssuedOn: r.firstIssuedOn as string,
    issuingAuthority: r.issuingAuthority as string,
    regionCode: r.regionCode as string,
  };
}

/**
 * The person's licence. A person holds one licence; should the registry carry an older one
 * too (re-issued under another archive number), the one valid longest is the current one.
 */
export async function findLicenceOfPerson(db: DbOrTx, personId: string): Promise<RegistryLicence | null> {
  const [row] = await db
    .select(licenceColumns)
    .from(registryLicences)
    .where(eq(registryLicences.personId, personId))
    .orderBy(sql`${registryLicences.validTo} desc nulls first`, desc(registryLicences.validFrom))
    .limit(1);
  return row ? toLicence(row) : null;
}

export async function findLicenceByArchiveNumber(db: DbOrTx, archiveNumber: string): Promise<(RegistryLicence & { personId: string }) | null> {
  const [row] = await db
    .select({ ...licenceColumns, personId: registryLicences.personId })
    .from(registryLicences)
    .where(eq(registryLicences.archiveNumber, archiveNumber));
  return row ? { ...toLicence(row), personId: row.personId } : null;
}

/** Vehicles registered to the person under any of their documents (northbound cars included). */
export async function listVehiclesOfPerson(db: DbOrTx, personId: string): Promise<RegistryVehicle[]> {
  const rows = await db.select().from(registryVehicles).where(eq(registryVehicles.personId, personId)).orderBy(asc(registryVehicles.registeredOn), asc(registryVehicles.plate));
  return rows.map(toVehicle);
}

export async function findVehicle(db: DbOrTx, plate: string, plateType: string): Promise<(RegistryVehicle & { personId: string }) | null> {
  const [v] = await db.select().from(registryVehicles).where(and(eq(registryVehicles.plate, plate), eq(registryVehicles.plateType, plateType)));
  if (!v) return null;
  return { personId: v.personId, ...toVehicle(v) };
}

function toVehicle(v: typeof registryVehicles.$inferSelect): RegistryVehicle {
  return {
    plate: v.plate,
    plateType: v.plateType,
    scheme: v.scheme as RegistryVehicle['scheme'],
    owner: { docType: v.ownerDocType as DocType, docNumber: v.ownerDocNumber },
    ownerName: v.ownerName,
    vin: v.vin,
    brand: v.brand,
    model: v.model,
    registeredOn: v.registeredOn,
    inspectionValidTo: v.inspectionValidTo,
    permitValidTo: v.permitValidTo,
    status: v.status,
  };
}

function toViolation(v: typeof registryViolations.$inferSelect): RegistryViolation {
  return {
    ref: v.ref,
    plate: v.plate,
    plateType: v.plateType,
    occurredAt: v.occurredAt,
    location: v.location,
    code: v.code,
    description: v.description,
    fineFen: v.fineFen,
    points: v.points,
    source: v.source as RegistryViolation['source'],
    driver: v.driverDocType && v.driverDocNumber ? { docType: v.driverDocType as DocType, docNumber: v.driverDocNumber } : null,
    decisionNo: v.decisionNo,
    decidedAt: v.decidedAt,
    paidAt: v.paidAt,
  };
}

/**
 * Violations recorded against any of these plates, newest first. `undecidedCameraOnly`:
 * only camera records without a decision yet (through the partial index of unhandled
 * records), for callers that count what awaits handling.
 */
export async function listViolationsForPlates(db: DbOrTx, plates: Array<{ plate: string; plateType: string }>, opts: { undecidedCameraOnly?: boolean } = {}): Promise<RegistryViolation[]> {
  if (plates.length === 0) return [];
  const onPlates = or(...plates.map((p) => and(eq(registryViolations.plate, p.plate), eq(registryViolations.plateType, p.plateType))));
  const rows = await db
    .select()
    .from(registryViolations)
    .where(opts.undecidedCameraOnly ? and(eq(registryViolations.source, 'camera'), sql`${registryViolations.decisionNo} is null`, onPlates) : onPlates)
    .orderBy(desc(registryViolations.occurredAt), asc(registryViolations.ref));
  return rows.map(toViolation);
}

export async function findViolationByRef(db: DbOrTx, ref: string): Promise<RegistryViolation | null> {
  const [row] = await db.select().from(registryViolations).where(eq(registryViolations.ref, ref));
  return row ? toViolation(row) : null;
}

/** Rental contracts the person signed as renter (for violations inside a rental period). */
export async function listRentalsOfPerson(db: DbOrTx, personId: string): Promise<Array<{ plate: string; plateType: string; company: string; from: Date; to: Date }>> {
  return db
    .select({ plate: registryRentals.plate, plateType: registryRentals.plateType, company: registryRentals.company, from: registryRentals.from, to: registryRentals.to })
    .from(registryRentals)
    .where(eq(registryRentals.personId, personId))
    .orderBy(desc(registryRentals.from));
}

/** True when the registry holds no person yet (a fresh installation). */
export async function registryIsEmpty(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: registryPersons.id }).from(registryPersons).limit(1);
  return rows.length === 0;
}

// ---------------------------------------------------------------------------------------
// Added for the vehicles feature: the "unhandled" badge on each vehicle of /me/vehicles.

/**
 * Camera records of these vehicles that the registry holds without a penalty decision yet
 * (an on-site record always has one), keyed `${plateType}:${plate}`. Online handling
 * happens outside the registry, so callers subtract what they know to be handled.
 */
export async function listUndecidedCameraViolationRefs(db: DbOrTx, plates: Array<{ plate: string; plateType: string }>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (plates.length === 0) return out;
  const rows = await db
    .select({ ref: registryViolations.ref, plate: registryViolations.plate, plateType: registryViolations.plateType })
    .from(registryViolations)
    .where(
      and(
        eq(registryViolations.source, 'camera'),
        sql`${registryViolations.decisionNo} is null`,
        or(...plates.map((p) => and(eq(registryViolations.plate, p.plate), eq(registryViolations.plateType, p.plateType)))),
      ),
    )
    .orderBy(asc(registryViolations.ref));
  for (const r of rows) {
    const key = `${r.plateType}:${r.plate}`;
    const list = out.get(key) ?? [];
    list.push(r.ref);
    out.set(key, list);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Added for the violation list and the home screen: whole records in one round trip each.

/** The records with these refs (any order); absent refs are left out. */
export async function findViolationsByRefs(db: DbOrTx, refs: string[]): Promise<RegistryViolation[]> {
  if (refs.length === 0) return [];
  const rows = await db.select().from(registryViolations).where(anyText(registryViolations.ref, refs));
  return rows.map(toViolation);
}

/**
 * Decided records whose driver was one of these documents (on-site tickets, and camera
 * records the driver handled at a counter), whole, through the partial index on the
 * driver's lookup hash: one query instead of a lookup per ref.
 */
export async function listViolationsDrivenBy(db: DbOrTx, drivers: Array<{ docType: DocType; docNumber: string }>): Promise<RegistryViolation[]> {
  if (drivers.length === 0) return [];
  const hashes = drivers.map((d) => lookupHash(documentKey(d.docType, d.docNumber)));
  const rows = await db
    .select()
    .from(registryViolations)
    .where(and(inArray(registryViolations.driverDocHash, hashes), sql`${registryViolations.decidedAt} is not null`, sql`${registryViolations.decisionNo} is not null`));
  return rows.map(toViolation);
}
