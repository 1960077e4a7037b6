/**
 * How a number plate looks (GA 36 for mainland plates; the Hong Kong and Macau single plates
 * of Hong Kong and Macau northbound cars): background, ink, which characters, where the separating dot
 * goes and the plate's proportions. Pure, so that every screen drawing a plate (vehicles,
 * violations) draws it the same way and the choice can be tested without a browser.
 */
import { plateColour, type PlateScheme } from '../../../../domain/plates.ts';

export type PlateTone = 'blue' | 'yellow' | 'green' | 'yellow-green' | 'black' | 'white' | 'hk-rear' | 'hk-front' | 'mo';
/** The API's `plateColour` (vehicles), when the caller has it. */
export type PlateColour = ReturnType<typeof plateColour>;

export interface PlateInput {
  plate: string;
  plateType?: string;
  scheme?: PlateScheme;
  colour?: PlateColour;
  /** Hong Kong cars carry a white plate in front and a yellow one at the rear; the rear one is the one cameras read. */
  side?: 'front' | 'rear';
}

export interface PlateChar {
  char: string;
  /** Chinese characters are drawn narrower than letters and digits, as plate fonts do. */
  han: boolean;
  /** The police, embassy and consulate marks (jing, shi, ling) are printed in red. */
  red: boolean;
}

export interface PlateLook {
  tone: PlateTone;
  ink: 'white' | 'black';
  chars: PlateChar[];
  /** Index of the character the dot follows (province + authority letter on mainland plates), or null. */
  dotAfter: number | null;
  /** Width over height of the real plate. */
  ratio: number;
  /** The plate as it is read and announced. */
  text: string;
  /** Font size over plate height: eight-character plates set their characters smaller. */
  fontScale: number;
}

// The citizen app keeps Chinese text out of its sources (i18n.test.ts), so plate characters are escaped here.
/** A province abbreviation followed by the issuing authority's letter opens every mainland plate. */
const MAINLAND_HEAD = /^[^\sA-Za-z0-9-][A-Z]/;
/** Yue Z + 4 characters + Gang/Ao (Hong Kong/Macau): two-plate cross-border cars. */
const CROSS_BORDER = /^\u7ca4Z[A-Z0-9]{4}[\u6e2f\u6fb3]$/;
const MACAU = /^[A-Z]{2}-\d{2}-\d{2}$/;
const HK_STANDARD = /^([A-HJ-NPR-Z]{2})([1-9]\d{0,3})$/;
/** jing (police), shi (embassy), ling (consulate). */
const RED_MARKS = new Set(['\u8b66', '\u4f7f', '\u9886']);

/** Real plate sizes in millimetres: 440×140 ordinary, 480×140 new-energy, 520×111 Hong Kong and Macau long plates. */
const RATIO = { ordinary: 440 / 140, newEnergy: 480 / 140, long: 520 / 111 } as const;

/** A plate without its type (a violation record names only the plate): the tone its form implies. */
function guessColour(plate: string): PlateColour {
  if (MACAU.test(plate)) return 'mo';
  if (CROSS_BORDER.test(plate)) return 'black';
  if (/^[A-Z0-9 ]+$/.test(plate) && /[A-Z]/.test(plate)) return 'hk';
  return plateColour(plate, '99');
}

function toneOf(input: PlateInput, plate: string): PlateTone {
  const hk: PlateTone = input.side === 'front' ? 'hk-front' : 'hk-rear';
  if (input.scheme === 'hk_northbound') return hk;
  if (input.scheme === 'mo_northbound') return 'mo';
  const colour = input.colour ?? (input.plateType ? plateColour(plate, input.plateType) : guessColour(plate));
  if (colour === 'hk') return hk;
  return colour;
}

/** Everything needed to draw `input.plate`; unknown or partial plates still get a sensible look. */
export function plateLook(input: PlateInput): PlateLook {
  const plate = (input.plate ?? '').trim().toUpperCase();
  const tone = toneOf(input, plate);
  const ink = tone === 'blue' || tone === 'black' || tone === 'mo' ? 'white' : 'black';
  let shown = plate;
  if (tone === 'hk-rear' || tone === 'hk-front') {
    // Hong Kong marks are printed with a gap between the letters and the digits ("AB 1234").
    const m = HK_STANDARD.exec(plate.replace(/\s+/g, ''));
    if (m) shown = `${m[1]} ${m[2]}`;
  }
  const chars = Array.from(shown).map((char) => ({ char, han: /\p{Script=Han}/u.test(char), red: RED_MARKS.has(char) }));
  const mainland = tone !== 'hk-rear' && tone !== 'hk-front' && tone !== 'mo';
  const dotAfter = mainland && MAINLAND_HEAD.test(plate) && chars.length > 2 ? 1 : null;
  const isNewEnergy = tone === 'green' || tone === 'yellow-green';
  const ratio = mainland ? (isNewEnergy || chars.length >= 8 ? RATIO.newEnergy : RATIO.ordinary) : RATIO.long;
  const fontScale = mainland && chars.length >= 8 ? 0.56 : 0.6;
  return { tone, ink, chars, dotAfter, ratio, text: plate, fontScale };
}

export type PlateSize = 'xs' | 'sm' | 'md' | 'lg';
/** Heights in CSS pixels: xs for list rows, sm for cards of records, md for vehicle cards, lg for a form's preview. */
export const PLATE_HEIGHTS: Record<PlateSize, number> = { xs: 22, sm: 30, md: 40, lg: 54 };
