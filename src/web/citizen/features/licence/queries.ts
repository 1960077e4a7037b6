import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import type { Licence, LicenceAnswer } from './types.ts';

export const LICENCE_KEY = ['me', 'licence'] as const;

/** The citizen's licence, or why none is bound yet. */
export function useLicence() {
  return useQuery({
    queryKey: LICENCE_KEY,
    queryFn: ({ signal }) => api<LicenceAnswer>('GET', '/api/v1/me/licence', { signal }),
  });
}

/** Files the archive number; the answer is the bound licence, which replaces the cached one. */
export function useFileArchiveNumber() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (archiveNumber: string) =>
      api<{ bound: true; licence: Licence }>('POST', '/api/v1/me/licence/filing', { body: { archiveNumber } }),
    onSuccess: (answer) => {
      client.setQueryData<LicenceAnswer>(LICENCE_KEY, answer);
      // The e-licence depends on a bound licence: let it ask again.
      void client.invalidateQueries({ queryKey: ['me', 'elicence'] });
    },
  });
}
