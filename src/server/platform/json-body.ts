import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/**
 * A response body as the route's zod serializer would write it (fastify-type-provider-zod:
 * parse with the response schema, then JSON.stringify), for answers kept in the read cache:
 * a cached answer is serialized once instead of on every request (for a violation list of
 * ~300 records the serializer alone costs milliseconds). The schema stays on the route for
 * OpenAPI and for any answer not sent this way.
 */
export function jsonBody<S extends z.ZodType>(schema: S, value: z.input<S>): Buffer {
  // Encoded once too: a list of Chinese texts is costly to turn into UTF-8 on every send.
  return Buffer.from(JSON.stringify(schema.parse(value)));
}

/** Sends a body made by `jsonBody`: bytes with a JSON content type go out as they are. */
export function sendJsonBody(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}
