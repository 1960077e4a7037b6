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

/**
 * The brief for this screen documents a bare array; the accounts routes answer
 * `{ provinces: [...] }`. Both are accepted so the picker works with either.
 */
export async function fetchRegions(): Promise<Region[]> {
  const data = await api<Region[] | { provinces?: Region[] }>('GET', '/api/v1/regions');
  if (Array.isArray(data)) return data;
  return Array.isArray(data?.provinces) ? data.provinces : [];
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
