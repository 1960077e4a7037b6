import type { FastifyPluginAsync } from 'fastify';
import { devSmsRoutes } from '../platform/sms/dev-routes.ts';

/**
 * Feature route plugins, registered under `/api/v1` unless a feature says otherwise
 * (`prefix: ''` for `/.well-known/...`). Order does not matter.
 */
export const featurePlugins: Array<{ plugin: FastifyPluginAsync; prefix?: string }> = [];
featurePlugins.push({ plugin: devSmsRoutes });
