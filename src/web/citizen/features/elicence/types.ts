import type { Licence } from '../licence/types.ts';

/** Shapes of the e-licence answers (API.md "Electronic driving licence"). */
export type ElicenceStatus = 'none' | 'pending_review' | 'issued' | 'rejected' | 'suspended';

export interface Credential {
  /** The text to encode in the QR code: a signed compact credential. */
  qr: string;
  issuedAt: string;
  expiresAt: string;
}

export interface ElicenceApplication {
  id: string;
  status: string;
  expectedBy: string;
  rejectReason?: string | null;
}

export interface ElicenceAnswer {
  status: ElicenceStatus;
  licence?: Partial<Licence> | null;
  credential?: Credential | null;
  application?: ElicenceApplication | null;
  photoUrl?: string | null;
}

export interface ApplicationAccepted {
  id: string;
  status: string;
  expectedBy: string;
}

export type PhotoSource = 'camera' | 'album';
