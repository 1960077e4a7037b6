import { z } from 'zod';

/** The answer of a registry import (API.md "Registry"). */
export const importAnswer = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** At most 1,000 rejected lines, in line order; `truncated` says more were rejected. */
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  truncated: z.boolean(),
});

/** Media types accepted for an NDJSON body. */
export const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'];
