/** Shapes of the API answers the citizen app reads (API.md "Accounts"). */
export type AccountStatus = 'active' | 'pending_review' | 'rejected' | 'deleted' | (string & {});

export interface Me {
  id: string;
  name: string;
  docType: string;
  docNumberMasked: string;
  phoneMasked: string;
  regionCode: string;
  status: AccountStatus;
  gestureEnabled: boolean;
}

export interface SessionAnswer {
  token: string;
  expiresAt: string;
  csrfToken?: string;
  account: unknown;
}

export interface Message {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
}
