import { upload } from '../../../../shared/api.ts';

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
 * Sends one document photo for manual identity review, with upload progress. Authorised by
 * the registration's upload token, not by a session (the applicant cannot log in before
 * review). Throws `ApiProblem` like `api()` does.
 */
export async function uploadDocumentPhoto(options: UploadOptions): Promise<DocumentPhotoAccepted> {
  const { accountId, uploadToken, file, onProgress, signal } = options;
  const form = new FormData();
  form.append('photo', file, file instanceof File ? file.name : 'document.jpg');
  const accepted = await upload<DocumentPhotoAccepted>(`/api/v1/accounts/${encodeURIComponent(accountId)}/document-photos`, form, {
    headers: { Authorization: `Bearer ${uploadToken}` },
    onProgress,
    signal,
  });
  return accepted ?? { status: 'pending_review' };
}
