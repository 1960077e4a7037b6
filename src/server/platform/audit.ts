import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from './tables.ts';

export interface AuditEntry {
  actor: { type: 'staff' | 'citizen' | 'system'; id?: string; name?: string };
  action: string;
  subject?: { type: string; id: string };
  /** Context for the reader; masked numbers only (the service refuses whole ones). */
  detail?: Record<string, unknown>;
}

export interface AuditService {
  /** Written in the caller's transaction, so the record exists exactly when the change does. */
  record(db: DbOrTx, entry: AuditEntry): Promise<void>;
}

declare module '../context.ts' {
  interface AppContext {
    audit: AuditService;
  }
}

/**
 * A last line of defence: any string in the detail that looks like a whole mainland ID
 * number (15/18 characters) or a mainland mobile number is refused, so a
 * careless caller fails loudly in tests instead of leaking quietly in production.
 */
const WHOLE_NUMBER = /(?<![\dA-Za-z*])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![\dA-Za-z*])/;

export function findWholePersonalNumber(value: unknown, path = 'detail'): string | undefined {
  if (typeof value === 'string') return WHOLE_NUMBER.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findWholePersonalNumber(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findWholePersonalNumber(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function createAudit(ctx: Pick<AppContext, 'clock'>): AuditService {
  return {
    async record(db, entry) {
      if (!entry.action) throw new Error('audit entry needs an action');
      const leak = entry.detail ? findWholePersonalNumber(entry.detail) : undefined;
      if (leak) throw new Error(`audit ${entry.action}: ${leak} holds a whole personal number; mask it first`);
      await db.insert(auditLog).values({
        at: ctx.clock.now(),
        actorType: entry.actor.type,
        actorId: entry.actor.id ?? null,
        actorName: entry.actor.name ?? null,
        action: entry.action,
        subjectType: entry.subject?.type ?? null,
        subjectId: entry.subject?.id ?? null,
        detail: entry.detail ?? null,
      });
    },
  };
}

export function setupAudit(ctx: AppContext): void {
  ctx.audit = createAudit(ctx);
}
