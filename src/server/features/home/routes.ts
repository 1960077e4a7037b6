import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Language } from '../../../i18n/languages.ts';
import { requireCitizen } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { homeSchema, problemSchema } from './schemas.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';
import { sendJsonBody } from '../../platform/json-body.ts';
import { cachedHomeBody, homeBody } from './service.ts';

const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];

/** The citizen app's home screen in one request. */
export const homeRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  // The answer names a person's licence, vehicles and records: no cache may keep it.
  app.addHook('onSend', defaultCacheControl('no-store'));

  // A miss computes the answer (and caches it); returning the reply lets Fastify wait for it.
  const sendComputed = async (reply: FastifyReply, accountId: string, lang: Language) => sendJsonBody(reply, await homeBody(ctx, accountId, lang));

  app.get(
    '/me/home',
    {
      preValidation: requireCitizen,
      schema: {
        tags: ['Home'],
        summary: 'My home screen: licence and points, vehicles with unhandled records, unhandled total, unread messages',
        description:
          'One request for the app’s first screen. Each figure is the one the separate endpoint gives: `licence` as GET /me/licence (null with `licenceUnbound` saying why), `vehicles` as GET /me/vehicles, `unhandledViolations` as the length of GET /me/violations?status=unhandled, `unreadMessages` as GET /me/messages/unread-count.',
        security,
        response: { 200: homeSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    (request, reply) => {
      // requireCitizen has run; a missing auth here is a wiring bug, not a user error.
      if (!request.auth) throw new Problem('unauthorized', { status: 401 });
      const { subjectId } = request.auth;
      // Most requests find the answer cached: sent at once, with no promise in between.
      const cached = cachedHomeBody(ctx, subjectId, request.lang);
      if (cached) {
        sendJsonBody(reply, cached);
        return;
      }
      return sendComputed(reply, subjectId, request.lang);
    },
  );
};
