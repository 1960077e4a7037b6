/**
 * The registry's door for the rest of the app: the importer (NDJSON lines → upserts) and
 * the lookups other features use. Other features never read the registry tables directly.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import type { DocType } from '../../../domain/id-documents.ts';
import { parseDocNumber, maskDocNumber } from '../../../domain/id-documents.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../i18n/languages.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import { documentKey, lookupHash, useLookupHash } from './lookup-hash.ts';
import {
  registryImportPending,
  registryLicences,
  registryPersonDocuments,
  registryPersons,
  registryRentals,
  registryVehicles,
  registryViolations,
} from './tables.ts';
import {
  LineError,
  naturalKeys,
  personReference,
  validateRecord,
  type DocRef,
  type LicenceRecord,
  type PersonRecord,
  type RegistryRecord,
  type RentalRecord,
  type VehicleRecord,
  type ViolationRecord,
} from './validate.ts';

export type { DocRef, RegistryRecord } from './validate.ts';

/** Lines applied per transaction: large enough for fast multi-row upserts, small enough for flat memory. */
export const IMPORT_BATCH_LINES = 500;
/** Rejections kept in the result; the count goes on, and `truncated` says some were dropped. */
export const MAX_REPORTED_ERRORS = 1000;
/** Longest accepted line (a person with all their documents is well under 2 KiB). */
export const MAX_LINE_CHARS = 64 * 1024;

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
  onProgress?(p: { lines: number; bytes?: number }): void;
  /** Every rejection as it happens (the CLI prints them all; the result keeps at most `maxErrors`). */
  onRejected?(e: ImportError): void;
  /** Language of the reasons (default zh-CN). */
  lang?: Language;
  maxErrors?: number;
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

interface Item {
  line: number;
  record: RegistryRecord;
}

interface BatchOutcome extends ImportCounts {
  rejections: Array<{ line: number; error: LineError }>;
}

const emptyOutcome = (): BatchOutcome => ({ created: 0, updated: 0, unchanged: 0, rejected: 0, rejections: [] });

function docHash(doc: DocRef): string {
  return lookupHash(documentKey(doc.docType, doc.docNumber));
}

/**
 * `INSERT … ON CONFLICT (key) DO UPDATE … WHERE (row) IS DISTINCT FROM (excluded row)`:
 * one statement per kind and batch. A row comes back only when it was inserted or really
 * changed; `xmax = 0` tells an insert from an update, and what does not come back was
 * unchanged.
 */
async function upsertRows(tx: Tx, table: PgTable, keyColumns: PgColumn[], rows: Record<string, unknown>[]): Promise<{ created: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keyNames = new Set(keyColumns.map((c) => c.name));
  const compared = Object.entries(columns).filter(([, c]) => !keyNames.has(c.name) && c.name !== 'created_at' && c.name !== 'updated_at');
  const set: Record<string, SQL> = {};
  for (const [prop, c] of compared) set[prop] = sql.raw(`excluded."${c.name}"`);
  set.updatedAt = sql`now()`;
  const mine = sql.join(
    compared.map(([, c]) => sql`${c}`),
    sql`, `,
  );
  const theirs = sql.raw(compared.map(([, c]) => `excluded."${c.name}"`).join(', '));
  const returned = await (tx
    .insert(table)
    .values(rows as never)
    .onConflictDoUpdate({ target: keyColumns, set: set as never, setWhere: sql`(${mine}) is distinct from (${theirs})` })
    .returning({ inserted: sql<boolean>`(xmax = 0)` }) as unknown as Promise<Array<{ inserted: boolean }>>);
  const created = returned.filter((r) => r.inserted === true || (r.inserted as unknown) === 't').length;
  return { created, updated: returned.length - created, unchanged: rows.length - returned.length };
}

async function applyPersons(tx: Tx, items: Array<Item & { record: PersonRecord }>, out: BatchOutcome): Promise<void> {
  if (items.length === 0) return;
  const hashes = items.flatMap((i) => i.record.documents.map(docHash));
  const known = await tx
    .select({ docHash: registryPersonDocuments.docHash, personId: registryPersonDocuments.personId })
    .from(registryPersonDocuments)
    .where(inArray(registryPersonDocuments.docHash, hashes));
  const personOf = new Map(known.map((k) => [k.docHash, k.personId]));
  const ids = [...new Set(known.map((k) => k.personId))];
  const current = ids.length
    ? await tx.select({ id: registryPersons.id, name: registryPersons.name, sex: registryPersons.sex, birthDate: registryPersons.birthDate }).from(registryPersons).where(inArray(registryPersons.id, ids))
    : [];
  const byId = new Map(current.map((p) => [p.id, p]));
  const personRows: Array<typeof registryPersons.$inferInsert> = [];
  const docRows: Array<typeof registryPersonDocuments.$inferInsert> = [];
  for (const { line, record } of items) {
    const docHashes = record.documents.map(docHash);
    const owners = new Set(docHashes.map((h) => personOf.get(h)).filter((id): id is string => id !== undefined));
    if (owners.size > 1) {
      out.rejections.push({ line, error: new LineError('documents_conflict', { field: 'documents' }) });
      continue;
    }
    const existingId = [...owners][0];
    const id = existingId ?? randomUUID();
    const newDocs = record.documents.filter((_, i) => !personOf.has(docHashes[i]!));
    const prior = existingId ? byId.get(existingId) : undefined;
    const changed = !prior || prior.name !== record.name || prior.sex !== record.sex || prior.birthDate !== record.birthDate;
    if (changed) personRows.push({ id, name: record.name, sex: record.sex, birthDate: record.birthDate });
    for (const [i, d] of record.documents.entries()) {
      if (!personOf.has(docHashes[i]!)) docRows.push({ docHash: docHashes[i]!, docType: d.docType, docNumber: d.docNumber, personId: id });
    }
    if (!existingId) out.created++;
    else if (changed || newDocs.length > 0) out.updated++;
    else out.unchanged++;
  }
  if (personRows.length) {
    await tx
      .insert(registryPersons)
      .values(personRows)
      .onConflictDoUpdate({
        target: registryPersons.id,
        set: { name: sql`excluded.name`, sex: sql`excluded.sex`, birthDate: sql`excluded.birth_date`, updatedAt: sql`now()` },
      });
  }
  // A plain insert: a document claimed meanwhile by another person (a concurrent import)
  // fails the batch, which is then retried line by line, rather than silently moving it.
  if (docRows.length) await tx.insert(registryPersonDocuments).values(docRows);
}

function licenceRow(r: LicenceRecord, personId: string, holderHash: string): typeof registryLicences.$inferInsert {
  return {
    archiveNumber: r.archiveNumber,
    holderDocType: r.holder.docType,
    holderDocNumber: r.holder.docNumber,
    holderDocHash: holderHash,
    personId,
    class: r.class,
    firstIssuedOn: r.firstIssuedOn,
    validFrom: r.validFrom,
    validTo: r.validTo,
    status: r.status,
    issuingAuthority: r.issuingAuthority,
    regionCode: r.regionCode,
  };
}

function vehicleRow(r: VehicleRecord, personId: string, ownerHash: string): typeof registryVehicles.$inferInsert {
  return {
    plate: r.plate,
    plateType: r.plateType,
    scheme: r.scheme,
    ownerDocType: r.owner.docType,
    ownerDocNumber: r.owner.docNumber,
    ownerDocHash: ownerHash,
    personId,
    ownerName: r.ownerName,
    vin: r.vin,
    brand: r.brand,
    model: r.model,
    registeredOn: r.registeredOn,
    inspectionValidTo: r.inspectionValidTo,
    permitValidTo: r.permitValidTo,
    status: r.status,
  };
}

function rentalRow(r: RentalRecord, personId: string, renterHash: string): typeof registryRentals.$inferInsert {
  return {
    plate: r.plate,
    plateType: r.plateType,
    from: new Date(r.from),
    to: new Date(r.to),
    company: r.company,
    renterDocType: r.renter.docType,
    renterDocNumber: r.renter.docNumber,
    renterDocHash: renterHash,
    personId,
  };
}

function violationRow(r: ViolationRecord): typeof registryViolations.$inferInsert {
  return {
    ref: r.ref,
    plate: r.plate,
    plateType: r.plateType,
    occurredAt: new Date(r.occurredAt),
    location: r.location,
    code: r.code,
    description: r.description,
    fineFen: r.fineFen,
    points: r.points,
    source: r.source,
    driverDocType: r.driver?.docType ?? null,
    driverDocNumber: r.driver?.docNumber ?? null,
    driverDocHash: r.driver ? docHash(r.driver) : null,
    decisionNo: r.decisionNo,
    decidedAt: r.decidedAt ? new Date(r.decidedAt) : null,
    paidAt: r.paidAt ? new Date(r.paidAt) : null,
  };
}

function add(out: BatchOutcome, c: { created: number; updated: number; unchanged: number }) {
  out.created += c.created;
  out.updated += c.updated;
  out.unchanged += c.unchanged;
}

/**
 * Applies one batch (no natural key twice) inside `tx`. Records whose person is not in the
 * registry yet are parked in the pending table (`final: false`) or rejected (`final: true`,
 * the end-of-run pass).
 */
async function applyBatch(tx: Tx, items: Item[], runId: string, final: boolean): Promise<BatchOutcome> {
  const out = emptyOutcome();
  await applyPersons(
    tx,
    items.filter((i): i is Item & { record: PersonRecord } => i.record.kind === 'person'),
    out,
  );
  const referring = items.filter((i) => personReference(i.record) !== null);
  const refHashes = [...new Set(referring.map((i) => docHash(personReference(i.record)!.doc)))];
  const found = refHashes.length
    ? await tx
        .select({ docHash: registryPersonDocuments.docHash, personId: registryPersonDocuments.personId })
        .from(registryPersonDocuments)
        .where(inArray(registryPersonDocuments.docHash, refHashes))
    : [];
  const personOf = new Map(found.map((f) => [f.docHash, f.personId]));
  // A key already waiting in this run keeps waiting for its later lines too, so that the end
  // pass applies them in file order and the last line of a key wins.
  const keyOf = (item: Item) => naturalKeys(item.record)[0]!;
  const waitingKeys = new Set<string>();
  if (!final && referring.length) {
    const rows = await tx
      .select({ key: registryImportPending.key })
      .from(registryImportPending)
      .where(and(eq(registryImportPending.runId, runId), inArray(registryImportPending.key, referring.map(keyOf))));
    for (const r of rows) waitingKeys.add(r.key);
  }
  const licences: Array<typeof registryLicences.$inferInsert> = [];
  const vehicles: Array<typeof registryVehicles.$inferInsert> = [];
  const rentals: Array<typeof registryRentals.$inferInsert> = [];
  const parked: Array<typeof registryImportPending.$inferInsert> = [];
  for (const item of referring) {
    const ref = personReference(item.record)!;
    const hash = docHash(ref.doc);
    const personId = personOf.get(hash);
    if (!final && personId && waitingKeys.has(keyOf(item))) {
      parked.push({ runId, line: item.line, kind: item.record.kind, key: keyOf(item), record: item.record });
      continue;
    }
    if (!personId) {
      if (final) {
        out.rejections.push({
          line: item.line,
          error: new LineError('unresolved_reference', { field: ref.field, docType: ref.doc.docType, number: maskDocNumber(ref.doc.docNumber) }),
        });
      } else {
        parked.push({ runId, line: item.line, kind: item.record.kind, key: keyOf(item), record: item.record });
      }
      continue;
    }
    const r = item.record;
    if (r.kind === 'licence') licences.push(licenceRow(r, personId, hash));
    else if (r.kind === 'vehicle') vehicles.push(vehicleRow(r, personId, hash));
    else if (r.kind === 'rental') rentals.push(rentalRow(r, personId, hash));
  }
  const violations = items.filter((i) => i.record.kind === 'violation').map((i) => violationRow(i.record as ViolationRecord));
  add(out, await upsertRows(tx, registryLicences, [registryLicences.archiveNumber], licences));
  add(out, await upsertRows(tx, registryVehicles, [registryVehicles.plate, registryVehicles.plateType], vehicles));
  add(out, await upsertRows(tx, registryRentals, [registryRentals.plate, registryRentals.plateType, registryRentals.from], rentals));
  add(out, await upsertRows(tx, registryViolations, [registryViolations.ref], violations));
  if (parked.length) await tx.insert(registryImportPending).values(parked);
  out.rejected = out.rejections.length;
  return out;
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
 * Runs a batch in one transaction. If the database refuses it (a constraint the validator
 * cannot see, such as a decision number already used by another violation), the batch is
 * retried line by line so that only the offending lines are rejected: nothing half-applied.
 */
async function runBatch(ctx: AppContext, items: Item[], runId: string, final: boolean): Promise<BatchOutcome> {
  try {
    return await ctx.db.transaction((tx) => applyBatch(tx, items, runId, final));
  } catch (e) {
    if (items.length === 1) {
      const out = emptyOutcome();
      out.rejections.push({ line: items[0]!.line, error: databaseReason(e) });
      out.rejected = 1;
      return out;
    }
    const total = emptyOutcome();
    for (const item of items) {
      const one = await runBatch(ctx, [item], runId, final);
      add(total, one);
      total.rejections.push(...one.rejections);
      total.rejected += one.rejected;
    }
    return total;
  }
}

/** Keeps each batch free of repeated natural keys, so a multi-row upsert never meets its own row twice. */
class Batcher {
  private items: Item[] = [];
  private keys = new Set<string>();
  constructor(private readonly flushFn: (items: Item[]) => Promise<void>) {}

  async add(item: Item): Promise<void> {
    const keys = naturalKeys(item.record);
    if (keys.some((k) => this.keys.has(k))) await this.flush();
    this.items.push(item);
    for (const k of keys) this.keys.add(k);
    if (this.items.length >= IMPORT_BATCH_LINES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.keys = new Set();
    await this.flushFn(items);
  }
}

/** Pending rows left by a run that crashed more than a day ago. */
const STALE_PENDING_MS = 24 * 60 * 60 * 1000;

/**
 * Imports registry lines (REGISTRY-FORMAT.md). Streams: lines are validated one at a time
 * and applied `IMPORT_BATCH_LINES` per transaction; records that point at a person not
 * seen yet wait in `registry_import_pending` (a table, not memory) and are resolved at the
 * end of the run, or rejected then with their line number.
 *
 * Throws `Problem('registry_not_ndjson')` when not one line is a JSON object: such a file
 * is refused whole (and, since only JSON objects are ever applied, it changed nothing).
 */
export async function importRegistry(ctx: AppContext, lines: AsyncIterable<string>, opts: ImportOptions = {}): Promise<ImportResult> {
  // Take the iterator before the first await: a readline interface emits lines as soon as
  // its stream flows and drops those emitted before anyone iterates.
  const iterator = lines[Symbol.asyncIterator]();
  const source: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  useLookupHash(ctx.crypto.lookupHash);
  const t = translator(opts.lang ?? DEFAULT_LANGUAGE);
  const maxErrors = opts.maxErrors ?? MAX_REPORTED_ERRORS;
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, rejected: 0, errors: [], truncated: false, lines: 0 };
  const runId = randomUUID();
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
    for (const r of out.rejections) reject(r.line, r.error);
  };

  await ctx.db.delete(registryImportPending).where(lt(registryImportPending.createdAt, new Date(Date.now() - STALE_PENDING_MS)));

  let objects = 0;
  let nonBlank = 0;
  let bytes = 0;
  const batcher = new Batcher(async (items) => merge(await runBatch(ctx, items, runId, false)));
  try {
    for await (const raw of source) {
      const lineNo = ++result.lines;
      bytes += Buffer.byteLength(raw, 'utf8') + 1;
      const text = (lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (text === '') continue;
      nonBlank++;
      if (text.length > MAX_LINE_CHARS) {
        reject(lineNo, new LineError('line_too_long', { max: MAX_LINE_CHARS }));
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        reject(lineNo, new LineError('not_json'));
        continue;
      }
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) objects++;
      try {
        await batcher.add({ line: lineNo, record: validateRecord(value, now, today) });
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        reject(lineNo, e);
      }
      if (lineNo % 100 === 0) opts.onProgress?.({ lines: lineNo, bytes });
    }
    await batcher.flush();
    if (nonBlank > 0 && objects === 0) {
      throw new Problem('registry_not_ndjson', { params: { lines: result.lines } });
    }

    // End of run: the parked records, in line order, page by page.
    const final = new Batcher(async (items) => merge(await runBatch(ctx, items, runId, true)));
    let after = 0;
    for (;;) {
      const page = await ctx.db
        .select({ line: registryImportPending.line, record: registryImportPending.record })
        .from(registryImportPending)
        .where(and(eq(registryImportPending.runId, runId), gt(registryImportPending.line, after)))
        .orderBy(asc(registryImportPending.line))
        .limit(IMPORT_BATCH_LINES);
      if (page.length === 0) break;
      for (const p of page) await final.add({ line: p.line, record: p.record as RegistryRecord });
      after = page[page.length - 1]!.line;
    }
    await final.flush();
  } finally {
    await ctx.db.delete(registryImportPending).where(eq(registryImportPending.runId, runId));
  }
  opts.onProgress?.({ lines: result.lines, bytes });
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
  const rows = await db.select().from(registryViolations).where(inArray(registryViolations.ref, refs));
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
