import { useQuery } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { refreshDelayMs } from './schedule.ts';
import type { ElicenceAnswer } from './types.ts';

export const ELICENCE_KEY = ['me', 'elicence'] as const;

/**
 * The e-licence and, once issued, a fresh credential. Every fetch issues a new QR text, so
 * the query refetches by itself shortly before the current one expires and whenever the
 * screen comes back into view (staleTime 0).
 */
export function useElicence() {
  return useQuery({
    queryKey: ELICENCE_KEY,
    queryFn: ({ signal }) => api<ElicenceAnswer>('GET', '/api/v1/me/elicence', { signal }),
    staleTime: 0,
    refetchInterval: (query) => {
      const credential = query.state.data?.credential;
      if (!credential) return false;
      return refreshDelayMs(credential, query.state.dataUpdatedAt, Date.now());
    },
  });
}
