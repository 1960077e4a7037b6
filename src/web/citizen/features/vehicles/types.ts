/** Shapes of the vehicles answers (src/server/features/vehicles/schemas.ts). */
import type { PlateColour } from '../../components/plate/plate-look.ts';

export type ValidityState = 'valid' | 'due' | 'overdue';

export interface Vehicle {
  id: string;
  plate: string;
  plateType: string;
  plateTypeText: string;
  scheme: 'mainland' | 'hk_northbound' | 'mo_northbound';
  schemeText: string;
  relation: 'owner' | 'filed';
  relationText: string;
  brand: string;
  model: string;
  inspectionValidTo: string;
  inspectionState: ValidityState;
  inspectionDaysLeft: number;
  permitValidTo?: string;
  permitState?: ValidityState;
  status: string;
  statusText?: string;
  plateColour: PlateColour;
  unhandledViolations: number;
  filingId?: string;
  filedOn?: string;
  ownerNameMasked?: string;
}

/** Only these two plate types may be filed by someone who does not own the car. */
export const FILABLE_PLATE_TYPES = ['02', '52'] as const;
export type FilablePlateType = (typeof FILABLE_PLATE_TYPES)[number];

export interface FilingRequest {
  plate: string;
  plateType: FilablePlateType;
  ownerName: string;
  vinLast6: string;
}

export interface FilingAwaiting {
  filingId: string;
  status: 'awaiting_owner';
  ownerPhoneMasked: string;
  expiresAt: string;
}
