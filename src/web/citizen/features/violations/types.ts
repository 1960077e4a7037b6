/** Shapes of the violations answers (src/server/features/violations/schemas.ts). */
export type ViolationStatus = 'unhandled' | 'handled' | 'paid';

export const VIOLATION_STATUSES: readonly ViolationStatus[] = ['unhandled', 'handled', 'paid'];

export interface Violation {
  id: string;
  plate: string;
  plateType: string;
  occurredAt: string;
  location: string;
  code: string;
  description: string;
  fineFen: number;
  points: number;
  source: 'camera' | 'onsite';
  status: ViolationStatus;
  decisionNo?: string;
  decidedAt?: string;
  dueOn?: string;
  paidAt?: string;
  receiptNo?: string;
  lateFeeFen: number;
  payableFen: number;
  rental: boolean;
  relation: 'owner' | 'driver' | 'renter' | 'filer';
  overdue: boolean;
  handledByOther: boolean;
  handleable: boolean;
  notHandleableReason?: string;
  notHandleableText?: string;
  objectionPending: boolean;
}

export interface HandlingResult {
  decisionNo: string;
  fineFen: number;
  points: number;
  dueOn: string;
  decidedAt: string;
}

export interface ObjectionCreated {
  id: string;
  status: 'pending_review';
  reviewId: string;
}
