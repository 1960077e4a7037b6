/**
 * One raw registry line → what the importer does with it: skip it (blank), refuse it (with
 * the reason), or apply its validated record. Pure and free of I/O, so it runs the same in
 * the importer's thread or in its checking worker (line-checks.ts).
 */
import { LineError, validateRecord, type RegistryRecord } from './validate.ts';

/** Longest accepted line (a person with all their documents is well under 2 KiB). */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * `object`: the line held a JSON object (counted to tell an NDJSON file with bad records
 * from a file that is not NDJSON at all). Reasons are plain data so they cross to and from
 * a worker thread.
 */
export type LineOutcome =
  | { line: number; blank: true }
  | { line: number; object: boolean; reason: { code: string; params: Record<string, string | number> } }
  | { line: number; object: true; record: RegistryRecord };

const refused = (line: number, object: boolean, e: LineError): LineOutcome => ({ line, object, reason: { code: e.code, params: e.params } });

export function checkLine(raw: string, line: number, now: Date, today: string): LineOutcome {
  const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
  if (text === '') return { line, blank: true };
  if (text.length > MAX_LINE_CHARS) return refused(line, false, new LineError('line_too_long', { max: MAX_LINE_CHARS }));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused(line, false, new LineError('not_json'));
  }
  const object = typeof value === 'object' && value !== null && !Array.isArray(value);
  try {
    return { line, object: true, record: validateRecord(value, now, today) };
  } catch (e) {
    if (!(e instanceof LineError)) throw e;
    return refused(line, object, e);
  }
}
