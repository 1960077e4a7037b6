import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Problem } from '../../platform/problems.ts';
import { findStaffById, type StaffUser } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, loaded once per staff request by the guard below. */
    staff?: StaffUser;
  }
}

/** What a staff member who must still change the first-login password may reach. */
const OPEN_WHILE_PASSWORD_CHANGE_PENDING = new Set([
  'POST /api/v1/staff/sessions',
  'DELETE /api/v1/staff/sessions/current',
  'GET /api/v1/staff/me',
  'POST /api/v1/staff/me/password',
]);

const isStaffRoute = (url: string | undefined) => url?.startsWith('/api/v1/staff/') ?? false;

/**
 * Loads the staff member behind a staff session and enforces the account's state: a
 * disabled or deleted account is logged out (401), and until a generated password has been
 * replaced every staff endpoint other than the four above answers 403
 * `password_change_required`. The credential and role checks stay with `requireStaff`.
 */
export async function checkStaffAccount(request: FastifyRequest): Promise<void> {
  const auth = request.auth;
  if (!auth || auth.subjectType !== 'staff') return;
  const user = request.staff ?? (await findStaffById(request.server.ctx.db, auth.subjectId));
  if (!user || user.disabledAt) throw new Problem('unauthorized', { status: 401 });
  request.staff = user;
  const route = `${request.method} ${request.routeOptions.url ?? ''}`;
  if (user.mustChangePassword && !OPEN_WHILE_PASSWORD_CHANGE_PENDING.has(route)) {
    throw new Problem('password_change_required', { status: 403 });
  }
}

/**
 * Applies `checkStaffAccount` to every route under /api/v1/staff/, including those of other
 * features (registry imports), as the first preHandler of each such route — added when the
 * route is declared, so the many routes outside /staff/ carry no hook for it at all. It must
 * be registered before them: onRoute sees only routes declared after it, hence the first entry
 * in features/index.ts.
 */
export const staffAccountGuard = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route) => {
      if (!isStaffRoute(route.url)) return;
      const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
      route.preHandler = [staffAccountPreHandler, ...own];
    });
  },
  { name: 'staff-account-guard' },
);

async function staffAccountPreHandler(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  await checkStaffAccount(request);
}

/**
 * The same check as a route-level preHandler, for the staff feature's own routes: they stay
 * guarded even if the plugin order in features/index.ts changes. Reuses `request.staff`.
 */
export async function activeStaff(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  await checkStaffAccount(request);
  if (!request.staff) throw new Problem('unauthorized', { status: 401 });
}
