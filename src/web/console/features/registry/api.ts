import { upload } from '../../api.ts';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: Array<{ line: number; reason: string }>;
}

/** Sends a registry file as NDJSON; the server validates and upserts it line by line. */
export const importRegistry = (file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal) =>
  upload<ImportResult>('/api/v1/staff/registry/imports', file, 'application/x-ndjson', onProgress, signal);
