import { z } from 'zod';

export const STAFF_ROLES = ['reviewer', 'officer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Shape checks only; rules (password strength) are checked in the service and answer 422. */
export const loginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

export const staffView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  mustChangePassword: z.boolean(),
});
export type StaffView = z.infer<typeof staffView>;

export const loginAnswer = z.object({
  token: z.string(),
  expiresAt: z.string(),
  csrfToken: z.string(),
  staff: staffView,
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Cursor: the `id` of the last entry of the previous page (entries older than it follow). */
  before: z.string().max(100).optional(),
});
