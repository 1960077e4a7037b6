/**
 * Errors as RFC 9457 problem details. A `Problem` carries a stable `code` (API.md); its
 * status comes from the catalogue below and its title/detail from the `problems` i18n
 * namespace (`<code>.title`, `<code>.detail`), in the request's language.
 */
export const problemStatus = {
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_signature: 401,
  forbidden: 403,
  csrf_failed: 403,
  account_pending_review: 403,
  account_rejected: 403,
  not_found: 404,
  conflict: 409,
  phone_taken: 409,
  doc_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  sms_rate_limited: 429,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<string, number>;

/** How a problem is treated in logs: expected (user's doing), external (a dependency), bug. */
export type ProblemClass = 'expected' | 'external' | 'bug';

export interface ProblemOptions {
  /** Overrides the catalogue status (default 422 for rule violations). */
  status?: number;
  field?: string;
  suggestion?: unknown;
  /** Interpolation values for the catalogue's detail text. */
  params?: Record<string, unknown>;
  /** Extra members of the problem document (e.g. `hint`, `retryAfterSeconds`). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
  problemClass?: ProblemClass;
  cause?: unknown;
}

export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    readonly options: ProblemOptions = {},
  ) {
    super(code, options.cause ? { cause: options.cause } : undefined);
    this.name = 'Problem';
    this.status = options.status ?? (problemStatus as Record<string, number>)[code] ?? 422;
  }
}

export const isProblem = (e: unknown): e is Problem => e instanceof Problem;
