import { call } from '../../api.ts';

export interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  subject: { type: string; id: string } | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Cursor for the next (older) page, null at the start of the log. */
  nextBefore: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

export const fetchAudit = (before?: string) =>
  call<AuditPage>('GET', `/api/v1/staff/audit?limit=${AUDIT_PAGE_SIZE}${before ? `&before=${encodeURIComponent(before)}` : ''}`);
