import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem } from '../shared/api.ts';
import type { Me } from './lib/types.ts';

export const ME_KEY = ['me'] as const;

interface SessionState {
  /** undefined while the first /me answer is on its way. */
  account: Me | null | undefined;
  /** Re-reads /me, e.g. right after logging in; resolves to the account or null. */
  refresh: () => Promise<Me | null>;
  /**
   * Forgets everything cached for the previous user (after logout or account deletion) and
   * says where the protected screen the user is on should send them: RequireAuth does the
   * redirect, so there is no race between leaving the screen and clearing the account.
   */
  forget: (exitTo: string) => void;
  /** Where a deliberate exit goes; null when the session simply ended (→ login with return path). */
  exitTo: string | null;
}

const SessionContext = createContext<SessionState | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('GET', '/api/v1/me');
  } catch (e) {
    // Nobody is logged in: that is an answer, not an error.
    if (e instanceof ApiProblem && e.status === 401) return null;
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, meta: { expectsUnauthorized: true }, staleTime: 60_000 });

  const [exitTo, setExitTo] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    setExitTo(null);
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
    return (await queryClient.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 0 })) ?? null;
  }, [queryClient]);

  const forget = useCallback((to: string) => {
    setExitTo(to);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    queryClient.setQueryData(ME_KEY, null);
  }, [queryClient]);

  // A network failure on the very first load leaves `data` undefined; the guard shows a retry.
  const value = useMemo<SessionState>(() => ({ account: me.data, refresh, forget, exitTo }), [me.data, refresh, forget, exitTo]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState & { error: unknown; retry: () => void } {
  const state = useContext(SessionContext);
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, meta: { expectsUnauthorized: true }, staleTime: 60_000 });
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return { ...state, error: me.error, retry: () => void me.refetch() };
}

/** The logged-in account (GET /me), or null when nobody is logged in (undefined while loading). */
export function useSession(): Me | null | undefined {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state.account;
}
