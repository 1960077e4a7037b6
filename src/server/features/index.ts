import type { FastifyPluginAsync } from 'fastify';
import { devSmsRoutes } from '../platform/sms/dev-routes.ts';
import { staffAccountGuard } from './staff/guard.ts';
import { staffRoutes } from './staff/routes.ts';
import { reviewRoutes } from './reviews/routes.ts';
import { registryRoutes } from './registry/routes.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { messagesRoutes } from './messages/routes.ts';
import { licencesRoutes } from './licences/routes.ts';
import { elicenceJwksRoutes, elicenceRoutes } from './elicence/routes.ts';
import { violationsRoutes } from './violations/routes.ts';
import { vehiclesRoutes } from './vehicles/routes.ts';
import { paymentPagesRoutes, paymentsRoutes } from './payments/routes.ts';
import { homeRoutes } from './home/routes.ts';

/**
 * Feature route plugins, registered under `/api/v1` unless a feature says otherwise
 * (`prefix: ''` for `/.well-known/...`). Order does not matter.
 */
export const featurePlugins: Array<{ plugin: FastifyPluginAsync; prefix?: string }> = [];
featurePlugins.push({ plugin: staffAccountGuard }); // first: its onRoute hook guards every later /staff/ route
featurePlugins.push({ plugin: devSmsRoutes });
featurePlugins.push({ plugin: staffRoutes });
featurePlugins.push({ plugin: reviewRoutes });
featurePlugins.push({ plugin: registryRoutes });
featurePlugins.push({ plugin: accountsRoutes });
featurePlugins.push({ plugin: messagesRoutes });
featurePlugins.push({ plugin: licencesRoutes });
featurePlugins.push({ plugin: elicenceRoutes }, { plugin: elicenceJwksRoutes, prefix: '' });
featurePlugins.push({ plugin: vehiclesRoutes });
featurePlugins.push({ plugin: paymentsRoutes }, { plugin: paymentPagesRoutes, prefix: '' });
featurePlugins.push({ plugin: violationsRoutes });
featurePlugins.push({ plugin: homeRoutes });
