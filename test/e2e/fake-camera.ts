import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import sharp from 'sharp';

/**
 * Writes a video Chromium can play as its camera (`--use-fake-device-for-media-stream
 * --use-file-for-fake-video-capture=<path>`): an MJPEG file, i.e. JPEG frames one after the
 * other, each showing `text` as a QR code on a grey desk the way a phone screen is held up to
 * a rear camera. Chromium loops the file, so a few frames are enough; they differ slightly
 * (the code drifts by a few pixels) so the decoder sees a live picture, not one still.
 */
export async function writeQrVideo(text: string, path: string, opts: { width?: number; height?: number; frames?: number } = {}): Promise<void> {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const frames = opts.frames ?? 10;
  // Error correction M, as the citizen app draws it; a quiet zone of 4 modules.
  const qr = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, width: Math.round(height * 0.8), color: { dark: '#000000', light: '#ffffff' } });
  const size = (await sharp(qr).metadata()).width ?? Math.round(height * 0.8);
  const parts: Buffer[] = [];
  for (let i = 0; i < frames; i++) {
    const dx = Math.round(Math.sin((i / frames) * 2 * Math.PI) * 4);
    const frame = await sharp({ create: { width, height, channels: 3, background: { r: 92, g: 96, b: 104 } } })
      .composite([{ input: qr, left: Math.round((width - size) / 2) + dx, top: Math.round((height - size) / 2) }])
      .jpeg({ quality: 90, chromaSubsampling: '4:2:0' })
      .toBuffer();
    parts.push(frame);
  }
  await writeFile(path, Buffer.concat(parts));
}
