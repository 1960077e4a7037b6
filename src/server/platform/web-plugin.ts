import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendProblem } from './errors-plugin.ts';
import { Problem } from './problems.ts';

export const webDistDir = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** Single-page apps: the citizen app at `/`, the console at `/console`, the verifier at `/verify`. */
const spaRoots = ['/console', '/verify'];

/**
 * Serves the built web apps (Vite output in dist/web) and falls back to each app's
 * index.html for its client-side routes; API paths that match nothing get a 404 problem.
 */
export async function webPlugin(app: FastifyInstance) {
  const hasWeb = existsSync(path.join(webDistDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
      // Hashed assets never change; HTML and the service worker must be revalidated.
      setHeaders: ((reply: { header(name: string, value: string): unknown }, filePath: string) => {
        reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      }) as never,
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/.well-known/') && !path.extname(url);
    if (hasWeb && wantsPage) {
      const root = spaRoots.find((r) => url === r || url.startsWith(`${r}/`));
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile(root ? `${root.slice(1)}/index.html` : 'index.html');
    }
    return sendProblem(request, reply, new Problem('not_found', { status: 404 }));
  });
}
