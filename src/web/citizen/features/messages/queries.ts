import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useSession } from '../../session.tsx';
import type { Message } from '../../lib/types.ts';

export const MESSAGES_KEY = ['messages'] as const;
export const UNREAD_KEY = ['messages', 'unread-count'] as const;

/** Unread messages for the tab badge; polled gently so a review result shows up without a reload. */
export function useUnreadCount(): number {
  const account = useSession();
  const q = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => api<{ unreadCount: number }>('GET', '/api/v1/me/messages/unread-count'),
    enabled: Boolean(account),
    refetchInterval: 60_000,
  });
  return q.data?.unreadCount ?? 0;
}

export function useMessages() {
  return useQuery({ queryKey: MESSAGES_KEY, queryFn: () => api<Message[]>('GET', '/api/v1/me/messages') });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('POST', `/api/v1/me/messages/${encodeURIComponent(id)}/read`),
    onMutate: (id) => {
      // Show it as read at once; the server's answer follows.
      queryClient.setQueryData<Message[]>(MESSAGES_KEY, (list) => list?.map((m) => (m.id === id ? { ...m, read: true } : m)));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: MESSAGES_KEY });
    },
  });
}
