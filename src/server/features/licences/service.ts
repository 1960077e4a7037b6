/**
 * The citizen's driving licence (API.md "Driving licence", REFERENCE.md §2 and §3): which
 * registry licence an account is bound to, its points in the current scoring cycle, its
 * probation and renewal window, and the archive-number filing that binds a licence held
 * under another of the person's documents. `getBoundLicence` is the door for other
 * features (e-licence, violation handling).
 */
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { ChangeTags } from '../../platform/change-tags.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { licenceAnswerSchema } from './schemas.ts';
import { translator } from '../../platform/i18n.ts';
import type { Language } from '../../../i18n/languages.ts';
import { maskDocNumber, type DocType } from '../../../domain/id-documents.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { dueOn } from '../../../domain/fines.ts';
import { isArchiveNumber, parseLicenceClasses, parseLicenceStatus } from '../../../domain/licences.ts';
import { inProbation, probationEndsOn, renewalWindow, type RenewalWindow } from '../../../domain/licence-validity.ts';
import { scoringCycle, standingRecords, type PointRecord, type ScoringCycle } from '../../../domain/points.ts';
import { getAccount } from '../accounts/service.ts';
import { inParallel, type DatabaseKind } from '../../db/parallel.ts';
import { findLicenceByArchiveNumber, findLicenceOfPerson, findPersonByDocument, type RegistryLicence, type RegistryPerson } from '../registry/service.ts';
import { findFiling, listDecidedViolationsOfDrivers, upsertFiling, type DecidedViolation } from './queries.ts';

/** 5 failed filings per account in 24 hours: enough for typos, too few to guess 12 digits. */
export const FILING_RULE = { limit: 5, windowMs: 24 * 60 * 60 * 1000 } as const;
const filingKey = (accountId: string) => `licence:filing:${accountId}`;

// ---------------------------------------------------------------------------------------
// Point records

/** One penalty decision with points, as the licence shows it. */
export interface PointDecision {
  ref: string;
  occurredAt: Date;
  code: string;
  description: string;
  points: number;
  fineFen: number;
  decisionNo: string;
  decidedAt: Date;
  paidAt: Date | null;
}

/**
 * Decisions recorded outside the registry (online violation handling) that land on a
 * person's licence. The feature that makes them registers a source here instead of this
 * feature reading its tables. A decision known to both a source and the registry (written
 * back later) is counted once: entries are merged by `ref`, the source's version winning.
 */
export type PointDecisionSource = (
  db: DbOrTx,
  person: { personId: string; documents: Array<{ docType: DocType; docNumber: string }> },
  /** The registry's decisions of this person, already read here: a source need not read them again. */
  known: { registryDecisions: DecidedViolation[] },
) => Promise<PointDecision[]>;

const pointDecisionSources: PointDecisionSource[] = [];

export function registerPointDecisionSource(source: PointDecisionSource): void {
  if (!pointDecisionSources.includes(source)) pointDecisionSources.push(source);
}

async function decisionsOf(kind: DatabaseKind, db: DbOrTx, person: RegistryPerson): Promise<PointDecision[]> {
  const registry = await listDecidedViolationsOfDrivers(db, person.documents);
  const fromSources = await inParallel(
    { kind, db },
    pointDecisionSources.map((source) => () => source(db, { personId: person.personId, documents: person.documents }, { registryDecisions: registry })),
  );
  const byRef = new Map<string, PointDecision>();
  // Sources after the registry, in registration order: theirs win (see PointDecisionSource).
  for (const list of [registry, ...fromSources]) for (const d of list) byRef.set(d.ref, d);
  return [...byRef.values()];
}

interface TrackedPointRecord extends PointRecord {
  decision: PointDecision;
}

export interface LicencePoints {
  cycle: ScoringCycle;
  /** Points standing in the cycle today (carried-over ones included). */
  total: number;
  /** The standing decisions with points, newest first; `carriedOver` when decided before this cycle. */
  records: Array<PointDecision & { decidedOn: string; carriedOver: boolean }>;
}

/**
 * Points of a licence first issued on `firstIssuedOn`, on `today`, from the domain rules:
 * the cycle containing today, and the records standing in it (decided in it, or carried
 * over because their fine was overdue when an earlier cycle ended).
 */
export function licencePoints(firstIssuedOn: string, decisions: readonly PointDecision[], today: string): LicencePoints {
  // A first-issue date after today is a registry data error; show the first cycle rather than fail the page.
  const cycle = scoringCycle(firstIssuedOn, today < firstIssuedOn ? firstIssuedOn : today);
  const records: TrackedPointRecord[] = decisions
    .map((decision) => ({
      decision,
      points: decision.points,
      decidedOn: shanghaiDate(decision.decidedAt),
      fineDueOn: decision.fineFen > 0 ? dueOn(decision.decidedAt) : null,
      finePaidOn: decision.paidAt ? shanghaiDate(decision.paidAt) : null,
    }))
    // A decision before the licence existed belongs to no scoring cycle of it.
    .filter((r) => r.decidedOn >= firstIssuedOn);
  const standing = standingRecords(records, cycle, today) as TrackedPointRecord[];
  const total = standing.reduce((t, r) => t + r.points, 0);
  const shown = standing
    .filter((r) => r.points > 0)
    .map((r) => ({ ...r.decision, decidedOn: r.decidedOn, carriedOver: r.decidedOn < cycle.cycleStart }))
    .sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime() || a.ref.localeCompare(b.ref));
  return { cycle, total, records: shown };
}

// ---------------------------------------------------------------------------------------
// Binding

export interface BoundLicence {
  accountId: string;
  personId: string;
  archiveNumber: string;
  /** Whole: callers mask what they show (maskDocNumber). */
  holder: { docType: DocType; docNumber: string };
  name: string;
  class: string;
  classes: string[];
  firstIssuedOn: string;
  validFrom: string;
  validTo: string | null;
  status: string;
  statusLetters: string[];
  issuingAuthority: string;
  regionCode: string;
  /** How the account came to hold it: its own document, or a filed archive number. */
  boundBy: 'document' | 'archive_number';
  archiveNumberFiled: boolean;
  points: LicencePoints;
  probation: { inProbation: boolean; endsOn: string };
  /** Null for a long-term licence. */
  renewal: RenewalWindow | null;
  /** The Shanghai date all of the above was computed for. */
  today: string;
}

export type LicenceBinding =
  | { bound: true; licence: BoundLicence }
  | { bound: false; reason: 'not_found' }
  | { bound: false; reason: 'doc_mismatch'; licenceDocument: { docType: DocType; docNumber: string } };

export type ActiveAccount = NonNullable<Awaited<ReturnType<typeof getAccount>>>;

/**
 * The account behind a citizen session, refused the way the accounts feature refuses it:
 * a deleted account's session is no longer a login (401); pending or rejected accounts
 * may not use services (403).
 */
export async function requireActiveAccount(db: DbOrTx, accountId: string): Promise<ActiveAccount> {
  const account = await getAccount(db, accountId);
  if (!account || account.status === 'deleted') throw new Problem('unauthorized', { status: 401 });
  if (account.status === 'pending_review') throw new Problem('account_pending_review', { status: 403 });
  if (account.status === 'rejected') throw new Problem('account_rejected', { status: 403 });
  return account;
}

const sameDocument = (a: { docType: string; docNumber: string }, b: { docType: string; docNumber: string }) =>
  a.docType === b.docType && a.docNumber === b.docNumber;

function bindLicence(
  account: ActiveAccount,
  person: RegistryPerson,
  licence: RegistryLicence,
  decisions: PointDecision[],
  boundBy: BoundLicence['boundBy'],
  archiveNumberFiled: boolean,
  today: string,
): BoundLicence {
  return {
    accountId: account.id,
    personId: person.personId,
    archiveNumber: licence.archiveNumber,
    holder: licence.holder,
    name: person.name,
    class: licence.class,
    classes: parseLicenceClasses(licence.class) ?? [licence.class],
    firstIssuedOn: licence.firstIssuedOn,
    validFrom: licence.validFrom,
    validTo: licence.validTo,
    status: licence.status,
    statusLetters: parseLicenceStatus(licence.status) ?? [...licence.status],
    issuingAuthority: licence.issuingAuthority,
    regionCode: licence.regionCode,
    boundBy,
    archiveNumberFiled,
    points: licencePoints(licence.firstIssuedOn, decisions, today),
    probation: { inProbation: inProbation(licence.firstIssuedOn, today), endsOn: probationEndsOn(licence.firstIssuedOn) },
    renewal: renewalWindow(licence.validTo, today),
    today,
  };
}

/**
 * Which licence the account holds. The registry person is found by the account's own
 * document; their current licence binds by itself when held under that document, and
 * through an archive-number filing of the same person otherwise (doc_mismatch until then).
 */
async function bindingOf(ctx: AppContext, db: DbOrTx, account: ActiveAccount, today: string, known?: { person: RegistryPerson | null }): Promise<LicenceBinding> {
  const person = known ? known.person : await findPersonByDocument(db, { docType: account.docType, docNumber: account.docNumber });
  if (!person) return { bound: false, reason: 'not_found' };
  // The point decisions are read alongside: most accounts hold a licence, and a wasted read is cheaper than a round trip.
  const [licence, filing, decisions] = await inParallel({ kind: ctx.database.kind, db }, [
    () => findLicenceOfPerson(db, person.personId),
    () => findFiling(db, account.id),
    () => decisionsOf(ctx.database.kind, db, person),
  ] as const);
  if (!licence) return { bound: false, reason: 'not_found' };
  // A filing counts only for the person it was checked against.
  const filed = filing !== null && filing.personId === person.personId;
  const ownDocument = sameDocument(licence.holder, account);
  if (!ownDocument && !filed) return { bound: false, reason: 'doc_mismatch', licenceDocument: licence.holder };
  return { bound: true, licence: bindLicence(account, person, licence, decisions, ownDocument ? 'document' : 'archive_number', filed, today) };
}

const todayOf = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

/** The licence binding of an active account (401/403 Problems otherwise), for the citizen's own view. */
export async function getLicenceBinding(ctx: AppContext, accountId: string): Promise<LicenceBinding> {
  const account = await requireActiveAccount(ctx.db, accountId);
  return bindingOf(ctx, ctx.db, account, todayOf(ctx));
}

/**
 * `GET /me/licence` as its JSON body, from the read cache when nothing it read has changed
 * since: kept per account, language and Shanghai day (the cycle, probation and renewal move
 * with the date). Its tags: the account (archive-number filing) and its registry person
 * (licence, registry and online decisions, their payments).
 */
export function myLicenceBody(ctx: AppContext, accountId: string, lang: Language): Promise<Buffer> {
  const today = todayOf(ctx);
  return ctx.readCache.get(`licence:${accountId}:${lang}:${today}`, async () => {
    const account = await requireActiveAccount(ctx.db, accountId);
    const person = await findPersonByDocument(ctx.db, { docType: account.docType, docNumber: account.docNumber });
    const binding = await bindingOf(ctx, ctx.db, account, today, { person });
    return { value: jsonBody(licenceAnswerSchema, bindingView(binding, lang)), tags: new ChangeTags().account(account.id).person(person?.personId).list() };
  });
}

/**
 * The licence binding of an account already checked active, whose registry person the
 * caller has found (or knows to be absent): the home screen reads both once for all its parts.
 */
export function licenceBindingOf(ctx: AppContext, account: ActiveAccount, person: RegistryPerson | null): Promise<LicenceBinding> {
  return bindingOf(ctx, ctx.db, account, todayOf(ctx), { person });
}

/**
 * The licence bound to the account, or null when the account is not active or holds none
 * yet. For other features: pass `db` when calling inside a transaction.
 */
export async function getBoundLicence(
  ctx: AppContext,
  accountId: string,
  opts: { db?: DbOrTx; today?: string; known?: { account: ActiveAccount; person: RegistryPerson | null } } = {},
): Promise<BoundLicence | null> {
  const db = opts.db ?? ctx.db;
  // A caller that has just read the active account and its registry person (the violation list) passes them: two fewer reads.
  const account = opts.known && opts.known.account.id === accountId ? opts.known.account : await getAccount(db, accountId);
  if (!account || account.status !== 'active') return null;
  const binding = await bindingOf(ctx, db, account, opts.today ?? todayOf(ctx), opts.known && opts.known.account.id === accountId ? { person: opts.known.person } : undefined);
  return binding.bound ? binding.licence : null;
}

// ---------------------------------------------------------------------------------------
// Archive-number filing

/**
 * Files the archive number from the licence's second page. It binds when that number's
 * licence belongs to the account's registry person under any of their documents. A wrong
 * number — another person's or none at all, the answer does not say which — counts
 * against the limit of 5 a day.
 */
export async function fileArchiveNumber(ctx: AppContext, accountId: string, input: { archiveNumber: string }, lang: Language): Promise<BoundLicence> {
  const account = await requireActiveAccount(ctx.db, accountId);
  const key = filingKey(account.id);
  const { limited, retryAfterSeconds } = await ctx.rateLimits.check(key, FILING_RULE);
  if (limited) {
    const hours = Math.max(1, Math.ceil(retryAfterSeconds / 3600));
    throw new Problem('too_many_attempts', {
      status: 429,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      // The shared too_many_attempts text speaks of logins; this one says what is locked here.
      extra: { retryAfterSeconds, detail: translator(lang)('licences:filing.tooManyAttempts', { count: hours }) },
    });
  }

  // People copy the number with the spaces the licence prints between digit groups.
  const archiveNumber = input.archiveNumber.replace(/\s+/gu, '');
  if (!isArchiveNumber(archiveNumber)) throw new Problem('invalid_archive_number', { field: 'archiveNumber' });

  const person = await findPersonByDocument(ctx.db, { docType: account.docType, docNumber: account.docNumber });
  const licence = await findLicenceByArchiveNumber(ctx.db, archiveNumber);
  const actor = { type: 'citizen' as const, id: account.id };
  const subject = { type: 'account', id: account.id };
  if (!person || !licence || licence.personId !== person.personId) {
    await ctx.rateLimits.hit(key);
    await ctx.audit.record(ctx.db, {
      actor,
      action: 'licence.archive_number_refused',
      subject,
      detail: { archiveNumberMasked: maskDocNumber(archiveNumber) },
    });
    throw new Problem('archive_number_mismatch', { field: 'archiveNumber' });
  }

  const filedAt = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await upsertFiling(tx, { accountId: account.id, archiveNumber, personId: person.personId, filedAt });
    await ctx.audit.record(tx, {
      actor,
      action: 'licence.archive_number_filed',
      subject,
      detail: {
        archiveNumberMasked: maskDocNumber(archiveNumber),
        licenceDocType: licence.holder.docType,
        accountDocType: account.docType,
      },
    });
  });
  const binding = await bindingOf(ctx, ctx.db, account, todayOf(ctx));
  // Just filed for this very person, whose licence was found: anything else is a bug.
  if (!binding.bound) throw new Problem('internal_error', { status: 500, problemClass: 'bug' });
  return binding.licence;
}

// ---------------------------------------------------------------------------------------
// The citizen's view

function renewalNotice(licence: BoundLicence, t: ReturnType<typeof translator>): string | null {
  const r = licence.renewal;
  if (!r || !licence.validTo) return null;
  if (r.cancelled) return t('licences:renewal.cancelled', { restorableUntil: r.restorableUntil });
  if (r.overdue) return t('licences:renewal.overdue', { validTo: licence.validTo, cancelledAfter: r.cancelledAfter });
  if (r.open) return t('licences:renewal.open', { validTo: licence.validTo, count: r.daysLeft });
  return null;
}

/** The API shape (API.md plus additions), texts in `lang`, numbers masked. */
export function licenceView(licence: BoundLicence, lang: Language) {
  const t = translator(lang);
  const statusLetters = licence.statusLetters.map((letter) => ({ letter, text: t(`domain:licenceStates.${letter}`, { defaultValue: letter }) }));
  const { cycle, total, records } = licence.points;
  return {
    numberMasked: maskDocNumber(licence.holder.docNumber),
    holderDocType: licence.holder.docType,
    name: licence.name,
    class: licence.class,
    classes: licence.classes,
    firstIssuedOn: licence.firstIssuedOn,
    validFrom: licence.validFrom,
    validTo: licence.validTo,
    status: licence.status,
    statusText: statusLetters.map((s) => s.text).join(t('licences:statusSeparator')),
    statusLetters,
    points: {
      cycleStart: cycle.cycleStart,
      cycleEnd: cycle.cycleEnd,
      total,
      nextClearingOn: cycle.nextClearingOn,
      records: records.map((r) => ({
        ref: r.ref,
        occurredAt: r.occurredAt.toISOString(),
        code: r.code,
        description: r.description,
        points: r.points,
        decisionNo: r.decisionNo,
        decidedOn: r.decidedOn,
        carriedOver: r.carriedOver,
      })),
    },
    issuingAuthority: licence.issuingAuthority,
    probation: licence.probation,
    renewal: licence.renewal
      ? {
          open: licence.renewal.open,
          opensOn: licence.renewal.opensOn,
          daysLeft: licence.renewal.daysLeft,
          overdue: licence.renewal.overdue,
          notice: renewalNotice(licence, t),
        }
      : null,
    archiveNumberFiled: licence.archiveNumberFiled,
  };
}

export type LicenceView = ReturnType<typeof licenceView>;

export type LicenceAnswer =
  | { bound: true; licence: LicenceView }
  | { bound: false; reason: 'not_found' | 'doc_mismatch'; hint: string; licenceDocument?: { docType: DocType; docNumberMasked: string } };

export function bindingView(binding: LicenceBinding, lang: Language): LicenceAnswer {
  if (binding.bound) return { bound: true, licence: licenceView(binding.licence, lang) };
  const t = translator(lang);
  if (binding.reason === 'not_found') return { bound: false, reason: 'not_found', hint: t('licences:hints.not_found') };
  const docNumberMasked = maskDocNumber(binding.licenceDocument.docNumber);
  return {
    bound: false,
    reason: 'doc_mismatch',
    hint: t('licences:hints.doc_mismatch', { docTypeName: t(`domain:docTypes.${binding.licenceDocument.docType}`), docNumberMasked }),
    licenceDocument: { docType: binding.licenceDocument.docType, docNumberMasked },
  };
}
