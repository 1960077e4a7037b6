/**
 * Where a registration problem belongs on the form. The server names the field when it can
 * (`field`, using the API's body names); when it does not, the stable `code` decides, so an
 * error is never shown far from the input the user has to change.
 */
export type RegistrationField = 'docType' | 'docNumber' | 'name' | 'phone' | 'region' | 'password' | 'confirmPassword' | 'terms';

/** The API body names that differ from our form's field names. */
const API_FIELD_TO_FORM: Record<string, RegistrationField> = {
  docType: 'docType',
  docNumber: 'docNumber',
  name: 'name',
  phone: 'phone',
  regionCode: 'region',
  region: 'region',
  password: 'password',
  agreedToTerms: 'terms',
  terms: 'terms',
};

const CODE_TO_FIELD: Record<string, RegistrationField> = {
  invalid_doc_number: 'docNumber',
  unsupported_doc_type: 'docType',
  name_not_simplified: 'name',
  invalid_name: 'name',
  identity_mismatch: 'docNumber',
  invalid_phone: 'phone',
  phone_taken: 'phone',
  doc_taken: 'docNumber',
  weak_password: 'password',
  terms_not_accepted: 'terms',
  invalid_region: 'region',
};

/** What the page does with a problem answer from `POST /api/v1/accounts`. */
export type RegistrationProblemAction =
  /** Show `detail` under the field; `offerLogin` adds a "log in instead" link. */
  | { kind: 'field'; field: RegistrationField; offerLogin: boolean }
  /** Show the Simplified name as a one-tap chip under the name field. */
  | { kind: 'simplify-name'; suggestion: string }
  /** The registry holds the licence under another document: ask to switch. */
  | { kind: 'switch-document'; docType: string; docNumberMasked: string | undefined }
  /** No connection: keep everything and say so. */
  | { kind: 'offline' }
  /** Anything else: a message above the submit button. */
  | { kind: 'form' };

export interface ProblemLike {
  status: number;
  code: string;
  field?: string | undefined;
  suggestion?: unknown;
}

/** Decides where a registration problem is shown. Pure, so it is unit-tested without a DOM. */
export function routeRegistrationProblem(problem: ProblemLike): RegistrationProblemAction {
  if (problem.status === 0 || problem.code === 'network_error') return { kind: 'offline' };
  if (problem.code === 'name_not_simplified' && typeof problem.suggestion === 'string' && problem.suggestion.trim()) {
    return { kind: 'simplify-name', suggestion: problem.suggestion.trim() };
  }
  if (problem.code === 'doc_type_mismatch') {
    const s = problem.suggestion;
    const docType = typeof s === 'string' ? s : isRecord(s) && typeof s.docType === 'string' ? s.docType : undefined;
    if (docType) {
      const masked = isRecord(s) && typeof s.docNumberMasked === 'string' ? s.docNumberMasked : undefined;
      return { kind: 'switch-document', docType, docNumberMasked: masked };
    }
  }
  const field = (problem.field && API_FIELD_TO_FORM[problem.field]) || CODE_TO_FIELD[problem.code];
  if (field) return { kind: 'field', field, offerLogin: problem.code === 'phone_taken' || problem.code === 'doc_taken' };
  return { kind: 'form' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
