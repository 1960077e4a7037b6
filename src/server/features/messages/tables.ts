import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * In-app messages. Stored as i18n keys plus parameters (never as rendered text) so each
 * reader sees them in the language of the request that reads them.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull(),
    kind: text('kind').notNull(),
    titleKey: text('title_key').notNull(),
    bodyKey: text('body_key').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    // The inbox lists one account's messages newest first.
    index('messages_account_created_idx').on(t.accountId, t.createdAt),
    // The badge counts unread messages; a partial index keeps that cheap as inboxes grow.
    index('messages_account_unread_idx').on(t.accountId).where(sql`${t.readAt} is null`),
  ],
);
