import Fastify from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMPRESS_FROM_BYTES, jsonBody, sendJsonBody } from './json-body.ts';

const schema = z.array(z.object({ id: z.number(), text: z.string() }));
const large = jsonBody(
  schema,
  Array.from({ length: 60 }, (_, id) => ({ id, text: '机动车违反规定停放、临时停车，妨碍其他车辆、行人通行的' })),
);
const small = jsonBody(schema, [{ id: 1, text: 'ok' }]);

describe('sendJsonBody', () => {
  const app = Fastify();
  beforeAll(async () => {
    app.get('/large', (_request, reply) => {
      // Another plugin's Vary must survive.
      reply.header('vary', 'Origin');
      sendJsonBody(reply, large);
    });
    app.get('/small', (_request, reply) => {
      sendJsonBody(reply, small);
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (url: string, acceptEncoding?: string) => app.inject({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  it('compresses a large body with the best coding the client accepts, honouring q-values', async () => {
    expect(large.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
    const cases: Array<[string | undefined, string | undefined]> = [
      [undefined, undefined],
      ['identity', undefined],
      ['gzip', 'gzip'],
      ['br', 'br'],
      ['gzip, br', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
      ['br;q=0, gzip;q=0', undefined],
      ['*', 'br'],
      ['deflate, compress', undefined],
    ];
    for (const [accept, expected] of cases) {
      const res = await get('/large', accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding'], String(accept)).toBe(expected);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers.vary).toBe('Origin, accept-encoding');
      const decoded = expected === 'br' ? brotliDecompressSync(res.rawPayload) : expected === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload;
      expect(decoded.equals(large)).toBe(true);
    }
  });

  it('compresses a body once and sends the same bytes afterwards', async () => {
    const first = await get('/large', 'br');
    const second = await get('/large', 'br');
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(first.rawPayload.length).toBeLessThan(large.length / 4);
  });

  it('sends a small body as it is, without Vary', async () => {
    const res = await get('/small', 'gzip, br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    expect(res.rawPayload.equals(small)).toBe(true);
  });
});
