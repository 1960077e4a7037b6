import { z } from 'zod';

/** RFC 9457 problem document as sent by the error handler; extra members pass through. */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable error code (API.md)'),
    field: z.string().optional(),
    suggestion: z.unknown().optional(),
  })
  .describe('application/problem+json');

export const messageSchema = z.object({
  id: z.string().uuid(),
  kind: z.string().describe('What the message is about, e.g. `identity_review`'),
  title: z.string(),
  body: z.string(),
  createdAt: z.string().describe('ISO 8601 instant'),
  read: z.boolean(),
});

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z.iso.datetime({ offset: true }).optional().describe('Only messages sent before this instant (paging)'),
  unread: z.enum(['true', 'false']).optional().describe('`true` lists unread messages only'),
});

export const messageIdParams = z.object({ id: z.string().max(64) });
export const unreadCountSchema = z.object({ unreadCount: z.number().int().min(0) });
