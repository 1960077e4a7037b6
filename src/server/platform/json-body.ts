import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply } from 'fastify';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
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

/**
 * Smaller bodies go out as they are: compressing them saves less than it costs. A home screen
 * is ~1 KB; a violation list of 300 records is ~180 KB, which gzip takes to ~10 %.
 */
export const COMPRESS_FROM_BYTES = 1400;

/** Preferred first: brotli is ~15 % smaller than gzip on these lists; gzip is what every client takes. */
const ENCODINGS = ['br', 'gzip'] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * Compressed copies of the bodies `jsonBody` made, made on first demand and kept as long as
 * the body itself is (the read cache holds the body; when it lets go, so does this map): a
 * cached list is compressed once, not on every request. Brotli at quality 5 compresses a
 * 180 KB list in a few milliseconds; its top qualities would take a hundred.
 */
const compressed = new WeakMap<Buffer, Partial<Record<Encoding, Buffer>>>();

function compress(body: Buffer, encoding: Encoding): Buffer {
  let copies = compressed.get(body);
  if (!copies) compressed.set(body, (copies = {}));
  return (copies[encoding] ??=
    encoding === 'br'
      ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : gzipSync(body, { level: 6 }));
}

function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const list = current === undefined ? '' : String(current);
  if (!list.toLowerCase().split(/\s*,\s*/).includes(field)) reply.header('vary', list ? `${list}, ${field}` : field);
}

/**
 * Sends a body made by `jsonBody`: bytes with a JSON content type go out as they are, or,
 * when large and the client accepts it (`Accept-Encoding`, q-values honoured), compressed.
 */
export function sendJsonBody(reply: FastifyReply, body: Buffer): FastifyReply {
  reply.type('application/json; charset=utf-8');
  if (body.length < COMPRESS_FROM_BYTES) return reply.send(body);
  addVary(reply, 'accept-encoding');
  const accepted = reply.request.headers['accept-encoding'];
  const encoding = accepted ? (negotiate(accepted, [...ENCODINGS]) as Encoding | null) : null;
  if (!encoding) return reply.send(body);
  return reply.header('content-encoding', encoding).send(compress(body, encoding));
}
