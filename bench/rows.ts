/**
 * Generated registry lines → rows of the registry tables, exactly as the importer would
 * store them (same columns, same keyed document hashes). Used by `jiaoguan bench seed`,
 * which writes them straight into the registry with COPY, and by the import benchmark's
 * baseline, which COPYs the same rows into scratch tables.
 */
import type { DocRef } from '../src/server/features/registry/validate.ts';
import { documentKey } from '../src/server/features/registry/lookup-hash.ts';
import { mix, type LicenceLine, type PersonLine, type VehicleLine, type ViolationLine } from './generate.ts';
import type { CopyValue } from './copy.ts';

export const REGISTRY_COLUMNS = {
  registry_persons: ['id', 'name', 'sex', 'birth_date'],
  registry_person_documents: ['doc_hash', 'doc_type', 'doc_number', 'person_id'],
  registry_licences: ['archive_number', 'holder_doc_type', 'holder_doc_number', 'holder_doc_hash', 'person_id', 'class', 'first_issued_on', 'valid_from', 'valid_to', 'status', 'issuing_authority', 'region_code'],
  registry_vehicles: ['plate', 'plate_type', 'scheme', 'owner_doc_type', 'owner_doc_number', 'owner_doc_hash', 'person_id', 'owner_name', 'vin', 'brand', 'model', 'registered_on', 'inspection_valid_to', 'permit_valid_to', 'status'],
  registry_violations: ['ref', 'plate', 'plate_type', 'occurred_at', 'location', 'code', 'description', 'fine_fen', 'points', 'source', 'driver_doc_type', 'driver_doc_number', 'driver_doc_hash', 'decision_no', 'decided_at', 'paid_at'],
} as const;
export type RegistryTable = keyof typeof REGISTRY_COLUMNS;

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * The registry id of generated person `i`: random-looking (so ids do not reveal the order of
 * import) yet deterministic, so a licence row can name its holder without a lookup. The
 * last 12 hex digits carry `i` itself, which makes ids unique by construction.
 */
export function personUuid(i: number, seed = 1): string {
  const a = hex8(mix(i, seed * 7 + 1));
  const b = hex8(mix(i, seed * 7 + 2));
  const tail = (i + seed * 0x1000000).toString(16).padStart(12, '0').slice(-12);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 + (mix(i, seed * 7 + 3) % 4)).toString(16)}${hex8(mix(i, seed * 7 + 4)).slice(0, 3)}-${tail}`;
}

export class RowBuilder {
  constructor(private readonly lookupHash: (value: string) => string) {}

  docHash(doc: DocRef): string {
    return this.lookupHash(documentKey(doc.docType, doc.docNumber));
  }

  person(p: PersonLine, personId: string): { person: CopyValue[]; documents: CopyValue[][] } {
    return {
      person: [personId, p.name, p.sex, p.birthDate],
      documents: p.documents.map((d) => [this.docHash(d), d.docType, d.docNumber, personId]),
    };
  }

  licence(l: LicenceLine, personId: string): CopyValue[] {
    return [l.archiveNumber, l.holder.docType, l.holder.docNumber, this.docHash(l.holder), personId, l.class, l.firstIssuedOn, l.validFrom, l.validTo, l.status, l.issuingAuthority, l.regionCode];
  }

  vehicle(v: VehicleLine, personId: string): CopyValue[] {
    return [v.plate, v.plateType, v.scheme, v.owner.docType, v.owner.docNumber, this.docHash(v.owner), personId, v.ownerName, v.vin, v.brand, v.model, v.registeredOn, v.inspectionValidTo, v.permitValidTo ?? null, v.status];
  }

  violation(v: ViolationLine): CopyValue[] {
    return [
      v.ref, v.plate, v.plateType, v.occurredAt, v.location, v.code, v.description, v.fineFen, v.points, v.source,
      v.driver?.docType ?? null, v.driver?.docNumber ?? null, v.driver ? this.docHash(v.driver) : null,
      v.decisionNo ?? null, v.decidedAt ?? null, v.paidAt ?? null,
    ];
  }
}
