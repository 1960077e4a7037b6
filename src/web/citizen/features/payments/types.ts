/** Answers of the fines and payments API (API.md "Violations, fines, payments"); money in integer fen. */

export interface Fine {
  decisionNo: string;
  status: 'unpaid' | 'paid';
  fineFen: number;
  lateFeeFen: number;
  payableFen: number;
  /** Last day to pay without a late fee, YYYY-MM-DD in Asia/Shanghai. */
  dueOn: string;
  daysLate: number;
  paidAt?: string;
  receiptNo?: string;
}

export interface CreatedPayment {
  paymentId: string;
  amountFen: number;
  redirectUrl: string;
}

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'refunded';

export interface Payment {
  paymentId: string;
  status: PaymentStatus;
  amountFen: number;
  decisionNo: string;
  closedReason?: string;
}

export interface Receipt {
  receiptNo: string;
  paymentId: string;
  decisionNo: string;
  amountFen: number;
  paidAt: string;
  payer: { name: string; docNumberMasked: string };
  authority: string;
  printUrl: string;
}

/** The part of a violation record the fines list needs. */
export interface DecidedViolation {
  id: string;
  plate: string;
  description: string;
  status: 'unhandled' | 'handled' | 'paid';
  decisionNo?: string;
  dueOn?: string;
  payableFen: number;
  overdue: boolean;
}
