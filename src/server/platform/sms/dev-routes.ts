import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { smsOutbox } from '../tables.ts';

const outboxEntry = z.object({
  to: z.string(),
  text: z.string(),
  purpose: z.string(),
  code: z.string().optional(),
  sentAt: z.string(),
});

/**
 * GET /api/v1/dev/sms?phone= — the outbox for one phone, newest first. A development tool
 * (the phone is shown whole); it does not exist in production or with a real provider.
 */
export const devSmsRoutes: FastifyPluginAsync = async (app) => {
  const { config } = app.ctx;
  if (config.isProduction || config.sms.provider !== 'outbox') return;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/dev/sms',
    {
      schema: {
        tags: ['dev'],
        summary: 'SMS outbox for one phone (development only)',
        querystring: z.object({ phone: z.string().min(1).max(32) }),
        response: { 200: z.array(outboxEntry) },
      },
    },
    async (request) => {
      const rows = await app.ctx.db
        .select()
        .from(smsOutbox)
        .where(eq(smsOutbox.to, request.query.phone))
        .orderBy(desc(smsOutbox.sentAt), desc(smsOutbox.id))
        .limit(200);
      return rows.map((r) => ({
        to: r.to,
        text: r.text,
        purpose: r.purpose,
        ...(r.code !== null ? { code: r.code } : {}),
        sentAt: r.sentAt.toISOString(),
      }));
    },
  );
};
