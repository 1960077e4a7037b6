import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { cameraAvailability, cameraProblemOf, type CameraProblem } from './camera.ts';
import { decodeLuminance, decodePass, luminanceOf, QRCodeReader } from './qr-decoder.ts';

/** Pause between decode attempts; a slow phone waits at least as long as an attempt took, so it keeps a responsive page. */
const SCAN_INTERVAL_MS = 120;
/** After this long without a read, suggest moving the phone: a still picture at one distance may not read at all. */
const SLOW_HINT_MS = 8000;

/**
 * The rear camera's live picture with a frame to aim at; decodes continuously and hands over
 * the first QR text it reads. The camera is released as soon as a code is read, the scanner
 * closes, or the page goes to the background (a phone left on a desk must not keep filming).
 */
export function Scanner({ onCode, onProblem, onCancel }: { onCode: (text: string) => void; onProblem: (p: CameraProblem) => void; onCancel: () => void }) {
  const { t } = useTranslation('verify');
  const video = useRef<HTMLVideoElement>(null);
  const [hidden, setHidden] = useState(() => document.visibilityState === 'hidden');
  const [playing, setPlaying] = useState(false);
  const [slow, setSlow] = useState(false);
  // Kept in refs so a parent re-render does not restart the camera.
  const handlers = useRef({ onCode, onProblem });
  handlers.current = { onCode, onProblem };

  useEffect(() => {
    const onVisibility = () => setHidden(document.visibilityState === 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);

  useEffect(() => {
    const el = video.current;
    if (hidden || !el) return;
    const unavailable = cameraAvailability();
    if (unavailable) {
      handlers.current.onProblem(unavailable);
      return;
    }
    let done = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const reader = new QRCodeReader();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const slowTimer = setTimeout(() => setSlow(true), SLOW_HINT_MS);

    const release = () => {
      stream?.getTracks().forEach((track) => track.stop());
      stream = undefined;
      el.srcObject = null;
    };
    const onPlaying = () => setPlaying(true);
    el.addEventListener('playing', onPlaying);

    /** The text of the current frame at this attempt's size, or null (no picture yet, no code, or unreadable). */
    const readFrame = (): string | null => {
      if (!context || el.readyState < el.HAVE_CURRENT_DATA) return null;
      // Asked every time: the frame size changes when the phone turns or the camera adapts.
      const pass = decodePass(el.videoWidth, el.videoHeight, attempt++);
      if (!pass) return null;
      const { width, height } = pass;
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      try {
        context.drawImage(el, 0, 0, width, height);
        const pixels = context.getImageData(0, 0, width, height);
        return decodeLuminance(reader, luminanceOf(pixels.data, width, height), width, height, pass.binarizer);
      } catch {
        // A frame that cannot be drawn (the track just ended or changed): the next one may.
        return null;
      }
    };

    const tick = () => {
      if (done) return;
      const started = performance.now();
      const text = readFrame();
      if (text !== null && !done) {
        done = true;
        release();
        handlers.current.onCode(text);
        return;
      }
      timer = setTimeout(tick, Math.max(SCAN_INTERVAL_MS, performance.now() - started));
    };

    navigator.mediaDevices
      // A larger picture than the 640×480 browsers default to: a credential's QR has ~80 modules a side.
      .getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then((s) => {
        if (done) {
          s.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = s;
        el.srcObject = s;
        // Muted inline video may play by itself; when play() is refused or interrupted the
        // element still starts on autoplay, and the loop simply waits for a frame.
        el.play().catch(() => {});
        tick();
      })
      .catch((e: unknown) => {
        if (!done) handlers.current.onProblem(cameraProblemOf(e));
      });

    return () => {
      done = true;
      clearTimeout(timer);
      clearTimeout(slowTimer);
      el.removeEventListener('playing', onPlaying);
      release();
      setPlaying(false);
      setSlow(false);
    };
  }, [hidden]);

  return (
    <section className="vf-scanner" aria-label={t('scan.start')}>
      <div className="vf-viewfinder">
        <video ref={video} className="vf-video" autoPlay muted playsInline aria-label={t('scan.videoLabel')} />
        <div className="vf-frame" aria-hidden="true" />
        {!playing && <p className="vf-viewfinder-note">{hidden ? t('scan.paused') : t('scan.starting')}</p>}
      </div>
      <p className="vf-hint" aria-live="polite">
        {slow && playing ? t('scan.slow') : t('scan.hint')}
      </p>
      <Button block size="large" onClick={onCancel}>
        {t('scan.cancel')}
      </Button>
    </section>
  );
}
