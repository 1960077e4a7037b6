import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { DocType } from '../../../domain/id-documents.ts';
import { documentKey, lookupHash } from '../registry/lookup-hash.ts';
import { registryViolations } from '../registry/tables.ts';
import { licenceFilings } from './tables.ts';

export type LicenceFiling = typeof licenceFilings.$inferSelect;

export async function findFiling(db: DbOrTx, accountId: string): Promise<LicenceFiling | null> {
  const [row] = await db.select().from(licenceFilings).where(eq(licenceFilings.accountId, accountId));
  return row ?? null;
}

/** Records (or replaces) the account's filing. */
export async function upsertFiling(db: DbOrTx, filing: LicenceFiling): Promise<void> {
  await db
    .insert(licenceFilings)
    .values(filing)
    .onConflictDoUpdate({
      target: licenceFilings.accountId,
      set: { archiveNumber: filing.archiveNumber, personId: filing.personId, filedAt: filing.filedAt },
    });
}

export interface DecidedViolation {
  ref: string;
  plate: string;
  plateType: string;
  occurredAt: Date;
  code: string;
  description: string;
  fineFen: number;
  points: number;
  decisionNo: string;
  decidedAt: Date;
  paidAt: Date | null;
}

/**
 * The penalty decisions the registry holds against any of these driver documents.
 *
 * Ownership note: this reads the registry's table directly because the registry service
 * has no lookup by driver yet (its lookups go by plate, which misses a ticket issued while
 * driving someone else's car). It goes through the registry's own lookup hash and the
 * partial index `registry_violations_driver_idx`, and is written to move into
 * registry/service.ts unchanged as `listDecidedViolationsOfDrivers`.
 *
 * The importer only accepts a decision with its driver, decision number and date together
 * (validate.ts `decision_incomplete`), so every decided registry violation names its driver:
 * there is no driverless decision to attribute to the vehicle owner here.
 */
export async function listDecidedViolationsOfDrivers(db: DbOrTx, drivers: Array<{ docType: DocType; docNumber: string }>): Promise<DecidedViolation[]> {
  if (drivers.length === 0) return [];
  const hashes = drivers.map((d) => lookupHash(documentKey(d.docType, d.docNumber)));
  const rows = await db
    .select({
      ref: registryViolations.ref,
      plate: registryViolations.plate,
      plateType: registryViolations.plateType,
      occurredAt: registryViolations.occurredAt,
      code: registryViolations.code,
      description: registryViolations.description,
      fineFen: registryViolations.fineFen,
      points: registryViolations.points,
      decisionNo: registryViolations.decisionNo,
      decidedAt: registryViolations.decidedAt,
      paidAt: registryViolations.paidAt,
    })
    .from(registryViolations)
    .where(and(inArray(registryViolations.driverDocHash, hashes), isNotNull(registryViolations.decidedAt), isNotNull(registryViolations.decisionNo)))
    .orderBy(asc(registryViolations.decidedAt), asc(registryViolations.ref));
  return rows.map((r) => ({ ...r, decisionNo: r.decisionNo!, decidedAt: r.decidedAt! }));
}
