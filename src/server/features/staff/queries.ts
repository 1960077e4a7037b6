import { desc, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog } from '../../platform/tables.ts';

/**
 * The audit trail for the console, newest first, paged by id (keyset: stable while new
 * entries arrive). The platform owns the table and offers only `record`; this is a
 * read-only view of it for administrators.
 */
export async function listAuditEntries(db: DbOrTx, query: { limit: number; before?: number }) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(query.before !== undefined ? lt(auditLog.id, query.before) : undefined)
    // Insertion order is the order things happened in; ids also make a stable cursor.
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actor: { type: r.actorType, id: r.actorId, name: r.actorName },
      action: r.action,
      subject: r.subjectType && r.subjectId ? { type: r.subjectType, id: r.subjectId } : null,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
    })),
    nextBefore: rows.length > query.limit ? String(page[page.length - 1]!.id) : null,
  };
}
