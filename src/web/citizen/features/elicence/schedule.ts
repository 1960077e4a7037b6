import type { Credential } from './types.ts';

/** Ask for a new credential this long before the current one expires. */
export const REFRESH_LEAD_MS = 30_000;
/** Never ask more often than this, whatever the server's lifetimes. */
export const MIN_REFRESH_MS = 5_000;

function lifetimeMs(credential: Credential): number {
  const issued = Date.parse(credential.issuedAt);
  const expires = Date.parse(credential.expiresAt);
  if (!Number.isFinite(issued) || !Number.isFinite(expires)) return 0;
  return Math.max(0, expires - issued);
}

/**
 * Milliseconds from `nowMs` until the app should fetch a fresh credential. Measured on the
 * phone's own clock from when the answer arrived (`fetchedAtMs`), because the phone's clock
 * may disagree with the server's: only the credential's lifetime is taken from the server.
 * Short lifetimes are refreshed at half-life so that a code is never shown past its end.
 */
export function refreshDelayMs(credential: Credential, fetchedAtMs: number, nowMs: number): number {
  const lifetime = lifetimeMs(credential);
  const lead = Math.min(REFRESH_LEAD_MS, lifetime / 2);
  const due = fetchedAtMs + lifetime - lead;
  return Math.max(MIN_REFRESH_MS, Math.round(due - nowMs));
}

/**
 * How far the server's clock is ahead of the phone's: the credential was issued as the
 * answer was made, so its `issuedAt` is the server's time at `fetchedAtMs`. The live clock on
 * the card shows server time, which a verifier can trust more than a phone's setting.
 */
export function serverOffsetMs(credential: Credential, fetchedAtMs: number): number {
  const issued = Date.parse(credential.issuedAt);
  return Number.isFinite(issued) ? issued - fetchedAtMs : 0;
}

/** True once the credential's end has passed on the server's clock (`serverNowMs`). */
export function isExpired(credential: Credential, serverNowMs: number): boolean {
  const expires = Date.parse(credential.expiresAt);
  return !Number.isFinite(expires) || serverNowMs >= expires;
}
