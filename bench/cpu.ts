/**
 * Where the machine's CPU time went during a window, from /proc (Linux): per-process
 * utime+stime (all threads of a process are summed in /proc/<pid>/stat) and the machine
 * total from /proc/stat. Both count in USER_HZ ticks, so shares need no conversion.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcSample {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime of the process itself, in ticks. */
  ticks: number;
  /** Start time since boot, in ticks: tells a reused pid from the original. */
  start: number;
}

export interface Snapshot {
  at: number;
  procs: Map<number, ProcSample>;
  /** Machine total over all cores, in ticks, and the idle part of it (idle + iowait). */
  total: number;
  idle: number;
}

export const procAvailable = (() => {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    readFileSync('/proc/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

export function readProc(pid: number): ProcSample | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm may hold spaces and parentheses: the fields after it start after the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state): field n is f[n - 3].
  return { pid, ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]), start: Number(f[19]) };
}

function machineTicks(): { total: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // cpu user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: v.reduce((a, b) => a + b, 0), idle: v[3]! + v[4]! };
}

export function snapshot(): Snapshot {
  const procs = new Map<number, ProcSample>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) procs.set(p.pid, p);
  }
  return { at: performance.now(), procs, ...machineTicks() };
}

/** `root` and every process below it in `snap`. */
export function descendants(snap: Snapshot, root: number): Set<number> {
  const out = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of snap.procs.values()) {
      if (!out.has(p.pid) && out.has(p.ppid)) {
        out.add(p.pid);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * CPU ticks the processes `pids` spent between two snapshots. A process born during the
 * window counts whole; one that died during it is lost (sample while everything lives).
 */
export function ticksBetween(a: Snapshot, b: Snapshot, pids: Iterable<number>): number {
  let sum = 0;
  for (const pid of pids) {
    const end = b.procs.get(pid);
    if (!end) continue;
    const begin = a.procs.get(pid);
    sum += end.ticks - (begin && begin.start === end.start ? begin.ticks : 0);
  }
  return sum;
}
