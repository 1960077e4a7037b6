import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { safeEqual } from '../../platform/crypto.ts';
import { translator } from '../../platform/i18n.ts';
import { LANGUAGES, DEFAULT_LANGUAGE, type Language } from '../../../i18n/languages.ts';
import { DOC_TYPE_INFO, isDocType, maskDocNumber, parseDocNumber, type DocType } from '../../../domain/id-documents.ts';
import { checkName } from '../../../domain/names.ts';
import { maskPhone, normalizePhone } from '../../../domain/phones.ts';
import { isRegistrationCity } from '../../../domain/regions.ts';
import { checkPassword } from '../../../domain/passwords.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { findLicenceOfPerson, findPersonByDocument } from '../registry/service.ts';
import { createReview, registerReviewDecisionHandler, registerReviewNumberRevealer, REJECTION_REASONS } from '../reviews/service.ts';
import { sendMessage } from '../messages/service.ts';
import { accounts, gestureCredentials } from './tables.ts';
import {
  docKey,
  findAccountById,
  hasActiveGesture,
  liveAccountExists,
  lockAccount,
  phoneKey,
  type AccountRow,
  type AccountStatus,
} from './queries.ts';

export type { AccountStatus } from './queries.ts';

export const HELP_WRONG_DOCUMENT = '/help/registration#wrong-document';
export const HELP_TRADITIONAL = '/help/registration#traditional-characters';
/** How long a pending registration may upload its document photos. */
export const UPLOAD_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Front and back, plus one retake. */
export const MAX_IDENTITY_PHOTOS = 3;
export const IDENTITY_PHOTO_SPEC = { maxBytes: 8 * 1024 * 1024, minWidth: 600, minHeight: 400 } as const;
/** What the app tells a pending applicant; the review target is 1 working day. */
export const REVIEW_EXPECTED_HOURS = 24;

const asLanguage = (v: string): Language => ((LANGUAGES as readonly string[]).includes(v) ? (v as Language) : DEFAULT_LANGUAGE);

/** The door other features use (docs/dev/CONTRACTS.md). Whole numbers: callers must mask what they show. */
export async function getAccount(
  db: DbOrTx,
  id: string,
): Promise<{ id: string; name: string; docType: DocType; docNumber: string; phone: string; regionCode: string; status: AccountStatus; lang: Language } | null> {
  const row = await findAccountById(db, id);
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    docType: row.docType as DocType,
    docNumber: row.docNumber,
    phone: row.phone,
    regionCode: row.regionCode,
    status: row.status as AccountStatus,
    lang: asLanguage(row.lang),
  };
}

/** The `/me` shape, also returned by logins. Personal numbers masked. */
/** `known.gestureEnabled`: already read with the row (the login's candidate query), saving a round trip. */
export async function accountView(db: DbOrTx, row: AccountRow, known: { gestureEnabled?: boolean } = {}) {
  return {
    id: row.id,
    name: row.name,
    docType: row.docType as DocType,
    docNumberMasked: maskDocNumber(row.docNumber),
    phoneMasked: maskPhone(row.phone),
    regionCode: row.regionCode,
    status: row.status as AccountStatus,
    gestureEnabled: known.gestureEnabled ?? (await hasActiveGesture(db, row.id)),
    lang: asLanguage(row.lang),
    createdAt: row.createdAt.toISOString(),
  };
}
export type AccountView = Awaited<ReturnType<typeof accountView>>;

// ---------------------------------------------------------------------------------------
// Registration

export interface RegistrationInput {
  docType: string;
  docNumber: string;
  name: string;
  phone: string;
  regionCode: string;
  password: string;
  agreedToTerms?: unknown;
}

export interface RegistrationResult {
  id: string;
  status: 'active' | 'pending_review';
  uploadToken?: string;
  uploadTokenExpiresAt?: string;
  docNumberNormalized?: string;
}

/** Postgres unique violation on one of our partial unique indexes → the matching 409. */
function uniqueViolation(e: unknown): 'phone' | 'doc' | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const err = cur as { code?: string; constraint?: string; message?: string };
    if (err.code !== '23505') continue;
    const where = `${err.constraint ?? ''} ${err.message ?? ''}`;
    if (where.includes('accounts_live_phone_uq')) return 'phone';
    if (where.includes('accounts_live_doc_uq')) return 'doc';
  }
  return undefined;
}

const sameName = (a: string, b: string) => a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();

/**
 * Registers a citizen (API.md "Accounts", REFERENCE.md §1). Rule checks run in the order
 * the app's form shows them so the first problem named is the first field to fix; then
 * the registry decides how the identity is verified.
 */
export async function registerAccount(ctx: AppContext, input: RegistrationInput, lang: Language): Promise<RegistrationResult> {
  const now = ctx.clock.now();
  if (!isDocType(input.docType)) throw new Problem('unsupported_doc_type', { field: 'docType' });
  const docType = input.docType;

  const doc = parseDocNumber(docType, input.docNumber, shanghaiDate(now));
  if (!doc.ok) {
    throw new Problem('invalid_doc_number', { field: 'docNumber', params: { docType, context: docType }, extra: { reason: doc.reason } });
  }
  const docNumber = doc.value;

  const name = checkName(input.name, docType);
  if (!name.ok) {
    if (name.code === 'name_not_simplified') {
      throw new Problem('name_not_simplified', {
        field: 'name',
        suggestion: name.suggestion,
        params: { suggestion: name.suggestion },
        extra: { helpUrl: HELP_TRADITIONAL },
      });
    }
    throw new Problem('invalid_name', { field: 'name' });
  }

  const phone = normalizePhone(input.phone);
  if (!phone) throw new Problem('invalid_phone', { field: 'phone' });

  if (!isRegistrationCity(input.regionCode)) throw new Problem('invalid_region', { field: 'regionCode' });

  const pw = checkPassword(input.password, { phone, docNumber, name: name.value });
  if (!pw.ok) throw new Problem('weak_password', { field: 'password', params: { context: pw.reason }, extra: { reason: pw.reason } });

  if (input.agreedToTerms !== true) throw new Problem('terms_not_accepted', { field: 'agreedToTerms' });

  // The registry: is the licence under another of this person's documents, and for
  // documents the registry can vouch for, is this really the person?
  const person = await findPersonByDocument(ctx.db, { docType, docNumber });
  const nameMatches = person ? sameName(person.name, name.value) : false;
  // The hint names another of the person's documents, so it is only given to someone who
  // also knows the registered name: a stranger typing numbers learns nothing.
  if (person && nameMatches) {
    const licence = await findLicenceOfPerson(ctx.db, person.personId);
    if (licence && (licence.holder.docType !== docType || licence.holder.docNumber !== docNumber)) {
      const docNumberMasked = maskDocNumber(licence.holder.docNumber);
      throw new Problem('doc_type_mismatch', {
        field: 'docType',
        suggestion: { docType: licence.holder.docType, docNumberMasked },
        params: { docType: licence.holder.docType, docNumberMasked },
        extra: { helpUrl: HELP_WRONG_DOCUMENT },
      });
    }
  }
  const registryVerified = DOC_TYPE_INFO[docType].verification === 'registry';
  if (registryVerified && !nameMatches) throw new Problem('identity_mismatch', { field: 'name' });

  const phoneHash = ctx.crypto.lookupHash(phoneKey(phone));
  const docHash = ctx.crypto.lookupHash(docKey(docType, docNumber));
  // Friendly early answers; the unique indexes below are what actually guarantees it.
  if (await liveAccountExists(ctx.db, { phoneHash })) throw new Problem('phone_taken', { status: 409, field: 'phone' });
  if (await liveAccountExists(ctx.db, { docHash })) throw new Problem('doc_taken', { status: 409, field: 'docNumber' });

  const passwordHash = await ctx.crypto.hashSecret(input.password);
  const status = registryVerified ? 'active' : 'pending_review';
  const uploadToken = registryVerified ? undefined : ctx.crypto.randomToken(32);
  const uploadTokenExpiresAt = uploadToken ? new Date(now.getTime() + UPLOAD_TOKEN_TTL_MS) : null;

  let id: string;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(accounts)
        .values({
          name: name.value,
          docType,
          docNumber,
          docHash,
          phone,
          phoneHash,
          regionCode: input.regionCode,
          passwordHash,
          status,
          lang,
          uploadTokenHash: uploadToken ? ctx.crypto.sha256(uploadToken) : null,
          uploadTokenExpiresAt,
          createdAt: now,
          updatedAt: now,
          activatedAt: status === 'active' ? now : null,
        })
        .returning({ id: accounts.id });
      await ctx.audit.record(tx, {
        actor: { type: 'citizen', id: row!.id },
        action: 'account.registered',
        subject: { type: 'account', id: row!.id },
        detail: { docType, docNumberMasked: maskDocNumber(docNumber), status, verification: registryVerified ? 'registry' : 'manual' },
      });
      return row!.id;
    });
  } catch (e) {
    const which = uniqueViolation(e);
    if (which === 'phone') throw new Problem('phone_taken', { status: 409, field: 'phone' });
    if (which === 'doc') throw new Problem('doc_taken', { status: 409, field: 'docNumber' });
    throw e;
  }

  return {
    id,
    status,
    ...(uploadToken ? { uploadToken, uploadTokenExpiresAt: uploadTokenExpiresAt!.toISOString() } : {}),
    ...(doc.changed ? { docNumberNormalized: docNumber } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Document photos for manual review

function registryMatchFor(person: { name: string } | null, name: string): 'match' | 'name_differs' | 'not_found' {
  if (!person) return 'not_found';
  return sameName(person.name, name) ? 'match' : 'name_differs';
}

/**
 * Adds a document photo to a pending registration, authorised by its upload token (not a
 * session: the applicant cannot log in yet). All photos of one registration go to one
 * pending review.
 */
export async function addIdentityPhoto(
  ctx: AppContext,
  input: { accountId: string; uploadToken: string | undefined; readPhoto: () => Promise<Buffer> },
): Promise<{ status: 'pending_review'; reviewExpectedHours: number; photoCount: number }> {
  const invalidToken = () => new Problem('invalid_upload_token', { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  const authorise = (row: AccountRow | null): AccountRow => {
    const now = ctx.clock.now();
    if (
      !row ||
      !input.uploadToken ||
      !row.uploadTokenHash ||
      !safeEqual(row.uploadTokenHash, ctx.crypto.sha256(input.uploadToken)) ||
      !row.uploadTokenExpiresAt ||
      row.uploadTokenExpiresAt <= now ||
      row.status !== 'pending_review' ||
      row.deletedAt
    ) {
      throw invalidToken();
    }
    return row;
  };
  // Check the token before spending time on the image, and again under the lock below.
  const before = authorise(await findAccountById(ctx.db, input.accountId));
  if (before.identityPhotoCount >= MAX_IDENTITY_PHOTOS) throw new Problem('too_many_photos', { params: { max: MAX_IDENTITY_PHOTOS } });

  // The upload is read only once the token is known good, so strangers cannot make us buffer files.
  const processed = await ctx.images.processPhoto(await input.readPhoto(), IDENTITY_PHOTO_SPEC);
  const person = await findPersonByDocument(ctx.db, { docType: before.docType as DocType, docNumber: before.docNumber });

  return ctx.db.transaction(async (tx) => {
    const row = authorise(await lockAccount(tx, input.accountId));
    if (row.identityPhotoCount >= MAX_IDENTITY_PHOTOS) throw new Problem('too_many_photos', { params: { max: MAX_IDENTITY_PHOTOS } });
    const n = row.identityPhotoCount + 1;
    const key = `identity/${row.id}/${n}.jpg`;
    // Written before the row points at it: a failed transaction leaves an unreferenced file, never a dangling key.
    await ctx.storage.put(key, processed.jpeg, 'image/jpeg');
    const photoKeys = Array.from({ length: n }, (_, i) => `identity/${row.id}/${i + 1}.jpg`);
    const review = await createReview(tx, {
      kind: 'identity',
      subjectId: row.id,
      applicantAccountId: row.id,
      summary: {
        name: row.name,
        docType: row.docType,
        docNumberMasked: maskDocNumber(row.docNumber),
        regionCode: row.regionCode,
        submittedAt: ctx.clock.now().toISOString(),
        registryMatch: registryMatchFor(person, row.name),
      },
      photoKeys,
      createdAt: ctx.clock.now(),
    });
    await tx
      .update(accounts)
      .set({ identityPhotoCount: n, identityReviewId: review.id, updatedAt: ctx.clock.now() })
      .where(eq(accounts.id, row.id));
    return { status: 'pending_review' as const, reviewExpectedHours: REVIEW_EXPECTED_HOURS, photoCount: n };
  });
}

// ---------------------------------------------------------------------------------------
// Identity review decisions

/** A reviewer's reason is one of the standard codes (translated for the applicant) or free text. */
function reasonText(reason: string | undefined, lang: Language): string | undefined {
  if (!reason) return undefined;
  const text = (REJECTION_REASONS.identity as readonly string[]).includes(reason)
    ? translator(lang)(`reviews:reasons.identity.${reason}`, { defaultValue: reason })
    : reason;
  // Our SMS and message templates punctuate around the reason themselves.
  return text.trim().replace(/[。．.！!]+$/u, '');
}

/**
 * Applies a reviewer's identity decision inside the review's transaction and tells the
 * applicant by SMS and in-app message, in the language they registered in.
 */
export async function applyIdentityDecision(
  ctx: AppContext,
  tx: Tx,
  review: { subjectId: string },
  decision: { decision: 'approve' | 'reject'; reason?: string },
): Promise<void> {
  const row = await lockAccount(tx, review.subjectId);
  // The account was deleted after applying: nothing to activate and no one to tell.
  if (!row || row.deletedAt || row.status !== 'pending_review') return;
  const now = ctx.clock.now();
  const lang = asLanguage(row.lang);
  const t = translator(lang);
  const approved = decision.decision === 'approve';
  const reason = reasonText(decision.reason, lang);
  await tx
    .update(accounts)
    .set({
      status: approved ? 'active' : 'rejected',
      rejectionReason: approved ? null : (reason ?? null),
      activatedAt: approved ? now : null,
      // The review is over: the upload token has nothing left to authorise.
      uploadTokenHash: null,
      uploadTokenExpiresAt: null,
      updatedAt: now,
    })
    .where(eq(accounts.id, row.id));
  const text = approved
    ? t('accounts:sms.identityApproved', { name: row.name })
    : reason
      ? t('accounts:sms.identityRejected', { name: row.name, reason })
      : t('accounts:sms.identityRejectedNoReason', { name: row.name });
  await ctx.sms.send(tx, { to: row.phone, text, purpose: 'review_result' });
  await sendMessage(tx, row.id, {
    kind: 'identity_review',
    titleKey: approved ? 'identityReview.approved.title' : 'identityReview.rejected.title',
    bodyKey: approved ? 'identityReview.approved.body' : 'identityReview.rejected.body',
    params: { name: row.name, docType: row.docType, ...(approved ? {} : { reason: reason ?? '—' }) },
    sentAt: now,
  });
}

registerReviewDecisionHandler('identity', (ctx, tx, review, decision) => applyIdentityDecision(ctx, tx, review, decision));

// A reviewer compares the typed document number with the photo; the review keeps it masked.
registerReviewNumberRevealer('identity', async (ctx, review) => {
  const account = await getAccount(ctx.db, review.subjectId);
  return account ? { label: 'docNumber', value: account.docNumber } : null;
});

// ---------------------------------------------------------------------------------------
// SMS codes and account deletion

/** Purposes a logged-in citizen may request a code for, sent to the account's own phone. */
const smsCodePurposes = new Set<string>(['delete_account']);
/** Other features add the purposes they verify (e.g. a change of phone) when they load. */
export function registerSmsCodePurpose(purpose: string): void {
  smsCodePurposes.add(purpose);
}
export function isSmsCodePurpose(purpose: string): boolean {
  return smsCodePurposes.has(purpose);
}

export async function requestSmsCode(ctx: AppContext, accountId: string, purpose: string, lang: Language): Promise<{ expiresAt: Date }> {
  if (!isSmsCodePurpose(purpose)) throw new Problem('unsupported_sms_purpose', { field: 'purpose' });
  const row = await findAccountById(ctx.db, accountId);
  if (!row || row.deletedAt) throw new Problem('unauthorized', { status: 401 });
  return ctx.smsCodes.issue({ phone: row.phone, purpose, lang });
}

/**
 * Deletes an account after an SMS code check. The row stays for the audit trail, but it no
 * longer holds its phone or document (the unique indexes skip deleted rows), it cannot
 * log in, and every session and gesture of it ends.
 */
export async function deleteAccount(ctx: AppContext, accountId: string, input: { reason: string; code: string }): Promise<void> {
  const row = await findAccountById(ctx.db, accountId);
  if (!row || row.deletedAt) throw new Problem('unauthorized', { status: 401 });
  await ctx.smsCodes.verify({ phone: row.phone, purpose: 'delete_account', code: input.code });
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const locked = await lockAccount(tx, accountId);
    if (!locked || locked.deletedAt) return;
    await tx
      .update(accounts)
      .set({ status: 'deleted', deletedAt: now, deletionReason: input.reason.trim(), uploadTokenHash: null, uploadTokenExpiresAt: null, updatedAt: now })
      .where(eq(accounts.id, accountId));
    await tx.delete(gestureCredentials).where(eq(gestureCredentials.accountId, accountId));
    await ctx.audit.record(tx, {
      actor: { type: 'citizen', id: accountId },
      action: 'account.deleted',
      subject: { type: 'account', id: accountId },
      detail: { docType: locked.docType, docNumberMasked: maskDocNumber(locked.docNumber) },
    });
  });
  await ctx.sessions.revokeAll('citizen', accountId);
}

/** For tests and the console: whether a citizen still has a pending identity review. */
export async function pendingIdentityReviewId(db: DbOrTx, accountId: string): Promise<string | null> {
  const [row] = await db
    .select({ reviewId: accounts.identityReviewId })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.status, 'pending_review')))
    .limit(1);
  return row?.reviewId ?? null;
}

// ---------------------------------------------------------------------------------------
// Added for the vehicles feature (filing a vehicle one does not own): the owner's account.

/**
 * The active account registered with any of these documents (a registry person's
 * documents), or null. Whole phone: callers send to it and mask what they show.
 */
export async function findActiveAccountByDocuments(
  ctx: AppContext,
  docs: Array<{ docType: DocType; docNumber: string }>,
): Promise<{ id: string; name: string; phone: string; lang: Language } | null> {
  if (docs.length === 0) return null;
  const hashes = docs.map((d) => ctx.crypto.lookupHash(docKey(d.docType, d.docNumber)));
  const [row] = await ctx.db
    .select({ id: accounts.id, name: accounts.name, phone: accounts.phone, lang: accounts.lang })
    .from(accounts)
    .where(and(inArray(accounts.docHash, hashes), eq(accounts.status, 'active'), isNull(accounts.deletedAt)))
    .limit(1);
  return row ? { id: row.id, name: row.name, phone: row.phone, lang: asLanguage(row.lang) } : null;
}
