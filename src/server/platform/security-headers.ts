import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** Helmet's defaults plus the policy the web apps need. */
export const helmetOptions: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // antd injects its CSS-in-JS as <style> elements.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets for `options`, worked out once by running helmet's own middleware
 * against a recording response. Every value is a constant of the options (no nonces, no
 * functions of the request), so computing them per request — what @fastify/helmet does, and
 * it also rebuilds the middleware and re-parses the CSP each time — only cost CPU.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  let finished = false;
  const recorder = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a non-string; security headers must be constants`);
      headers[name.toLowerCase()] = value;
    },
    // X-Powered-By: helmet removes it; Fastify never sets it.
    removeHeader() {},
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  // Helmet's middleware is synchronous for constant options; anything else (a directive given
  // as a function, say) would need the request, and could not be precomputed.
  if (!finished) throw new Error('helmet did not finish synchronously; security headers must be constants');
  return Object.freeze(headers);
}

/**
 * Sets the security headers on every answer. Registered first among the onRequest hooks, so
 * an answer cut short by a later hook (a failed CSRF check, say) carries them too; a route
 * may still override one (the API docs set their own CSP).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions = helmetOptions): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
