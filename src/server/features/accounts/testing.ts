/**
 * Test helpers for integration tests of any feature that needs citizens: registry lines
 * for known people and a one-call "registered and logged in" citizen. Test-only; never
 * imported by the app.
 */
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { cnIdCheckChar, hkIdCheckChar } from '../../../domain/id-documents.ts';
import { importRegistry } from '../registry/service.ts';

/** A valid 18-character mainland ID number from region, birth date and sequence. */
export function cnId(region: string, birth: string, seq: string): string {
  const body = `${region}${birth}${seq}`;
  return body + cnIdCheckChar(body);
}

/** A valid Hong Kong identity card number in its canonical form, e.g. `A123456(3)`. */
export function hkId(body: string): string {
  return `${body}(${hkIdCheckChar(body)})`;
}

async function* asLines(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

/** Imports NDJSON lines (objects are stringified) and fails loudly when the registry rejects one. */
export async function seedRegistry(app: FastifyInstance, records: object[]): Promise<void> {
  const result = await importRegistry(app.ctx, asLines(records.map((r) => JSON.stringify(r))));
  if (result.rejected > 0) throw new Error(`registry rejected test lines: ${JSON.stringify(result.errors)}`);
}

/** A plain JPEG of the given size, like a phone photo of a document. */
export function documentJpeg(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 210, b: 220 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A multipart/form-data body with one file field. */
export function multipartBody(field: string, data: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') {
  const boundary = `----jiaoguan${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const STRONG_PASSWORD = 'Lantern-river-47-quietly';

export interface Citizen {
  id: string;
  token: string;
  phone: string;
  docNumber: string;
  auth: { authorization: string };
}

/**
 * Registers a mainland citizen (the registry person is created on the fly, so the
 * registration verifies at once) and logs them in with a bearer token.
 */
export async function createCitizen(
  app: FastifyInstance,
  opts: { name?: string; phone: string; region?: string; birth?: string; seq: string; lang?: string },
): Promise<Citizen> {
  const name = opts.name ?? '测试公民';
  const birth = opts.birth ?? '19900101';
  const docNumber = cnId(opts.region ?? '440305', birth, opts.seq);
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  // The sequence's last digit is odd for men, even for women (GB 11643).
  const sex = Number(opts.seq.slice(-1)) % 2 === 1 ? 'M' : 'F';
  await seedRegistry(app, [{ kind: 'person', name, sex, birthDate, documents: [{ docType: 'cn_id', docNumber }] }]);
  const reg = await app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: opts.lang ? { 'accept-language': opts.lang } : {},
    payload: { docType: 'cn_id', docNumber, name, phone: opts.phone, regionCode: '440300', password: STRONG_PASSWORD, agreedToTerms: true },
  });
  if (reg.statusCode !== 201) throw new Error(`registration failed: ${reg.body}`);
  const login = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { login: opts.phone, password: STRONG_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const token = login.json().token as string;
  return { id: reg.json().id, token, phone: opts.phone, docNumber, auth: { authorization: `Bearer ${token}` } };
}
