import { useQuery } from '@tanstack/react-query';
import { api } from '../../../../shared/api.ts';
import { currentLanguage } from '../../../../shared/i18n.ts';

/** One province of the GB/T 2260 list with its prefecture-level cities. */
export interface Region {
  code: string;
  name: string;
  cities: Array<{ code: string; name: string }>;
}

export const regionsQueryKey = (lang: string) => ['regions', lang] as const;

export function fetchRegions(): Promise<Region[]> {
  return api<Region[]>('GET', '/api/v1/regions');
}

/** The registration cities; the list changes only with the national code list, so keep it long. */
export function useRegions() {
  return useQuery({
    queryKey: regionsQueryKey(currentLanguage()),
    queryFn: fetchRegions,
    staleTime: 24 * 60 * 60 * 1000,
    gcTime: 24 * 60 * 60 * 1000,
  });
}
