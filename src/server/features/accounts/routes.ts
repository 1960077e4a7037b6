import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookies, requireCitizen, setSessionCookies, SESSION_COOKIE } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { citiesOf, provinces } from '../../../domain/regions.ts';
import type { AppContext } from '../../context.ts';
import {
  accountIdParams,
  accountSchema,
  deleteAccountBody,
  gestureBody,
  gestureLoginBody,
  loginBody,
  photoUploadResponse,
  problemSchema,
  regionsResponse,
  registrationBody,
  registrationResponse,
  sessionResponse,
  smsCodeBody,
  smsCodeResponse,
} from './schemas.ts';
import { accountView, addIdentityPhoto, deleteAccount, registerAccount, requestSmsCode } from './service.ts';
import { gestureLogin, passwordLogin, removeGestures, setGesture } from './logins.ts';
import { findAccountById, type AccountRow } from './queries.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';

const tags = ['Accounts'];
const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
const noContent = z.null().describe('No content');
const authProblems = { 401: problemSchema, 403: problemSchema };

/** The regions list is static per release: built once, cached by clients for a day. */
let regionsCache: z.infer<typeof regionsResponse> | undefined;
function regionTree() {
  regionsCache ??= { provinces: provinces().map((p) => ({ ...p, cities: citiesOf(p.code) })) };
  return regionsCache;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return m?.[1];
}

/** Citizen accounts: registration, logins (password, gesture), the profile, deletion. */
export const accountsRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const ctx: AppContext = app.ctx;
  // Answers here carry personal data or credentials: no cache may keep them unless a route says otherwise.
  app.addHook('onSend', defaultCacheControl('no-store'));

  const me = async (request: FastifyRequest): Promise<AccountRow> => {
    const row = request.auth ? await findAccountById(ctx.db, request.auth.subjectId) : null;
    // A session outliving its account (deleted meanwhile) is no longer a valid login.
    if (!row || row.deletedAt) throw new Problem('unauthorized', { status: 401 });
    return row;
  };

  const startSession = async (row: AccountRow & { gestureEnabled?: boolean }, reply: FastifyReply) => {
    const session = await ctx.sessions.create({ subjectType: 'citizen', subjectId: row.id });
    setSessionCookies(reply, session);
    // Tokens must never sit in a shared or browser cache.
    reply.header('cache-control', 'no-store');
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), csrfToken: session.csrfToken, account: await accountView(ctx.db, row, { gestureEnabled: row.gestureEnabled }) };
  };

  app.post(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'Register a citizen account',
        description:
          'Documents the registry can check (mainland ID card, residence permit, foreign permanent resident card) are verified at once; ' +
          'others go to manual review and need document photos (use the returned uploadToken). Errors: invalid_doc_number, unsupported_doc_type, ' +
          'name_not_simplified, invalid_name, identity_mismatch, doc_type_mismatch, invalid_phone, phone_taken (409), doc_taken (409), ' +
          'weak_password, terms_not_accepted, invalid_region.',
        body: registrationBody,
        response: { 201: registrationResponse, 400: problemSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await registerAccount(ctx, request.body, request.lang);
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/accounts/:id/document-photos',
    {
      schema: {
        tags,
        summary: 'Upload a document photo for manual identity review',
        description:
          'multipart/form-data with one file field `photo` (JPEG, PNG, WebP or HEIC; at most 8 MB; at least 600×400). ' +
          'Authorised by `Authorization: Bearer <uploadToken>` from registration. Up to 3 photos (front, back); they join one review.',
        consumes: ['multipart/form-data'],
        security: [{ bearer: [] }],
        params: accountIdParams,
        response: { 202: photoUploadResponse, 400: problemSchema, 401: problemSchema, 413: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await addIdentityPhoto(ctx, {
        accountId: request.params.id,
        uploadToken: bearerOf(request),
        readPhoto: async () => {
          if (!request.isMultipart()) throw new Problem('bad_request', { status: 400, field: 'photo', params: { field: 'photo' } });
          for await (const part of request.parts()) {
            if (part.type === 'file' && part.fieldname === 'photo') return part.toBuffer();
            if (part.type === 'file') part.file.resume();
          }
          throw new Problem('bad_request', { status: 400, field: 'photo', params: { field: 'photo' } });
        },
      });
      return reply.status(202).send(result);
    },
  );

  app.post(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Log in with phone or document number and password',
        description:
          'Sets the HttpOnly session cookie and returns the bearer token. invalid_credentials (401) is the same for an unknown login; ' +
          'account_pending_review / account_rejected (403); too_many_attempts (429, Retry-After) after 5 failures in 15 minutes.',
        body: loginBody,
        response: { 200: sessionResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await passwordLogin(ctx, { login: request.body.login, password: request.body.password, clientAddress: request.ip });
      return startSession(row, reply);
    },
  );

  app.post(
    '/sessions/gesture',
    {
      schema: {
        tags,
        summary: 'Log in with the gesture set on this device',
        description: 'After 5 wrong patterns the gesture is turned off (gesture_disabled, 403): log in with the password and set it again.',
        body: gestureLoginBody,
        response: { 200: sessionResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await gestureLogin(ctx, { deviceToken: request.body.deviceToken, pattern: request.body.pattern, clientAddress: request.ip });
      return startSession(row, reply);
    },
  );

  app.delete(
    '/sessions/current',
    {
      preValidation: requireCitizen,
      schema: { tags, summary: 'Log out (end this session)', security, response: { 204: noContent, ...authProblems } },
    },
    async (request, reply) => {
      const token = request.auth?.via === 'bearer' ? bearerOf(request) : request.cookies?.[SESSION_COOKIE];
      if (token) await ctx.sessions.revoke(token);
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      preValidation: requireCitizen,
      schema: { tags, summary: 'My account (personal numbers masked)', security, response: { 200: accountSchema, ...authProblems } },
    },
    async (request) => accountView(ctx.db, await me(request)),
  );

  app.put(
    '/me/gesture',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Set the gesture for logging in on this device',
        description: 'Returns a device token to keep on the device; pass it again to change this device’s gesture.',
        security,
        body: gestureBody,
        response: { 200: z.object({ deviceToken: z.string() }), 400: problemSchema, 422: problemSchema, ...authProblems },
      },
    },
    async (request) => {
      const row = await me(request);
      return setGesture(ctx, row.id, request.body);
    },
  );

  app.delete(
    '/me/gesture',
    {
      preValidation: requireCitizen,
      schema: { tags, summary: 'Turn gesture login off (on every device)', security, response: { 204: noContent, ...authProblems } },
    },
    async (request, reply) => {
      const row = await me(request);
      await removeGestures(ctx, row.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sms-codes',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Send a 6-digit code to my own phone',
        description: 'At most 1 SMS a minute and 10 a day per phone (sms_rate_limited, 429). A code lives 5 minutes and works once.',
        security,
        body: smsCodeBody,
        response: { 202: smsCodeResponse, 400: problemSchema, 422: problemSchema, 429: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const row = await me(request);
      const { expiresAt } = await requestSmsCode(ctx, row.id, request.body.purpose, request.lang);
      return reply.status(202).send({ expiresAt: expiresAt.toISOString() });
    },
  );

  app.delete(
    '/me',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Delete my account',
        description: 'Needs a code from POST /sms-codes with purpose delete_account (invalid_code, code_expired). Afterwards the phone and document can register again.',
        security,
        body: deleteAccountBody,
        response: { 204: noContent, 400: problemSchema, 422: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const row = await me(request);
      await deleteAccount(ctx, row.id, request.body);
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/regions',
    {
      schema: {
        tags: ['Reference data'],
        summary: 'Registration provinces and cities (GB/T 2260, names in Chinese)',
        response: { 200: regionsResponse },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return regionTree();
    },
  );
};
