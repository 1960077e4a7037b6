import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';

/**
 * Frame sizes the scanner decodes at, relative to the camera frame (capped at
 * MAX_DECODE_SIDE), one per attempt in turn. ZXing's JavaScript QR detector fails on some
 * codes at some module sizes, every time: a credential that happens to fall there is never
 * read from a still picture at one size (a phone held still, or a test's fake camera), yet it
 * is read at another. Measured on 25 real-length credentials (version 16–19): a single size
 * read 0–92 % of them depending on the geometry, these four sizes in turn read 84–100 %.
 */
export const DECODE_SCALES = [1, 0.8, 0.65, 0.5] as const;

/** Larger frames cost more than they help: a code filling a 1280-pixel frame has ~10 pixels per module. */
export const MAX_DECODE_SIDE = 1280;

/** A decoder needs at least this many pixels per side; smaller means the video has no picture yet. */
const MIN_DECODE_SIDE = 64;

/** The size to draw the `attempt`-th frame at, or null while the video has no frame size yet. */
export function decodeSize(videoWidth: number, videoHeight: number, attempt: number): { width: number; height: number } | null {
  if (!(videoWidth > 0 && videoHeight > 0)) return null;
  const cap = Math.min(1, MAX_DECODE_SIDE / Math.max(videoWidth, videoHeight));
  const scale = cap * DECODE_SCALES[attempt % DECODE_SCALES.length]!;
  const width = Math.round(videoWidth * scale);
  const height = Math.round(videoHeight * scale);
  if (width < MIN_DECODE_SIDE || height < MIN_DECODE_SIDE) return null;
  return { width, height };
}

/** Grey levels of RGBA pixels (canvas ImageData), with ITU-R BT.601 weights as ZXing uses. */
export function luminanceOf(rgba: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; j < out.length; i += 4, j++) {
    out[j] = (306 * rgba[i]! + 601 * rgba[i + 1]! + 117 * rgba[i + 2]! + 0x200) >> 10;
  }
  return out;
}

/**
 * Reads one QR code from grey levels, or null. Never throws: besides "not found" and
 * checksum errors, ZXing throws assorted other errors on odd pictures (half-drawn frames,
 * patterns at the border), and a scanner that stopped at one of those would sit there
 * filming without ever reading anything.
 */
export function decodeLuminance(reader: QRCodeReader, grey: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(grey, width, height)));
    return reader.decode(bitmap).getText();
  } catch {
    return null;
  } finally {
    reader.reset();
  }
}

export { QRCodeReader };
