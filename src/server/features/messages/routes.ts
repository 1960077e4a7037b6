import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCitizen } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { bindMessagesClock, countUnread, listMessages, markAllRead, markRead } from './service.ts';
import { listQuerySchema, messageIdParams, messageSchema, problemSchema, unreadCountSchema } from './schemas.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';

const tags = ['Messages'];
const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
const authProblems = { 401: problemSchema, 403: problemSchema };

/** The citizen's in-app message centre: only ever their own messages. */
export const messagesRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  bindMessagesClock(ctx.clock);
  // Answers here carry personal data or credentials: no cache may keep them unless a route says otherwise.
  app.addHook('onSend', defaultCacheControl('no-store'));

  const citizenId = (auth: { subjectId: string } | undefined): string => {
    // requireCitizen has run; a missing auth here is a wiring bug, not a user error.
    if (!auth) throw new Problem('unauthorized', { status: 401 });
    return auth.subjectId;
  };

  app.get(
    '/me/messages',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'List my messages, newest first, in the request language',
        security,
        querystring: listQuerySchema,
        response: { 200: z.array(messageSchema), 400: problemSchema, ...authProblems },
      },
    },
    async (request) => {
      const q = request.query;
      return listMessages(ctx.db, citizenId(request.auth), request.lang, {
        limit: q.limit,
        ...(q.before ? { before: new Date(q.before) } : {}),
        unreadOnly: q.unread === 'true',
      });
    },
  );

  app.get(
    '/me/messages/unread-count',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'How many of my messages are unread (for the badge)',
        security,
        response: { 200: unreadCountSchema, ...authProblems },
      },
    },
    async (request) => ({ unreadCount: await countUnread(ctx.db, citizenId(request.auth)) }),
  );

  app.post(
    '/me/messages/:id/read',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Mark one of my messages read',
        security,
        params: messageIdParams,
        response: { 204: z.null().describe('Marked read'), 404: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const found = await markRead(ctx.db, citizenId(request.auth), request.params.id, ctx.clock.now());
      if (!found) throw new Problem('not_found', { status: 404 });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/messages/read-all',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Mark all my messages read',
        security,
        response: { 200: z.object({ marked: z.number().int() }), ...authProblems },
      },
    },
    async (request) => ({ marked: await markAllRead(ctx.db, citizenId(request.auth), ctx.clock.now()) }),
  );
};
