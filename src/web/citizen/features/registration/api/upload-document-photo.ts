import { ApiProblem } from '../../../../shared/api.ts';
import { currentLanguage } from '../../../../shared/i18n.ts';

export interface DocumentPhotoAccepted {
  status: string;
  reviewExpectedHours?: number;
  /** Photos the server holds for this registration so far. */
  photoCount?: number;
}

export interface UploadOptions {
  accountId: string;
  uploadToken: string;
  file: Blob;
  /** Called with 0..1 while the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends one document photo for manual identity review. XMLHttpRequest rather than fetch
 * because only XHR reports upload progress, and photos from phone cameras are several MB on
 * slow mobile links. Authorised by the registration's upload token, not by a session (the
 * applicant cannot log in before review). Throws `ApiProblem` like `api()` does.
 */
export function uploadDocumentPhoto(options: UploadOptions): Promise<DocumentPhotoAccepted> {
  const { accountId, uploadToken, file, onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/accounts/${encodeURIComponent(accountId)}/document-photos`);
    xhr.setRequestHeader('Authorization', `Bearer ${uploadToken}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.onerror = () => reject(new ApiProblem(0, 'network_error', 'Network error', '', {}));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve((data ?? { status: 'pending_review' }) as unknown as DocumentPhotoAccepted);
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
    form.append('photo', file, file instanceof File ? file.name : 'document.jpg');
    xhr.send(form);
  });
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
