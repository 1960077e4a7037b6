/**
 * One registry line → a normalised record, or the reason it is refused. Every rule comes
 * from src/domain (the same rules the app applies to citizens), so the registry can never
 * hold a document number, plate or VIN that the rest of the app would call invalid.
 * Reasons are codes with parameters; the caller renders them in the reader's language.
 */
import { isIsoDate } from '../../../domain/dates.ts';
import { isoInstant, parseInstant } from '../../../domain/instants.ts';
import { isDocType, parseDocNumber, maskDocNumber, type DocType } from '../../../domain/id-documents.ts';
import { isArchiveNumber, parseLicenceClasses, parseLicenceStatus } from '../../../domain/licences.ts';
import { checkName } from '../../../domain/names.ts';
import { isPlateType, validatePlate, type PlateScheme } from '../../../domain/plates.ts';
import { isRegistrationCity, regionName } from '../../../domain/regions.ts';
import { isValidVin } from '../../../domain/vin.ts';

export interface DocRef {
  docType: DocType;
  docNumber: string;
}

export interface PersonRecord {
  kind: 'person';
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  documents: DocRef[];
}

export interface LicenceRecord {
  kind: 'licence';
  holder: DocRef;
  archiveNumber: string;
  class: string;
  firstIssuedOn: string;
  validFrom: string;
  validTo: string | null;
  status: string;
  issuingAuthority: string;
  regionCode: string;
}

export interface VehicleRecord {
  kind: 'vehicle';
  plate: string;
  plateType: string;
  scheme: PlateScheme;
  owner: DocRef;
  ownerName: string;
  vin: string;
  brand: string;
  model: string;
  registeredOn: string;
  inspectionValidTo: string;
  permitValidTo: string | null;
  status: string;
}

/** Instants are kept as canonical ISO strings (UTC) so records survive a JSON round trip. */
export interface ViolationRecord {
  kind: 'violation';
  ref: string;
  plate: string;
  plateType: string;
  occurredAt: string;
  location: string;
  code: string;
  description: string;
  fineFen: number;
  points: number;
  source: 'camera' | 'onsite';
  driver: DocRef | null;
  decisionNo: string | null;
  decidedAt: string | null;
  paidAt: string | null;
}

export interface RentalRecord {
  kind: 'rental';
  plate: string;
  plateType: string;
  company: string;
  renter: DocRef;
  from: string;
  to: string;
}

export type RegistryRecord = PersonRecord | LicenceRecord | VehicleRecord | ViolationRecord | RentalRecord;
export type RecordKind = RegistryRecord['kind'];
export const RECORD_KINDS: readonly RecordKind[] = ['person', 'licence', 'vehicle', 'violation', 'rental'];

/** A refused line: `code` names a text in the `registry` namespace (`reasons.<code>`). */
export class LineError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'LineError';
  }
}

/** Point values of 令163 (REFERENCE.md §3), plus 0 for violations that carry no points. */
const POINT_VALUES = new Set([0, 1, 3, 6, 9, 12]);
/** Violation codes: 4 or 5 digits, optionally a letter (`1625`, `10393`, `1352A`). */
const VIOLATION_CODE = /^\d{4,5}[A-Z]?$/;
/** Penalty decision numbers: 16 digits (older ones 15), REFERENCE.md §4. */
const DECISION_NO = /^\d{15,16}$/;
const MAX_TEXT = 200;
/** Record keys: letters, digits and `-`/`_`, short enough to index. */
const RECORD_REF = /^[A-Za-z0-9_-]{1,40}$/;
/** Vehicle state letters (A 正常, … as in the vehicle registration standard): letters only. */
const VEHICLE_STATUS = /^[A-Z]{1,6}$/;

const FIELDS: Record<RecordKind, readonly string[]> = {
  person: ['kind', 'name', 'sex', 'birthDate', 'documents'],
  licence: ['kind', 'holder', 'archiveNumber', 'class', 'firstIssuedOn', 'validFrom', 'validTo', 'status', 'issuingAuthority', 'regionCode'],
  vehicle: ['kind', 'plate', 'plateType', 'scheme', 'owner', 'ownerName', 'vin', 'brand', 'model', 'registeredOn', 'inspectionValidTo', 'permitValidTo', 'status'],
  violation: ['kind', 'ref', 'plate', 'plateType', 'occurredAt', 'location', 'code', 'description', 'fineFen', 'points', 'source', 'driver', 'decisionNo', 'decidedAt', 'paidAt'],
  rental: ['kind', 'plate', 'plateType', 'company', 'renter', 'from', 'to'],
};

/** Field readers over one parsed line; each throws a LineError naming the field. */
class Fields {
  constructor(private readonly o: Record<string, unknown>) {}

  has(field: string): boolean {
    return this.o[field] !== undefined && this.o[field] !== null;
  }

  text(field: string, max = MAX_TEXT): string {
    const v = this.o[field];
    if (v === undefined || v === null) throw new LineError('missing', { field });
    const t = typeof v === 'string' ? v.trim() : '';
    if (t === '') throw new LineError('not_text', { field });
    // Code points, not UTF-16 units; there are never more of them than units, so short text needs no count.
    if (t.length > max && Array.from(t).length > max) throw new LineError('too_long', { field, max });
    return t;
  }

  date(field: string): string {
    const v = this.o[field];
    if (v === undefined || v === null) throw new LineError('missing', { field });
    if (typeof v !== 'string' || !isIsoDate(v)) throw new LineError('not_date', { field });
    return v;
  }

  optionalDate(field: string): string | null {
    return this.has(field) ? this.date(field) : null;
  }

  /** Milliseconds since the epoch; `isoInstant` gives the canonical form kept in the record. */
  instant(field: string): number {
    const v = this.o[field];
    if (v === undefined || v === null) throw new LineError('missing', { field });
    const ms = typeof v === 'string' ? parseInstant(v) : null;
    if (ms === null) throw new LineError('not_instant', { field });
    return ms;
  }

  optionalInstant(field: string): number | null {
    return this.has(field) ? this.instant(field) : null;
  }

  wholeNumber(field: string, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.o[field];
    if (v === undefined || v === null) throw new LineError('missing', { field });
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) throw new LineError('not_whole_number', { field });
    return v;
  }

  doc(field: string, today: string): DocRef {
    const v = this.o[field];
    if (v === undefined || v === null) throw new LineError('missing', { field });
    return parseDocRef(v, field, today);
  }
}

function parseDocRef(v: unknown, field: string, today: string): DocRef {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LineError('not_document', { field });
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'docType' && key !== 'docNumber') throw new LineError('unknown_field', { field: `${field}.${key}` });
  }
  if (!isDocType(o.docType)) throw new LineError('invalid_doc_type', { field: `${field}.docType`, value: String(o.docType ?? '') });
  if (typeof o.docNumber !== 'string') throw new LineError('missing', { field: `${field}.docNumber` });
  const parsed = parseDocNumber(o.docType, o.docNumber, today);
  if (!parsed.ok) {
    throw new LineError(`doc_${parsed.reason}`, { field: `${field}.docNumber`, docType: o.docType, number: maskDocNumber(o.docNumber) });
  }
  return { docType: o.docType, docNumber: parsed.value };
}

/**
 * The plate of a violation or rental names no scheme: a type-20 plate may be a Hong Kong
 * or a Macau single plate (北上 cars) or an ordinary mainland one.
 */
function parsePlateOfAnyScheme(plate: unknown, plateType: string): string {
  const schemes: PlateScheme[] = plateType === '20' ? ['mainland', 'hk_northbound', 'mo_northbound'] : ['mainland'];
  for (const scheme of schemes) {
    const r = validatePlate(plate as string, plateType, scheme);
    if (r.ok) return r.value;
  }
  throw new LineError('invalid_plate', { field: 'plate', plate: String(plate), plateType });
}

function plateTypeOf(f: Fields): string {
  const t = f.text('plateType', 2);
  if (!isPlateType(t)) throw new LineError('invalid_plate_type', { field: 'plateType', value: t });
  return t;
}

function notBefore(later: string | null, laterField: string, earlier: string, earlierField: string) {
  if (later !== null && later < earlier) throw new LineError('date_order', { field: laterField, other: earlierField });
}

function parsePerson(f: Fields, o: Record<string, unknown>, today: string): PersonRecord {
  const docsRaw = o.documents;
  if (docsRaw === undefined || docsRaw === null) throw new LineError('missing', { field: 'documents' });
  if (!Array.isArray(docsRaw) || docsRaw.length === 0 || docsRaw.length > 10) throw new LineError('documents_list', { field: 'documents' });
  const documents = docsRaw.map((d, i) => parseDocRef(d, `documents[${i}]`, today));
  const seen = new Set<string>();
  for (const d of documents) {
    // One document of each type: a second number of the same type is a different person or a typo.
    if (seen.has(d.docType)) throw new LineError('duplicate_doc_type', { field: 'documents', docType: d.docType });
    seen.add(d.docType);
  }
  const rawName = f.text('name', 60);
  const nameDocType: DocType = documents.every((d) => d.docType === 'passport') ? 'passport' : documents[0]!.docType;
  const name = checkName(rawName, nameDocType);
  if (!name.ok) {
    throw name.code === 'name_not_simplified'
      ? new LineError('name_not_simplified', { field: 'name', suggestion: name.suggestion })
      : new LineError('invalid_name', { field: 'name' });
  }
  const sex = o.sex;
  if (sex !== 'M' && sex !== 'F') throw new LineError('invalid_sex', { field: 'sex' });
  const birthDate = f.date('birthDate');
  if (birthDate > today) throw new LineError('future_date', { field: 'birthDate' });
  for (const [i, d] of documents.entries()) {
    // Mainland-layout numbers encode birth date and sex: they must agree with the record.
    const parsed = parseDocNumber(d.docType, d.docNumber);
    if (parsed.ok && parsed.birthDate && parsed.birthDate !== birthDate) throw new LineError('doc_birth_date_differs', { field: `documents[${i}].docNumber` });
    if (parsed.ok && parsed.sex && parsed.sex !== sex) throw new LineError('doc_sex_differs', { field: `documents[${i}].docNumber` });
  }
  return { kind: 'person', name: name.value, sex, birthDate, documents };
}

function parseLicence(f: Fields, o: Record<string, unknown>, today: string): LicenceRecord {
  const holder = f.doc('holder', today);
  const archiveNumber = f.text('archiveNumber', 12);
  if (!isArchiveNumber(archiveNumber)) throw new LineError('invalid_archive_number', { field: 'archiveNumber' });
  const classes = parseLicenceClasses(f.text('class', 40));
  if (!classes) throw new LineError('invalid_class', { field: 'class', value: String(o.class) });
  const firstIssuedOn = f.date('firstIssuedOn');
  const validFrom = f.date('validFrom');
  if (!('validTo' in o)) throw new LineError('missing', { field: 'validTo' });
  const validTo = f.optionalDate('validTo');
  if (firstIssuedOn > today) throw new LineError('future_date', { field: 'firstIssuedOn' });
  notBefore(validFrom, 'validFrom', firstIssuedOn, 'firstIssuedOn');
  notBefore(validTo, 'validTo', validFrom, 'validFrom');
  const status = parseLicenceStatus(f.text('status', 20));
  if (!status) throw new LineError('invalid_status', { field: 'status', value: String(o.status) });
  const issuingAuthority = f.text('issuingAuthority');
  const regionCode = f.text('regionCode', 6);
  if (!/^\d{6}$/.test(regionCode) || !(isRegistrationCity(regionCode) || regionName(regionCode) !== undefined)) {
    throw new LineError('invalid_region', { field: 'regionCode', value: regionCode });
  }
  return { kind: 'licence', holder, archiveNumber, class: classes.join(''), firstIssuedOn, validFrom, validTo, status: status.join(''), issuingAuthority, regionCode };
}

function parseVehicle(f: Fields, o: Record<string, unknown>, today: string): VehicleRecord {
  const scheme = o.scheme;
  if (scheme !== 'mainland' && scheme !== 'hk_northbound' && scheme !== 'mo_northbound') throw new LineError('invalid_scheme', { field: 'scheme' });
  const plateType = plateTypeOf(f);
  const plateRaw = f.text('plate', 12);
  const plate = validatePlate(plateRaw, plateType, scheme);
  if (!plate.ok) {
    throw plate.reason === 'scheme_mismatch'
      ? new LineError('scheme_plate_type', { field: 'plateType', scheme })
      : new LineError('invalid_plate', { field: 'plate', plate: plateRaw, plateType });
  }
  const owner = f.doc('owner', today);
  const ownerName = f.text('ownerName', 60);
  const vin = f.text('vin', 17).toUpperCase();
  if (!isValidVin(vin)) throw new LineError('invalid_vin', { field: 'vin' });
  const registeredOn = f.date('registeredOn');
  if (registeredOn > today) throw new LineError('future_date', { field: 'registeredOn' });
  const inspectionValidTo = f.date('inspectionValidTo');
  const permitValidTo = f.optionalDate('permitValidTo');
  // A northbound car drives on its temporary-entry permit: without its end date it cannot be shown.
  if (scheme !== 'mainland' && permitValidTo === null) throw new LineError('permit_required', { field: 'permitValidTo' });
  if (scheme === 'mainland' && permitValidTo !== null) throw new LineError('permit_not_allowed', { field: 'permitValidTo' });
  const status = f.text('status', 6);
  if (!VEHICLE_STATUS.test(status)) throw new LineError('invalid_vehicle_status', { field: 'status' });
  return {
    kind: 'vehicle',
    plate: plate.value,
    plateType,
    scheme,
    owner,
    ownerName,
    vin,
    brand: f.text('brand'),
    model: f.text('model'),
    registeredOn,
    inspectionValidTo,
    permitValidTo,
    status,
  };
}

function parseViolation(f: Fields, o: Record<string, unknown>, today: string, now: Date): ViolationRecord {
  const ref = f.text('ref', 40);
  if (!RECORD_REF.test(ref)) throw new LineError('invalid_ref', { field: 'ref' });
  const plateType = plateTypeOf(f);
  const plate = parsePlateOfAnyScheme(f.text('plate', 12), plateType);
  const nowMs = now.getTime();
  const occurredMs = f.instant('occurredAt');
  if (occurredMs > nowMs) throw new LineError('future_date', { field: 'occurredAt' });
  const occurredAt = isoInstant(occurredMs);
  const code = f.text('code', 6);
  if (!VIOLATION_CODE.test(code)) throw new LineError('invalid_violation_code', { field: 'code', value: code });
  const fineFen = f.wholeNumber('fineFen');
  const points = f.wholeNumber('points', 12);
  if (!POINT_VALUES.has(points)) throw new LineError('invalid_points', { field: 'points' });
  const source = o.source;
  if (source !== 'camera' && source !== 'onsite') throw new LineError('invalid_source', { field: 'source' });
  const decided = ['driver', 'decisionNo', 'decidedAt'].filter((k) => f.has(k));
  // An onsite ticket is a decision already made; a camera record may also have been decided
  // elsewhere (at a counter), but then the decision must be complete.
  if (source === 'onsite' && decided.length < 3) throw new LineError('onsite_needs_decision', { field: ['driver', 'decisionNo', 'decidedAt'].find((k) => !f.has(k))! });
  if (decided.length > 0 && decided.length < 3) throw new LineError('decision_incomplete', { field: ['driver', 'decisionNo', 'decidedAt'].find((k) => !f.has(k))! });
  let driver: DocRef | null = null;
  let decisionNo: string | null = null;
  let decidedAt: string | null = null;
  if (decided.length === 3) {
    driver = f.doc('driver', today);
    decisionNo = f.text('decisionNo', 16);
    if (!DECISION_NO.test(decisionNo)) throw new LineError('invalid_decision_no', { field: 'decisionNo' });
    const decidedMs = f.instant('decidedAt');
    decidedAt = isoInstant(decidedMs);
    if (decidedAt < occurredAt) throw new LineError('date_order', { field: 'decidedAt', other: 'occurredAt' });
    if (decidedMs > nowMs) throw new LineError('future_date', { field: 'decidedAt' });
  }
  const paidMs = f.optionalInstant('paidAt');
  const paidAt = paidMs === null ? null : isoInstant(paidMs);
  if (paidMs !== null && paidAt !== null) {
    // Only a decided fine can be paid: payment is against the decision.
    if (decidedAt === null) throw new LineError('paid_without_decision', { field: 'paidAt' });
    if (paidAt < decidedAt) throw new LineError('date_order', { field: 'paidAt', other: 'decidedAt' });
    if (paidMs > nowMs) throw new LineError('future_date', { field: 'paidAt' });
  }
  return {
    kind: 'violation',
    ref,
    plate,
    plateType,
    occurredAt,
    location: f.text('location'),
    code,
    description: f.text('description'),
    fineFen,
    points,
    source,
    driver,
    decisionNo,
    decidedAt,
    paidAt,
  };
}

function parseRental(f: Fields, _o: Record<string, unknown>, today: string): RentalRecord {
  const plateType = plateTypeOf(f);
  const plate = parsePlateOfAnyScheme(f.text('plate', 12), plateType);
  const from = isoInstant(f.instant('from'));
  const to = isoInstant(f.instant('to'));
  if (to <= from) throw new LineError('date_order', { field: 'to', other: 'from' });
  return { kind: 'rental', plate, plateType, company: f.text('company'), renter: f.doc('renter', today), from, to };
}

/**
 * Validates one parsed JSON value. `now` bounds dates that cannot lie in the future (birth,
 * first issue, occurrence); `today` is its Asia/Shanghai date.
 */
export function validateRecord(value: unknown, now: Date, today: string): RegistryRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LineError('not_object');
  const o = value as Record<string, unknown>;
  const kind = o.kind;
  if (kind === undefined) throw new LineError('missing', { field: 'kind' });
  if (typeof kind !== 'string' || !(RECORD_KINDS as readonly string[]).includes(kind)) throw new LineError('unknown_kind', { value: String(kind) });
  const k = kind as RecordKind;
  for (const key of Object.keys(o)) {
    if (!FIELDS[k].includes(key)) throw new LineError('unknown_field', { field: key });
  }
  const f = new Fields(o);
  switch (k) {
    case 'person':
      return parsePerson(f, o, today);
    case 'licence':
      return parseLicence(f, o, today);
    case 'vehicle':
      return parseVehicle(f, o, today);
    case 'violation':
      return parseViolation(f, o, today, now);
    case 'rental':
      return parseRental(f, o, today);
  }
}

/** The natural key of a record (REGISTRY-FORMAT.md), for keeping one batch free of repeats. */
export function naturalKeys(r: RegistryRecord): string[] {
  switch (r.kind) {
    case 'person':
      return r.documents.map((d) => `doc:${d.docType}:${d.docNumber}`);
    case 'licence':
      return [`licence:${r.archiveNumber}`];
    case 'vehicle':
      return [`vehicle:${r.plateType}:${r.plate}`];
    case 'violation':
      return [`violation:${r.ref}`];
    case 'rental':
      return [`rental:${r.plateType}:${r.plate}:${r.from}`];
  }
}

/** The person a record points at, if any (licence holder, vehicle owner, renter). */
export function personReference(r: RegistryRecord): { field: string; doc: DocRef } | null {
  switch (r.kind) {
    case 'licence':
      return { field: 'holder', doc: r.holder };
    case 'vehicle':
      return { field: 'owner', doc: r.owner };
    case 'rental':
      return { field: 'renter', doc: r.renter };
    default:
      return null;
  }
}
