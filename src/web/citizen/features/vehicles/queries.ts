import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import type { FilingAwaiting, FilingRequest, Vehicle } from './types.ts';

export const VEHICLES_KEY = ['me', 'vehicles'] as const;

/** Owned (northbound cars included) and filed vehicles. */
export function useVehicles() {
  return useQuery({
    queryKey: VEHICLES_KEY,
    queryFn: ({ signal }) => api<Vehicle[]>('GET', '/api/v1/me/vehicles', { signal }),
  });
}

/** Asks the owner: a code goes to the owner's phone. Sending the same request again is the resend. */
export function useRequestFiling() {
  return useMutation({
    mutationFn: (body: FilingRequest) => api<FilingAwaiting>('POST', '/api/v1/me/vehicles/filings', { body }),
  });
}

/** The owner's code files the vehicle; the list (and records shown for it) change. */
export function useConfirmFiling() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ filingId, code }: { filingId: string; code: string }) =>
      api<Vehicle>('POST', `/api/v1/me/vehicles/filings/${encodeURIComponent(filingId)}/confirm`, { body: { code } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: VEHICLES_KEY });
      void client.invalidateQueries({ queryKey: ['me', 'violations'] });
    },
  });
}

export function useUnfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (filingId: string) => api<void>('DELETE', `/api/v1/me/vehicles/filings/${encodeURIComponent(filingId)}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: VEHICLES_KEY });
      void client.invalidateQueries({ queryKey: ['me', 'violations'] });
    },
  });
}
