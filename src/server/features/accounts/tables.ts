import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Citizen accounts. Phone and document numbers are kept whole (SMS needs the phone,
 * licence binding needs the number) but are only ever looked up through keyed hashes
 * (`ctx.crypto.lookupHash`), so an index never holds a readable personal number.
 *
 * "Live" accounts (not deleted, not rejected) own their phone and document: partial
 * unique indexes enforce one live account per phone and per document even when two
 * registrations race. A deleted or rejected row stays for the audit trail but no longer
 * holds either, so the person can register again.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    docType: text('doc_type').notNull(),
    docNumber: text('doc_number').notNull(),
    /** lookupHash(`<docType>:<docNumber>`), the number in its normalised form. */
    docHash: text('doc_hash').notNull(),
    phone: text('phone').notNull(),
    /** lookupHash(`phone:<11 digits>`). */
    phoneHash: text('phone_hash').notNull(),
    regionCode: text('region_code').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** active | pending_review | rejected | deleted */
    status: text('status').notNull(),
    /** The applicant's language at registration: SMS and review results are written in it. */
    lang: text('lang').notNull(),
    rejectionReason: text('rejection_reason'),
    /** Authorises document-photo uploads of a pending registration; sha256, never the token. */
    uploadTokenHash: text('upload_token_hash'),
    uploadTokenExpiresAt: timestamp('upload_token_expires_at', { withTimezone: true }),
    /** The open identity review this account's photos belong to. */
    identityReviewId: uuid('identity_review_id'),
    identityPhotoCount: integer('identity_photo_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletionReason: text('deletion_reason'),
  },
  (t) => [
    uniqueIndex('accounts_live_phone_uq').on(t.phoneHash).where(sql`${t.deletedAt} is null and ${t.status} <> 'rejected'`),
    uniqueIndex('accounts_live_doc_uq').on(t.docHash).where(sql`${t.deletedAt} is null and ${t.status} <> 'rejected'`),
    // Login also finds rejected accounts (to say why), so plain indexes cover every row.
    index('accounts_phone_hash_idx').on(t.phoneHash),
    index('accounts_doc_hash_idx').on(t.docHash),
  ],
);

/**
 * Gesture (pattern) unlock, one per account and device. The device token is random and
 * stored as sha256 for lookup; the pattern is hashed with argon2id together with the
 * device token, so a stolen table cannot be brute-forced over the tiny pattern space
 * without also holding the device.
 */
export const gestureCredentials = pgTable(
  'gesture_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    deviceTokenHash: text('device_token_hash').notNull(),
    patternHash: text('pattern_hash').notNull(),
    failures: integer('failures').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('gesture_credentials_device_uq').on(t.deviceTokenHash), index('gesture_credentials_account_idx').on(t.accountId)],
);
