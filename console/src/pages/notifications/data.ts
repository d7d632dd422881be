/** The area's reads and writes through the typed client: the list, the unread count, read marks. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';

export const KEY = ['notifications'] as const;
export const COUNT_KEY = ['notifications', 'count'] as const;

export function useNotifications(connection: Connection, unread: boolean) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'list', unread],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error } = await connection.api.GET('/v1/notifications', {
        params: {
          query: { limit: 20, ...(unread && { unread: true }), ...(pageParam && { cursor: pageParam }) },
        },
      });
      if (!data) throw error;
      return data;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export type NotificationItem = NonNullable<
  ReturnType<typeof useNotifications>['data']
>['pages'][number]['items'][number];

/** The unread count, polled every `pollMs` (the badge: 60 s). */
export function useUnreadCount(connection: Connection, pollMs = 60_000) {
  return useQuery({
    queryKey: COUNT_KEY,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/notifications/count');
      if (!data) throw error;
      return data.unread;
    },
    refetchInterval: pollMs,
  });
}

export function useMarkRead(connection: Connection) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (id: string | 'all') => {
      const { error } =
        id === 'all'
          ? await connection.api.POST('/v1/notifications/read-all')
          : await connection.api.POST('/v1/notifications/{id}/read', { params: { path: { id } } });
      if (error) throw error;
    },
    onSettled: () => queries.invalidateQueries({ queryKey: KEY }),
  });
}
