/**
 * The electronic driving licence (API.md "Electronic driving licence", REFERENCE.md §6):
 * applying with a photo, the review that issues it, fresh signed credentials for the QR
 * code, and verification against the live registry state.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type { AppContext } from '../../context.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../../i18n/languages.ts';
import { maskDocNumber } from '../../../domain/id-documents.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { endOfNextWorkingDay } from '../../../domain/working-days.ts';
import {
  CREDENTIAL_ALG,
  CREDENTIAL_TTL_SECONDS,
  verifyCredentialOffline,
  type CredentialClaims,
  type LicenceClaim,
} from '../../../domain/elicence-credential.ts';
import { getAccount } from '../accounts/service.ts';
import { getBoundLicence, licenceView, requireActiveAccount, type BoundLicence, type LicenceView } from '../licences/service.ts';
import { createReview, registerReviewDecisionHandler, REJECTION_REASONS } from '../reviews/service.ts';
import { sendMessage } from '../messages/service.ts';
import { keyRing } from './keys.ts';
import { monthsAfter, prepareLicencePhoto } from './photo.ts';
import { elicenceApplications, elicences, type ApplicationStatus, type PhotoSource } from './tables.ts';

/** After an approved photo, the next change waits this long (REFERENCE.md §6). */
export const PHOTO_CHANGE_WAIT_MONTHS = 6;
/** Verification is public: per client address, generous for a rental desk, tight for a scraper. */
export const VERIFY_RULE = { limit: 600, windowMs: 60_000 } as const;
export const PHOTO_PATH = '/api/v1/me/elicence/photo';
/** A licence with this many points in the cycle may not be used, whatever the registry letters say yet. */
const POINTS_LIMIT = 12;

type ElicenceRow = typeof elicences.$inferSelect;
type ApplicationRow = typeof elicenceApplications.$inferSelect;

const asLanguage = (v: string | undefined): Language => ((LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : DEFAULT_LANGUAGE);
const sha256Base64url = (data: Buffer) => createHash('sha256').update(data).digest('base64url');

// ---------------------------------------------------------------------------------------
// Eligibility

/** Why a licence cannot back a usable e-licence today; empty when it can. */
export function licenceDefects(licence: BoundLicence): Array<'state' | 'validity' | 'points'> {
  const defects: Array<'state' | 'validity' | 'points'> = [];
  if (licence.statusLetters.length !== 1 || licence.statusLetters[0] !== 'A') defects.push('state');
  if (licence.validTo !== null && licence.validTo < licence.today) defects.push('validity');
  if (licence.points.total >= POINTS_LIMIT) defects.push('points');
  return defects;
}

/** The state in words, with what else makes the licence unusable (an expired validity, 12 points). */
function statusTextOf(licence: BoundLicence, lang: Language): string {
  const t = translator(lang);
  const parts = [licenceView(licence, lang).statusText];
  const defects = licenceDefects(licence);
  if (defects.includes('validity')) parts.push(t('elicence:status.validityEnded', { validTo: licence.validTo }));
  if (defects.includes('points') && !licence.statusLetters.includes('B')) parts.push(t('elicence:status.pointsReached', { points: licence.points.total }));
  return parts.join(t('licences:statusSeparator'));
}

// ---------------------------------------------------------------------------------------
// Queries

async function findElicence(db: DbOrTx, accountId: string): Promise<ElicenceRow | null> {
  const [row] = await db.select().from(elicences).where(eq(elicences.accountId, accountId)).limit(1);
  return row ?? null;
}

async function latestApplication(db: DbOrTx, accountId: string): Promise<ApplicationRow | null> {
  const [row] = await db
    .select()
    .from(elicenceApplications)
    .where(eq(elicenceApplications.accountId, accountId))
    .orderBy(desc(elicenceApplications.submittedAt), desc(elicenceApplications.id))
    .limit(1);
  return row ?? null;
}

async function pendingApplication(db: DbOrTx, accountId: string): Promise<ApplicationRow | null> {
  const [row] = await db
    .select()
    .from(elicenceApplications)
    .where(and(eq(elicenceApplications.accountId, accountId), eq(elicenceApplications.status, 'pending_review')))
    .limit(1);
  return row ?? null;
}

function isUniqueViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if ((cur as { code?: string }).code === '23505') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Applying

/** First Shanghai date a new photo may be submitted after one approved at `approvedAt`. */
export function photoChangeFrom(approvedAt: Date): string {
  return shanghaiDate(monthsAfter(approvedAt, PHOTO_CHANGE_WAIT_MONTHS));
}

export interface ApplicationInput {
  source: PhotoSource;
  readPhoto(): Promise<Buffer>;
}

/**
 * Applies for an e-licence (or a new photo). Rules in the order the app states them: a
 * bound licence, usable today; no other application waiting; 6 months since the last
 * approved photo; then the photo itself. The review is due by the end of the next working day.
 */
export async function applyForElicence(ctx: AppContext, accountId: string, input: ApplicationInput, lang: Language) {
  const account = await requireActiveAccount(ctx.db, accountId);
  const licence = await getBoundLicence(ctx, account.id);
  if (!licence) throw new Problem('licence_not_bound');
  const defects = licenceDefects(licence);
  if (defects.length > 0) {
    throw new Problem('licence_not_eligible', {
      params: { context: defects[0] },
      extra: { reasons: defects, detail: translator(lang)(`elicence:notEligible.${defects[0]}`, { statusText: statusTextOf(licence, lang), validTo: licence.validTo }) },
    });
  }
  if (await pendingApplication(ctx.db, account.id)) throw new Problem('application_pending', { status: 409 });
  const current = await findElicence(ctx.db, account.id);
  const now = ctx.clock.now();
  if (current && !current.revokedAt) {
    // Counted in Shanghai calendar days: the date we name is a day the whole day may be used.
    const date = photoChangeFrom(current.photoApprovedAt);
    if (shanghaiDate(now) < date) throw new Problem('photo_change_too_soon', { params: { date }, extra: { possibleFrom: date } });
  }

  const photo = await prepareLicencePhoto(ctx, await input.readPhoto(), input.source, lang);
  const id = randomUUID();
  const photoKey = `elicence/${account.id}/${id}.jpg`;
  const expectedBy = new Date(endOfNextWorkingDay(now));
  // Written before any row points at it: a failed transaction leaves an unreferenced file, never a dangling key.
  await ctx.storage.put(photoKey, photo.jpeg, 'image/jpeg');
  try {
    await ctx.db.transaction(async (tx) => {
      const review = await createReview(tx, {
        kind: 'elicence',
        subjectId: id,
        applicantAccountId: account.id,
        summary: {
          name: licence.name,
          numberMasked: maskDocNumber(licence.holder.docNumber),
          classes: licence.classes,
          photoKey,
          currentPhotoKey: current && !current.revokedAt ? current.photoKey : null,
          change: Boolean(current && !current.revokedAt),
          source: input.source,
          takenAt: photo.takenAt?.toISOString() ?? null,
          submittedAt: now.toISOString(),
          expectedBy: expectedBy.toISOString(),
        },
        photoKeys: current && !current.revokedAt ? [photoKey, current.photoKey] : [photoKey],
        createdAt: now,
      });
      await tx.insert(elicenceApplications).values({
        id,
        accountId: account.id,
        source: input.source,
        photoKey,
        takenAt: photo.takenAt ?? null,
        submittedAt: now,
        expectedBy,
        reviewId: review.id,
      });
      await ctx.audit.record(tx, {
        actor: { type: 'citizen', id: account.id },
        action: 'elicence.applied',
        subject: { type: 'elicence_application', id },
        detail: { source: input.source, change: Boolean(current && !current.revokedAt) },
      });
    });
  } catch (e) {
    await ctx.storage.delete(photoKey).catch(() => undefined);
    // Two submissions at once: the partial unique index lets one through.
    if (isUniqueViolation(e)) throw new Problem('application_pending', { status: 409 });
    throw e;
  }
  return { id, status: 'pending_review' as const, expectedBy: expectedBy.toISOString() };
}

// ---------------------------------------------------------------------------------------
// Review decisions

function reasonText(reason: string | null | undefined, lang: Language): string | undefined {
  if (!reason) return undefined;
  const text = (REJECTION_REASONS.elicence as readonly string[]).includes(reason)
    ? translator(lang)(`reviews:reasons.elicence.${reason}`, { defaultValue: reason })
    : reason;
  // Our templates punctuate around the reason themselves.
  return text.trim().replace(/[。．.！!]+$/u, '');
}

/**
 * A reviewer's decision, inside the review's transaction: approval makes the photo the
 * e-licence's (issuing it the first time), rejection records why; either way the applicant
 * is told by SMS and in-app message in their language.
 */
export async function applyElicenceDecision(
  ctx: AppContext,
  tx: Tx,
  review: { subjectId: string },
  decision: { decision: 'approve' | 'reject'; reason?: string },
): Promise<void> {
  const [application] = await tx.select().from(elicenceApplications).where(eq(elicenceApplications.id, review.subjectId)).for('update');
  if (!application || application.status !== 'pending_review') return;
  const now = ctx.clock.now();
  const approved = decision.decision === 'approve';
  const account = await getAccount(tx, application.accountId);
  if (approved) {
    const licence = await getBoundLicence(ctx, application.accountId, { db: tx });
    // The account lost its licence (or was deleted) while waiting: there is nothing to issue against.
    if (!licence) throw new Problem('licence_not_bound', { status: 409 });
    const photo = await ctx.storage.get(application.photoKey);
    if (!photo) throw new Problem('internal_error', { status: 500, problemClass: 'bug' });
    const photoSha256 = sha256Base64url(photo.data);
    await tx
      .insert(elicences)
      .values({ accountId: application.accountId, personId: licence.personId, photoKey: application.photoKey, photoSha256, issuedAt: now, photoApprovedAt: now })
      .onConflictDoUpdate({
        target: elicences.accountId,
        set: { personId: licence.personId, photoKey: application.photoKey, photoSha256, photoApprovedAt: now, revokedAt: null, revokedReason: null },
      });
  }
  await tx
    .update(elicenceApplications)
    .set({ status: approved ? 'approved' : 'rejected', decidedAt: now, rejectReason: approved ? null : (decision.reason ?? null) })
    .where(eq(elicenceApplications.id, application.id));

  if (!account || account.status === 'deleted') return;
  const lang = asLanguage(account.lang);
  const t = translator(lang);
  const reason = reasonText(decision.reason, lang);
  const text = approved
    ? t('elicence:sms.approved', { name: account.name })
    : reason
      ? t('elicence:sms.rejected', { name: account.name, reason })
      : t('elicence:sms.rejectedNoReason', { name: account.name });
  await ctx.sms.send(tx, { to: account.phone, text, purpose: 'review_result' });
  await sendMessage(tx, account.id, {
    kind: 'elicence_review',
    titleKey: approved ? 'elicenceReview.approved.title' : 'elicenceReview.rejected.title',
    bodyKey: approved ? 'elicenceReview.approved.body' : 'elicenceReview.rejected.body',
    params: { name: account.name, ...(approved ? {} : { reason: reason ?? '—' }) },
    sentAt: now,
  });
}

registerReviewDecisionHandler('elicence', (ctx, tx, review, decision) => applyElicenceDecision(ctx, tx, review, decision));

/** Revocation by the authority: every credential of this e-licence verifies as `revoked` from now on. */
export async function revokeElicence(ctx: AppContext, accountId: string, input: { reason: string; actor: { type: 'staff' | 'system'; id?: string; name?: string } }) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(elicences)
      .set({ revokedAt: ctx.clock.now(), revokedReason: input.reason })
      .where(eq(elicences.accountId, accountId))
      .returning({ id: elicences.id });
    if (!row) throw new Problem('not_found', { status: 404 });
    await ctx.audit.record(tx, { actor: input.actor, action: 'elicence.revoked', subject: { type: 'elicence', id: row.id }, detail: { reason: input.reason } });
    return { id: row.id };
  });
}

// ---------------------------------------------------------------------------------------
// Credentials

function licenceClaim(licence: BoundLicence, photoSha256: string): LicenceClaim {
  return {
    n: licence.name,
    no: maskDocNumber(licence.holder.docNumber),
    c: licence.class,
    vf: licence.validFrom,
    vt: licence.validTo,
    st: licence.status,
    fi: licence.firstIssuedOn,
    pt: licence.points.total,
    ph: photoSha256,
  };
}

export const issuerOf = (ctx: AppContext) => ctx.config.http.publicUrl ?? 'jiaoguan';

/** A fresh credential (compact JWS, ES256) for the QR code; it lives 5 minutes. */
export async function issueCredential(ctx: AppContext, row: Pick<ElicenceRow, 'id' | 'photoSha256'>, licence: BoundLicence) {
  const key = await keyRing(ctx).current();
  const now = ctx.clock.now();
  const iat = Math.floor(now.getTime() / 1000);
  const claims: CredentialClaims = {
    iss: issuerOf(ctx),
    sub: row.id,
    iat,
    exp: iat + CREDENTIAL_TTL_SECONDS,
    jti: ctx.crypto.randomToken(9),
    lic: licenceClaim(licence, row.photoSha256),
  };
  const qr = await new SignJWT({ ...claims }).setProtectedHeader({ alg: CREDENTIAL_ALG, kid: key.kid }).sign(key.privateKey);
  return { qr, issuedAt: new Date(iat * 1000).toISOString(), expiresAt: new Date(claims.exp * 1000).toISOString() };
}

// ---------------------------------------------------------------------------------------
// The citizen's view

export type ElicenceStatus = 'none' | 'pending_review' | 'issued' | 'rejected' | 'suspended';

export interface ElicenceAnswer {
  status: ElicenceStatus;
  licence?: LicenceView;
  credential?: { qr: string; issuedAt: string; expiresAt: string };
  application?: { id: string; status: ApplicationStatus; source: PhotoSource; submittedAt: string; expectedBy: string; rejectReason?: string };
  photoUrl?: string;
  /** Why the e-licence cannot be used now (status suspended), in the request language. */
  suspendedReason?: string;
  revoked?: boolean;
  /** When a new photo may be submitted, if not yet. */
  photoChangeFrom?: string;
}

/**
 * The citizen's e-licence: issued (with a fresh credential each call), suspended while the
 * licence cannot be used (the card then shows a red QR that verifies as licence_invalid),
 * or the state of their application.
 */
export async function getMyElicence(ctx: AppContext, accountId: string, lang: Language): Promise<ElicenceAnswer> {
  const account = await requireActiveAccount(ctx.db, accountId);
  const [licence, row, application] = await Promise.all([getBoundLicence(ctx, account.id), findElicence(ctx.db, account.id), latestApplication(ctx.db, account.id)]);
  const answer: ElicenceAnswer = { status: 'none' };
  if (licence) answer.licence = licenceView(licence, lang);
  if (application) {
    const rejectReason = application.status === 'rejected' ? reasonText(application.rejectReason, lang) : undefined;
    answer.application = {
      id: application.id,
      status: application.status,
      source: application.source,
      submittedAt: application.submittedAt.toISOString(),
      expectedBy: application.expectedBy.toISOString(),
      ...(rejectReason ? { rejectReason } : {}),
    };
  }
  const t = translator(lang);
  if (row && row.revokedAt) {
    answer.status = 'suspended';
    answer.revoked = true;
    answer.suspendedReason = t('elicence:status.revoked');
    if (application?.status === 'pending_review' && application.submittedAt > row.revokedAt) answer.status = 'pending_review';
    return answer;
  }
  if (row) {
    answer.photoUrl = PHOTO_PATH;
    const changeFrom = photoChangeFrom(row.photoApprovedAt);
    if (shanghaiDate(ctx.clock.now()) < changeFrom) answer.photoChangeFrom = changeFrom;
    if (!licence || licence.personId !== row.personId) {
      answer.status = 'suspended';
      answer.suspendedReason = t('elicence:status.licenceNotBound');
      return answer;
    }
    const defects = licenceDefects(licence);
    answer.status = defects.length > 0 ? 'suspended' : 'issued';
    if (defects.length > 0) answer.suspendedReason = t('elicence:status.suspended', { statusText: statusTextOf(licence, lang) });
    answer.credential = await issueCredential(ctx, row, licence);
    return answer;
  }
  if (application?.status === 'pending_review') answer.status = 'pending_review';
  else if (application?.status === 'rejected') answer.status = 'rejected';
  return answer;
}

/** The approved photo of the caller's own e-licence. */
export async function readMyPhoto(ctx: AppContext, accountId: string): Promise<{ data: Buffer; contentType: string }> {
  await requireActiveAccount(ctx.db, accountId);
  const row = await findElicence(ctx.db, accountId);
  if (!row || row.revokedAt) throw new Problem('not_found', { status: 404 });
  const file = await ctx.storage.get(row.photoKey);
  if (!file) {
    ctx.log.error({ elicenceId: row.id }, 'e-licence photo missing from storage');
    throw new Problem('not_found', { status: 404 });
  }
  return file;
}

// ---------------------------------------------------------------------------------------
// Verification

export type VerifyReason = 'malformed' | 'bad_signature' | 'expired' | 'revoked' | 'licence_invalid';

export interface VerifyAnswer {
  valid: boolean;
  reason?: VerifyReason;
  holder?: { name: string; numberMasked: string; class: string; validTo: string | null; status: string; statusText: string };
  checkedAt: string;
}

/** Throws 429 when this client address has verified too often in the last minute; counts this one otherwise. */
export async function limitVerification(ctx: AppContext, clientAddress: string): Promise<void> {
  const key = `elicence:verify:${ctx.crypto.lookupHash(clientAddress)}`;
  const { limited, retryAfterSeconds } = await ctx.rateLimits.check(key, VERIFY_RULE);
  if (limited) throw new Problem('rate_limited', { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) }, extra: { retryAfterSeconds } });
  await ctx.rateLimits.hit(key);
}

/**
 * Verifies a scanned QR: signature with the key its kid names, freshness by the server
 * clock (30 s of skew allowed), then the live state — an e-licence revoked by the
 * authority, or a licence that can no longer be used (suspended, revoked, 12 points,
 * validity ended) fails even though the credential itself is sound.
 */
export async function verifyQr(ctx: AppContext, qr: string, lang: Language): Promise<VerifyAnswer> {
  const now = ctx.clock.now();
  const checkedAt = now.toISOString();
  const ring = keyRing(ctx);
  const offline = await verifyCredentialOffline(qr, (kid) => ring.publicKey(kid), now);
  if (!offline.valid) return { valid: false, reason: offline.reason, checkedAt };
  const { claims } = offline;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const [row] = UUID.test(claims.sub) ? await ctx.db.select().from(elicences).where(eq(elicences.id, claims.sub)).limit(1) : [];
  if (!row || row.revokedAt) return { valid: false, reason: 'revoked', checkedAt };
  const licence = await getBoundLicence(ctx, row.accountId);
  // The account is gone, or no longer holds this person's licence: the e-licence no longer stands.
  if (!licence || licence.personId !== row.personId) return { valid: false, reason: 'revoked', checkedAt };
  const holder = {
    name: licence.name,
    numberMasked: maskDocNumber(licence.holder.docNumber),
    class: licence.class,
    validTo: licence.validTo,
    status: licence.status,
    statusText: statusTextOf(licence, lang),
  };
  if (licenceDefects(licence).length > 0) return { valid: false, reason: 'licence_invalid', holder, checkedAt };
  return { valid: true, holder, checkedAt };
}

/** The JWKS document of /.well-known/jwks.json. */
export function jwks(ctx: AppContext) {
  return keyRing(ctx).jwks();
}
