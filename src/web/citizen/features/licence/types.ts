/** Shapes of the driving-licence answers (src/server/features/licences/schemas.ts). */
export interface PointRecord {
  ref: string;
  occurredAt: string;
  code: string;
  description: string;
  points: number;
  decisionNo: string;
  decidedOn: string;
  carriedOver: boolean;
}

export interface Licence {
  numberMasked: string;
  holderDocType: string;
  name: string;
  class: string;
  classes: string[];
  firstIssuedOn: string;
  validFrom: string;
  /** null: long-term licence. */
  validTo: string | null;
  status: string;
  statusText: string;
  statusLetters: Array<{ letter: string; text: string }>;
  points: {
    cycleStart: string;
    cycleEnd: string;
    total: number;
    nextClearingOn: string;
    records: PointRecord[];
  };
  issuingAuthority: string;
  probation: { inProbation: boolean; endsOn: string };
  renewal: { open: boolean; opensOn: string; daysLeft: number; overdue: boolean; notice: string | null } | null;
  archiveNumberFiled: boolean;
}

export type LicenceAnswer =
  | { bound: true; licence: Licence }
  | {
      bound: false;
      reason: 'not_found' | 'doc_mismatch';
      hint: string;
      licenceDocument?: { docType: string; docNumberMasked: string };
    };
