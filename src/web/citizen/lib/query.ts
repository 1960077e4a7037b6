import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiProblem } from '../../shared/api.ts';

/**
 * Requests that answer 401 as part of their normal work (logging in, unlocking, asking
 * whether anyone is logged in) set `meta: { expectsUnauthorized: true }`; any other 401
 * means the session ended, and `onSessionEnded` sends the user to log in.
 */
export function createQueryClient(onSessionEnded: () => void): QueryClient {
  const check = (error: unknown, meta: Record<string, unknown> | undefined) => {
    if (error instanceof ApiProblem && error.status === 401 && !meta?.expectsUnauthorized) onSessionEnded();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => check(error, query.meta) }),
    mutationCache: new MutationCache({ onError: (error, _v, _c, mutation) => check(error, mutation.meta) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Problems the server answered are final; only network failures are worth retrying.
        retry: (count, error) => error instanceof ApiProblem && error.status === 0 && count < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
