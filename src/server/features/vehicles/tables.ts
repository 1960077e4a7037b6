import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Filings of vehicles a citizen drives but does not own (备案非本人机动车, REFERENCE.md §4).
 * A filing waits for the owner (`awaiting_owner`) until the filer enters the code sent to
 * the owner's registered phone, then is `active` until the filer unfiles it (`ended`).
 * Owned vehicles need no row: they bind from the registry by themselves.
 *
 * The owner's code lives here, hashed and bound to this filing, rather than in the
 * platform's login-style codes: it is meant to be passed on to the filer, and a code for
 * one filing must never confirm another.
 */
export const vehicleFilings = pgTable(
  'vehicle_filings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull(),
    plate: text('plate').notNull(),
    plateType: text('plate_type').notNull(),
    /** The registry owner when the filing was made: a change of owner ends the filing's effect. */
    ownerPersonId: uuid('owner_person_id').notNull(),
    ownerAccountId: uuid('owner_account_id').notNull(),
    /** awaiting_owner | active | ended */
    status: text('status').notNull(),
    codeHash: text('code_hash'),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    codeTries: integer('code_tries').notNull().default(0),
    codeSentAt: timestamp('code_sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    // One live filing per filer and vehicle: asking again re-sends the code of the same filing.
    uniqueIndex('vehicle_filings_live_uq').on(t.accountId, t.plate, t.plateType).where(sql`${t.status} <> 'ended'`),
    index('vehicle_filings_vehicle_idx').on(t.plate, t.plateType),
  ],
);
