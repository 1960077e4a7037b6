import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The registry: the traffic-management authority's own records, fed by NDJSON imports
 * (shared/domain/REGISTRY-FORMAT.md). Other features read it only through
 * `features/registry/service.ts`.
 *
 * Document numbers are stored whole because the registry must hand them back (a licence
 * number *is* the holder's document number), but every lookup goes through `doc_hash`
 * (keyed HMAC of `docType:docNumber`), so no query ever filters on a plain number.
 */

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const registryPersons = pgTable('registry_persons', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  sex: text('sex').notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  ...timestamps,
});

/** One row per identity document; a person is found by any of them. */
export const registryPersonDocuments = pgTable(
  'registry_person_documents',
  {
    docHash: text('doc_hash').primaryKey(),
    docType: text('doc_type').notNull(),
    docNumber: text('doc_number').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => registryPersons.id, { onDelete: 'cascade' }),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('registry_person_documents_person_idx').on(t.personId)],
);

export const registryLicences = pgTable(
  'registry_licences',
  {
    archiveNumber: text('archive_number').primaryKey(),
    holderDocType: text('holder_doc_type').notNull(),
    holderDocNumber: text('holder_doc_number').notNull(),
    holderDocHash: text('holder_doc_hash').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => registryPersons.id),
    class: text('class').notNull(),
    firstIssuedOn: date('first_issued_on', { mode: 'string' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Null: long-term (长期). */
    validTo: date('valid_to', { mode: 'string' }),
    status: text('status').notNull(),
    issuingAuthority: text('issuing_authority').notNull(),
    regionCode: text('region_code').notNull(),
    ...timestamps,
  },
  (t) => [index('registry_licences_person_idx').on(t.personId), index('registry_licences_holder_idx').on(t.holderDocHash)],
);

export const registryVehicles = pgTable(
  'registry_vehicles',
  {
    plate: text('plate').notNull(),
    plateType: text('plate_type').notNull(),
    scheme: text('scheme').notNull(),
    ownerDocType: text('owner_doc_type').notNull(),
    ownerDocNumber: text('owner_doc_number').notNull(),
    ownerDocHash: text('owner_doc_hash').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => registryPersons.id),
    ownerName: text('owner_name').notNull(),
    vin: text('vin').notNull(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    inspectionValidTo: date('inspection_valid_to', { mode: 'string' }).notNull(),
    /** Northbound (港车北上/澳车北上) vehicles: end of the temporary-entry permit. */
    permitValidTo: date('permit_valid_to', { mode: 'string' }),
    status: text('status').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.plate, t.plateType] }),
    index('registry_vehicles_person_idx').on(t.personId),
    index('registry_vehicles_owner_idx').on(t.ownerDocHash),
    index('registry_vehicles_vin_idx').on(t.vin),
  ],
);

export const registryViolations = pgTable(
  'registry_violations',
  {
    ref: text('ref').primaryKey(),
    plate: text('plate').notNull(),
    plateType: text('plate_type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    location: text('location').notNull(),
    code: text('code').notNull(),
    description: text('description').notNull(),
    fineFen: bigint('fine_fen', { mode: 'number' }).notNull(),
    points: integer('points').notNull(),
    /** `camera` (electronic monitoring) or `onsite` (ticket issued on the spot). */
    source: text('source').notNull(),
    driverDocType: text('driver_doc_type'),
    driverDocNumber: text('driver_doc_number'),
    driverDocHash: text('driver_doc_hash'),
    decisionNo: text('decision_no'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('registry_violations_plate_idx').on(t.plate, t.plateType, t.occurredAt),
    index('registry_violations_driver_idx').on(t.driverDocHash).where(sql`${t.driverDocHash} is not null`),
    // The home screen's and vehicle list's unhandled counts: camera records still awaiting a
    // decision, by vehicle. Small beside the whole table (most records are decided), and with
    // the ref in the key the counts are answered from the index alone (index-only scans).
    index('registry_violations_unhandled_idx')
      .on(t.plate, t.plateType, t.occurredAt, t.ref)
      .where(sql`${t.source} = 'camera' and ${t.decisionNo} is null`),
    uniqueIndex('registry_violations_decision_idx').on(t.decisionNo).where(sql`${t.decisionNo} is not null`),
  ],
);

export const registryRentals = pgTable(
  'registry_rentals',
  {
    plate: text('plate').notNull(),
    plateType: text('plate_type').notNull(),
    from: timestamp('from', { withTimezone: true }).notNull(),
    to: timestamp('to', { withTimezone: true }).notNull(),
    company: text('company').notNull(),
    renterDocType: text('renter_doc_type').notNull(),
    renterDocNumber: text('renter_doc_number').notNull(),
    renterDocHash: text('renter_doc_hash').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => registryPersons.id),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.plate, t.plateType, t.from] }),
    index('registry_rentals_person_idx').on(t.personId),
  ],
);

/**
 * Lines of a running import whose person reference (licence holder, vehicle owner, renter)
 * is not in the registry yet: they wait here instead of in memory, so a file with many
 * forward references still imports in flat memory. Retried at the end of the run, then
 * deleted; rows of a crashed run are swept by the next run.
 */
export const registryImportPending = pgTable(
  'registry_import_pending',
  {
    runId: uuid('run_id').notNull(),
    line: integer('line').notNull(),
    kind: text('kind').notNull(),
    /** The record's natural key: a later line with the same key must wait too, to keep file order. */
    key: text('key').notNull(),
    record: jsonb('record').notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.line] }),
    index('registry_import_pending_key_idx').on(t.runId, t.key),
    index('registry_import_pending_created_idx').on(t.createdAt),
  ],
);
