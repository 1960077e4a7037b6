import { api } from '../../../../shared/api.ts';

/** Body of `POST /api/v1/accounts` (API.md "Accounts"). */
export interface CreateAccountInput {
  docType: string;
  docNumber: string;
  name: string;
  phone: string;
  regionCode: string;
  password: string;
  agreedToTerms: boolean;
}

export interface CreatedAccount {
  id: string;
  status: 'active' | 'pending_review';
  /** Present when the document needs a photo for manual review. */
  uploadToken?: string;
  /** The number as the server stored it, when it differs from what was typed. */
  docNumberNormalized?: string;
}

/** Registers an account; problems come back as `ApiProblem` with `code`, `field`, `suggestion`. */
export function createAccount(input: CreateAccountInput): Promise<CreatedAccount> {
  return api<CreatedAccount>('POST', '/api/v1/accounts', { body: input });
}
