import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireCitizen } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { sendJsonBody } from '../../platform/json-body.ts';
import { fileArchiveNumber, licenceView, myLicenceBody } from './service.ts';
import { boundLicenceAnswerSchema, filingBody, licenceAnswerSchema, problemSchema } from './schemas.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';

const tags = ['Driving licence'];
const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
const authProblems = { 401: problemSchema, 403: problemSchema };

/** The citizen's own driving licence and the archive-number filing that binds it. */
export const licencesRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  // Answers carry a person's licence: no cache may keep them.
  app.addHook('onSend', defaultCacheControl('no-store'));

  const citizenId = (auth: { subjectId: string } | undefined): string => {
    // requireCitizen has run; a missing auth here is a wiring bug, not a user error.
    if (!auth) throw new Problem('unauthorized', { status: 401 });
    return auth.subjectId;
  };

  app.get(
    '/me/licence',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'My driving licence, its points in the current cycle, probation and renewal',
        description:
          'A licence held under the account’s own document binds by itself. `doc_mismatch`: the registry holds this person’s licence under another of their documents (named, masked, in `licenceDocument`); filing its archive number binds it. `not_found`: none yet — newly issued licences appear after 2–3 days.',
        security,
        response: { 200: licenceAnswerSchema, ...authProblems },
      },
    },
    async (request, reply) => sendJsonBody(reply, await myLicenceBody(ctx, citizenId(request.auth), request.lang)),
  );

  app.post(
    '/me/licence/filing',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'File the archive number (档案编号) from the licence’s second page to bind it',
        description:
          'Binds the licence whose archive number this is when it belongs to the same person (under any of their documents). Errors: `invalid_archive_number` (not 12 digits), `archive_number_mismatch`; 5 refused numbers per account in 24 hours → 429 `too_many_attempts` with Retry-After.',
        security,
        body: filingBody,
        response: { 200: boundLicenceAnswerSchema, 400: problemSchema, 422: problemSchema, 429: problemSchema, ...authProblems },
      },
    },
    async (request) => {
      const licence = await fileArchiveNumber(ctx, citizenId(request.auth), request.body, request.lang);
      return { bound: true as const, licence: licenceView(licence, request.lang) };
    },
  );
};
