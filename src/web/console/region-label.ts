import { regionName } from '../../domain/regions.ts';

/**
 * "广东省 深圳市" for a registration city code. Names are the GB/T 2260 Simplified names in
 * every language: they are proper names, matched by the officer against the documents.
 * Unknown codes are shown as the bare code rather than hidden.
 */
export function regionLabel(code: string | undefined): string {
  if (!code) return '';
  const name = regionName(code);
  const provinceCode = `${code.slice(0, 2)}0000`;
  const province = provinceCode === code ? undefined : regionName(provinceCode);
  if (name) return province ? `${province} ${name}` : name;
  return province ? `${province} (${code})` : code;
}
