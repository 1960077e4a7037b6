import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { ConsoleApiError, onApiError, PASSWORD_CHANGE_REQUIRED } from './api.ts';
import { fetchMe, logout as apiLogout, type Staff } from './features/auth/api.ts';

export const ME_KEY = ['staff', 'me'] as const;

interface SessionValue {
  /** undefined while the first check runs; null when nobody is signed in. */
  staff: Staff | null | undefined;
  /** The first check failed for another reason than "not signed in" (server unreachable). */
  loadError: boolean;
  signedIn(staff: Staff): void;
  signOut(): Promise<void>;
  refresh(): Promise<unknown>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/**
 * Who is signed in, from `GET /staff/me` (the HttpOnly cookie is the session). Any call
 * answered 401 ends the session here, and 403 password_change_required sends the user
 * to the password screen, so screens need not handle either themselves.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation('console');

  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await fetchMe();
      } catch (e) {
        if (e instanceof ConsoleApiError && e.status === 401) return null;
        throw e;
      }
    },
    retry: false,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: true,
  });

  useEffect(
    () =>
      onApiError((error) => {
        const current = queryClient.getQueryData<Staff | null>(ME_KEY);
        if (error.status === 401 && current) {
          queryClient.setQueryData(ME_KEY, null);
          queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
          void message.warning(t('session.ended'));
        } else if (error.code === PASSWORD_CHANGE_REQUIRED && current && !current.mustChangePassword) {
          queryClient.setQueryData(ME_KEY, { ...current, mustChangePassword: true });
        }
      }),
    [queryClient, message, t],
  );

  const signedIn = useCallback((staff: Staff) => queryClient.setQueryData(ME_KEY, staff), [queryClient]);
  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } catch (e) {
      // An already ended session is as good as a logout; anything else is worth telling.
      if (!(e instanceof ConsoleApiError && e.status === 401)) throw e;
    }
    // Mark signed out first, then drop everything else: clearing the whole cache would
    // detach the session observer from the `me` query and leave the screen signed in.
    queryClient.setQueryData(ME_KEY, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  }, [queryClient]);

  const value = useMemo<SessionValue>(
    () => ({ staff: me.data, loadError: me.isError && me.data === undefined, signedIn, signOut, refresh: () => me.refetch() }),
    [me.data, me.isError, signedIn, signOut, me.refetch],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const isAdmin = (staff: Staff | null | undefined) => staff?.role === 'admin';
