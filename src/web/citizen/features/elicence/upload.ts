import { ApiProblem, upload } from '../../../shared/api.ts';
import type { ApplicationAccepted, PhotoSource } from './types.ts';

export interface ApplyOptions {
  photo: Blob;
  source: PhotoSource;
  /** Called with 0..1 while the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Submits an e-licence application with upload progress; throws `ApiProblem` like `api()` does. */
export async function submitApplication({ photo, source, onProgress, signal }: ApplyOptions): Promise<ApplicationAccepted> {
  const form = new FormData();
  // The field before the file: a streaming parser sees `source` before the photo's bytes.
  form.append('source', source);
  form.append('photo', photo, photo instanceof File && photo.name ? photo.name : 'photo.jpg');
  const accepted = await upload<ApplicationAccepted>('/api/v1/me/elicence/applications', form, { onProgress, signal });
  if (!accepted) throw new ApiProblem(502, 'error', 'Empty answer', '', {});
  return accepted;
}
