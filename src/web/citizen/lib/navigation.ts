/**
 * Where to return after logging in. Only same-app paths are accepted, so a crafted link
 * such as `/login?next=//evil.example` cannot send a freshly logged-in user elsewhere.
 */
const AUTH_PAGES = ['/login', '/unlock'];

export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const path = next.split(/[?#]/)[0]!;
  if (AUTH_PAGES.includes(path)) return '/';
  return next;
}

/** The login address that brings the user back to `from` afterwards. */
export function loginPath(from: string, page: '/login' | '/unlock' = '/login'): string {
  const next = safeNext(from);
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
}
