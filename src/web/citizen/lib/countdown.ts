import { useEffect, useState } from 'react';

/**
 * Seconds left until `until` (an epoch-ms deadline), ticking once a second. Counting from a
 * deadline rather than decrementing keeps the count right when the tab sleeps in background.
 */
export function secondsLeft(until: number | null, now: number): number {
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const id = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= until) {
        setUntil(null);
        clearInterval(id);
      }
    }, 1000);
    return () => clearInterval(id);
  }, [until]);
  const start = (seconds: number) => {
    const n = Date.now();
    setNow(n);
    setUntil(n + seconds * 1000);
  };
  return [secondsLeft(until, now), start];
}
