import { ApiProblem } from '../../../shared/api.ts';
import { currentLanguage } from '../../../shared/i18n.ts';
import type { ObjectionCreated } from './types.ts';

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return entry ? decodeURIComponent(entry.slice(name.length + 1)) : undefined;
}

function parseJson(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface ObjectionInput {
  violationId: string;
  reason: string;
  photos: File[];
  /** Called with 0..1 while the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Files an objection: multipart `reason` and `photos`. XMLHttpRequest rather than `api()`
 * because only XHR reports upload progress, and three phone photos are many MB on a mobile
 * link. Cookie, CSRF header and language as every cookie-authenticated POST; throws
 * `ApiProblem` like `api()` does.
 */
export function fileObjection({ violationId, reason, photos, onProgress, signal }: ObjectionInput): Promise<ObjectionCreated> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/violations/${encodeURIComponent(violationId)}/objections`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    const csrf = readCookie('jg_csrf');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.onerror = () => reject(new ApiProblem(0, 'network_error', 'Network error', '', {}));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && data) {
        onProgress?.(1);
        resolve(data as unknown as ObjectionCreated);
        return;
      }
      const p = data ?? {};
      reject(new ApiProblem(xhr.status, String(p.code ?? 'error'), String(p.title ?? xhr.statusText), String(p.detail ?? ''), p));
    };
    if (signal) {
      if (signal.aborted) return reject(new DOMException('Upload cancelled', 'AbortError'));
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    const form = new FormData();
    // The reason before the files: the server's streaming parser reads it without buffering photos.
    form.append('reason', reason.trim());
    for (const [i, photo] of photos.entries()) form.append('photos', photo, photo.name || `photo-${i + 1}.jpg`);
    xhr.send(form);
  });
}
