import sharp, { type Metadata } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import type { AppContext } from '../context.ts';
import type { Language } from '../../i18n/languages.ts';
import { translator } from './i18n.ts';
import { Problem } from './problems.ts';

export interface PhotoSpec {
  maxBytes?: number;
  maxPixels?: number;
  minWidth?: number;
  minHeight?: number;
  /** Crop-to-fill to exactly this size (sharp `fit: cover`). */
  resize?: { width: number; height: number };
}

export interface ProcessedPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
  /** EXIF DateTimeOriginal, read before the metadata is stripped. */
  takenAt?: Date;
}

export interface ImagesService {
  processPhoto(data: Buffer, spec?: PhotoSpec): Promise<ProcessedPhoto>;
}

declare module '../context.ts' {
  interface AppContext {
    images: ImagesService;
  }
}

export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_PIXELS = 40_000_000;
export const JPEG_QUALITY = 85;

/** Why a photo was refused; each has a sentence in `platform:photo.reason.<reason>`. */
export type PhotoRejection = 'format' | 'too_large' | 'too_many_pixels' | 'too_small' | 'unreadable';

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);

function rejected(reason: PhotoRejection, params: Record<string, unknown> = {}, cause?: unknown): Problem {
  return new Problem('photo_invalid', { status: 422, field: 'photo', params: { reason, ...params }, extra: { reason }, cause });
}

/** The readable sentence for one rejection reason, for callers that build their own text. */
export function photoReasonText(lang: Language, reason: PhotoRejection, params: Record<string, unknown> = {}): string {
  return translator(lang)(`platform:photo.reason.${reason}`, params);
}

// --- EXIF -------------------------------------------------------------------------------

const TAG_EXIF_IFD = 0x8769;
const TAG_DATETIME_ORIGINAL = 0x9003;
const TAG_OFFSET_TIME_ORIGINAL = 0x9011;
const TYPE_ASCII = 2;
const TYPE_LONG = 4;

/**
 * Reads DateTimeOriginal (and OffsetTimeOriginal when present) from an EXIF block as sharp
 * returns it (`metadata().exif`: optional "Exif\0\0" then a TIFF structure). Without an
 * offset the camera's local time is taken as China Standard Time (UTC+8), the time zone
 * this service's photos are taken in. Returns undefined for anything absent or malformed —
 * a missing capture date is ordinary, never an error.
 */
export function readExifDateTimeOriginal(exif: Buffer | undefined): Date | undefined {
  if (!exif || exif.length < 14) return undefined;
  let tiff = 0;
  if (exif.subarray(0, 6).toString('latin1') === 'Exif\0\0') tiff = 6;
  const order = exif.subarray(tiff, tiff + 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const inBounds = (offset: number, length: number) => offset >= tiff && offset + length <= exif.length;
  const u16 = (o: number) => (inBounds(o, 2) ? (le ? exif.readUInt16LE(o) : exif.readUInt16BE(o)) : undefined);
  const u32 = (o: number) => (inBounds(o, 4) ? (le ? exif.readUInt32LE(o) : exif.readUInt32BE(o)) : undefined);
  if (u16(tiff + 2) !== 42) return undefined;

  /** The entries of the IFD at `offset` (relative to the TIFF header), as tag → entry position. */
  const readIfd = (offset: number | undefined) => {
    const entries = new Map<number, number>();
    if (offset === undefined) return entries;
    const start = tiff + offset;
    const n = u16(start);
    if (n === undefined || n > 1000) return entries;
    for (let i = 0; i < n; i++) {
      const entry = start + 2 + i * 12;
      const tag = u16(entry);
      if (tag === undefined || !inBounds(entry, 12)) break;
      entries.set(tag, entry);
    }
    return entries;
  };
  const ascii = (entry: number | undefined) => {
    if (entry === undefined || u16(entry + 2) !== TYPE_ASCII) return undefined;
    const count = u32(entry + 4)!;
    const at = count <= 4 ? entry + 8 : tiff + u32(entry + 8)!;
    if (!inBounds(at, count) || count > 64) return undefined;
    return exif.subarray(at, at + count).toString('latin1').replace(/\0.*$/s, '').trim();
  };

  const ifd0 = readIfd(u32(tiff + 4));
  const exifPointer = ifd0.get(TAG_EXIF_IFD);
  if (exifPointer === undefined || u16(exifPointer + 2) !== TYPE_LONG) return undefined;
  const exifIfd = readIfd(u32(exifPointer + 8));
  const text = ascii(exifIfd.get(TAG_DATETIME_ORIGINAL));
  const m = text?.match(/^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/);
  if (!m) return undefined;
  const offsetText = ascii(exifIfd.get(TAG_OFFSET_TIME_ORIGINAL));
  const offset = offsetText && /^[+-]\d{2}:\d{2}$/.test(offsetText) ? offsetText : '+08:00';
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  // Rejects impossible values ("2026:13:45 …") that the Date parser turns into NaN.
  if (Number.isNaN(date.getTime()) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return undefined;
  return date;
}

// --- processing -------------------------------------------------------------------------

/**
 * Checks an uploaded photo and turns it into a clean JPEG: content sniffed (never trusted
 * from the name or header), size and pixel count bounded before decoding, orientation
 * applied, re-encoded without any metadata (EXIF carries GPS positions and device serials).
 */
export async function processPhoto(data: Buffer, spec: PhotoSpec = {}): Promise<ProcessedPhoto> {
  const maxBytes = spec.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPixels = spec.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (data.length > maxBytes) throw rejected('too_large', { maxMegabytes: Math.round((maxBytes / 1024 / 1024) * 10) / 10 });
  const type = await fileTypeFromBuffer(data);
  if (!type || !ACCEPTED.has(type.mime)) throw rejected('format');

  let meta: Metadata;
  try {
    // Reading the header decodes no pixels, so it runs unbounded; the count is checked below
    // and the decode itself is bounded by limitInputPixels.
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (e) {
    // HEIC is only accepted when this sharp build can decode it; otherwise it is a format we do not take.
    throw rejected(type.mime.startsWith('image/hei') ? 'format' : 'unreadable', {}, e);
  }
  if (!meta.width || !meta.height) throw rejected('unreadable');
  if (meta.width * meta.height > maxPixels) throw rejected('too_many_pixels', { maxMegapixels: Math.round(maxPixels / 1e6) });
  // EXIF orientations 5–8 are quarter turns: the photo as seen is the other way round.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  if ((spec.minWidth && width < spec.minWidth) || (spec.minHeight && height < spec.minHeight)) {
    throw rejected('too_small', { minWidth: spec.minWidth ?? 0, minHeight: spec.minHeight ?? 0 });
  }
  const takenAt = readExifDateTimeOriginal(meta.exif);

  try {
    let pipeline = sharp(data, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' });
    if (spec.resize) pipeline = pipeline.resize(spec.resize.width, spec.resize.height, { fit: 'cover', position: 'attention' });
    // No withMetadata(): sharp writes no EXIF, XMP or ICC unless asked.
    const { data: jpeg, info } = await pipeline.jpeg({ quality: JPEG_QUALITY, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    return { jpeg, width: info.width, height: info.height, ...(takenAt ? { takenAt } : {}) };
  } catch (e) {
    // A HEIC whose header parsed but whose HEVC data this sharp build cannot decode is a format we do not take.
    throw rejected(type.mime.startsWith('image/hei') ? 'format' : 'unreadable', {}, e);
  }
}

export function setupImages(ctx: AppContext): void {
  ctx.images = { processPhoto };
}
