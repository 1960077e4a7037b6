import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import sharp from 'sharp';

/**
 * Writes a video Chromium can play as its camera (`--use-fake-device-for-media-stream
 * --use-file-for-fake-video-capture=<path>`): an MJPEG file, i.e. JPEG frames one after the
 * other, showing `text` as a rear camera sees a phone held up to it. The code is drawn as the
 * citizen app draws it (error correction L, a 1-module margin) on the phone's white screen,
 * smoothly resampled as a lens would, on a grey desk. A hand is never still: the frames
 * differ in distance (size) and position by a few per cent, and Chromium loops them.
 *
 * The first version drew one still picture (error correction M, nearest-neighbour modules
 * of 3 or 4 pixels): a picture ZXing's detector reads or never reads depending on the
 * credential's content, which made the e-licence journey fail now and then.
 */
export async function writeQrVideo(
  text: string,
  path: string,
  opts: { width?: number; height?: number; frames?: number; codeFraction?: number } = {},
): Promise<void> {
  // The size the verifier asks its camera for.
  const width = opts.width ?? 1280;
  const height = opts.height ?? 720;
  const frames = opts.frames ?? 16;
  // How much of the frame's height the code takes (an arm's length from the lens).
  const codeFraction = opts.codeFraction ?? 0.6;
  const master = await QRCode.toBuffer(text, { errorCorrectionLevel: 'L', margin: 1, scale: 10, color: { dark: '#000000', light: '#ffffff' } });
  const parts: Buffer[] = [];
  for (let i = 0; i < frames; i++) {
    const phase = (i / frames) * 2 * Math.PI;
    // ±4 % in size, a few pixels of drift: the same code at slightly different distances.
    const size = Math.round(height * codeFraction * (1 + 0.04 * Math.sin(phase)));
    const screen = Math.round(size * 1.12);
    const code = await sharp(master).resize(size, size, { kernel: 'linear' }).toBuffer();
    const phone = await sharp({ create: { width: screen, height: screen, channels: 3, background: { r: 250, g: 250, b: 250 } } })
      .composite([{ input: code, left: Math.round((screen - size) / 2), top: Math.round((screen - size) / 2) }])
      .png()
      .toBuffer();
    const left = Math.round((width - screen) / 2 + 6 * Math.cos(phase));
    const top = Math.round((height - screen) / 2 + 4 * Math.sin(2 * phase));
    const frame = await sharp({ create: { width, height, channels: 3, background: { r: 92, g: 96, b: 104 } } })
      .composite([{ input: phone, left, top }])
      .jpeg({ quality: 88, chromaSubsampling: '4:2:0' })
      .toBuffer();
    parts.push(frame);
  }
  await writeFile(path, Buffer.concat(parts));
}

/** A camera pointed at the empty desk: what a scanner sees before the code is held up. */
export async function writeEmptyDeskVideo(path: string, opts: { width?: number; height?: number; frames?: number } = {}): Promise<void> {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 720;
  const parts: Buffer[] = [];
  for (let i = 0; i < (opts.frames ?? 4); i++) {
    // Slight changes of light from frame to frame, as a real sensor has.
    const grey = 92 + i * 2;
    parts.push(await sharp({ create: { width, height, channels: 3, background: { r: grey, g: grey + 4, b: grey + 12 } } }).jpeg({ quality: 88 }).toBuffer());
  }
  await writeFile(path, Buffer.concat(parts));
}
