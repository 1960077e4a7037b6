/**
 * The e-licence photo (REFERENCE.md §6): taken on the spot, or from the album when its EXIF
 * capture date is within 6 months; portrait, near the licence's 22×32 mm shape; bright and
 * sharp enough for a reviewer and a roadside officer to recognise the holder. It is stored
 * re-encoded to the reported licence photo spec, 260×378 px JPEG, with no metadata.
 *
 * Quality thresholds were calibrated on generated portraits (`testing.ts`, the same images
 * the tests use): a flat head-and-shoulders drawing on white, 780×1134 px — the hardest
 * case for a sharpness measure, since a real photo adds skin and hair texture. Measured at
 * the stored 260×378 size, so the numbers do not depend on the upload's resolution:
 *
 * | image (780×1134 unless noted)               | mean luminance | sharpness |
 * | ------------------------------------------- | -------------- | --------- |
 * | clear portrait (also 260×378, 1080×1600)    | 191–193        | 199–226   |
 * | Gaussian blur σ = 1 / 2                     | 191            | 183 / 106 |
 * | Gaussian blur σ = 3 / 6                     | 191            | 42 / 8    |
 * | brightness × 0.5 (dim room)                 | 95             | 87        |
 * | brightness × 0.35 / × 0.25 (dark)           | 67 / 47        | 46 / 22   |
 *
 * Sharpness is the variance of a 3×3 Laplacian. Under 60 is refused as blurry (σ ≥ 3 at 3×
 * the stored size: features smear at licence size), passing the clear and slightly soft
 * photos with room; a mean luminance under 70 of 255 is refused as too dark, which lets a
 * dim but readable photo through. Darkness is checked first: a dark photo also measures soft.
 */
import sharp from 'sharp';
import type { AppContext } from '../../context.ts';
import type { Language } from '../../../i18n/languages.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { Problem } from '../../platform/problems.ts';
import { translator } from '../../platform/i18n.ts';
import type { PhotoSource } from './tables.ts';

/** The licence photo spec the stored photo is re-encoded to (22×32 mm at ≈ 300 dpi). */
export const LICENCE_PHOTO_SPEC = { width: 260, height: 378, quality: 90 } as const;
export const ELICENCE_UPLOAD_LIMITS = { maxBytes: 8 * 1024 * 1024, minWidth: LICENCE_PHOTO_SPEC.width, minHeight: LICENCE_PHOTO_SPEC.height } as const;
/**
 * Height ÷ width accepted and cropped to 32:22 (≈ 1.455): from a 5:6 phone crop to a tall
 * 9:16 frame. Outside this, cropping would cut off the head or the shoulders.
 */
export const ASPECT_RANGE = { min: 1.2, max: 1.8 } as const;
export const MIN_MEAN_LUMINANCE = 70;
export const MIN_SHARPNESS = 60;
/** An album photo must be this recent (REFERENCE.md §6). */
export const MAX_PHOTO_AGE_MONTHS = 6;
/** EXIF clocks of phones drift; a capture date a day ahead is still believable. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

export type ElicencePhotoRejection = 'no_capture_date' | 'capture_date_future' | 'too_old' | 'not_portrait' | 'aspect' | 'too_dark' | 'too_blurry';

export interface LicencePhoto {
  jpeg: Buffer;
  takenAt?: Date;
  meanLuminance: number;
  sharpness: number;
}

/** `date` minus `months` calendar months (day clamped to the month's end). */
export function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export function monthsAfter(date: Date, months: number): Date {
  return monthsBefore(date, -months);
}

function refused(lang: Language, reason: ElicencePhotoRejection, params: Record<string, unknown> = {}): Problem {
  return new Problem('photo_invalid', {
    field: 'photo',
    params: { reason, ...params },
    // The platform's photo_invalid text knows only its own reasons; ours say what to fix here.
    extra: { reason, detail: translator(lang)(`elicence:photo.${reason}`, params) },
  });
}

/** Mean luminance (0–255) and Laplacian variance of an image, measured at the licence photo size. */
export async function photoQuality(image: Buffer): Promise<{ meanLuminance: number; sharpness: number }> {
  const grey = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  const input = { raw: { width: grey.info.width, height: grey.info.height, channels: 1 as const } };
  const { channels } = await sharp(grey.data, input).stats();
  // Offset 128 keeps the Laplacian's negative half; the spread around it is what we measure.
  const laplacian = await sharp(grey.data, input)
    .convolve({ width: 3, height: 3, kernel: [0, 1, 0, 1, -4, 1, 0, 1, 0], scale: 1, offset: 128 })
    .raw()
    .toBuffer();
  const lap = await sharp(laplacian, input).stats();
  const stdev = lap.channels[0]!.stdev;
  return { meanLuminance: channels[0]!.mean, sharpness: stdev * stdev };
}

/**
 * Checks an uploaded e-licence photo and returns it at the licence photo spec. Refusals are
 * `photo_invalid` problems whose detail says what to do (in `lang`).
 */
export async function prepareLicencePhoto(ctx: AppContext, data: Buffer, source: PhotoSource, lang: Language): Promise<LicencePhoto> {
  // Format, size and minimum dimensions: the platform's checks and texts.
  const processed = await ctx.images.processPhoto(data, ELICENCE_UPLOAD_LIMITS);
  const now = ctx.clock.now();
  const oldest = monthsBefore(now, MAX_PHOTO_AGE_MONTHS);
  const { takenAt } = processed;
  if (takenAt && takenAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw refused(lang, 'capture_date_future');
  if (source === 'album' && !takenAt) throw refused(lang, 'no_capture_date');
  // A camera capture is taken now; an old capture date means it came from somewhere else.
  if (takenAt && takenAt < oldest) throw refused(lang, 'too_old', { takenOn: shanghaiDate(takenAt), months: MAX_PHOTO_AGE_MONTHS });

  const ratio = processed.height / processed.width;
  if (ratio <= 1) throw refused(lang, 'not_portrait');
  if (ratio < ASPECT_RANGE.min || ratio > ASPECT_RANGE.max) throw refused(lang, 'aspect');

  const jpeg = await sharp(processed.jpeg)
    .resize(LICENCE_PHOTO_SPEC.width, LICENCE_PHOTO_SPEC.height, { fit: 'cover', position: 'centre' })
    .jpeg({ quality: LICENCE_PHOTO_SPEC.quality, mozjpeg: true })
    .toBuffer();
  const quality = await photoQuality(jpeg);
  if (quality.meanLuminance < MIN_MEAN_LUMINANCE) throw refused(lang, 'too_dark');
  if (quality.sharpness < MIN_SHARPNESS) throw refused(lang, 'too_blurry');
  return { jpeg, ...(takenAt ? { takenAt } : {}), ...quality };
}
