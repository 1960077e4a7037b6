import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Archive-number filings (档案编号备案): an account proves it holds the physical licence by
 * typing the 12-digit archive number from its second page. One filing per account; filing
 * again replaces it. The registry person is kept so the binding follows that person's
 * current licence even after a re-issue under another archive number, and so a licence
 * held under another of the person's documents (a Hong Kong resident's Home Return Permit)
 * stays bound to an account registered with the identity card.
 */
export const licenceFilings = pgTable(
  'licence_filings',
  {
    accountId: uuid('account_id').primaryKey(),
    archiveNumber: text('archive_number').notNull(),
    personId: uuid('person_id').notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
  },
  // Staff tracing a licence ask which accounts filed it.
  (t) => [index('licence_filings_person_idx').on(t.personId)],
);
