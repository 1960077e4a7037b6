import { currentLanguage } from '../shared/i18n.ts';

/**
 * The console's own small HTTP client for the staff API. Sessions live in the HttpOnly
 * `jg_session` cookie (the bearer token from the login answer is never stored, so a script
 * injected into the page cannot steal a session); state-changing calls echo the readable
 * `jg_csrf` cookie in `X-CSRF-Token`; every call says which language the console speaks so
 * that problem details and reason texts come back in it.
 */

/** An error answer (RFC 9457 problem details with Jiaoguan's stable `code`). */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    /** The request field the problem is about, when the server names one. */
    readonly field?: string,
  ) {
    super(detail || title || code);
    this.name = 'ConsoleApiError';
  }
}

/** Code used when the request never reached the server. */
export const NETWORK_ERROR = 'network_error';

/** Raised by any staff endpoint until a first-login password has been changed. */
export const PASSWORD_CHANGE_REQUIRED = 'password_change_required';

type Listener = (error: ConsoleApiError) => void;
const listeners = new Set<Listener>();

/**
 * Lets the app react to session-wide answers (401: session ended; 403
 * password_change_required) in one place instead of in every screen.
 */
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function baseHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'accept-language': currentLanguage(), accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie(typeof document === 'undefined' ? '' : document.cookie, 'jg_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  return headers;
}

/** Turns a non-2xx answer body into an error, whatever the body turned out to be. */
export function toApiError(status: number, statusText: string, body: unknown): ConsoleApiError {
  const p = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return new ConsoleApiError(status, text(p.code) || `http_${status}`, text(p.title) || statusText, text(p.detail), text(p.field) || undefined);
}

function notify(error: ConsoleApiError): ConsoleApiError {
  for (const l of listeners) l(error);
  return error;
}

export interface CallOptions {
  /** JSON-serialisable body, or a Blob/string sent as is with `contentType`. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/** Calls the API and returns the parsed JSON answer; throws `ConsoleApiError` otherwise. */
export async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: CallOptions = {}): Promise<T> {
  const headers = baseHeaders(method);
  let body: BodyInit | undefined;
  if (options.body instanceof Blob || typeof options.body === 'string') {
    body = options.body;
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw notify(new ConsoleApiError(0, NETWORK_ERROR, '', ''));
  }
  if (res.status === 204) return undefined as T;
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data: unknown = isJson ? await res.json().catch(() => undefined) : await res.text().catch(() => '');
  if (!res.ok) throw notify(toApiError(res.status, res.statusText, data));
  return data as T;
}

/**
 * Sends a file with upload progress. `fetch` cannot report upload progress, so this one
 * call uses XMLHttpRequest; the file is streamed from disk by the browser, never copied
 * into a string, so large registry files do not exhaust the tab's memory.
 */
export function upload<T>(path: string, file: Blob, contentType: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(baseHeaders('POST'))) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', contentType);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(notify(new ConsoleApiError(0, NETWORK_ERROR, '', '')));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(notify(toApiError(xhr.status, xhr.statusText, data)));
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
