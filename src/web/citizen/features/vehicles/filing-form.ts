/**
 * The filing form's checks, run as the user types so that a typo never costs one of the 5
 * daily tries the server allows for details that do not match (REFERENCE.md §4). The plate
 * rule is the domain's, the same the server applies.
 */
import { validatePlate } from '../../../../domain/plates.ts';
import { FILABLE_PLATE_TYPES, type FilablePlateType } from './types.ts';

/** Plates as people type them: upper case, half width, without the spaces and dots printed on the plate. */
export function normalisePlateInput(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase()
    .replace(/[\s\u00B7\u2022\u30FB.\-]/gu, '')
    .slice(0, 8);
}

/** Full length of a plate of each filable type: 7 characters ordinary, 8 new-energy. */
const FULL_LENGTH: Record<FilablePlateType, number> = { '02': 7, '52': 8 };

export type PlateCheck =
  | { state: 'empty' }
  /** Still being typed: nothing to say yet. */
  | { state: 'typing' }
  | { state: 'ok'; value: string }
  /** `reason` keys domain:plateReasons; `otherType` is the filable type the plate fits, if any. */
  | { state: 'invalid'; reason: string; otherType?: FilablePlateType };

/**
 * What to say about the plate typed so far. A short plate is "typing" until the field is
 * left (`finished`); a full-length one is judged at once, and a plate of the other filable
 * type is named so that the user can switch with one tap.
 */
export function checkPlate(plate: string, plateType: FilablePlateType, finished: boolean): PlateCheck {
  if (plate === '') return { state: 'empty' };
  const result = validatePlate(plate, plateType);
  if (result.ok) return { state: 'ok', value: result.value };
  if (!finished && Array.from(plate).length < FULL_LENGTH[plateType]) return { state: 'typing' };
  const otherType = FILABLE_PLATE_TYPES.find((t) => t !== plateType && validatePlate(plate, t).ok);
  return otherType ? { state: 'invalid', reason: result.reason, otherType } : { state: 'invalid', reason: result.reason };
}

/** The VIN tail as typed: letters and digits only, upper case, at most 6. */
export function normaliseVinInput(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 6);
}

export type VinCheck = 'ok' | 'empty' | 'short' | 'letters';

/** ISO 3779: a VIN never uses I, O or Q, which are read as 1 and 0. */
export function checkVinLast6(value: string): VinCheck {
  if (value === '') return 'empty';
  if (/[IOQ]/.test(value)) return 'letters';
  return value.length === 6 ? 'ok' : 'short';
}

/** Six digits, as the owner received them. */
export function normaliseCodeInput(value: string): string {
  return value.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '').slice(0, 6);
}
