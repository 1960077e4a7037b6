/**
 * Builders of well-formed identity numbers and VINs with real check characters, from the
 * domain's own check functions: for the demo registry generator, the scale generator and
 * tests. Nothing here invents a rule; it only fills in the check character.
 */
import { cnIdCheckChar, hkIdCheckChar } from '../../../domain/id-documents.ts';
import { vinCheckDigit } from '../../../domain/vin.ts';

/**
 * An 18-character mainland identity number (also the residence-permit layout with region
 * 810000/820000/830000). `sequence` is 3 digits; its last digit is odd for men, even for women.
 */
export function mainlandIdNumber(region: string, birthDate: string, sequence: number): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + cnIdCheckChar(first17);
}

/** A Hong Kong identity card number in canonical form, e.g. `A123456(3)`. */
export function hkIdNumber(body: string): string {
  return `${body}(${hkIdCheckChar(body)})`;
}

/** A VIN whose 9th character is set to its check digit (the given one is replaced). */
export function vinWithCheckDigit(vin17: string): string {
  const check = vinCheckDigit(vin17);
  return vin17.slice(0, 8) + check + vin17.slice(9);
}
