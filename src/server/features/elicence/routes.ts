import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCitizen } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { applyForElicence, getMyElicence, jwks, limitVerification, readMyPhoto, verifyQr } from './service.ts';
import { PHOTO_SOURCES, type PhotoSource } from './tables.ts';
import { applicationCreatedSchema, elicenceAnswerSchema, jwksSchema, problemSchema, verifyAnswerSchema, verifyBody } from './schemas.ts';
import { keyRing } from './keys.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';

const tags = ['Electronic driving licence'];
const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
const authProblems = { 401: problemSchema, 403: problemSchema };

const citizenId = (auth: { subjectId: string } | undefined): string => {
  // requireCitizen has run; a missing auth here is a wiring bug, not a user error.
  if (!auth) throw new Problem('unauthorized', { status: 401 });
  return auth.subjectId;
};

const missing = (field: string) => new Problem('bad_request', { status: 400, field, params: { field } });

/** Reads the multipart fields `source` and `photo` in whichever order the client sent them. */
async function readApplicationForm(request: FastifyRequest): Promise<{ source: PhotoSource; photo: Buffer }> {
  if (!request.isMultipart()) throw missing('photo');
  let source: string | undefined;
  let photo: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname === 'photo' && !photo) photo = await part.toBuffer();
      else part.file.resume();
    } else if (part.fieldname === 'source') source = String(part.value);
  }
  if (!source || !(PHOTO_SOURCES as readonly string[]).includes(source)) throw missing('source');
  if (!photo) throw missing('photo');
  return { source: source as PhotoSource, photo };
}

/** The citizen's e-licence, its application, and public verification. */
export const elicenceRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  // Make (or load) the signing key now: a broken key must stop the start, not the first QR.
  await keyRing(ctx).current();
  app.addHook('onSend', defaultCacheControl('no-store'));

  app.get(
    '/me/elicence',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'My electronic driving licence, with a fresh signed credential for the QR code',
        description:
          'status: none | pending_review | issued | rejected | suspended. When issued (or suspended: the licence state is not A, its validity ended or it reached 12 points — the card shows a red QR) each call signs a new credential valid for 5 minutes.',
        security,
        response: { 200: elicenceAnswerSchema, ...authProblems },
      },
    },
    async (request) => getMyElicence(ctx, citizenId(request.auth), request.lang),
  );

  app.get(
    '/me/elicence/photo',
    {
      preValidation: requireCitizen,
      schema: { tags, summary: 'The approved e-licence photo (260×378 JPEG)', security, produces: ['image/jpeg'], response: { 200: z.any().describe('image/jpeg'), 404: problemSchema, ...authProblems } },
    },
    async (request, reply) => {
      const file = await readMyPhoto(ctx, citizenId(request.auth));
      return reply.header('cache-control', 'private, no-store').type(file.contentType).send(file.data);
    },
  );

  app.post(
    '/me/elicence/applications',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Apply for the e-licence (or a new photo): multipart `photo` and `source` (camera | album)',
        description:
          'An album photo needs an EXIF capture date within 6 months. Errors: `photo_invalid` (the detail says what to fix), `licence_not_bound`, `licence_not_eligible`, `photo_change_too_soon` (with `possibleFrom`), 409 `application_pending`.',
        consumes: ['multipart/form-data'],
        security,
        response: { 201: applicationCreatedSchema, 400: problemSchema, 409: problemSchema, 413: problemSchema, 422: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const accountId = citizenId(request.auth);
      const form = await readApplicationForm(request);
      const created = await applyForElicence(ctx, accountId, { source: form.source, readPhoto: async () => form.photo }, request.lang);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/elicence/verify',
    {
      schema: {
        tags,
        summary: 'Verify a scanned e-licence QR against the signature, its freshness and the live registry state',
        description: 'Public; at most 600 verifications a minute per client address (429 with Retry-After).',
        body: verifyBody,
        response: { 200: verifyAnswerSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request) => {
      await limitVerification(ctx, request.ip);
      return verifyQr(ctx, request.body.qr, request.lang);
    },
  );
};

/** `/.well-known/jwks.json`: the keys verifiers check credentials with. */
export const elicenceJwksRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags,
        summary: 'The issuer’s public keys for e-licence credentials: current and retired within 24 hours',
        response: { 200: jwksSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return jwks(ctx);
    },
  );
};
