import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { buildApp } from '../app.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import type { Database } from '../db/client.ts';
import { photoReasonText, processPhoto, readExifDateTimeOriginal } from './images.ts';
import { Problem } from './problems.ts';

const gradient = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });

async function reasonOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Problem);
  expect((e as Problem).code).toBe('photo_invalid');
  return (e as Problem).options.params!.reason as string;
}

/** A hand-built TIFF/EXIF block (big-endian) for parser tests that sharp would not write. */
function exifBlock(dateTime: string, offset?: string): Buffer {
  const entries: Array<[number, number, Buffer]> = [[0x9003, 2, Buffer.from(dateTime + '\0', 'latin1')]];
  if (offset) entries.push([0x9011, 2, Buffer.from(offset + '\0', 'latin1')]);
  const header = Buffer.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8]);
  // IFD0 at 8: one entry (ExifIFD pointer) → Exif IFD right after it.
  const ifd0 = Buffer.alloc(2 + 12 + 4);
  ifd0.writeUInt16BE(1, 0);
  const exifIfdOffset = 8 + ifd0.length;
  ifd0.writeUInt16BE(0x8769, 2);
  ifd0.writeUInt16BE(4, 4);
  ifd0.writeUInt32BE(1, 6);
  ifd0.writeUInt32BE(exifIfdOffset, 10);
  const exifIfd = Buffer.alloc(2 + 12 * entries.length + 4);
  exifIfd.writeUInt16BE(entries.length, 0);
  let dataOffset = exifIfdOffset + exifIfd.length;
  const data: Buffer[] = [];
  entries.forEach(([tag, type, value], i) => {
    const at = 2 + i * 12;
    exifIfd.writeUInt16BE(tag, at);
    exifIfd.writeUInt16BE(type, at + 2);
    exifIfd.writeUInt32BE(value.length, at + 4);
    exifIfd.writeUInt32BE(dataOffset, at + 8);
    dataOffset += value.length;
    data.push(value);
  });
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), header, ifd0, exifIfd, ...data]);
}

describe('EXIF DateTimeOriginal reader', () => {
  it('reads the capture time, in China Standard Time unless an offset is recorded', () => {
    expect(readExifDateTimeOriginal(exifBlock('2026:11:20 09:30:15'))?.toISOString()).toBe('2026-11-20T01:30:15.000Z');
    expect(readExifDateTimeOriginal(exifBlock('2026:11:20 09:30:15', '+09:00'))?.toISOString()).toBe('2026-11-20T00:30:15.000Z');
  });

  it('returns nothing for absent or malformed data, never throws', () => {
    expect(readExifDateTimeOriginal(undefined)).toBeUndefined();
    expect(readExifDateTimeOriginal(Buffer.alloc(0))).toBeUndefined();
    expect(readExifDateTimeOriginal(exifBlock('    :  :     :  :  '))).toBeUndefined();
    expect(readExifDateTimeOriginal(exifBlock('2026:13:40 09:30:15'))).toBeUndefined();
    const block = exifBlock('2026:11:20 09:30:15');
    for (let cut = 0; cut < block.length; cut += 3) expect(() => readExifDateTimeOriginal(block.subarray(0, cut))).not.toThrow();
    const garbage = Buffer.from(block);
    for (let i = 14; i < garbage.length; i += 5) garbage[i] = 0xff;
    expect(() => readExifDateTimeOriginal(garbage)).not.toThrow();
  });
});

describe('ctx.images.processPhoto', () => {
  it('re-encodes to JPEG without metadata and reports the EXIF capture date read before stripping', async () => {
    const input = await gradient(800, 600)
      .withExif({ IFD0: { Make: 'TestCam', Software: 'secret-serial-123' }, IFD2: { DateTimeOriginal: '2026:11:20 09:30:15' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await processPhoto(input);
    expect(out.takenAt?.toISOString()).toBe('2026-11-20T01:30:15.000Z');
    expect(out.width).toBe(800);
    expect(out.height).toBe(600);
    const meta = await sharp(out.jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(out.jpeg.includes(Buffer.from('secret-serial-123'))).toBe(false);
  });

  it('accepts PNG and WebP and has no capture date without EXIF', async () => {
    for (const input of [await gradient(300, 400).png().toBuffer(), await gradient(300, 400).webp().toBuffer()]) {
      const out = await processPhoto(input);
      expect(out.takenAt).toBeUndefined();
      expect((await sharp(out.jpeg).metadata()).format).toBe('jpeg');
    }
  });

  it('honours the EXIF orientation', async () => {
    // Stored 400×300 with orientation 6 (rotate 90° clockwise to view): seen as 300×400.
    const input = await gradient(400, 300).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const out = await processPhoto(input, { minWidth: 300, minHeight: 400 });
    expect([out.width, out.height]).toEqual([300, 400]);
    expect((await sharp(out.jpeg).metadata()).orientation).toBeUndefined();
  });

  it('resizes to cover the requested size', async () => {
    const out = await processPhoto(await gradient(1000, 500).png().toBuffer(), { resize: { width: 358, height: 441 } });
    expect([out.width, out.height]).toEqual([358, 441]);
    const meta = await sharp(out.jpeg).metadata();
    expect([meta.width, meta.height]).toEqual([358, 441]);
  });

  it('rejects what is not an accepted image, whatever it claims to be', async () => {
    expect(await reasonOf(processPhoto(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')))).toBe('format');
    expect(await reasonOf(processPhoto(await gradient(50, 50).gif().toBuffer()))).toBe('format');
    expect(await reasonOf(processPhoto(await gradient(50, 50).tiff().toBuffer()))).toBe('format');
    expect(await reasonOf(processPhoto(Buffer.alloc(100)))).toBe('format');
  });

  it('refuses HEIC that this sharp build cannot decode as a format, not as damage', async () => {
    // An ISO-BMFF 'ftyp' box with the heic brand, then no decodable image.
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
    const heic = Buffer.concat([ftyp, Buffer.alloc(512)]);
    expect(await reasonOf(processPhoto(heic))).toBe('format');
  });

  it('rejects a truncated JPEG as unreadable', async () => {
    const jpeg = await gradient(400, 300).jpeg().toBuffer();
    expect(await reasonOf(processPhoto(jpeg.subarray(0, 200)))).toBe('unreadable');
  });

  it('enforces the byte, pixel and dimension limits', async () => {
    const jpeg = await gradient(400, 300).jpeg().toBuffer();
    expect(await reasonOf(processPhoto(jpeg, { maxBytes: jpeg.length - 1 }))).toBe('too_large');
    expect(await reasonOf(processPhoto(jpeg, { maxPixels: 400 * 300 - 1 }))).toBe('too_many_pixels');
    expect(await reasonOf(processPhoto(jpeg, { minWidth: 401 }))).toBe('too_small');
    expect(await reasonOf(processPhoto(jpeg, { minHeight: 301 }))).toBe('too_small');
    await expect(processPhoto(jpeg, { maxBytes: jpeg.length, maxPixels: 400 * 300, minWidth: 400, minHeight: 300 })).resolves.toBeDefined();
  });

  it('bounds decompression bombs by the default 40 MP limit', async () => {
    // 8000×6000 = 48 MP of one colour compresses to a small PNG.
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(8 * 1024 * 1024);
    expect(await reasonOf(processPhoto(bomb))).toBe('too_many_pixels');
  });

  it('has a readable sentence per reason in every language', () => {
    for (const lang of ['zh-CN', 'zh-HK', 'en'] as const) {
      for (const reason of ['format', 'too_large', 'too_many_pixels', 'too_small', 'unreadable'] as const) {
        const text = photoReasonText(lang, reason, { maxMegabytes: 8, maxMegapixels: 40, minWidth: 358, minHeight: 441 });
        expect(text).not.toContain('photo.reason');
        expect(text).not.toContain('{{');
      }
    }
    expect(photoReasonText('en', 'too_large', { maxMegabytes: 8 })).toContain('at most 8 MB');
  });
});

describe('photo_invalid problem documents', () => {
  let app: FastifyInstance;
  let database: Database;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiaoguan-test-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }, { inMemoryDb: true });
    database = await createTestDatabase();
    app = await buildApp({ config, database, migrate: false, startWorkers: false, logger: false });
    app.post('/test/photo', async (request) => {
      const out = await app.ctx.images.processPhoto(request.body as Buffer, { maxBytes: 2000 });
      return { width: out.width };
    });
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('explains what to fix in the request language', async () => {
    const big = await gradient(400, 300).png().toBuffer();
    const send = (payload: Buffer, lang: string) =>
      app.inject({ method: 'POST', url: '/test/photo', payload, headers: { 'content-type': 'application/octet-stream', 'accept-language': lang } });
    let res = await send(Buffer.from('not an image at all'), 'zh-CN');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'photo_invalid', title: '照片不符合要求', detail: '请上传 JPG、PNG 或 WebP 格式的照片。', reason: 'format', field: 'photo' });
    res = await send(Buffer.from('not an image at all'), 'zh-HK');
    expect(res.json().detail).toBe('請上載 JPG、PNG 或 WebP 格式的相片。');
    res = await send(big, 'en');
    expect(res.json()).toMatchObject({ reason: 'too_large', title: 'Photo not accepted' });
    expect(res.json().detail).toBe('The photo file is too large. Please upload one of at most 0 MB.'.replace('0 MB', `${Math.round((2000 / 1024 / 1024) * 10) / 10} MB`));
  });
});
