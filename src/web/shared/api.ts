import { currentLanguage } from './i18n.ts';

/** An API error as sent by the server (RFC 9457 problem details with Jiaoguan's `code`). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly body: Record<string, unknown>,
  ) {
    super(detail || title || code);
    this.name = 'ApiProblem';
  }
  get field(): string | undefined {
    return typeof this.body.field === 'string' ? this.body.field : undefined;
  }
  get suggestion(): unknown {
    return this.body.suggestion;
  }
}

function readCookie(name: string): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

export interface RequestOptions {
  /** JSON body, FormData (multipart) or raw text. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls the Jiaoguan API with the session cookie, the CSRF header for state-changing calls,
 * and the app's language; throws `ApiProblem` for error answers. A network failure is an
 * `ApiProblem` with status 0 and code `network_error`.
 */
export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': currentLanguage(), accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || typeof options.body === 'string' || options.body instanceof Blob) body = options.body as BodyInit;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie('jg_csrf');
    if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiProblem(0, 'network_error', 'Network error', (e as Error).message, {});
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => ({})) : await res.text();
  if (!res.ok) {
    const p = (typeof data === 'object' && data ? data : {}) as Record<string, unknown>;
    throw new ApiProblem(res.status, String(p.code ?? 'error'), String(p.title ?? res.statusText), String(p.detail ?? ''), p);
  }
  return data as T;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface UploadOptions {
  /** Extra headers, e.g. a registration's upload token; without `Authorization` the session cookie and CSRF header are sent. */
  headers?: Record<string, string>;
  /** Called with 0..1 while the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * POSTs a multipart form like `api()` does (language, cookie + CSRF header, `ApiProblem` on
 * errors), but through XMLHttpRequest: only XHR reports upload progress, and phone photos are
 * several MB on a mobile link. Resolves with the JSON answer (null when the body is empty).
 */
export function upload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T | null> {
  const { headers = {}, onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    const csrf = readCookie('jg_csrf');
    if (csrf && !headers.Authorization) xhr.setRequestHeader('X-CSRF-Token', decodeURIComponent(csrf));
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.onerror = () => reject(new ApiProblem(0, 'network_error', 'Network error', '', {}));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      const data = parseJsonObject(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(data as T | null);
        return;
      }
      const p = data ?? {};
      reject(new ApiProblem(xhr.status, String(p.code ?? 'error'), String(p.title ?? xhr.statusText), String(p.detail ?? ''), p));
    };
    if (signal) {
      if (signal.aborted) return reject(new DOMException('Upload cancelled', 'AbortError'));
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}
