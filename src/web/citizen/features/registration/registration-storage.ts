/**
 * What the registration keeps in sessionStorage (this tab only, gone when the tab closes):
 *
 * - the draft of steps 1–2 without the passwords, so that following a help link or an
 *   accidental reload does not make the user type everything again (nothing typed is lost);
 * - the registration waiting for document photos (account id and upload token), so that a
 *   reload during step 3 does not strand the applicant. The token only authorises photo
 *   uploads for this one account and expires on the server.
 *
 * Passwords are never written anywhere.
 */
import { DOC_TYPES, type DocType } from '../../../../domain/id-documents.ts';

export interface RegistrationDraft {
  step: 'docType' | 'details';
  docType?: DocType;
  docNumber?: string;
  name?: string;
  phone?: string;
  region?: string[];
  terms?: boolean;
}

export interface PendingRegistration {
  id: string;
  uploadToken: string;
  docType?: DocType;
  /** How many photos the server already accepted (previews cannot survive a reload). */
  uploaded: number;
}

export const DRAFT_KEY = 'jg.registration.draft';
export const PENDING_KEY = 'jg.registration.pending';

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function sessionStore(): StorageLike | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    // Some privacy modes throw on access; the flow still works, only without resuming.
    return undefined;
  }
}

function read(store: StorageLike | undefined, key: string): Record<string, unknown> | null {
  try {
    const raw = store?.getItem(key);
    if (!raw) return null;
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function write(store: StorageLike | undefined, key: string, value: unknown): void {
  try {
    store?.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: losing resumability is acceptable, breaking the flow is not.
  }
}

function remove(store: StorageLike | undefined, key: string): void {
  try {
    store?.removeItem(key);
  } catch {
    // See write().
  }
}

const isDocType = (v: unknown): v is DocType => typeof v === 'string' && (DOC_TYPES as readonly string[]).includes(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function loadDraft(store: StorageLike | undefined = sessionStore()): RegistrationDraft | null {
  const v = read(store, DRAFT_KEY);
  if (!v) return null;
  const draft: RegistrationDraft = { step: v.step === 'details' && isDocType(v.docType) ? 'details' : 'docType' };
  if (isDocType(v.docType)) draft.docType = v.docType;
  for (const key of ['docNumber', 'name', 'phone'] as const) {
    const s = str(v[key]);
    if (s !== undefined) draft[key] = s;
  }
  if (Array.isArray(v.region) && v.region.every((c) => typeof c === 'string')) draft.region = v.region as string[];
  if (typeof v.terms === 'boolean') draft.terms = v.terms;
  return draft;
}

export function saveDraft(draft: RegistrationDraft, store: StorageLike | undefined = sessionStore()): void {
  // Copy field by field so that a password can never slip in through a spread of form values.
  const { step, docType, docNumber, name, phone, region, terms } = draft;
  write(store, DRAFT_KEY, { step, docType, docNumber, name, phone, region, terms });
}

export function clearDraft(store: StorageLike | undefined = sessionStore()): void {
  remove(store, DRAFT_KEY);
}

export function loadPendingRegistration(store: StorageLike | undefined = sessionStore()): PendingRegistration | null {
  const v = read(store, PENDING_KEY);
  if (!v) return null;
  const id = str(v.id);
  const uploadToken = str(v.uploadToken);
  if (!id || !uploadToken) return null;
  const uploaded = typeof v.uploaded === 'number' && Number.isInteger(v.uploaded) && v.uploaded >= 0 ? v.uploaded : 0;
  const pending: PendingRegistration = { id, uploadToken, uploaded };
  if (isDocType(v.docType)) pending.docType = v.docType;
  return pending;
}

export function savePendingRegistration(value: PendingRegistration, store: StorageLike | undefined = sessionStore()): void {
  const { id, uploadToken, docType, uploaded } = value;
  write(store, PENDING_KEY, { id, uploadToken, docType, uploaded });
}

export function clearPendingRegistration(store: StorageLike | undefined = sessionStore()): void {
  remove(store, PENDING_KEY);
}
