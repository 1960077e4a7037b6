/**
 * What one import batch does to the registry, decided without the database: given the
 * batch's validated records and what the registry already holds for the documents they
 * name, which rows are new, which change, which records wait for a person not seen yet,
 * and which are refused. The importer then writes the plan with one statement per table.
 *
 * Records are planned in file order against a state that already includes the batch's
 * earlier records, so a batch gives the same outcome (rows and counts) as applying its
 * lines one by one.
 */
import { maskDocNumber } from '../../../domain/id-documents.ts';
import {
  LineError,
  naturalKeys,
  personReference,
  type DocRef,
  type LicenceRecord,
  type PersonRecord,
  type RegistryRecord,
  type RentalRecord,
  type VehicleRecord,
  type ViolationRecord,
} from './validate.ts';

/** A row as written: text, a number or null, in the column order of its table's spec. */
export type RowValue = string | number | null;

export interface Item {
  line: number;
  record: RegistryRecord;
}

/** A person the registry holds, as the batch's look-up found them. */
export interface KnownPerson {
  id: string;
  name: string;
  sex: string;
  birthDate: string;
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface PersonPlan extends Counts {
  /** People not in the registry yet (id, name, sex, birth_date). */
  newPersons: RowValue[][];
  /** People whose name, sex or birth date changed (same columns), one row per person. */
  changedPersons: RowValue[][];
  /** Documents not in the registry yet (doc_hash, doc_type, doc_number, person_id). */
  newDocuments: RowValue[][];
  rejections: Array<{ line: number; error: LineError }>;
}

/**
 * Plans the batch's person records. `personOf` (document hash → person id) and `persons`
 * (id → person) hold what the registry has; both are updated with the plan, so that the
 * batch's licences, vehicles and rentals resolve to people created in the same batch.
 */
export function planPersons(
  items: ReadonlyArray<{ line: number; record: PersonRecord }>,
  docHash: (d: DocRef) => string,
  personOf: Map<string, string>,
  persons: Map<string, KnownPerson>,
  newId: () => string,
): PersonPlan {
  const plan: PersonPlan = { created: 0, updated: 0, unchanged: 0, newPersons: [], changedPersons: [], newDocuments: [], rejections: [] };
  // Last values of each existing person touched: two records may name one person by different documents.
  const changed = new Map<string, KnownPerson>();
  for (const { line, record } of items) {
    const hashes = record.documents.map(docHash);
    const owners = new Set(hashes.map((h) => personOf.get(h)).filter((id): id is string => id !== undefined));
    if (owners.size > 1) {
      plan.rejections.push({ line, error: new LineError('documents_conflict', { field: 'documents' }) });
      continue;
    }
    const existingId = owners.values().next().value as string | undefined;
    const id = existingId ?? newId();
    let newDocs = 0;
    for (const [i, d] of record.documents.entries()) {
      if (personOf.has(hashes[i]!)) continue;
      plan.newDocuments.push([hashes[i]!, d.docType, d.docNumber, id]);
      personOf.set(hashes[i]!, id);
      newDocs++;
    }
    const now: KnownPerson = { id, name: record.name, sex: record.sex, birthDate: record.birthDate };
    if (!existingId) {
      plan.newPersons.push([id, now.name, now.sex, now.birthDate]);
      persons.set(id, now);
      plan.created++;
      continue;
    }
    const prior = persons.get(existingId);
    const differs = !prior || prior.name !== now.name || prior.sex !== now.sex || prior.birthDate !== now.birthDate;
    if (differs) {
      changed.set(id, now);
      persons.set(id, now);
    }
    if (differs || newDocs > 0) plan.updated++;
    else plan.unchanged++;
  }
  for (const p of changed.values()) plan.changedPersons.push([p.id, p.name, p.sex, p.birthDate]);
  return plan;
}

export interface RecordPlan {
  licences: RowValue[][];
  vehicles: RowValue[][];
  rentals: RowValue[][];
  violations: RowValue[][];
  /** Records that wait for their person until the end of the run. */
  parked: Item[];
  rejections: Array<{ line: number; error: LineError }>;
}

/** The natural key a parked record waits under (REGISTRY-FORMAT.md). */
export const waitingKey = (r: RegistryRecord): string => naturalKeys(r)[0]!;

/**
 * Plans the batch's other records. A licence, vehicle or rental whose person is unknown
 * waits (`final: false`) or is refused (`final: true`, the end-of-run pass). A key already
 * waiting in this run (`waiting`) keeps waiting for its later lines too, so that the end
 * pass applies them in file order and the last line of a key wins.
 */
export function planRecords(
  items: readonly Item[],
  docHash: (d: DocRef) => string,
  personOf: ReadonlyMap<string, string>,
  waiting: ReadonlySet<string>,
  final: boolean,
  violationsDone = false,
): RecordPlan {
  const plan: RecordPlan = { licences: [], vehicles: [], rentals: [], violations: [], parked: [], rejections: [] };
  for (const item of items) {
    const r = item.record;
    if (r.kind === 'person') continue;
    if (r.kind === 'violation') {
      // `violationsDone`: the caller wrote them from rows made ahead (write.ts, prepareBatch).
      if (!violationsDone) plan.violations.push(violationRow(r, docHash));
      continue;
    }
    const ref = personReference(r)!;
    const hash = docHash(ref.doc);
    const personId = personOf.get(hash);
    if (!final && (!personId || waiting.has(waitingKey(r)))) {
      plan.parked.push(item);
      continue;
    }
    if (!personId) {
      plan.rejections.push({
        line: item.line,
        error: new LineError('unresolved_reference', { field: ref.field, docType: ref.doc.docType, number: maskDocNumber(ref.doc.docNumber) }),
      });
      continue;
    }
    if (r.kind === 'licence') plan.licences.push(licenceRow(r, personId, hash));
    else if (r.kind === 'vehicle') plan.vehicles.push(vehicleRow(r, personId, hash));
    else plan.rentals.push(rentalRow(r, personId, hash));
  }
  return plan;
}

// Rows in the column order of `TABLES` (write.ts).

function licenceRow(r: LicenceRecord, personId: string, holderHash: string): RowValue[] {
  return [r.archiveNumber, r.holder.docType, r.holder.docNumber, holderHash, personId, r.class, r.firstIssuedOn, r.validFrom, r.validTo, r.status, r.issuingAuthority, r.regionCode];
}

function vehicleRow(r: VehicleRecord, personId: string, ownerHash: string): RowValue[] {
  return [r.plate, r.plateType, r.scheme, r.owner.docType, r.owner.docNumber, ownerHash, personId, r.ownerName, r.vin, r.brand, r.model, r.registeredOn, r.inspectionValidTo, r.permitValidTo, r.status];
}

function rentalRow(r: RentalRecord, personId: string, renterHash: string): RowValue[] {
  return [r.plate, r.plateType, r.from, r.to, r.company, r.renter.docType, r.renter.docNumber, renterHash, personId];
}

export function violationRow(r: ViolationRecord, docHash: (d: DocRef) => string): RowValue[] {
  return [
    r.ref,
    r.plate,
    r.plateType,
    r.occurredAt,
    r.location,
    r.code,
    r.description,
    r.fineFen,
    r.points,
    r.source,
    r.driver?.docType ?? null,
    r.driver?.docNumber ?? null,
    r.driver ? docHash(r.driver) : null,
    r.decisionNo,
    r.decidedAt,
    r.paidAt,
  ];
}
