import type { FastifyServerOptions } from 'fastify';

/**
 * Request logs carry method, route, status and time — never query strings, bodies,
 * tokens, phone or document numbers. Anything a handler logs by mistake under these
 * keys is censored too.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.pattern',
  '*.phone',
  '*.docNumber',
  '*.code',
  '*.token',
  '*.idNumber',
  '*.to',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
