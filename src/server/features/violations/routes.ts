import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireCitizen } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { sendJsonBody } from '../../platform/json-body.ts';
import { fileObjection, getFineForAccount, getMyViolation, handleViolation, MAX_OBJECTION_PHOTOS, myViolationsBody, registerViolationJobs, tooManyPhotos } from './service.ts';
import {
  decisionParams,
  fineSchema,
  handlingResultSchema,
  objectionCreatedSchema,
  problemSchema,
  refParams,
  violationListQuery,
  violationSchema,
} from './schemas.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';

const tags = ['Violations and fines'];
const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
const authProblems = { 401: problemSchema, 403: problemSchema };

const citizenId = (auth: { subjectId: string } | undefined): string => {
  // requireCitizen has run; a missing auth here is a wiring bug, not a user error.
  if (!auth) throw new Problem('unauthorized', { status: 401 });
  return auth.subjectId;
};

/** Reads `reason` and the `photos` files; more than the limit is a rule broken (422), not a malformed body. */
async function readObjectionForm(request: FastifyRequest): Promise<{ reason: string; photos: Buffer[] }> {
  if (!request.isMultipart()) throw new Problem('bad_request', { status: 400, field: 'reason', params: { field: 'reason' } });
  let reason: string | undefined;
  const photos: Buffer[] = [];
  let extra = 0;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname === 'photos' && photos.length < MAX_OBJECTION_PHOTOS) photos.push(await part.toBuffer());
      else {
        if (part.fieldname === 'photos') extra++;
        part.file.resume();
      }
    } else if (part.fieldname === 'reason') reason = String(part.value);
  }
  if (reason === undefined) throw new Problem('bad_request', { status: 400, field: 'reason', params: { field: 'reason' } });
  if (extra > 0) throw tooManyPhotos(request.lang);
  return { reason, photos };
}

/** The citizen's violations, online handling, fines and objections. */
export const violationsRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  registerViolationJobs(ctx);
  // Answers carry a person's records and fines: no cache may keep them.
  app.addHook('onSend', defaultCacheControl('no-store'));

  app.get(
    '/me/violations',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'My violation records: own vehicles, rentals, on-site tickets where I drove',
        description:
          'Newest first. `status` filters: unhandled | handled | paid. Late fees are reckoned for today in Asia/Shanghai. `handleable` says whether online handling is possible now; when not, `notHandleableText` says why and where to go.',
        security,
        querystring: violationListQuery,
        response: { 200: violationSchema.array(), 400: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => sendJsonBody(reply, await myViolationsBody(ctx, citizenId(request.auth), request.query, request.lang)),
  );

  app.get(
    '/me/violations/:id',
    {
      preValidation: requireCitizen,
      schema: { tags, summary: 'One of my violation records', security, params: refParams, response: { 200: violationSchema, 404: problemSchema, ...authProblems } },
    },
    async (request) => getMyViolation(ctx, citizenId(request.auth), request.params.id, request.lang),
  );

  app.post(
    '/violations/:id/handle',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Handle a camera record online: the penalty decision, with the points on my licence',
        description:
          'Honours `Idempotency-Key`: a retry with the same key returns the first answer and changes nothing. Errors: `not_handleable_online` (detail says why and where to go; `reason` names the rule), `licence_not_bound`, 409 `already_handled`, 409 `objection_pending`, `idempotency_key_reused`.',
        security,
        params: refParams,
        response: { 200: handlingResultSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema, ...authProblems },
      },
    },
    async (request) => {
      const header = request.headers['idempotency-key'];
      const idempotencyKey = Array.isArray(header) ? header[0] : header;
      return handleViolation(ctx, citizenId(request.auth), request.params.id, { ...(idempotencyKey !== undefined ? { idempotencyKey } : {}), lang: request.lang });
    },
  );

  app.get(
    '/fines/:decisionNo',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'A fine of mine: online decisions and on-site tickets where I drove',
        description: 'Once paid, `payableFen` is 0 and `receiptNo` names the electronic receipt. Another citizen’s fine, like an unknown number, is 404 `fine_not_found`.',
        security,
        params: decisionParams,
        response: { 200: fineSchema, 404: problemSchema, ...authProblems },
      },
    },
    async (request) => {
      const fine = await getFineForAccount(ctx, citizenId(request.auth), request.params.decisionNo);
      // The same answer the payment gets: its text tells the citizen to check the number.
      if (!fine) throw new Problem('fine_not_found', { status: 404 });
      return fine;
    },
  );

  app.post(
    '/violations/:id/objections',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Object to a camera record (申诉): multipart `reason` and up to 3 `photos`',
        description:
          'An officer reviews it; upheld withdraws the record, and either way the citizen is told by SMS and in-app message. Errors: `objection_reason_too_long`, `too_many_photos`, `photo_invalid`, 409 `objection_pending`, 409 `objection_not_allowed` (handled or on-site records).',
        consumes: ['multipart/form-data'],
        security,
        params: refParams,
        response: { 201: objectionCreatedSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema, 413: problemSchema, 422: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const accountId = citizenId(request.auth);
      const form = await readObjectionForm(request);
      return reply.status(201).send(await fileObjection(ctx, accountId, request.params.id, form, request.lang));
    },
  );
};
