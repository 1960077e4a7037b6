import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCitizen } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { confirmBody, filingAwaitingSchema, filingBody, filingParams, problemSchema, vehicleSchema } from './schemas.ts';
import { defaultCacheControl } from '../../platform/cache-control.ts';
import { sendJsonBody } from '../../platform/json-body.ts';
import { confirmFiling, myVehiclesBody, requestFiling, unfile } from './service.ts';

const tags = ['Vehicles'];
const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];
const authProblems = { 401: problemSchema, 403: problemSchema };

/** The citizen's vehicles and the filing of vehicles they drive but do not own. */
export const vehiclesRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  // Answers name a person's vehicles: no cache may keep them.
  app.addHook('onSend', defaultCacheControl('no-store'));

  const citizenId = (auth: { subjectId: string } | undefined): string => {
    // requireCitizen has run; a missing auth here is a wiring bug, not a user error.
    if (!auth) throw new Problem('unauthorized', { status: 401 });
    return auth.subjectId;
  };

  app.get(
    '/me/vehicles',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'My vehicles: those registered to me (northbound cars included) and those I filed',
        description:
          'Vehicles the registry lists under any document of the account holder (identity card or permit: Hong Kong and Macau northbound cars included) bind by themselves (`relation: "owner"`); filed ones carry `relation: "filed"`. `unhandledViolations` counts camera records not yet handled.',
        security,
        response: { 200: z.array(vehicleSchema), ...authProblems },
      },
    },
    async (request, reply) => sendJsonBody(reply, await myVehiclesBody(ctx, citizenId(request.auth), request.lang)),
  );

  app.post(
    '/me/vehicles/filings',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'File a vehicle I drive but do not own (备案非本人机动车)',
        description: [
          'Two forms. Without `ownerCode`: checks the request and sends a code to the owner’s registered phone (and an in-app message naming the filer, masked) → `202 { filingId, status: "awaiting_owner", ownerPhoneMasked, expiresAt }`; confirm with `POST /me/vehicles/filings/{id}/confirm`.',
          'With `ownerCode` (the code the owner received for this filer’s pending request): files at once → `201` with the vehicle (`relation: "filed"`).',
          'Errors (422 unless noted): `invalid_plate`, `plate_type_not_allowed` (only 02 and 52), `vehicle_not_found`, `owner_mismatch`, `vehicle_is_own`, `filing_limit_reached` (3 per account, 3 per vehicle), `owner_not_registered`, `invalid_code` / `code_expired` (single-call form), 409 `vehicle_already_filed`, 429 `too_many_attempts` (5 mismatches a day) or `sms_rate_limited` (one code a minute to an owner) with Retry-After.',
        ].join('\n\n'),
        security,
        body: filingBody,
        response: { 201: vehicleSchema, 202: filingAwaitingSchema, 400: problemSchema, 409: problemSchema, 422: problemSchema, 429: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const answer = await requestFiling(ctx, citizenId(request.auth), request.body, request.lang);
      if (answer.kind === 'filed') return reply.code(201).send(answer.vehicle);
      const { kind: _kind, ...awaiting } = answer;
      return reply.code(202).send(awaiting);
    },
  );

  app.post(
    '/me/vehicles/filings/:id/confirm',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Confirm a filing with the code the owner received',
        description:
          'Answers the filed vehicle. `invalid_code` (5 wrong codes spend it), `code_expired` (file again for a new code), `filing_limit_reached`; another citizen’s filing is 404. Confirming an already confirmed filing answers the vehicle again.',
        security,
        params: filingParams,
        body: confirmBody,
        response: { 200: vehicleSchema, 400: problemSchema, 404: problemSchema, 422: problemSchema, ...authProblems },
      },
    },
    async (request) => confirmFiling(ctx, citizenId(request.auth), request.params.id, request.body.code, request.lang),
  );

  app.delete(
    '/me/vehicles/filings/:id',
    {
      preValidation: requireCitizen,
      schema: {
        tags,
        summary: 'Unfile a vehicle (or withdraw a filing still awaiting the owner)',
        security,
        params: filingParams,
        response: { 204: z.null().describe('Unfiled'), 404: problemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      await unfile(ctx, citizenId(request.auth), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
