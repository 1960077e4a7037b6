import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const APPLICATION_STATUSES = ['pending_review', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** A published ES256 verification key as stored and served in the JWKS. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export const PHOTO_SOURCES = ['camera', 'album'] as const;
export type PhotoSource = (typeof PHOTO_SOURCES)[number];

/**
 * Applications for an electronic driving licence (first issue or a photo change). Each
 * carries the re-encoded photo and waits for a reviewer; at most one is pending per account.
 */
export const elicenceApplications = pgTable(
  'elicence_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('pending_review'),
    source: text('source', { enum: PHOTO_SOURCES }).notNull(),
    /** Storage key of the photo re-encoded to the licence photo spec. */
    photoKey: text('photo_key').notNull(),
    /** EXIF capture time, when the photo carried one. */
    takenAt: timestamp('taken_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    /** End of the next working day after submission (REFERENCE.md §6). */
    expectedBy: timestamp('expected_by', { withTimezone: true }).notNull(),
    reviewId: uuid('review_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
  },
  (t) => [
    check('elicence_applications_status_check', sql`${t.status} in ('pending_review', 'approved', 'rejected')`),
    check('elicence_applications_source_check', sql`${t.source} in ('camera', 'album')`),
    // One application at a time: concurrent submissions meet here.
    uniqueIndex('elicence_applications_one_pending').on(t.accountId).where(sql`${t.status} = 'pending_review'`),
    index('elicence_applications_account_idx').on(t.accountId, t.submittedAt),
  ],
);

/**
 * Issued electronic licences, one per account. `id` is the opaque credential subject
 * (`sub`): it names the e-licence without carrying the document number, and stays the same
 * across photo changes so a verifier's view of the holder is stable.
 */
export const elicences = pgTable(
  'elicences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().unique(),
    /** Registry person the approved photo shows; a licence of another person never inherits it. */
    personId: uuid('person_id').notNull(),
    photoKey: text('photo_key').notNull(),
    /** base64url SHA-256 of the stored photo, carried in every credential as `ph`. */
    photoSha256: text('photo_sha256').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    /** When the current photo was approved: the next change waits 6 months from here. */
    photoApprovedAt: timestamp('photo_approved_at', { withTimezone: true }).notNull(),
    /** Revoked by the authority: credentials verify as `revoked` while set. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
);

/**
 * Credential signing keys (ES256). In embedded/dev mode the private JWK is generated here
 * and kept encrypted (AES-256-GCM, key derived from SESSION_SECRET with HKDF); with
 * ELICENCE_SIGNING_KEY configured only the public half is recorded, so the JWKS keeps
 * publishing a replaced key for 24 hours. The current key is the one not retired.
 */
export const elicenceSigningKeys = pgTable(
  'elicence_signing_keys',
  {
    kid: text('kid').primaryKey(),
    privateJwkEncrypted: text('private_jwk_encrypted'),
    publicJwk: jsonb('public_jwk').$type<PublicJwk>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [index('elicence_signing_keys_retired_idx').on(t.retiredAt)],
);
