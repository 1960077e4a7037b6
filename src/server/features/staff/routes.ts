import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookies, requireStaff, setSessionCookies, SESSION_COOKIE } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { activeStaff } from './guard.ts';
import { listAuditEntries } from './queries.ts';
import { auditQuery, changePasswordBody, loginAnswer, loginBody, staffView } from './schemas.ts';
import { authenticateStaff, changeStaffPassword, staffActor, toStaffView } from './service.ts';

const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }).nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

/** The token of the request's own session: bearer first, as the platform resolves it. */
function presentedToken(request: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return m?.[1] ?? request.cookies?.[SESSION_COOKIE];
}

/** Staff sign-in, own account, and the audit trail (API.md "Registry" → Staff). */
export const staffRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = app.ctx;
  const security: Array<Record<string, string[]>> = [{ bearer: [] }, { cookie: [] }];

  app.post(
    '/staff/sessions',
    { schema: { tags: ['staff'], summary: 'Staff login', body: loginBody, response: { 200: loginAnswer } } },
    async (request, reply) => {
      const user = await authenticateStaff(ctx, { ...request.body, ip: request.ip });
      const session = await ctx.sessions.create({ subjectType: 'staff', subjectId: user.id, role: user.role });
      setSessionCookies(reply, session);
      reply.header('cache-control', 'no-store');
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), csrfToken: session.csrfToken, staff: toStaffView(user) };
    },
  );

  app.delete(
    '/staff/sessions/current',
    { schema: { tags: ['staff'], summary: 'Staff logout', security }, preHandler: [requireStaff(), activeStaff] },
    async (request, reply) => {
      const token = presentedToken(request);
      if (token) await ctx.sessions.revoke(token);
      await ctx.audit.record(ctx.db, { actor: staffActor(request.staff!), action: 'staff.logout', subject: { type: 'staff', id: request.staff!.id } });
      clearSessionCookies(reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/staff/me',
    { schema: { tags: ['staff'], summary: 'The signed-in staff member', security, response: { 200: staffView } }, preHandler: [requireStaff(), activeStaff] },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return toStaffView(request.staff!);
    },
  );

  app.post(
    '/staff/me/password',
    {
      schema: { tags: ['staff'], summary: 'Change own password (required after the first login)', security, body: changePasswordBody },
      preHandler: [requireStaff(), activeStaff],
    },
    async (request, reply) => {
      await changeStaffPassword(ctx, request.staff!.id, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/staff/audit',
    {
      schema: {
        tags: ['staff'],
        summary: 'Audit trail, newest first (admin)',
        security,
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEntry), nextBefore: z.string().nullable() }) },
      },
      preHandler: [requireStaff('admin'), activeStaff],
    },
    async (request, reply) => {
      const { limit, before } = request.query;
      // The cursor is an entry id; anything else cannot name an entry.
      if (before !== undefined && !/^\d{1,18}$/.test(before)) throw new Problem('bad_request', { status: 400, field: 'before', params: { field: 'before' } });
      reply.header('cache-control', 'no-store');
      return listAuditEntries(ctx.db, { limit, ...(before !== undefined ? { before: Number(before) } : {}) });
    },
  );
};
