import { pgTable, text, timestamp, jsonb } from 'drizzle-orm/pg-core';

/** Tables owned by the platform layer. */

/** Installation-wide facts (e.g. when the demo registry was seeded). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
