/**
 * Whether a violation may be handled online (网上处理). Source: REFERENCE.md §3 (a violation
 * whose points would take the cycle total to 12 or more cannot be handled online; once at
 * 12 no more records are accepted), §4 (camera violations only; the simplified procedure:
 * fine ≤ ¥200, the handler's licence state exactly A; the owner, a licence holder who drove,
 * or the renter of a rental car may handle) and §4 on filed vehicles (备案非本人机动车: the
 * filer may handle records with no points, or with points that occurred after the filing
 * date).
 *
 * A refusal names one reason; texts saying why and where to go instead (a traffic-police
 * service counter, 违法处理窗口) are in the `domain` i18n namespace under
 * `onlineHandlingReasons.<reason>`. The API answers `not_handleable_online` with that text.
 */
import { isIsoDate, shanghaiDate } from './dates.ts';
import { parseLicenceStatus } from './licences.ts';
import { isPointValue, reachesFullPoints } from './points.ts';

/** The highest fine the simplified procedure (简易程序) allows: ¥200. */
export const ONLINE_FINE_LIMIT_FEN = 20000;

export type HandlerRelation = 'owner' | 'driver' | 'filer' | 'renter';
export type ViolationSource = 'camera' | 'onsite';

export const ONLINE_HANDLING_REASONS = [
  'not_camera',
  'fine_over_limit',
  'filer_points_before_filing',
  'already_full_points',
  'licence_not_normal',
  'points_would_reach_12',
] as const;
export type OnlineHandlingReason = (typeof ONLINE_HANDLING_REASONS)[number];

export interface OnlineHandlingInput {
  fineFen: number;
  points: number;
  source: ViolationSource;
  /** The handler's licence state letters, e.g. `A` or `BH`. */
  licenceStatus: string;
  /** Points standing in the handler's current scoring cycle (see `cycleTotal` in points.ts). */
  currentCycleTotal: number;
  handlerRelation: HandlerRelation;
  /** For a filer: the date (Asia/Shanghai) the filing of this vehicle was confirmed. */
  filedOn?: string;
  /** When the violation happened. */
  occurredAt: Date | string;
}

export type OnlineHandlingResult = { ok: true } | { ok: false; reason: OnlineHandlingReason };

/**
 * Decide whether the handler may handle this violation online. When several reasons apply,
 * the one reported is the first in {@link ONLINE_HANDLING_REASONS}: the facts of the record
 * itself before those of the handler, so the citizen is not sent to fix their licence for a
 * record that could not be handled online anyway.
 *
 * The filing rule: a violation "after the filing date" is one whose Shanghai date is later
 * than `filedOn`; one on the filing day itself may have happened before the filing, so it
 * is refused. Throws RangeError on malformed input (a filer without `filedOn` is one).
 */
export function canHandleOnline(input: OnlineHandlingInput): OnlineHandlingResult {
  const { fineFen, points, source, licenceStatus, currentCycleTotal, handlerRelation, filedOn } = input;
  if (!Number.isSafeInteger(fineFen) || fineFen < 0) throw new RangeError(`fine must be a whole, non-negative number of fen: ${fineFen}`);
  if (!isPointValue(points)) throw new RangeError(`not a point value: ${points}`);
  if (!Number.isSafeInteger(currentCycleTotal) || currentCycleTotal < 0) throw new RangeError(`not a points total: ${currentCycleTotal}`);
  const occurredAt = input.occurredAt instanceof Date ? input.occurredAt : new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) throw new RangeError(`not an instant: ${String(input.occurredAt)}`);
  if (handlerRelation === 'filer' && (filedOn === undefined || !isIsoDate(filedOn))) throw new RangeError(`a filer needs the filing date: ${String(filedOn)}`);
  const letters = parseLicenceStatus(licenceStatus);
  if (letters === null) throw new RangeError(`not a licence state: ${licenceStatus}`);

  const refuse = (reason: OnlineHandlingReason): OnlineHandlingResult => ({ ok: false, reason });
  if (source !== 'camera') return refuse('not_camera');
  if (fineFen > ONLINE_FINE_LIMIT_FEN) return refuse('fine_over_limit');
  if (handlerRelation === 'filer' && points > 0 && shanghaiDate(occurredAt) <= filedOn!) return refuse('filer_points_before_filing');
  if (reachesFullPoints(currentCycleTotal)) return refuse('already_full_points');
  if (letters.length !== 1 || letters[0] !== 'A') return refuse('licence_not_normal');
  if (reachesFullPoints(currentCycleTotal, points)) return refuse('points_would_reach_12');
  return { ok: true };
}
