import { useEffect, useRef, useState } from 'react';
import { toCanvas } from 'qrcode';

/** Black for a licence in order (state A), red otherwise, as on the official card. */
export const QR_COLOURS = { normal: '#000000', abnormal: '#d9001b' } as const;

/**
 * Draws the credential as a QR code on a canvas, at the screen's pixel density so that the
 * modules stay sharp for a scanner. Low error correction: a screen is not scratched, and
 * fewer modules scan faster.
 */
export function QrCanvas({ text, abnormal, size, label }: { text: string; abnormal: boolean; size: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const density = Math.min(3, Math.max(1, Math.round(window.devicePixelRatio || 1)));
    toCanvas(el, text, {
      errorCorrectionLevel: 'L',
      margin: 1,
      width: size * density,
      color: { dark: abnormal ? QR_COLOURS.abnormal : QR_COLOURS.normal, light: '#ffffff' },
    })
      .then(() => {
        // toCanvas sets the canvas's CSS size to its pixel size; show it at the layout size.
        el.style.width = `${size}px`;
        el.style.height = `${size}px`;
        setFailed(false);
      })
      .catch(() => setFailed(true));
  }, [text, abnormal, size]);
  return (
    <canvas
      ref={canvas}
      className="jg-elicence__qr"
      role="img"
      aria-label={label}
      data-colour={abnormal ? 'abnormal' : 'normal'}
      hidden={failed}
      style={{ width: size, height: size }}
    />
  );
}
