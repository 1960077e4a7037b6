/**
 * Violations, online handling, fines, objections and notices (API.md "Violations, fines,
 * payments"; REFERENCE.md §3–§5). The registry holds the authority's records; this feature
 * decides which of them a citizen sees (own vehicles, rentals inside a rental period,
 * on-site tickets where they were the driver), makes the online penalty decision, keeps
 * payments, objections and notices. Other features call `getFineForAccount`,
 * `markFinePaid` and `listHandledOrWithdrawnRefs`.
 */
import { randomUUID } from 'node:crypto';
import { sql as sqlTag } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../../i18n/languages.ts';
import { addDays, shanghaiDate } from '../../../domain/dates.ts';
import { daysLate as daysPastDue, dueOn as fineDueOn, lateFeeFen as lateFee } from '../../../domain/fines.ts';
import { canHandleOnline, type HandlerRelation, type OnlineHandlingReason } from '../../../domain/violation-handling.ts';
import { getAccount, findActiveAccountByDocuments } from '../accounts/service.ts';
import { getBoundLicence, registerPointDecisionSource, requireActiveAccount, type ActiveAccount, type BoundLicence, type PointDecision } from '../licences/service.ts';
import { listDecidedViolationsOfDrivers } from '../licences/queries.ts';
import { sendMessage } from '../messages/service.ts';
import { registerHandledViolationFilter, vehiclesOfAccount, vehiclesOfActiveAccount, type AccountVehicle } from '../vehicles/service.ts';
import { inParallel } from '../../db/parallel.ts';
import { ChangeTags } from '../../platform/change-tags.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { violationSchema } from './schemas.ts';
import {
  findPersonByDocument,
  findPersonById,
  findVehicle,
  findViolationByRef,
  findViolationsByRefs,
  listRentalsOfPerson,
  listViolationsDrivenBy,
  listViolationsForPlates,
  type RegistryPerson,
  type RegistryViolation,
} from '../registry/service.ts';
import { createReview, registerReviewDecisionHandler, REJECTION_REASONS } from '../reviews/service.ts';
import {
  claimIdempotencyKey,
  claimNotice,
  decideObjection,
  decisionByNo,
  decisionsByRefs,
  decisionsOfAccount,
  decisionsOfPerson,
  findIdempotentAnswer,
  insertDecision,
  insertObjection,
  insertPayment,
  insertWithdrawal,
  lockObjection,
  markScanned,
  nextDecisionSequence,
  paymentsByDecisionNos,
  pendingObjectionRefs,
  storeIdempotentAnswer,
  unscannedCameraRecords,
  withdrawnRefs,
  type DecisionRow,
  type PaymentRow,
} from './queries.ts';

/** REFERENCE.md §4: the owner is asked to handle a camera record within 30 days; later it shows as overdue. */
export const HANDLING_PERIOD_DAYS = 30;
/** Photos an objection may carry. */
export const MAX_OBJECTION_PHOTOS = 3;
export const MAX_OBJECTION_REASON_CHARS = 500;
export const OBJECTION_PHOTO_SPEC = { maxBytes: 8 * 1024 * 1024, minWidth: 320, minHeight: 240 } as const;
/** Decision numbers: 6-digit region + YYMMDD + 4-digit sequence = 16 digits. */
const MAX_DAILY_SEQUENCE = 9999;
const NOTICE_SCAN_PAGE = 500;
export const REGISTRY_IMPORTED_JOB = 'registry.imported';

export type ViolationStatus = 'unhandled' | 'handled' | 'paid';
/** How the citizen comes to see a record; the strongest one counts when several apply. */
export type Relation = HandlerRelation;
const RELATION_RANK: Record<Relation, number> = { owner: 0, driver: 1, renter: 2, filer: 3 };

const asLanguage = (v: string): Language => ((LANGUAGES as readonly string[]).includes(v) ? (v as Language) : DEFAULT_LANGUAGE);
const todayOf = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

// ---------------------------------------------------------------------------------------
// Visibility

export interface VisibleRecord {
  violation: RegistryViolation;
  relation: Relation;
  rental: boolean;
  /** For a filer: the Shanghai date the filing was confirmed. */
  filedOn?: string;
}

export interface Viewer {
  accountId: string;
  person: RegistryPerson | null;
  /** The active account when the caller has read it: its vehicles and licence are then found without reading it again. */
  account?: ActiveAccount;
  /** For a cached answer: collects the account, person and plates whose rows the answer read. */
  tags?: ChangeTags;
}

async function viewerOf(ctx: AppContext, accountId: string, db: DbOrTx): Promise<Viewer & { account: Awaited<ReturnType<typeof requireActiveAccount>> }> {
  const account = await requireActiveAccount(db, accountId);
  const person = await findPersonByDocument(db, { docType: account.docType, docNumber: account.docNumber });
  return { account, accountId: account.id, person };
}

/**
 * Every registry record this account may see, withdrawn ones left out: camera records of
 * vehicles the account owns (any document of its person) or filed (vehicles feature); camera records of a rented
 * vehicle inside the person's rental period; on-site tickets where the person was the
 * driver; and records this account handled online.
 */
async function visibleRecords(ctx: AppContext, viewer: Viewer, db: DbOrTx, known: { vehicles?: AccountVehicle[]; undecidedOnly?: boolean } = {}): Promise<Visible> {
  const found = new Map<string, VisibleRecord>();
  const { tags } = viewer;
  tags?.account(viewer.accountId).person(viewer.person?.personId);
  const offer = (r: VisibleRecord) => {
    // Every record's plate, even of one withdrawn or outranked below: a change to it may change the answer.
    tags?.plates([r.violation]);
    const prior = found.get(r.violation.ref);
    if (!prior || RELATION_RANK[r.relation] < RELATION_RANK[prior.relation]) found.set(r.violation.ref, r);
  };
  const { person } = viewer;
  // Each source is one query, and they do not depend on one another.
  const [vehicles, rentals, driven, handledHere] = await inParallel({ kind: ctx.database.kind, db }, [
    () =>
      known.vehicles
        ? Promise.resolve(known.vehicles)
        : viewer.account
          ? vehiclesOfActiveAccount(ctx, viewer.account, person?.personId ?? null, db, tags)
          : vehiclesOfAccount(ctx, viewer.accountId, { db }),
    () => (person ? listRentalsOfPerson(db, person.personId) : Promise.resolve([])),
    // Both are decided records by construction: a caller that wants only undecided ones skips them.
    () => (person && !known.undecidedOnly ? listViolationsDrivenBy(db, person.documents) : Promise.resolve([])),
    () => (known.undecidedOnly ? Promise.resolve([]) : decisionsOfAccount(db, viewer.accountId)),
  ] as const);
  // Known vehicles were tagged by whoever read them; rentals count whether or not they cover a record.
  tags?.plates(rentals);
  // Records of every plate the account sees (owned, filed, rented) in one query, then sorted out by relation.
  const byPlate = new Map<string, RegistryViolation[]>();
  for (const v of await listViolationsForPlates(db, uniquePlates([...vehicles, ...rentals]), { undecidedCameraOnly: known.undecidedOnly === true })) {
    const list = byPlate.get(plateKey(v)) ?? [];
    list.push(v);
    byPlate.set(plateKey(v), list);
  }
  const onPlate = (p: { plate: string; plateType: string }) => byPlate.get(plateKey(p)) ?? [];
  for (const owned of vehicles.filter((v) => v.relation === 'owner')) {
    for (const v of onPlate(owned)) if (v.source === 'camera') offer({ violation: v, relation: 'owner', rental: false });
  }
  for (const filed of vehicles.filter((v) => v.relation === 'filed' && v.filedOn)) {
    for (const v of onPlate(filed)) if (v.source === 'camera') offer({ violation: v, relation: 'filer', rental: false, filedOn: filed.filedOn! });
  }
  for (const rental of rentals) {
    for (const v of onPlate(rental)) {
      const t = v.occurredAt.getTime();
      if (v.source === 'camera' && t >= rental.from.getTime() && t <= rental.to.getTime()) offer({ violation: v, relation: 'renter', rental: true });
    }
  }
  for (const v of driven) offer({ violation: v, relation: 'driver', rental: false });
  // Records this account handled stay in its list even if the vehicle left it (a filing ended).
  const missing = handledHere.filter((d) => !found.has(d.ref));
  if (missing.length) {
    const relationOf = new Map(missing.map((d) => [d.ref, d.relation as Relation]));
    for (const v of await findViolationsByRefs(db, missing.map((d) => d.ref))) {
      const relation = relationOf.get(v.ref)!;
      if (!found.has(v.ref)) offer({ violation: v, relation, rental: relation === 'renter' });
    }
  }
  const withdrawn = await withdrawnRefs(db, [...found.keys()]);
  for (const ref of withdrawn) found.delete(ref);
  return { records: found, driverRefs: new Set(driven.map((v) => v.ref)), onlineDecisions: handledHere };
}

const plateKey = (p: { plate: string; plateType: string }) => `${p.plateType}:${p.plate}`;
function uniquePlates(items: Array<{ plate: string; plateType: string }>): Array<{ plate: string; plateType: string }> {
  const seen = new Map<string, { plate: string; plateType: string }>();
  for (const p of items) seen.set(plateKey(p), { plate: p.plate, plateType: p.plateType });
  return [...seen.values()];
}

interface Visible {
  records: Map<string, VisibleRecord>;
  /** Refs of registry decisions naming this person as the driver: those decisions are theirs to see. */
  driverRefs: Set<string>;
  /** Online decisions this account made (a subset of those on its records). */
  onlineDecisions: DecisionRow[];
}

/**
 * How many records `GET /me/violations?status=unhandled` lists, without describing them:
 * the same visible records, less those with a decision (the registry's or an online one).
 * On-site tickets and records this account handled always have one, so only camera
 * records of its vehicles and rentals can count.
 */
export async function countUnhandledOf(ctx: AppContext, viewer: Viewer, known: { vehicles?: AccountVehicle[] } = {}, db: DbOrTx = ctx.db): Promise<number> {
  const { records } = await visibleRecords(ctx, viewer, db, { ...known, undecidedOnly: true });
  const undecided = [...records.values()].filter((r) => !(r.violation.decisionNo && r.violation.decidedAt)).map((r) => r.violation.ref);
  if (undecided.length === 0) return 0;
  const online = await decisionsByRefs(db, undecided);
  return undecided.length - online.length;
}

// ---------------------------------------------------------------------------------------
// The citizen's view of a record

export interface ViolationItem {
  id: string;
  plate: string;
  plateType: string;
  occurredAt: string;
  location: string;
  code: string;
  description: string;
  fineFen: number;
  points: number;
  source: 'camera' | 'onsite';
  status: ViolationStatus;
  decisionNo?: string;
  decidedAt?: string;
  dueOn?: string;
  paidAt?: string;
  receiptNo?: string;
  lateFeeFen: number;
  payableFen: number;
  rental: boolean;
  relation: Relation;
  overdue: boolean;
  /** Handled by someone else (another filer or the owner): the decision is theirs to see. */
  handledByOther: boolean;
  handleable: boolean;
  notHandleableReason?: OnlineHandlingReason | 'licence_not_bound' | 'objection_pending';
  notHandleableText?: string;
  objectionPending: boolean;
}

interface Decision {
  decisionNo: string;
  decidedAt: Date;
  dueOn: string;
  accountId: string | null;
  paidAt: Date | null;
  receiptNo: string | null;
}

/** The decision behind a record, online or on-site, with its payment if any. */
function decisionOf(v: RegistryViolation, online: DecisionRow | undefined, payments: Map<string, PaymentRow>): Decision | null {
  if (online) {
    const p = payments.get(online.decisionNo);
    return { decisionNo: online.decisionNo, decidedAt: online.decidedAt, dueOn: online.dueOn, accountId: online.accountId, paidAt: p?.paidAt ?? null, receiptNo: p?.receiptNo ?? null };
  }
  if (v.decisionNo && v.decidedAt) {
    const p = payments.get(v.decisionNo);
    return {
      decisionNo: v.decisionNo,
      decidedAt: v.decidedAt,
      dueOn: fineDueOn(v.decidedAt),
      accountId: null,
      paidAt: p?.paidAt ?? v.paidAt,
      receiptNo: p?.receiptNo ?? null,
    };
  }
  return null;
}

function describe(
  record: VisibleRecord,
  decision: Decision | null,
  ctx: { today: string; accountId: string; licence: BoundLicence | null; objectionPending: boolean; lang: Language; driverRefs: Set<string> },
): ViolationItem {
  const v = record.violation;
  const base = {
    id: v.ref,
    plate: v.plate,
    plateType: v.plateType,
    occurredAt: v.occurredAt.toISOString(),
    location: v.location,
    code: v.code,
    description: v.description,
    fineFen: v.fineFen,
    points: v.points,
    source: v.source,
    rental: record.rental,
    relation: record.relation,
    objectionPending: ctx.objectionPending,
  };
  if (decision) {
    // A registry decision is the driver's; an online one the handler's. Others see only that it was handled.
    const mine = decision.accountId === null ? ctx.driverRefs.has(v.ref) : decision.accountId === ctx.accountId;
    const paid = decision.paidAt !== null;
    if (!mine) {
      return { ...base, status: paid ? 'paid' : 'handled', lateFeeFen: 0, payableFen: 0, overdue: false, handledByOther: true, handleable: false };
    }
    const fee = lateFee(v.fineFen, decision.dueOn, paid ? shanghaiDate(decision.paidAt!) : ctx.today);
    return {
      ...base,
      status: paid ? 'paid' : 'handled',
      decisionNo: decision.decisionNo,
      decidedAt: decision.decidedAt.toISOString(),
      dueOn: decision.dueOn,
      ...(paid ? { paidAt: decision.paidAt!.toISOString() } : {}),
      ...(decision.receiptNo ? { receiptNo: decision.receiptNo } : {}),
      lateFeeFen: fee,
      payableFen: paid ? 0 : v.fineFen + fee,
      overdue: !paid && ctx.today > decision.dueOn,
      handledByOther: false,
      handleable: false,
    };
  }
  const verdict = handlingVerdict(record, ctx.licence, ctx.objectionPending);
  return {
    ...base,
    status: 'unhandled',
    lateFeeFen: 0,
    payableFen: v.fineFen,
    overdue: ctx.today > addDays(shanghaiDate(v.occurredAt), HANDLING_PERIOD_DAYS),
    handledByOther: false,
    handleable: verdict.ok,
    ...(verdict.ok
      ? {}
      : {
          notHandleableReason: verdict.reason,
          notHandleableText: notHandleableText(verdict.reason, ctx.lang),
        }),
  };
}

// A list repeats the same few refusal texts on many records, and each i18next lookup walks
// the language hierarchy again: each text is looked up once per language and reason.
const refusalTexts = new Map<string, string>();
function notHandleableText(reason: OnlineHandlingReason | 'licence_not_bound' | 'objection_pending', lang: Language): string {
  const key = `${lang}\u0000${reason}`;
  let text = refusalTexts.get(key);
  if (text === undefined) {
    const t = translator(lang);
    text = reason === 'licence_not_bound' || reason === 'objection_pending' ? t(`violations:notHandleable.${reason}`) : t(`domain:onlineHandlingReasons.${reason}`);
    refusalTexts.set(key, text);
  }
  return text;
}

type Verdict = { ok: true } | { ok: false; reason: OnlineHandlingReason | 'licence_not_bound' | 'objection_pending' };

/** The record's own facts first (like canHandleOnline), then the handler's licence. */
function handlingVerdict(record: VisibleRecord, licence: BoundLicence | null, objectionPending: boolean): Verdict {
  const v = record.violation;
  if (objectionPending) return { ok: false, reason: 'objection_pending' };
  if (!licence) {
    // Facts of the record that refuse it whatever the licence: say those rather than "bind your licence".
    const probe = canHandleOnline({
      fineFen: v.fineFen,
      points: v.points,
      source: v.source,
      licenceStatus: 'A',
      currentCycleTotal: 0,
      handlerRelation: record.relation,
      ...(record.filedOn ? { filedOn: record.filedOn } : {}),
      occurredAt: v.occurredAt,
    });
    if (!probe.ok && (probe.reason === 'not_camera' || probe.reason === 'fine_over_limit' || probe.reason === 'filer_points_before_filing')) return probe;
    return { ok: false, reason: 'licence_not_bound' };
  }
  return canHandleOnline({
    fineFen: v.fineFen,
    points: v.points,
    source: v.source,
    licenceStatus: licence.status,
    currentCycleTotal: licence.points.total,
    handlerRelation: record.relation,
    ...(record.filedOn ? { filedOn: record.filedOn } : {}),
    occurredAt: v.occurredAt,
  });
}

async function describeAll(ctx: AppContext, viewer: Viewer, visible: Visible, records: VisibleRecord[], lang: Language, db: DbOrTx): Promise<ViolationItem[]> {
  const refs = records.map((r) => r.violation.ref);
  const [onlineRows, pending, licence] = await inParallel({ kind: ctx.database.kind, db }, [
    () => decisionsByRefs(db, refs),
    () => pendingObjectionRefs(db, refs),
    () => getBoundLicence(ctx, viewer.accountId, { db, ...(viewer.account ? { known: { account: viewer.account, person: viewer.person } } : {}) }),
  ] as const);
  const online = new Map(onlineRows.map((d) => [d.ref, d]));
  const decisionNos = [...records.map((r) => r.violation.decisionNo).filter((n): n is string => n !== null), ...onlineRows.map((d) => d.decisionNo)];
  const payments = await paymentsByDecisionNos(db, decisionNos);
  const today = todayOf(ctx);
  return records
    .map((r) =>
      describe(r, decisionOf(r.violation, online.get(r.violation.ref), payments), {
        today,
        accountId: viewer.accountId,
        licence,
        objectionPending: pending.has(r.violation.ref),
        lang,
        driverRefs: visible.driverRefs,
      }),
    )
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || a.id.localeCompare(b.id));
}
/** The account's records, newest first, optionally of one status. */
export async function listMyViolations(ctx: AppContext, accountId: string, filter: { status?: ViolationStatus }, lang: Language): Promise<ViolationItem[]> {
  const { value: items } = await computeMyViolations(ctx, accountId, lang);
  return filter.status ? items.filter((i) => i.status === filter.status) : items;
}

/**
 * `GET /me/violations` as its JSON body, from the read cache when nothing it read has changed
 * since: kept per account, language, Shanghai day (the day moves due dates, late fees and
 * overdue flags) and status filter, dropped by the change notifications of its rows.
 */
export function myViolationsBody(ctx: AppContext, accountId: string, filter: { status?: ViolationStatus }, lang: Language): Promise<Buffer> {
  return ctx.readCache.get(`violations:${accountId}:${lang}:${todayOf(ctx)}:${filter.status ?? 'all'}`, async () => {
    const { value, tags } = await computeMyViolations(ctx, accountId, lang);
    return { value: jsonBody(violationSchema.array(), filter.status ? value.filter((i) => i.status === filter.status) : value), tags };
  });
}

/** The uncached list with the tags of everything it read (exported for the tests that compare both). */
export async function computeMyViolations(ctx: AppContext, accountId: string, lang: Language): Promise<{ value: ViolationItem[]; tags: string[] }> {
  const tags = new ChangeTags();
  const viewer = { ...(await viewerOf(ctx, accountId, ctx.db)), tags };
  const visible = await visibleRecords(ctx, viewer, ctx.db);
  const value = await describeAll(ctx, viewer, visible, [...visible.records.values()], lang, ctx.db);
  return { value, tags: tags.list() };
}

/** One of the account's records; 404 alike for "absent" and "not yours". */
export async function getMyViolation(ctx: AppContext, accountId: string, ref: string, lang: Language): Promise<ViolationItem> {
  const viewer = await viewerOf(ctx, accountId, ctx.db);
  const visible = await visibleRecords(ctx, viewer, ctx.db);
  const record = visible.records.get(ref);
  if (!record) throw new Problem('not_found', { status: 404 });
  const [item] = await describeAll(ctx, viewer, visible, [record], lang, ctx.db);
  return item!;
}

// ---------------------------------------------------------------------------------------
// Online handling

export interface HandlingResult {
  decisionNo: string;
  fineFen: number;
  points: number;
  dueOn: string;
  decidedAt: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Region part of a decision number: the recording authority's region (the ref's first 6 digits), else the handler's. */
function regionOf(ref: string, fallback: string): string {
  const m = /^(\d{6})/.exec(ref);
  return m ? m[1]! : /^\d{6}$/.test(fallback) ? fallback : '000000';
}

async function newDecisionNo(tx: Tx, region: string, today: string): Promise<string> {
  const day = today.slice(2).replaceAll('-', '');
  const seq = await nextDecisionSequence(tx, region, day);
  if (seq > MAX_DAILY_SEQUENCE) throw new Problem('service_unavailable', { status: 503, problemClass: 'external' });
  return `${region}${day}${String(seq).padStart(4, '0')}`;
}

/**
 * Handles a record online: the simplified procedure's penalty decision, with the points on
 * the handler's licence. Serialised per person (advisory lock) so that two records handled
 * at once cannot together pass 12 points; a record's unique decision row makes one of two
 * racing handlers win and the other get 409 `already_handled`. With an Idempotency-Key a
 * retry returns the first answer and changes nothing.
 */
export async function handleViolation(
  ctx: AppContext,
  accountId: string,
  ref: string,
  opts: { idempotencyKey?: string; lang: Language },
): Promise<HandlingResult> {
  const key = opts.idempotencyKey?.trim();
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new Problem('invalid_idempotency_key', { field: 'Idempotency-Key' });
  if (key) {
    const prior = await findIdempotentAnswer(ctx.db, accountId, key);
    if (prior) return replay(prior, ref);
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const viewer = await viewerOf(ctx, accountId, tx);
      if (key && !(await claimIdempotencyKey(tx, { accountId, key, ref, response: {}, createdAt: ctx.clock.now() }))) {
        // A concurrent request with this key committed first: its answer is the answer.
        throw new IdempotentReplay();
      }
      const record = (await visibleRecords(ctx, viewer, tx)).records.get(ref);
      if (!record) throw new Problem('not_found', { status: 404 });
      const v = record.violation;
      const [existing] = await decisionsByRefs(tx, [ref]);
      if (existing || v.decisionNo) {
        if (v.source === 'onsite') throw notHandleable('not_camera', opts.lang);
        throw new Problem('already_handled', { status: 409 });
      }
      if ((await pendingObjectionRefs(tx, [ref])).has(ref)) throw new Problem('objection_pending', { status: 409 });
      const person = viewer.person;
      if (person) await tx.execute(sqlAdvisoryLock(person.personId));
      const licence = await getBoundLicence(ctx, accountId, { db: tx });
      const verdict = handlingVerdict(record, licence, false);
      if (!verdict.ok) {
        if (verdict.reason === 'licence_not_bound') {
          // The shared code's text speaks of the e-licence; say what handling needs instead.
          throw new Problem('licence_not_bound', { extra: { detail: translator(opts.lang)('violations:notHandleable.licence_not_bound') } });
        }
        if (verdict.reason === 'objection_pending') throw new Problem('objection_pending', { status: 409 });
        throw notHandleable(verdict.reason, opts.lang);
      }
      const now = ctx.clock.now();
      const today = shanghaiDate(now);
      const decisionNo = await newDecisionNo(tx, regionOf(ref, viewer.account.regionCode), today);
      const due = fineDueOn(now);
      const inserted = await insertDecision(tx, {
        ref,
        decisionNo,
        accountId,
        personId: licence!.personId,
        relation: record.relation,
        plate: v.plate,
        plateType: v.plateType,
        occurredAt: v.occurredAt,
        code: v.code,
        description: v.description,
        fineFen: v.fineFen,
        points: v.points,
        decidedAt: now,
        dueOn: due,
      });
      if (!inserted) throw new Problem('already_handled', { status: 409 });
      const result: HandlingResult = { decisionNo, fineFen: v.fineFen, points: v.points, dueOn: due, decidedAt: now.toISOString() };
      if (key) await storeIdempotentAnswer(tx, accountId, key, result as unknown as Record<string, unknown>);
      await ctx.audit.record(tx, {
        actor: { type: 'citizen', id: accountId },
        action: 'violation.handled',
        subject: { type: 'violation', id: ref },
        detail: { decisionNo, relation: record.relation, fineFen: v.fineFen, points: v.points },
      });
      return result;
    });
  } catch (e) {
    if (e instanceof IdempotentReplay && key) {
      const prior = await findIdempotentAnswer(ctx.db, accountId, key);
      if (prior) return replay(prior, ref);
    }
    if (isUniqueViolation(e)) throw new Problem('already_handled', { status: 409 });
    throw e;
  }
}

class IdempotentReplay extends Error {}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err?.code ?? err?.cause?.code) === '23505';
}

function replay(prior: { ref: string; response: Record<string, unknown> }, ref: string): HandlingResult {
  if (prior.ref !== ref) throw new Problem('idempotency_key_reused', { status: 422, field: 'Idempotency-Key' });
  return prior.response as unknown as HandlingResult;
}

function sqlAdvisoryLock(personId: string) {
  return sqlTag`select pg_advisory_xact_lock(hashtextextended(${`violations:${personId}`}, 0))`;
}

function notHandleable(reason: OnlineHandlingReason, lang: Language): Problem {
  return new Problem('not_handleable_online', {
    params: { reason: translator(lang)(`domain:onlineHandlingReasons.${reason}`) },
    extra: { reason },
  });
}

// ---------------------------------------------------------------------------------------
// Points on the handler's licence

/**
 * Online decisions of a person (and the registry's on-site decisions of theirs that were
 * paid here), as the licences feature counts points: merged by ref, ours winning, so a
 * fine paid through Jiaoguan stops its points carrying over.
 */
async function pointDecisionsOf(db: DbOrTx, person: { personId: string; documents: RegistryPerson['documents'] }, known: { registryDecisions: PointDecision[] }): Promise<PointDecision[]> {
  const online = await decisionsOfPerson(db, person.personId);
  const onsite = known.registryDecisions;
  const payments = await paymentsByDecisionNos(db, [...online.map((d) => d.decisionNo), ...onsite.map((d) => d.decisionNo)]);
  const out: PointDecision[] = online.map((d) => ({
    ref: d.ref,
    occurredAt: d.occurredAt,
    code: d.code,
    description: d.description,
    points: d.points,
    fineFen: d.fineFen,
    decisionNo: d.decisionNo,
    decidedAt: d.decidedAt,
    paidAt: payments.get(d.decisionNo)?.paidAt ?? null,
  }));
  for (const d of onsite) {
    const paid = payments.get(d.decisionNo);
    if (paid && !d.paidAt) out.push({ ...d, paidAt: paid.paidAt });
  }
  return out;
}

registerPointDecisionSource(pointDecisionsOf);

// ---------------------------------------------------------------------------------------
// Fines (for the fines route and the payments feature)

export interface FineView {
  decisionNo: string;
  status: 'unpaid' | 'paid';
  fineFen: number;
  lateFeeFen: number;
  payableFen: number;
  dueOn: string;
  /** Days past the due date today, or on the day it was paid: what the late fee was reckoned on. */
  daysLate: number;
  paidAt?: string;
  receiptNo?: string;
}

/**
 * A fine of this account: an online decision it made, or an on-site decision of the
 * registry where its person was the driver. Null for anything else (another citizen's
 * fine is as absent as a fine that does not exist). The late fee is reckoned for today in
 * Asia/Shanghai, or for the day it was paid.
 */
export async function getFineForAccount(ctx: AppContext, accountId: string, decisionNo: string, db: DbOrTx = ctx.db): Promise<FineView | null> {
  if (!/^\d{15,16}$/.test(decisionNo)) return null;
  const account = await getAccount(db, accountId);
  if (!account || account.status !== 'active') return null;
  let fine: { fineFen: number; dueOn: string; paidAt: Date | null; ref: string } | null = null;
  const online = await decisionByNo(db, decisionNo);
  if (online) {
    if (online.accountId !== accountId) return null;
    fine = { fineFen: online.fineFen, dueOn: online.dueOn, paidAt: null, ref: online.ref };
  } else {
    const person = await findPersonByDocument(db, { docType: account.docType, docNumber: account.docNumber });
    if (!person) return null;
    const onsite = (await listDecidedViolationsOfDrivers(db, person.documents)).find((d) => d.decisionNo === decisionNo);
    if (!onsite) return null;
    fine = { fineFen: onsite.fineFen, dueOn: fineDueOn(onsite.decidedAt), paidAt: onsite.paidAt, ref: onsite.ref };
  }
  if ((await withdrawnRefs(db, [fine.ref])).has(fine.ref)) return null;
  const payment = (await paymentsByDecisionNos(db, [decisionNo])).get(decisionNo);
  const paidAt = payment?.paidAt ?? fine.paidAt;
  if (paidAt) {
    const fee = lateFee(fine.fineFen, fine.dueOn, shanghaiDate(paidAt));
    return {
      decisionNo,
      status: 'paid',
      fineFen: fine.fineFen,
      lateFeeFen: fee,
      payableFen: 0,
      dueOn: fine.dueOn,
      daysLate: daysPastDue(fine.dueOn, shanghaiDate(paidAt)),
      paidAt: paidAt.toISOString(),
      ...(payment ? { receiptNo: payment.receiptNo } : {}),
    };
  }
  const today = todayOf(ctx);
  const fee = lateFee(fine.fineFen, fine.dueOn, today);
  return { decisionNo, status: 'unpaid', fineFen: fine.fineFen, lateFeeFen: fee, payableFen: fine.fineFen + fee, dueOn: fine.dueOn, daysLate: daysPastDue(fine.dueOn, today) };
}

/**
 * Records a fine as paid, in the payment's transaction. Exactly once: a second call for the
 * same decision (a repeated or concurrent callback) finds it paid and changes nothing.
 */
export async function markFinePaid(tx: DbOrTx, decisionNo: string, payment: { paidAt: Date; receiptNo: string; paymentId: string }): Promise<'paid' | 'already_paid'> {
  const inserted = await insertPayment(tx, { decisionNo, paidAt: payment.paidAt, receiptNo: payment.receiptNo, paymentId: payment.paymentId });
  return inserted ? 'paid' : 'already_paid';
}

/**
 * Of these registry refs, those handled online or withdrawn after an objection: the
 * vehicles feature subtracts them from a vehicle's unhandled count.
 */
export async function listHandledOrWithdrawnRefs(db: DbOrTx, refs: string[]): Promise<Set<string>> {
  const out = new Set((await decisionsByRefs(db, refs)).map((d) => d.ref));
  for (const ref of await withdrawnRefs(db, refs)) out.add(ref);
  return out;
}

registerHandledViolationFilter(listHandledOrWithdrawnRefs);

// ---------------------------------------------------------------------------------------
// Objections (申诉)

export interface ObjectionInput {
  reason: string;
  photos: Buffer[];
}

/**
 * An objection to a camera record not yet handled. The photos are re-encoded (EXIF
 * stripped) and stored, and a review of kind `objection` waits for an officer.
 */
/** The shared `too_many_photos` text speaks of registration; an objection says its own limit. */
export function tooManyPhotos(lang: Language): Problem {
  return new Problem('too_many_photos', {
    field: 'photos',
    params: { max: MAX_OBJECTION_PHOTOS },
    extra: { detail: translator(lang)('violations:details.too_many_photos', { max: MAX_OBJECTION_PHOTOS }) },
  });
}

export async function fileObjection(ctx: AppContext, accountId: string, ref: string, input: ObjectionInput, lang: Language): Promise<{ id: string; status: 'pending_review'; reviewId: string }> {
  const reason = input.reason.trim();
  if (!reason) throw new Problem('bad_request', { status: 400, field: 'reason', params: { field: 'reason' } });
  if (Array.from(reason).length > MAX_OBJECTION_REASON_CHARS) throw new Problem('objection_reason_too_long', { field: 'reason', params: { max: MAX_OBJECTION_REASON_CHARS } });
  if (input.photos.length > MAX_OBJECTION_PHOTOS) throw tooManyPhotos(lang);

  const viewer = await viewerOf(ctx, accountId, ctx.db);
  const record = (await visibleRecords(ctx, viewer, ctx.db)).records.get(ref);
  if (!record) throw new Problem('not_found', { status: 404 });
  const v = record.violation;
  if (v.source !== 'camera' || v.decisionNo || (await decisionsByRefs(ctx.db, [ref])).length > 0) throw new Problem('objection_not_allowed', { status: 409 });
  if ((await pendingObjectionRefs(ctx.db, [ref])).has(ref)) throw new Problem('objection_pending', { status: 409 });

  const processed = [];
  for (const photo of input.photos) processed.push(await ctx.images.processPhoto(photo, OBJECTION_PHOTO_SPEC));
  const id = randomUUID();
  const keys = processed.map((_, i) => `objections/${id}/${i}.jpg`);
  for (const [i, p] of processed.entries()) await ctx.storage.put(keys[i]!, p.jpeg, 'image/jpeg');
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await insertObjection(tx, { id, ref, accountId, reason, photoKeys: keys, status: 'pending_review', createdAt: now });
      if (!row) throw new Problem('objection_pending', { status: 409 });
      const review = await createReview(tx, {
        kind: 'objection',
        subjectId: id,
        applicantAccountId: accountId,
        // The reviewer judges the reason against what the record says, so the description travels too.
        summary: { ref, plate: v.plate, plateType: v.plateType, occurredAt: v.occurredAt.toISOString(), location: v.location, code: v.code, description: v.description, fineFen: v.fineFen, points: v.points, reason },
        photoKeys: keys,
        createdAt: now,
      });
      await ctx.audit.record(tx, { actor: { type: 'citizen', id: accountId }, action: 'violation.objection_filed', subject: { type: 'violation', id: ref }, detail: { objectionId: id, photos: keys.length } });
      return { id, status: 'pending_review' as const, reviewId: review.id };
    });
  } catch (e) {
    // Nothing refers to the stored photos when the objection was not recorded.
    for (const k of keys) await ctx.storage.delete(k).catch(() => undefined);
    throw e;
  }
}

function reasonText(reason: string | undefined, lang: Language): string | undefined {
  if (!reason) return undefined;
  const text = (REJECTION_REASONS.objection as readonly string[]).includes(reason) ? translator(lang)(`reviews:reasons.objection.${reason}`) : reason;
  return text.trim().replace(/[。．.！!]+$/u, '');
}

/** A reviewer's decision, in the review's transaction: upheld withdraws the record; either way the citizen is told. */
export async function applyObjectionDecision(ctx: AppContext, tx: Tx, review: { subjectId: string }, decision: { decision: 'approve' | 'reject'; reason?: string }): Promise<void> {
  const objection = await lockObjection(tx, review.subjectId);
  if (!objection || objection.status !== 'pending_review') return;
  const now = ctx.clock.now();
  const upheld = decision.decision === 'approve';
  await decideObjection(tx, objection.id, { status: upheld ? 'upheld' : 'rejected', decidedAt: now, rejectReason: upheld ? null : (decision.reason ?? null) });
  if (upheld) await insertWithdrawal(tx, { ref: objection.ref, objectionId: objection.id, withdrawnAt: now });
  const v = await findViolationByRef(tx, objection.ref);
  const account = await getAccount(tx, objection.accountId);
  if (!account || account.status === 'deleted' || !v) return;
  const lang = asLanguage(account.lang);
  const t = translator(lang);
  const reason = reasonText(decision.reason, lang) ?? '—';
  const params = { plate: v.plate, occurredOn: shanghaiDate(v.occurredAt), location: v.location, reason };
  const text = upheld ? t('violations:sms.objectionUpheld', params) : t('violations:sms.objectionRejected', params);
  await ctx.sms.send(tx, { to: account.phone, text, purpose: 'review_result' });
  const which = upheld ? 'objectionUpheld' : 'objectionRejected';
  await sendMessage(tx, account.id, inboxMessage('violation_objection', which, params, now));
}

registerReviewDecisionHandler('objection', (ctx, tx, review, decision) => applyObjectionDecision(ctx, tx, review, decision));

/**
 * In-app messages are stored as keys into the `messages` namespace, which the messages
 * feature owns. Until it carries `violations.*` keys, `defaultValue` nests our own text
 * (`violations:inbox.*`), rendered in the reader's language when read.
 */
function inboxMessage(kind: string, which: string, params: Record<string, unknown>, sentAt: Date) {
  return {
    kind,
    titleKey: `violations.${which}.title`,
    bodyKey: `violations.${which}.body`,
    params: { ...params, defaultValue: `$t(violations:inbox.${which})` },
    sentAt,
  };
}

// ---------------------------------------------------------------------------------------
// Notices of new records

/**
 * After each registry import: camera records not seen before, for vehicles whose owner has
 * an active account, each get one SMS and one in-app message to that account — at most
 * once per record and account, whatever happens to the job (the notice row and the SMS
 * job commit together).
 */
export async function noticeNewRecords(ctx: AppContext): Promise<number> {
  let sent = 0;
  for (;;) {
    const page = await unscannedCameraRecords(ctx.db, NOTICE_SCAN_PAGE);
    if (page.length === 0) break;
    const now = ctx.clock.now();
    const refs = page.map((r) => r.ref);
    const handled = await listHandledOrWithdrawnRefs(ctx.db, refs);
    // Who to tell is read first: the accounts lookup runs outside the transaction (PGlite has one connection).
    const recipients: Array<{ record: (typeof page)[number]; account: { id: string; phone: string; lang: Language } }> = [];
    for (const r of page) {
      if (handled.has(r.ref)) continue;
      const vehicle = await findVehicle(ctx.db, r.plate, r.plateType);
      const owner = vehicle ? await findPersonById(ctx.db, vehicle.personId) : null;
      const account = owner ? await findActiveAccountByDocuments(ctx, owner.documents) : null;
      if (account) recipients.push({ record: r, account });
    }
    // A page's notices commit with its scan marks: a crash replays the page, and claimNotice stops doubles.
    sent += await ctx.db.transaction(async (tx) => {
      let n = 0;
      for (const { record: r, account } of recipients) {
        if (!(await claimNotice(tx, r.ref, account.id, now))) continue;
        const lang = asLanguage(account.lang);
        const params = {
          plate: r.plate,
          occurredOn: shanghaiDate(r.occurredAt),
          location: r.location,
          fine: (r.fineFen / 100).toFixed(2),
          points: r.points,
          handleBy: addDays(shanghaiDate(r.occurredAt), HANDLING_PERIOD_DAYS),
        };
        await ctx.sms.send(tx, { to: account.phone, text: translator(lang)('violations:sms.newRecord', params), purpose: 'violation_notice' });
        await sendMessage(tx, account.id, inboxMessage('violation_notice', 'newRecord', params, now));
        n++;
      }
      await markScanned(tx, refs, now);
      return n;
    });
  }
  return sent;
}

/** Job handlers of this feature; called once per app when its routes register. */
export function registerViolationJobs(ctx: AppContext): void {
  ctx.jobs.register(REGISTRY_IMPORTED_JOB, async () => {
    await noticeNewRecords(ctx);
  });
}
