import { ApiProblem, upload } from '../../../shared/api.ts';
import type { ObjectionCreated } from './types.ts';

export interface ObjectionInput {
  violationId: string;
  reason: string;
  photos: File[];
  /** Called with 0..1 while the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Files an objection (multipart `reason` and `photos`) with upload progress; throws `ApiProblem` like `api()` does. */
export async function fileObjection({ violationId, reason, photos, onProgress, signal }: ObjectionInput): Promise<ObjectionCreated> {
  const form = new FormData();
  // The reason before the files: the server's streaming parser reads it without buffering photos.
  form.append('reason', reason.trim());
  for (const [i, photo] of photos.entries()) form.append('photos', photo, photo.name || `photo-${i + 1}.jpg`);
  const created = await upload<ObjectionCreated>(`/api/v1/violations/${encodeURIComponent(violationId)}/objections`, form, { onProgress, signal });
  if (!created) throw new ApiProblem(502, 'error', 'Empty answer', '', {});
  return created;
}
