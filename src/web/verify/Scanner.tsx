import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser';
import { cameraAvailability, cameraProblemOf, type CameraProblem } from './camera.ts';

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
  // Kept in refs so a parent re-render does not restart the camera.
  const handlers = useRef({ onCode, onProblem });
  handlers.current = { onCode, onProblem };

  useEffect(() => {
    const onVisibility = () => setHidden(document.visibilityState === 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);

  useEffect(() => {
    if (hidden || !video.current) return;
    const unavailable = cameraAvailability();
    if (unavailable) {
      handlers.current.onProblem(unavailable);
      return;
    }
    let done = false;
    let controls: IScannerControls | undefined;
    const stop = () => {
      done = true;
      controls?.stop();
      setPlaying(false);
    };
    const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150 });
    reader
      .decodeFromConstraints({ video: { facingMode: 'environment' } }, video.current, (result, _error, c) => {
        if (!result || done) return;
        done = true;
        c.stop();
        handlers.current.onCode(result.getText());
      })
      .then((c) => {
        controls = c;
        // Closed (or a code read) while the camera was still opening.
        if (done) c.stop();
        else setPlaying(true);
      })
      .catch((e: unknown) => {
        if (!done) handlers.current.onProblem(cameraProblemOf(e));
      });
    return stop;
  }, [hidden]);

  return (
    <section className="vf-scanner" aria-label={t('scan.start')}>
      <div className="vf-viewfinder">
        <video ref={video} className="vf-video" muted playsInline aria-label={t('scan.videoLabel')} />
        <div className="vf-frame" aria-hidden="true" />
        {!playing && <p className="vf-viewfinder-note">{hidden ? t('scan.paused') : t('scan.starting')}</p>}
      </div>
      <p className="vf-hint">{t('scan.hint')}</p>
      <Button block size="large" onClick={onCancel}>
        {t('scan.cancel')}
      </Button>
    </section>
  );
}
