import type { onSendHookHandler } from 'fastify';

/**
 * An onSend hook giving every answer of a scope `value` as its Cache-Control unless the route
 * set its own: features whose answers carry personal data use it so no cache keeps them.
 * A callback hook, not an async one, which would cost a promise and a microtask per answer.
 */
export function defaultCacheControl(value: string): onSendHookHandler {
  return (_request, reply, _payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', value);
    done();
  };
}
