/**
 * Generated portraits for e-licence tests and the benchmark: a head-and-shoulders drawing on
 * a white background, optionally blurred, darkened and stamped with an EXIF capture date.
 * Test-only; never imported by the app.
 */
import sharp from 'sharp';

export interface PortraitOptions {
  width?: number;
  height?: number;
  /** Gaussian blur sigma at the generated size. */
  blur?: number;
  /** Multiplies every pixel's brightness (0.25 = badly underexposed). */
  brightness?: number;
  /** EXIF DateTimeOriginal, camera local time "YYYY:MM:DD HH:MM:SS". */
  exifDate?: string;
  format?: 'jpeg' | 'png';
}

function portraitSvg(w: number, h: number): string {
  const cx = w / 2;
  const u = w / 260;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
  <rect width="100%" height="100%" fill="#ffffff"/>
  <path d="M ${cx - 120 * u} ${h} C ${cx - 115 * u} ${h - 90 * u}, ${cx - 60 * u} ${h - 110 * u}, ${cx} ${h - 112 * u} C ${cx + 60 * u} ${h - 110 * u}, ${cx + 115 * u} ${h - 90 * u}, ${cx + 120 * u} ${h} Z" fill="#1f2a44"/>
  <path d="M ${cx - 14 * u} ${h - 112 * u} L ${cx} ${h - 70 * u} L ${cx + 14 * u} ${h - 112 * u} Z" fill="#f4f4f4"/>
  <rect x="${cx - 22 * u}" y="${h - 160 * u}" width="${44 * u}" height="${52 * u}" fill="#e0b48f"/>
  <ellipse cx="${cx}" cy="${h * 0.42}" rx="${62 * u}" ry="${80 * u}" fill="#eac09a"/>
  <path d="M ${cx - 66 * u} ${h * 0.40} C ${cx - 70 * u} ${h * 0.18}, ${cx + 70 * u} ${h * 0.18}, ${cx + 66 * u} ${h * 0.40} C ${cx + 50 * u} ${h * 0.30}, ${cx - 50 * u} ${h * 0.30}, ${cx - 66 * u} ${h * 0.40} Z" fill="#1a1a1a"/>
  <ellipse cx="${cx - 24 * u}" cy="${h * 0.42}" rx="${9 * u}" ry="${5 * u}" fill="#2b1d14"/>
  <ellipse cx="${cx + 24 * u}" cy="${h * 0.42}" rx="${9 * u}" ry="${5 * u}" fill="#2b1d14"/>
  <path d="M ${cx - 36 * u} ${h * 0.395} L ${cx - 12 * u} ${h * 0.39}" stroke="#1a1a1a" stroke-width="${3 * u}"/>
  <path d="M ${cx + 12 * u} ${h * 0.39} L ${cx + 36 * u} ${h * 0.395}" stroke="#1a1a1a" stroke-width="${3 * u}"/>
  <path d="M ${cx} ${h * 0.44} L ${cx - 6 * u} ${h * 0.49} L ${cx + 4 * u} ${h * 0.495}" stroke="#b07f5a" stroke-width="${2 * u}" fill="none"/>
  <path d="M ${cx - 18 * u} ${h * 0.53} Q ${cx} ${h * 0.55} ${cx + 18 * u} ${h * 0.53}" stroke="#a0522d" stroke-width="${3 * u}" fill="none"/>
</svg>`;
}

/** A portrait photo; 780×1134 (3× the licence spec) unless sized otherwise. */
export async function portraitPhoto(opts: PortraitOptions = {}): Promise<Buffer> {
  const width = opts.width ?? 780;
  const height = opts.height ?? 1134;
  let img = sharp(Buffer.from(portraitSvg(width, height))).flatten({ background: '#ffffff' });
  if (opts.blur) img = sharp(await img.png().toBuffer()).blur(opts.blur);
  if (opts.brightness !== undefined) img = sharp(await img.png().toBuffer()).linear(opts.brightness, 0);
  if (opts.exifDate) img = img.withExif({ IFD0: { Make: 'TestCam' }, IFD2: { DateTimeOriginal: opts.exifDate } });
  return opts.format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 88 }).toBuffer();
}
