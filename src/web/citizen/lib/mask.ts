/**
 * Masks a person's name for display where others may look at the screen (the home
 * greeting): the first character stays, the rest becomes `*`, as 12123 does.
 */
export function maskName(name: string | null | undefined): string {
  const chars = Array.from((name ?? '').trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return chars[0]!;
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}
