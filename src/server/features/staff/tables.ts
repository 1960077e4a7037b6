import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Traffic-police staff who sign in to the console: reviewers, officers and administrators. */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-case so `Wang.Li` and `wang.li` are one account. */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['reviewer', 'officer', 'admin'] }).notNull(),
    /** argon2id (ctx.crypto.hashSecret); never returned, never logged. */
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('staff_users_username_key').on(t.username),
    check('staff_users_username_lower', sql`${t.username} = lower(${t.username})`),
    check('staff_users_role_check', sql`${t.role} in ('reviewer', 'officer', 'admin')`),
  ],
);
