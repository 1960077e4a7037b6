/**
 * The server's one clock. With JIAOGUAN_NOW (dev/test) it starts at that instant and
 * runs on in real time, so rules, credentials, sessions, limits and jobs agree on "now".
 */
export interface Clock {
  now(): Date;
}

export function createClock(start?: Date): Clock {
  if (!start) return { now: () => new Date() };
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock tests can move by hand. */
export function createManualClock(start: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = d.getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
