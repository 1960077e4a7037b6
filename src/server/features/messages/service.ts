import { and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { translator } from '../../platform/i18n.ts';
import type { Language } from '../../../i18n/languages.ts';
import { messages } from './tables.ts';

/**
 * The message centre: other features drop a message into a citizen's inbox with
 * `sendMessage`; it is stored as keys into the `messages` i18n namespace plus parameters
 * and rendered in the reader's language when read.
 */

export interface OutgoingMessage {
  kind: string;
  /** Key inside the `messages` namespace, e.g. `identityReview.approved.title`. */
  titleKey: string;
  bodyKey: string;
  params?: Record<string, unknown>;
  /** When it was sent; defaults to the app clock (so JIAOGUAN_NOW is honoured). */
  sentAt?: Date;
}

/**
 * `sendMessage` keeps the contract's signature (no context argument), so it needs the app
 * clock from somewhere: the messages plugin binds it when the app is built. Callers that
 * hold a context may pass `sentAt` explicitly, which always wins.
 */
let boundClock: Clock | undefined;
export function bindMessagesClock(clock: Clock): void {
  boundClock = clock;
}

export async function sendMessage(db: DbOrTx, accountId: string, message: OutgoingMessage): Promise<void> {
  const createdAt = message.sentAt ?? boundClock?.now() ?? new Date();
  await db.insert(messages).values({
    accountId,
    kind: message.kind,
    titleKey: message.titleKey,
    bodyKey: message.bodyKey,
    params: message.params ?? {},
    createdAt,
  });
}

export interface RenderedMessage {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
}

function render(row: typeof messages.$inferSelect, lang: Language): RenderedMessage {
  const t = translator(lang);
  const params = row.params ?? {};
  return {
    id: row.id,
    kind: row.kind,
    title: t(`messages:${row.titleKey}`, params),
    body: t(`messages:${row.bodyKey}`, params),
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
  };
}

/** One citizen's inbox, newest first, rendered in `lang`. */
export async function listMessages(
  db: DbOrTx,
  accountId: string,
  lang: Language,
  opts: { limit: number; before?: Date; unreadOnly?: boolean },
): Promise<RenderedMessage[]> {
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.accountId, accountId),
        opts.before ? lt(messages.createdAt, opts.before) : undefined,
        opts.unreadOnly ? isNull(messages.readAt) : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(opts.limit);
  return rows.map((row) => render(row, lang));
}

export async function countUnread(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), isNull(messages.readAt)));
  return Number(row?.n ?? 0);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Marks one of the citizen's own messages read. Returns false when there is no such
 * message for this account, so the caller answers 404 alike for "absent" and "not yours".
 * Reading twice keeps the first read time.
 */
export async function markRead(db: DbOrTx, accountId: string, messageId: string, at: Date): Promise<boolean> {
  if (!UUID_RE.test(messageId)) return false;
  const [row] = await db
    .update(messages)
    .set({ readAt: sql`coalesce(${messages.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(messages.id, messageId), eq(messages.accountId, accountId)))
    .returning({ id: messages.id });
  return Boolean(row);
}

/** Marks all of a citizen's messages read (the inbox's "mark all read"). */
export async function markAllRead(db: DbOrTx, accountId: string, at: Date): Promise<number> {
  const rows = await db
    .update(messages)
    .set({ readAt: at })
    .where(and(eq(messages.accountId, accountId), isNull(messages.readAt)))
    .returning({ id: messages.id });
  return rows.length;
}
