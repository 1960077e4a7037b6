/**
 * The citizen's vehicles (API.md "Vehicles", REFERENCE.md §4 and §5): vehicles the registry
 * lists under any document of the account holder's person bind by themselves (Hong Kong
 * and Macau northbound cars included); vehicles the citizen drives but does not own are
 * filed (备案非本人机动车) with the owner's consent, given as a code sent to the owner's
 * registered phone. `vehiclesOfAccount` is the door for the violations feature.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import { safeEqual } from '../../platform/crypto.ts';
import type { Language } from '../../../i18n/languages.ts';
import { maskPhone } from '../../../domain/phones.ts';
import type { DocType } from '../../../domain/id-documents.ts';
import { toSimplified } from '../../../domain/names.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { isPlateType, plateColour, validatePlate, type PlateScheme } from '../../../domain/plates.ts';
import { inspectionValidity, permitValidity } from '../../../domain/vehicle-validity.ts';
import { findActiveAccountByDocuments, getAccount } from '../accounts/service.ts';
import { requireActiveAccount } from '../licences/service.ts';
import { sendMessage } from '../messages/service.ts';
import { inParallel } from '../../db/parallel.ts';
import { ChangeTags } from '../../platform/change-tags.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { vehicleSchema } from './schemas.ts';
import {
  findPersonById,
  findPersonIdByDocument,
  findVehicle,
  listUndecidedCameraViolationRefs,
  listVehiclesOfPerson,
  type RegistryVehicle,
} from '../registry/service.ts';
import {
  activateFiling,
  countActiveFilersOfVehicle,
  countActiveFilingsOfAccount,
  countCodeTry,
  endFiling,
  findLiveFiling,
  listActiveFilings,
  lockFilingOfAccount,
  upsertAwaitingFiling,
  type FilingRow,
} from './queries.ts';

/** REFERENCE.md §4: a user files at most 3 vehicles it does not own, a vehicle has at most 3 filers. */
export const FILING_LIMIT_PER_ACCOUNT = 3;
export const FILING_LIMIT_PER_VEHICLE = 3;
/** Only 小型汽车 and 小型新能源汽车 may be filed by a non-owner. */
export const FILABLE_PLATE_TYPES: readonly string[] = ['02', '52'];
/** Long enough for the owner to read the message and pass the code on, short enough to stay a consent of the moment. */
export const FILING_CODE_TTL_MS = 10 * 60_000;
export const FILING_CODE_MAX_TRIES = 5;
/** Details that do not match (plate, owner, VIN) count against the filer: 5 a day, too few to guess a VIN's tail. */
export const FILING_REFUSAL_RULE = { limit: 5, windowMs: 24 * 60 * 60_000 } as const;
/** Protects owners from being flooded with codes by strangers who know their plate, name and VIN. */
export const OWNER_CODE_MINUTE_RULE = { limit: 1, windowMs: 60_000 } as const;
export const OWNER_CODE_DAY_RULE = { limit: 5, windowMs: 24 * 60 * 60_000 } as const;
export const FILING_SMS_PURPOSE = 'vehicle_filing';

// ---------------------------------------------------------------------------------------
// Handled violations (provided by the violations feature)

/**
 * Which of these registry violation refs are no longer awaiting handling (handled online,
 * or withdrawn after an upheld objection). The violations feature owns that knowledge and
 * registers it here, so this feature never reads its tables.
 */
export type HandledViolationFilter = (db: DbOrTx, refs: string[]) => Promise<Set<string>>;
const handledFilters: HandledViolationFilter[] = [];
/** Returns a function that removes the filter again (tests). */
export function registerHandledViolationFilter(filter: HandledViolationFilter): () => void {
  if (!handledFilters.includes(filter)) handledFilters.push(filter);
  return () => {
    const i = handledFilters.indexOf(filter);
    if (i >= 0) handledFilters.splice(i, 1);
  };
}

async function unhandledCounts(db: DbOrTx, vehicles: Array<{ plate: string; plateType: string }>): Promise<Map<string, number>> {
  const byVehicle = await listUndecidedCameraViolationRefs(db, vehicles);
  const allRefs = [...byVehicle.values()].flat();
  const handled = new Set<string>();
  if (allRefs.length) for (const filter of handledFilters) for (const ref of await filter(db, allRefs)) handled.add(ref);
  const out = new Map<string, number>();
  for (const [key, refs] of byVehicle) out.set(key, refs.filter((r) => !handled.has(r)).length);
  return out;
}

// ---------------------------------------------------------------------------------------
// The account's vehicles

export interface AccountVehicle {
  /** Stable opaque id of the vehicle (the same for every account that sees it). */
  id: string;
  plate: string;
  plateType: string;
  scheme: PlateScheme;
  relation: 'owner' | 'filed';
  brand: string;
  model: string;
  inspectionValidTo: string;
  permitValidTo: string | null;
  status: string;
  /** Filed vehicles only: the registered owner's name (callers mask it). */
  ownerName?: string;
  filingId?: string;
  /** Filed vehicles only: when the owner's consent was confirmed, and its Shanghai date. */
  filedAt?: Date;
  filedOn?: string;
}

const vehicleKey = (v: { plate: string; plateType: string }) => `${v.plateType}:${v.plate}`;
const vehicleId = (ctx: AppContext, v: { plate: string; plateType: string }) => ctx.crypto.lookupHash(`vehicle:${vehicleKey(v)}`).slice(0, 32);

function ownedVehicle(ctx: AppContext, v: RegistryVehicle): AccountVehicle {
  return {
    id: vehicleId(ctx, v),
    plate: v.plate,
    plateType: v.plateType,
    scheme: v.scheme,
    relation: 'owner',
    brand: v.brand,
    model: v.model,
    inspectionValidTo: v.inspectionValidTo,
    permitValidTo: v.permitValidTo,
    status: v.status,
  };
}

function filedVehicle(ctx: AppContext, v: RegistryVehicle, filing: FilingRow): AccountVehicle {
  const filedAt = filing.confirmedAt!;
  return { ...ownedVehicle(ctx, v), relation: 'filed', ownerName: v.ownerName, filingId: filing.id, filedAt, filedOn: shanghaiDate(filedAt) };
}

/**
 * A filing counts only while the registry still lists the vehicle under the owner who consented.
 * Every active filing's plate is a tag of the answer, shown or not: the vehicle may come back
 * to that owner.
 */
async function filedVehiclesOf(ctx: AppContext, db: DbOrTx, accountId: string, tags?: ChangeTags): Promise<AccountVehicle[]> {
  const filings = await listActiveFilings(db, accountId);
  tags?.account(accountId).plates(filings);
  // At most 3 filings (FILING_LIMIT_PER_ACCOUNT): their vehicles are looked up at once.
  const found = await inParallel(
    { kind: ctx.database.kind, db },
    filings.map((f) => () => findVehicle(db, f.plate, f.plateType)),
  );
  const out: AccountVehicle[] = [];
  for (const [i, filing] of filings.entries()) {
    const v = found[i];
    if (v && v.personId === filing.ownerPersonId) out.push(filedVehicle(ctx, v, filing));
  }
  return out;
}

async function vehiclesOf(
  ctx: AppContext,
  db: DbOrTx,
  account: { id: string; docType: DocType; docNumber: string },
  known?: { personId: string | null },
  tags?: ChangeTags,
): Promise<AccountVehicle[]> {
  const [owned, filed] = await inParallel({ kind: ctx.database.kind, db }, [
    async () => {
      const personId = known ? known.personId : await findPersonIdByDocument(db, { docType: account.docType, docNumber: account.docNumber });
      if (!personId) return [];
      const vehicles = await listVehiclesOfPerson(db, personId);
      tags?.person(personId).plates(vehicles);
      return vehicles.map((v) => ownedVehicle(ctx, v));
    },
    () => filedVehiclesOf(ctx, db, account.id, tags),
  ] as const);
  return [...owned, ...filed];
}

/**
 * Owned and filed vehicles of an account already checked active, whose registry person the
 * caller has found (null: none): for the home screen and the violation list, which read the
 * person once for all their parts. Pass `db` inside a transaction, and `tags` to collect
 * what was read for a cached answer.
 */
export function vehiclesOfActiveAccount(
  ctx: AppContext,
  account: { id: string; docType: DocType; docNumber: string },
  personId: string | null,
  db: DbOrTx = ctx.db,
  tags?: ChangeTags,
): Promise<AccountVehicle[]> {
  return vehiclesOf(ctx, db, account, { personId }, tags);
}

/** The API shape of these vehicles, each with its count of unhandled camera records. */
export function vehicleViews(ctx: AppContext, vehicles: AccountVehicle[], lang: Language): Promise<VehicleView[]> {
  return viewsOf(ctx, vehicles, lang);
}

/**
 * Owned and filed vehicles of an active account (none for any other), for other features:
 * the violations list and the filer's handling rules (`filedOn`, `filedAt`).
 */
export async function vehiclesOfAccount(ctx: AppContext, accountId: string, opts: { db?: DbOrTx } = {}): Promise<AccountVehicle[]> {
  const db = opts.db ?? ctx.db;
  const account = await getAccount(db, accountId);
  if (!account || account.status !== 'active') return [];
  return vehiclesOf(ctx, db, account);
}

/** Keeps the first character of a name and hides the rest, as the owner is told who asked. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.map((c, i) => (i === 0 || c === ' ' || c === '·' ? c : '*')).join('');
}

/** The API shape, texts in `lang`; `today` (Asia/Shanghai) dates the inspection and permit warnings. */
export function vehicleView(v: AccountVehicle, unhandledViolations: number, lang: Language, today: string) {
  const t = translator(lang);
  const letters = [...v.status];
  const inspection = inspectionValidity(v.inspectionValidTo, today);
  return {
    id: v.id,
    plate: v.plate,
    plateType: v.plateType,
    plateTypeText: t(`domain:plateTypes.${v.plateType}`, { defaultValue: v.plateType }),
    scheme: v.scheme,
    schemeText: t(`domain:plateSchemes.${v.scheme}`, { defaultValue: v.scheme }),
    relation: v.relation,
    relationText: t(`vehicles:relations.${v.relation}`),
    brand: v.brand,
    model: v.model,
    inspectionValidTo: v.inspectionValidTo,
    inspectionState: inspection.state,
    inspectionDaysLeft: inspection.daysLeft,
    ...(v.permitValidTo ? { permitValidTo: v.permitValidTo, permitState: permitValidity(v.permitValidTo, today).state } : {}),
    status: v.status,
    statusText: letters.map((l) => t(`vehicles:states.${l}`, { defaultValue: l })).join(t('vehicles:statusSeparator')),
    plateColour: plateColour(v.plate, v.plateType),
    unhandledViolations,
    ...(v.relation === 'filed' ? { filingId: v.filingId!, filedOn: v.filedOn!, ownerNameMasked: maskName(v.ownerName!) } : {}),
  };
}

export type VehicleView = ReturnType<typeof vehicleView>;

async function viewsOf(ctx: AppContext, vehicles: AccountVehicle[], lang: Language): Promise<VehicleView[]> {
  const counts = await unhandledCounts(ctx.db, vehicles);
  const today = shanghaiDate(ctx.clock.now());
  return vehicles.map((v) => vehicleView(v, counts.get(vehicleKey(v)) ?? 0, lang, today));
}

/** `GET /me/vehicles`: the citizen's own view (401/403 for accounts that may not use services). */
export async function listMyVehicles(ctx: AppContext, accountId: string, lang: Language): Promise<VehicleView[]> {
  const account = await requireActiveAccount(ctx.db, accountId);
  return viewsOf(ctx, await vehiclesOf(ctx, ctx.db, account), lang);
}

/**
 * `GET /me/vehicles` as its JSON body, from the read cache when nothing it read has changed
 * since: kept per account, language and Shanghai day (inspection and permit warnings move with
 * the date). Its tags: the account (filings), its registry person (owned vehicles) and every
 * plate owned or filed (the vehicles' rows, their records, handling and withdrawals).
 */
export function myVehiclesBody(ctx: AppContext, accountId: string, lang: Language): Promise<Buffer> {
  return ctx.readCache.get(`vehicles:${accountId}:${lang}:${shanghaiDate(ctx.clock.now())}`, async () => {
    const tags = new ChangeTags().account(accountId);
    const account = await requireActiveAccount(ctx.db, accountId);
    const views = await viewsOf(ctx, await vehiclesOf(ctx, ctx.db, account, undefined, tags), lang);
    return { value: jsonBody(vehicleSchema.array(), views), tags: tags.list() };
  });
}

// ---------------------------------------------------------------------------------------
// Filing a vehicle one drives but does not own

export interface FilingInput {
  plate: string;
  plateType: string;
  ownerName: string;
  vinLast6: string;
  /** The code the owner already passed on: files in one call (API.md's single-call form). */
  ownerCode?: string;
}

export type FilingAnswer =
  | { kind: 'awaiting_owner'; filingId: string; status: 'awaiting_owner'; ownerPhoneMasked: string; expiresAt: string }
  | { kind: 'filed'; vehicle: VehicleView };

const refusalKey = (accountId: string) => `vehicles:filing:${accountId}`;
const codeHash = (ctx: AppContext, filing: { accountId: string; plate: string; plateType: string }, code: string) =>
  ctx.crypto.lookupHash(`vehicle-filing\u0000${filing.accountId}\u0000${filing.plateType}\u0000${filing.plate}\u0000${code}`);
const sameName = (typed: string, registered: string) => {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
  // People in Hong Kong and Macau type Traditional characters; the registry holds Simplified ones.
  return norm(typed) === norm(registered) || norm(toSimplified(typed)) === norm(registered);
};

function retryAfterProblem(code: 'too_many_attempts' | 'sms_rate_limited', retryAfterSeconds: number, detail: string): Problem {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new Problem(code, { status: 429, headers: { 'Retry-After': String(seconds) }, params: { seconds }, extra: { retryAfterSeconds: seconds, detail } });
}

async function refuse(ctx: AppContext, accountId: string, problem: Problem, detail: Record<string, unknown>): Promise<never> {
  await ctx.rateLimits.hit(refusalKey(accountId));
  await ctx.audit.record(ctx.db, {
    actor: { type: 'citizen', id: accountId },
    action: 'vehicle.filing_refused',
    subject: { type: 'account', id: accountId },
    detail: { code: problem.code, ...detail },
  });
  throw problem;
}

/**
 * Checks a filing request (REFERENCE.md §4) and asks the owner: a code to the owner's
 * registered phone and an in-app message saying who asks. With `ownerCode`, the code the
 * owner already gave confirms the filing awaiting it in the same call.
 */
export async function requestFiling(ctx: AppContext, accountId: string, input: FilingInput, lang: Language): Promise<FilingAnswer> {
  const account = await requireActiveAccount(ctx.db, accountId);
  const t = translator(lang);
  const limited = await ctx.rateLimits.check(refusalKey(account.id), FILING_REFUSAL_RULE);
  if (limited.limited) {
    const hours = Math.max(1, Math.ceil(limited.retryAfterSeconds / 3600));
    throw retryAfterProblem('too_many_attempts', limited.retryAfterSeconds, t('vehicles:filing.tooManyAttempts', { count: hours }));
  }

  if (!isPlateType(input.plateType) || !FILABLE_PLATE_TYPES.includes(input.plateType)) {
    throw new Problem('plate_type_not_allowed', { field: 'plateType' });
  }
  const plate = validatePlate(input.plate, input.plateType);
  if (!plate.ok) throw new Problem('invalid_plate', { field: 'plate', params: { reason: plate.reason }, extra: { reason: plate.reason } });

  const vehicle = await findVehicle(ctx.db, plate.value, input.plateType);
  const masked = { plateType: input.plateType, plate: plate.value };
  if (!vehicle) return refuse(ctx, account.id, new Problem('vehicle_not_found', { field: 'plate' }), masked);
  const ownPersonId = await findPersonIdByDocument(ctx.db, { docType: account.docType, docNumber: account.docNumber });
  if (ownPersonId !== null && vehicle.personId === ownPersonId) throw new Problem('vehicle_is_own', { field: 'plate' });
  const vinLast6 = input.vinLast6.replace(/\s+/gu, '').toUpperCase();
  if (!sameName(input.ownerName, vehicle.ownerName) || vinLast6.length !== 6 || !safeEqual(vinLast6, vehicle.vin.slice(-6).toUpperCase())) {
    return refuse(ctx, account.id, new Problem('owner_mismatch', { field: 'ownerName' }), masked);
  }

  const live = await findLiveFiling(ctx.db, account.id, vehicle.plate, vehicle.plateType);
  if (live?.status === 'active') {
    if (live.ownerPersonId === vehicle.personId) throw new Problem('vehicle_already_filed', { status: 409, field: 'plate' });
    // The vehicle changed hands since: that consent was the old owner's, so the new owner is asked afresh.
    await endFiling(ctx.db, live.id, ctx.clock.now());
  }
  await checkLimits(ctx.db, account.id, vehicle);

  const ownerPerson = await findPersonById(ctx.db, vehicle.personId);
  const owner = ownerPerson ? await findActiveAccountByDocuments(ctx, ownerPerson.documents) : null;
  if (!owner) throw new Problem('owner_not_registered', { field: 'plate' });

  if (input.ownerCode !== undefined) {
    if (!live || live.status !== 'awaiting_owner' || live.ownerPersonId !== vehicle.personId) {
      throw new Problem('code_expired', { status: 422, field: 'ownerCode', extra: { detail: t('vehicles:filing.noPendingCode') } });
    }
    const confirmed = await confirmFiling(ctx, account.id, live.id, input.ownerCode, lang, 'ownerCode');
    return { kind: 'filed', vehicle: confirmed };
  }

  const ownerPhoneKey = `vehicles:owner-code:${ctx.crypto.lookupHash(`phone:${owner.phone}`)}`;
  for (const rule of [OWNER_CODE_MINUTE_RULE, OWNER_CODE_DAY_RULE]) {
    const l = await ctx.rateLimits.check(ownerPhoneKey, rule);
    if (l.limited) {
      throw retryAfterProblem('sms_rate_limited', l.retryAfterSeconds, t('vehicles:filing.codeRecentlySent', { seconds: Math.max(1, Math.ceil(l.retryAfterSeconds)) }));
    }
  }

  const now = ctx.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + FILING_CODE_TTL_MS);
  const filerName = maskName(account.name);
  const filing = await ctx.db.transaction(async (tx) => {
    const row = await upsertAwaitingFiling(tx, {
      accountId: account.id,
      plate: vehicle.plate,
      plateType: vehicle.plateType,
      ownerPersonId: vehicle.personId,
      ownerAccountId: owner.id,
      codeHash: codeHash(ctx, { accountId: account.id, plate: vehicle.plate, plateType: vehicle.plateType }, code),
      codeExpiresAt: expiresAt,
      now,
    });
    // Confirmed meanwhile by a parallel request of the same filer.
    if (!row) throw new Problem('vehicle_already_filed', { status: 409, field: 'plate' });
    const text = translator(owner.lang)('vehicles:filing.sms', { filerName, plate: vehicle.plate, code, minutes: FILING_CODE_TTL_MS / 60_000 });
    await ctx.sms.send(tx, { to: owner.phone, text, purpose: FILING_SMS_PURPOSE, code });
    await sendMessage(tx, owner.id, {
      kind: 'vehicle_filing',
      titleKey: 'vehicleFiling.requested.title',
      bodyKey: 'vehicleFiling.requested.body',
      params: { filerName, plate: vehicle.plate, minutes: FILING_CODE_TTL_MS / 60_000 },
      sentAt: now,
    });
    await ctx.audit.record(tx, {
      actor: { type: 'citizen', id: account.id },
      action: 'vehicle.filing_requested',
      subject: { type: 'vehicle_filing', id: row.id },
      detail: { plate: vehicle.plate, plateType: vehicle.plateType, ownerAccountId: owner.id },
    });
    return row;
  });
  await ctx.rateLimits.hit(ownerPhoneKey);
  return { kind: 'awaiting_owner', filingId: filing.id, status: 'awaiting_owner', ownerPhoneMasked: maskPhone(owner.phone), expiresAt: expiresAt.toISOString() };
}

async function checkLimits(db: DbOrTx, accountId: string, vehicle: { plate: string; plateType: string }): Promise<void> {
  if ((await countActiveFilingsOfAccount(db, accountId)) >= FILING_LIMIT_PER_ACCOUNT) {
    throw new Problem('filing_limit_reached', { params: { limit: FILING_LIMIT_PER_ACCOUNT, context: 'account' }, extra: { limit: FILING_LIMIT_PER_ACCOUNT, scope: 'account' } });
  }
  if ((await countActiveFilersOfVehicle(db, vehicle.plate, vehicle.plateType)) >= FILING_LIMIT_PER_VEHICLE) {
    throw new Problem('filing_limit_reached', { params: { limit: FILING_LIMIT_PER_VEHICLE, context: 'vehicle' }, extra: { limit: FILING_LIMIT_PER_VEHICLE, scope: 'vehicle' } });
  }
}

/**
 * The filer enters the owner's code. Limits are checked again under locks on the filer and
 * the vehicle, so parallel confirmations can never exceed 3 and 3. A wrong code is counted
 * even though the request fails; the 5th wrong one spends the code.
 */
export async function confirmFiling(ctx: AppContext, accountId: string, filingId: string, code: string, lang: Language, field = 'code'): Promise<VehicleView> {
  const account = await requireActiveAccount(ctx.db, accountId);
  const t = translator(lang);
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const filing = await lockFilingOfAccount(tx, account.id, filingId);
    if (!filing || filing.status === 'ended') return { problem: new Problem('not_found', { status: 404 }) };
    if (filing.status === 'active') return { filing };
    if (!filing.codeHash || !filing.codeExpiresAt || filing.codeExpiresAt <= now || filing.codeTries >= FILING_CODE_MAX_TRIES) {
      return { problem: new Problem('code_expired', { status: 422, field, extra: { detail: t('vehicles:filing.codeExpired') } }) };
    }
    if (!/^\d{6}$/u.test(code) || !safeEqual(filing.codeHash, codeHash(ctx, filing, code))) {
      await countCodeTry(tx, filing.id);
      return { problem: new Problem('invalid_code', { status: 422, field, extra: { detail: t('vehicles:filing.invalidCode') } }) };
    }
    // Lock order (filer, then vehicle) is the same everywhere, so two confirmations cannot deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`vehicle-filing:account:${account.id}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`vehicle-filing:vehicle:${filing.plateType}:${filing.plate}`}))`);
    const vehicle = await findVehicle(tx, filing.plate, filing.plateType);
    if (!vehicle || vehicle.personId !== filing.ownerPersonId) {
      await endFiling(tx, filing.id, now);
      return { problem: new Problem('vehicle_not_found', { field: 'plate' }) };
    }
    try {
      await checkLimits(tx, account.id, filing);
    } catch (e) {
      return { problem: e as Problem };
    }
    const active = await activateFiling(tx, filing.id, now);
    await ctx.audit.record(tx, {
      actor: { type: 'citizen', id: account.id },
      action: 'vehicle.filing_confirmed',
      subject: { type: 'vehicle_filing', id: filing.id },
      detail: { plate: filing.plate, plateType: filing.plateType, ownerAccountId: filing.ownerAccountId },
    });
    return { filing: active };
  });
  if ('problem' in outcome) throw outcome.problem;
  const vehicle = await findVehicle(ctx.db, outcome.filing.plate, outcome.filing.plateType);
  if (!vehicle || vehicle.personId !== outcome.filing.ownerPersonId) throw new Problem('not_found', { status: 404 });
  const [view] = await viewsOf(ctx, [filedVehicle(ctx, vehicle, outcome.filing)], lang);
  return view!;
}

/** Ends the filer's filing (confirmed or still awaiting the owner); 404 for anyone else's. */
export async function unfile(ctx: AppContext, accountId: string, filingId: string): Promise<void> {
  const account = await requireActiveAccount(ctx.db, accountId);
  const now = ctx.clock.now();
  const ended = await ctx.db.transaction(async (tx) => {
    const filing = await lockFilingOfAccount(tx, account.id, filingId);
    if (!filing || filing.status === 'ended') return false;
    await endFiling(tx, filing.id, now);
    await ctx.audit.record(tx, {
      actor: { type: 'citizen', id: account.id },
      action: 'vehicle.filing_ended',
      subject: { type: 'vehicle_filing', id: filing.id },
      detail: { plate: filing.plate, plateType: filing.plateType, wasStatus: filing.status },
    });
    return true;
  });
  if (!ended) throw new Problem('not_found', { status: 404 });
}
