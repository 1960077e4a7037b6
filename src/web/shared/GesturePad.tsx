import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { appendDot, dotAt, dotCenter, GESTURE_DOTS, type Point } from './gesture.ts';
import './gesture-pad.css';

export interface GesturePadLabels {
  /** Accessible name of the whole pad (what to do). */
  pad: string;
  /** Accessible name of one dot, numbered 1–9 for people (the pattern itself uses 0–8). */
  dot: (humanNumber: number) => string;
  done: string;
  clear: string;
}

export interface GesturePadProps {
  labels: GesturePadLabels;
  /** Called with the dots (0–8) when a drawing ends or Done is pressed. */
  onComplete: (pattern: number[]) => void;
  /** `error` draws the last pattern red and shakes the pad; change `feedbackKey` to shake again. */
  status?: 'idle' | 'error' | 'success';
  feedbackKey?: number;
  disabled?: boolean;
  /** Side of the square pad in CSS pixels. */
  size?: number;
}

const VIEW = 300;

/**
 * A 3×3 pattern pad. Drawing: pointer events (touch, pen and mouse) with the line following
 * the finger; the pattern is emitted on release. Tapping: a press that stays on one dot adds
 * that dot, and Done emits the tapped sequence — this is also what keyboards and assistive
 * technology use, since every dot is a real button with its own label.
 */
export function GesturePad({ labels, onComplete, status = 'idle', feedbackKey = 0, disabled, size = 288 }: GesturePadProps) {
  const areaRef = useRef<HTMLDivElement>(null);
  const drawing = useRef<number[] | null>(null);
  const [stroke, setStroke] = useState<number[]>([]);
  const [tapped, setTapped] = useState<number[]>([]);
  const [finger, setFinger] = useState<Point | null>(null);
  const [shown, setShown] = useState<number[]>([]);
  const [shaking, setShaking] = useState(false);

  // The last emitted pattern stays visible (red on error) until the user starts again.
  useEffect(() => {
    if (status !== 'error') return;
    setShaking(true);
    const t = setTimeout(() => setShaking(false), 450);
    return () => clearTimeout(t);
  }, [status, feedbackKey]);

  const toView = useCallback((e: ReactPointerEvent): Point => {
    const rect = areaRef.current!.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * VIEW, y: ((e.clientY - rect.top) / rect.height) * VIEW };
  }, []);

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (disabled || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    areaRef.current?.setPointerCapture?.(e.pointerId);
    const p = toView(e);
    const dot = dotAt(p, VIEW);
    drawing.current = dot === null ? [] : [dot];
    setStroke(drawing.current);
    setShown([]);
    setFinger(p);
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drawing.current) return;
    const p = toView(e);
    const dot = dotAt(p, VIEW);
    if (dot !== null && !drawing.current.includes(dot)) {
      drawing.current = appendDot(drawing.current, dot);
      setStroke(drawing.current);
    }
    setFinger(p);
  };

  const finishPointer = () => {
    const drawn = drawing.current;
    drawing.current = null;
    setFinger(null);
    setStroke([]);
    if (!drawn || drawn.length === 0) return;
    if (drawn.length === 1) {
      // A press that never left its dot is a tap: collect it for Done.
      setTapped((t) => appendDot(t, drawn[0]!));
      return;
    }
    setTapped([]);
    setShown(drawn);
    onComplete(drawn);
  };

  const onDotClick = (dot: number, detail: number) => {
    // Pointer taps already went through the pointer handlers; only keyboard and assistive
    // technology activations (detail 0) arrive here alone.
    if (disabled || detail !== 0) return;
    setShown([]);
    setTapped((t) => appendDot(t, dot));
  };

  const submitTapped = () => {
    if (tapped.length === 0) return;
    const pattern = tapped;
    setTapped([]);
    setShown(pattern);
    onComplete(pattern);
  };

  const active = stroke.length > 0 ? stroke : tapped.length > 0 ? tapped : shown;
  const linePoints = active.map((d) => dotCenter(d, VIEW));
  if (stroke.length > 0 && finger) linePoints.push(finger);
  const tone = active === shown && status === 'error' ? 'error' : active === shown && status === 'success' ? 'success' : 'active';

  return (
    <div className="jg-gesture" style={{ width: size }}>
      <div
        ref={areaRef}
        role="group"
        aria-label={labels.pad}
        className={`jg-gesture__area jg-gesture--${tone}${shaking ? ' jg-gesture--shake' : ''}`}
        style={{ width: size, height: size }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={finishPointer}
        onPointerCancel={finishPointer}
      >
        <svg className="jg-gesture__lines" viewBox={`0 0 ${VIEW} ${VIEW}`} aria-hidden="true">
          {linePoints.length > 1 && <polyline points={linePoints.map((p) => `${p.x},${p.y}`).join(' ')} />}
        </svg>
        {Array.from({ length: GESTURE_DOTS }, (_, dot) => {
          const c = dotCenter(dot, 100);
          const on = active.includes(dot);
          return (
            <button
              key={dot}
              type="button"
              className={`jg-gesture__dot${on ? ' jg-gesture__dot--on' : ''}`}
              style={{ left: `${c.x}%`, top: `${c.y}%` }}
              aria-label={labels.dot(dot + 1)}
              aria-pressed={on}
              disabled={disabled}
              onClick={(e) => onDotClick(dot, e.detail)}
            >
              <span aria-hidden="true" />
            </button>
          );
        })}
      </div>
      <div className="jg-gesture__actions">
        <button type="button" className="jg-gesture__action" onClick={() => { setTapped([]); setShown([]); }} disabled={disabled || (tapped.length === 0 && shown.length === 0)}>
          {labels.clear}
        </button>
        <button type="button" className="jg-gesture__action jg-gesture__action--primary" onClick={submitTapped} disabled={disabled || tapped.length === 0}>
          {labels.done}
        </button>
      </div>
    </div>
  );
}
