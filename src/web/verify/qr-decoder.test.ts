import QRCode from 'qrcode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DECODE_PASSES, decodeLuminance, decodePass, luminanceOf, MAX_DECODE_SIDE, QRCodeReader } from './qr-decoder.ts';

/** Text shaped like a credential (three base64url parts, ~570 characters), the same for a seed on every run. */
function credentialLike(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let x = seed * 2654435761;
  const part = (n: number) =>
    Array.from({ length: n }, () => {
      x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x6d2b79f5) | 0;
      return alphabet[(x >>> 7) & 63];
    }).join('');
  return `${part(70)}.${part(410)}.${part(86)}`;
}

/**
 * A still camera picture of `text`: a 640×480 frame, the code (error correction M, 4-module
 * quiet zone) 384 pixels wide on a grey desk, through JPEG — the picture the e-licence journey
 * fed Chromium's fake camera when it failed.
 */
async function stillFrame(text: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, width: 384 });
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 92, g: 96, b: 104 } } })
    .composite([{ input: qr, left: 128, top: 48 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** What the scanner's canvas holds at one attempt: the frame drawn at that pass's size, in grey. */
async function passOver(frame: Buffer, attempt: number) {
  const pass = decodePass(640, 480, attempt)!;
  const { data } = await sharp(frame).resize(pass.width, pass.height, { kernel: 'linear', fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { grey: luminanceOf(new Uint8ClampedArray(data), pass.width, pass.height), ...pass };
}

describe('decodePass', () => {
  it('waits for a frame size, then cycles through different passes', () => {
    expect(decodePass(0, 0, 0)).toBeNull();
    expect(decodePass(640, Number.NaN, 0)).toBeNull();
    expect(decodePass(640, 480, 0)).toEqual({ width: 640, height: 480, binarizer: 'hybrid' });
    expect(decodePass(640, 480, 2)).toEqual({ width: 320, height: 240, binarizer: 'hybrid' });
    expect(decodePass(640, 480, DECODE_PASSES.length)).toEqual(decodePass(640, 480, 0));
    const passes = DECODE_PASSES.map((_, i) => JSON.stringify(decodePass(640, 480, i)));
    expect(new Set(passes).size).toBe(DECODE_PASSES.length);
  });

  it('caps large frames and skips sizes too small to hold a code', () => {
    expect(decodePass(1920, 1080, 0)).toMatchObject({ width: MAX_DECODE_SIDE, height: 720 });
    expect(decodePass(100, 100, 0)).toMatchObject({ width: 100, height: 100 });
    expect(decodePass(100, 100, 2)).toBeNull();
  });
});

describe('luminanceOf', () => {
  it('weighs red, green and blue as ZXing does', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
    expect([...luminanceOf(rgba, 4, 1)]).toEqual([255, 0, 150, 29]);
  });
});

describe('decodeLuminance', () => {
  it('returns null, never throws, on a picture without a code or with the wrong size', () => {
    const reader = new QRCodeReader();
    const noise = new Uint8ClampedArray(200 * 200).map((_, i) => ((i * 7919) % 251 > 125 ? 255 : 0));
    expect(decodeLuminance(reader, noise, 200, 200)).toBeNull();
    expect(decodeLuminance(reader, new Uint8ClampedArray(10), 200, 200)).toBeNull();
  });

  it('reads every credential-like code of a still picture within one cycle of passes, though not all in the first', async () => {
    const reader = new QRCodeReader();
    const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
    let readAtFullSize = 0;
    for (const seed of seeds) {
      const text = credentialLike(seed);
      const frame = await stillFrame(text);
      let readAt = -1;
      for (let attempt = 0; attempt < DECODE_PASSES.length && readAt < 0; attempt++) {
        const { grey, width, height, binarizer } = await passOver(frame, attempt);
        if (decodeLuminance(reader, grey, width, height, binarizer) === text) readAt = attempt;
      }
      expect(readAt, `credential-like code #${seed}`).toBeGreaterThanOrEqual(0);
      if (readAt === 0) readAtFullSize++;
    }
    // The reason for cycling: at the frame's own size some of these codes are never read.
    expect(readAtFullSize).toBeLessThan(seeds.length);
  });
});
