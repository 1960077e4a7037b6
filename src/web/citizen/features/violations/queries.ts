import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import type { HandlingResult, Violation, ViolationStatus } from './types.ts';

export const VIOLATIONS_KEY = ['me', 'violations'] as const;

/** My records in one state, newest first (late fees reckoned by the server for today). */
export function useViolations(status: ViolationStatus) {
  return useQuery({
    queryKey: [...VIOLATIONS_KEY, 'list', status],
    queryFn: ({ signal }) => api<Violation[]>('GET', `/api/v1/me/violations?status=${status}`, { signal }),
  });
}

export function useViolation(id: string) {
  return useQuery({
    queryKey: [...VIOLATIONS_KEY, 'one', id],
    queryFn: ({ signal }) => api<Violation>('GET', `/api/v1/me/violations/${encodeURIComponent(id)}`, { signal }),
    // A 404 is an answer (not mine, or withdrawn after an objection), not a hiccup to retry.
    retry: (count, error) => count < 2 && !(error && typeof error === 'object' && 'status' in error && (error as { status: number }).status === 404),
  });
}

/**
 * Handles a record online. The key is chosen per confirmation by the caller and sent again
 * on a retry, so a decision made before a lost answer is returned instead of a second one.
 */
export function useHandleViolation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (idempotencyKey: string) =>
      api<HandlingResult>('POST', `/api/v1/violations/${encodeURIComponent(id)}/handle`, { headers: { 'idempotency-key': idempotencyKey } }),
    onSettled: () => {
      // The record moves tabs and the points land on the licence.
      void client.invalidateQueries({ queryKey: VIOLATIONS_KEY });
      void client.invalidateQueries({ queryKey: ['me', 'licence'] });
    },
  });
}
