import { useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem } from '../../../shared/api.ts';
import { currentLanguage } from '../../../shared/i18n.ts';
import { newIdempotencyKey } from './format.ts';
import type { CreatedPayment, DecidedViolation, Fine, Payment, Receipt } from './types.ts';

/**
 * The cashier and the printable receipt are server pages opened by a full navigation, which
 * sends the phone's Accept-Language; `?lang=` makes them speak the language chosen in the app.
 * Only for this app's own pages: a real provider's cashier gets its address untouched.
 */
export function withLanguage(url: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}lang=${encodeURIComponent(currentLanguage())}`;
}

export const fineKey = (decisionNo: string) => ['payments', 'fine', decisionNo] as const;
export const paymentKey = (paymentId: string) => ['payments', 'payment', paymentId] as const;
const receiptKey = (paymentId: string) => ['payments', 'receipt', paymentId] as const;

/** A fine of mine; another citizen's, or an unknown number, is a 404 problem. */
export function useFine(decisionNo: string) {
  return useQuery({
    queryKey: fineKey(decisionNo),
    queryFn: ({ signal }) => api<Fine>('GET', `/api/v1/fines/${encodeURIComponent(decisionNo)}`, { signal }),
    retry: (count, error) => !(error instanceof ApiProblem && error.status >= 400 && error.status < 500) && count < 2,
  });
}

/** Decided records still to pay: the shortcut list on the lookup screen. */
export function useFinesToPay() {
  return useQuery({
    queryKey: ['payments', 'to-pay'],
    queryFn: ({ signal }) => api<DecidedViolation[]>('GET', '/api/v1/me/violations?status=handled', { signal }),
    select: (list) => list.filter((v) => v.decisionNo && v.payableFen > 0),
  });
}

/** How long the result screen waits for a pending payment before saying it is slow. */
export const PAYMENT_POLL_MS = 1500;
export const PAYMENT_PATIENCE_MS = 45_000;

/** One payment, asked again while it is pending (the server checks with the provider each time). */
export function usePayment(paymentId: string, polling: boolean) {
  return useQuery({
    queryKey: paymentKey(paymentId),
    queryFn: ({ signal }) => api<Payment>('GET', `/api/v1/payments/${encodeURIComponent(paymentId)}`, { signal }),
    refetchInterval: (query) => (polling && query.state.data?.status === 'pending' ? PAYMENT_POLL_MS : false),
    retry: (count, error) => !(error instanceof ApiProblem && error.status >= 400 && error.status < 500) && count < 2,
  });
}

export function useReceipt(paymentId: string, enabled: boolean) {
  return useQuery({
    queryKey: receiptKey(paymentId),
    queryFn: ({ signal }) => api<Receipt>('GET', `/api/v1/payments/${encodeURIComponent(paymentId)}/receipt`, { signal }),
    enabled,
    // Right after "paid" the receipt is there; a 409 receipt_not_ready is worth one more look.
    retry: (count, error) => (error instanceof ApiProblem && error.status === 409 ? count < 3 : !(error instanceof ApiProblem && error.status >= 400 && error.status < 500) && count < 2),
  });
}

/**
 * Starts paying a fine and sends the browser to the provider's cashier. One Idempotency-Key
 * per attempt, kept only when the request may have reached the server without an answer
 * (network failure), so tapping again then cannot open a second order; after any answer a
 * new tap is a new attempt.
 */
export function usePayFine(decisionNo: string) {
  const client = useQueryClient();
  const key = useRef<string | null>(null);
  return useMutation({
    mutationFn: async () => {
      key.current ??= newIdempotencyKey();
      const create = (provider: string) =>
        api<CreatedPayment>('POST', `/api/v1/fines/${encodeURIComponent(decisionNo)}/payments`, {
          body: { provider },
          headers: { 'idempotency-key': key.current! },
        });
      try {
        return await create('sandbox');
      } catch (e) {
        // A deployment with a real provider names it: pay with that one instead.
        if (e instanceof ApiProblem && e.code === 'payment_provider_unavailable' && typeof e.suggestion === 'string') return create(e.suggestion);
        throw e;
      }
    },
    onSuccess: (created) => {
      key.current = null;
      window.location.assign(withLanguage(created.redirectUrl));
    },
    onError: (error) => {
      if (!(error instanceof ApiProblem && error.status === 0)) key.current = null;
      // "Already paid" and friends change what the fine screen should show.
      void client.invalidateQueries({ queryKey: fineKey(decisionNo) });
    },
  });
}
