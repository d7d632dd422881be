/**
 * The checks of many batches (the queue's rows, the confirmation's list): one request per VERIFY_MANY_MAX
 * batches instead of one per batch. Each answer is also kept under its batch's own key, so that opening a
 * batch or confirming shows it at once (and refreshes it there).
 */
import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { fetchVerifications, VERIFY_MANY_MAX, type Verification, verificationKey } from './data.ts';

/** A check is asked again after a minute (the ledger's state may have moved on). */
const STALE_MS = 60_000;

export interface CheckState {
  /** The check, once answered. */
  data: Verification | undefined;
  /** The request for it failed. */
  isError: boolean;
}

export function useVerifications(
  connection: Connection,
  batchIds: readonly string[],
): Map<string, CheckState> {
  const client = useQueryClient();
  const groups: string[][] = [];
  for (let i = 0; i < batchIds.length; i += VERIFY_MANY_MAX)
    groups.push(batchIds.slice(i, i + VERIFY_MANY_MAX));
  const answers = useQueries({
    queries: groups.map((ids) => {
      // Every batch of the group already checked (the confirmation, coming from the queue): shown at once,
      // and asked again only once the oldest of those checks is stale.
      const kept = ids.map((id) => client.getQueryData<Verification>(verificationKey(id)));
      const keptAt = Math.min(
        ...ids.map((id) => client.getQueryState(verificationKey(id))?.dataUpdatedAt ?? 0),
      );
      return {
        queryKey: ['batch-verifications', ids.join(',')],
        queryFn: async () => {
          const items = await fetchVerifications(connection, ids);
          for (const v of items) client.setQueryData(verificationKey(v.batchId), v);
          return items;
        },
        staleTime: STALE_MS,
        ...(kept.every((v) => v !== undefined) && { initialData: kept, initialDataUpdatedAt: keptAt }),
      };
    }),
  });
  const byBatch = new Map<string, CheckState>();
  groups.forEach((ids, g) => {
    const answer = answers[g];
    const found = new Map(answer?.data?.map((v) => [v.batchId, v]));
    for (const id of ids) byBatch.set(id, { data: found.get(id), isError: answer?.isError ?? false });
  });
  return byBatch;
}
