import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireStaff } from '../../platform/auth.ts';
import { activeStaff } from '../staff/guard.ts';
import { decisionBody, idParams, listAnswer, listQuery, photoParams, reasonsAnswer, reasonsQuery, reviewDetail, statsAnswer } from './schemas.ts';
import { decideReview, listReviews, readReviewPhoto, rejectionReasons, revealReviewNumber, reviewStats, viewReview } from './service.ts';
import { z } from 'zod';
import { defaultCacheControl } from '../../platform/cache-control.ts';

/** The review queues staff work (API.md "Registry" → review queues). */
export const reviewRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
  const guard = [requireStaff('reviewer', 'officer', 'admin'), activeStaff];
  const tags = ['reviews'];

  // Personal data: nothing from these answers may be kept by a shared cache or the browser's.
  app.addHook('onSend', defaultCacheControl('private, no-store'));

  app.get(
    '/staff/reviews',
    { schema: { tags, summary: 'A review queue, oldest first', security, querystring: listQuery, response: { 200: listAnswer } }, preHandler: guard },
    async (request) => listReviews(ctx, request.query),
  );

  app.get(
    '/staff/reviews/stats',
    { schema: { tags, summary: 'Counts per kind and status', security, response: { 200: statsAnswer } }, preHandler: guard },
    async () => reviewStats(ctx),
  );

  app.get(
    '/staff/reviews/reasons',
    {
      schema: { tags, summary: 'Standard rejection reasons, in the request language', security, querystring: reasonsQuery, response: { 200: reasonsAnswer } },
      preHandler: guard,
    },
    async (request) => rejectionReasons(request.query.kind, request.lang),
  );

  app.get(
    '/staff/reviews/:id',
    { schema: { tags, summary: 'One review with its photo links (audited)', security, params: idParams, response: { 200: reviewDetail } }, preHandler: guard },
    async (request) => viewReview(ctx, request.params.id, request.staff!),
  );

  app.get(
    '/staff/reviews/:id/number',
    {
      schema: {
        tags,
        summary: "The applicant's whole document number, to compare with the photo (audited on every call)",
        security,
        params: idParams,
        response: { 200: z.object({ label: z.string(), value: z.string() }) },
      },
      preHandler: guard,
    },
    async (request) => revealReviewNumber(ctx, request.params.id, request.staff!),
  );

  app.get(
    '/staff/reviews/:id/photos/:index',
    {
      schema: {
        tags,
        summary: 'One photo of a review, JPEG (audited)',
        security,
        params: photoParams,
      },
      preHandler: guard,
    },
    async (request, reply) => {
      const photo = await readReviewPhoto(ctx, request.params.id, request.params.index, request.staff!);
      return reply.header('cache-control', 'private, no-store').type('image/jpeg').send(photo.data);
    },
  );

  app.post(
    '/staff/reviews/:id/decision',
    {
      schema: { tags, summary: 'Approve or reject a pending review', security, params: idParams, body: decisionBody, response: { 200: reviewDetail } },
      preHandler: guard,
    },
    async (request) =>
      decideReview(ctx, { id: request.params.id, decision: request.body.decision, reason: request.body.reason ?? null, staff: request.staff! }),
  );
};
