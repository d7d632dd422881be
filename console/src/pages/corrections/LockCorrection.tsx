/**
 * After the principal's approval the corrected version waits for its correction batch (DESIGN.md §4.6):
 * POST /v1/batches/{batchId}/correct on the anchored batch that holds the old version. The batch is then
 * signed and followed to the ledger on its page in the classes area (#/classes/batch/<id>), which this
 * button leads to.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection, isApiError } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { t } from './words.ts';

/** Roles that lock a correction batch and sign it (batches.lock; the signature is the principal's). */
export const LOCK_ROLES = ['principal'];
/** A batch the gateway may add a correction batch to (LIVE_ON_LEDGER in the gateway). */
const LIVE = ['anchored', 'accepted', 'reported', 'recallRequested'];

async function versionOf(connection: Connection, recordId: string) {
  const { data, error } = await connection.api.GET('/v1/records/{recordId}', {
    params: { path: { recordId } },
  });
  if (!data) throw error;
  return data;
}

/** The school's batches of one class, newest first (one page of 200: a class has a handful). */
async function classBatches(connection: Connection, schoolId: string, classId: string) {
  const { data, error } = await connection.api.GET('/v1/batches/', {
    params: { query: { schoolId, order: 'desc', limit: 200 } },
  });
  if (!data) throw error;
  return data.items.filter((b) => b.classId === classId);
}

/** Has the corrected version still to be locked ('approved'), or is it in its correction batch ('locked')? */
export function useNewVersionState(
  connection: Connection,
  newVersionIds: readonly string[],
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['changes-new-versions', ...newVersionIds],
    enabled: enabled && newVersionIds.length > 0,
    refetchOnMount: 'always',
    queryFn: async () => {
      const states = await Promise.all(
        newVersionIds.map(async (id) => [id, (await versionOf(connection, id)).state] as const),
      );
      return new Map(states);
    },
  });
}

/**
 * Of the approved requests (state applied), those whose corrected version still waits for its correction
 * batch: request id → corrected version id. (The school's list does not carry the version: each is read.)
 */
export function useAwaitingLock(connection: Connection, appliedIds: readonly string[], enabled: boolean) {
  return useQuery({
    queryKey: ['changes-new-versions', 'awaiting', ...appliedIds],
    enabled: enabled && appliedIds.length > 0,
    refetchOnMount: 'always',
    queryFn: async () => {
      const found = await Promise.all(
        appliedIds.map(async (id) => {
          const { data, error } = await connection.api.GET('/v1/corrections/{id}', {
            params: { path: { id } },
          });
          if (!data) throw error;
          if (!data.newVersionId) return [];
          const v = await versionOf(connection, data.newVersionId);
          return v.state === 'approved' ? [[id, data.newVersionId] as const] : [];
        }),
      );
      return new Map(found.flat());
    },
  });
}

/**
 * Locks the correction batch that takes this corrected version. The correction names the old version, not
 * its batch: each anchored batch of the class is asked, newest first; a batch with no approved correction
 * answers EMPTY_BATCH and the next is asked, until the corrected version is locked.
 */
async function lockFor(connection: Connection, newVersionId: string): Promise<string> {
  const version = await versionOf(connection, newVersionId);
  const batches = (await classBatches(connection, version.schoolId, version.classId)).filter((b) =>
    LIVE.includes(b.state),
  );
  let refusal: unknown;
  for (const b of batches) {
    const { data, error } = await connection.api.POST('/v1/batches/{batchId}/correct', {
      params: { path: { batchId: b.batchId } },
      body: {},
    });
    if (data) {
      // Another correction of another batch may have been the one locked: ours is locked when its state says so.
      if ((await versionOf(connection, newVersionId)).state !== 'approved') return data.batchId;
      continue;
    }
    if (isApiError(error) && error.error.code === 'EMPTY_BATCH') {
      refusal ??= error;
      continue;
    }
    throw error;
  }
  throw refusal ?? NO_BATCH;
}
/** No anchored batch of the class to correct (said in the area's words, not the gateway's). */
const NO_BATCH = Symbol('no batch');

/** The newest correction batch of the corrected version's class, made after the decision: where it went. */
export function useCorrectionBatch(
  connection: Connection,
  newVersionId: string | null,
  decidedAt: string | null,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['changes-correction-batch', newVersionId],
    enabled: enabled && newVersionId !== null,
    queryFn: async () => {
      const version = await versionOf(connection, newVersionId!);
      const found = (await classBatches(connection, version.schoolId, version.classId)).find(
        (b) => b.kind === 'correction' && (!decidedAt || b.createdAt >= decidedAt),
      );
      return found?.batchId ?? null;
    },
  });
}

export function LockCorrectionButton({
  connection,
  lang,
  newVersionId,
  name,
}: {
  connection: Connection;
  lang: Lang;
  newVersionId: string;
  /** The pupil's name, for a button among others in a list. */
  name?: string;
}) {
  const queries = useQueryClient();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  async function lock() {
    setBusy(true);
    setErrors([]);
    try {
      const batchId = await lockFor(connection, newVersionId);
      await queries.invalidateQueries({ queryKey: ['changes-new-versions'] });
      go(['classes', 'batch', batchId]);
    } catch (e) {
      setBusy(false);
      const message = e === NO_BATCH ? t('noBatchToCorrect', lang) : apiMessage(e, lang);
      setErrors([{ message: message ?? word('network', lang) }]);
    }
  }
  return (
    <div className="lock-correction">
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <button
        type="button"
        onClick={lock}
        disabled={busy}
        aria-label={name ? `${t('lockCorrection', lang)}: ${name}` : undefined}
      >
        {busy ? t('sending', lang) : t('lockCorrection', lang)}
      </button>
    </div>
  );
}

/** On an approved correction: lock its batch, or follow the batch it is already in. */
export function CorrectionBatchStep({
  connection,
  lang,
  role,
  newVersionId,
  decidedAt,
}: {
  connection: Connection;
  lang: Lang;
  role: string;
  newVersionId: string;
  decidedAt: string | null;
}) {
  const states = useNewVersionState(connection, [newVersionId], true);
  const state = states.data?.get(newVersionId);
  const batch = useCorrectionBatch(
    connection,
    newVersionId,
    decidedAt,
    state !== undefined && state !== 'approved',
  );
  if (states.isPending) return <p aria-busy="true">…</p>;
  if (state === 'approved')
    return (
      <div className="card" data-testid="lock-correction">
        <p className="notice">{t('appliedNext', lang)}</p>
        {LOCK_ROLES.includes(role) ? (
          <>
            <p className="hint">{t('lockCorrectionHint', lang)}</p>
            <LockCorrectionButton connection={connection} lang={lang} newVersionId={newVersionId} />
          </>
        ) : (
          <p className="hint">{t('lockCorrectionPrincipal', lang)}</p>
        )}
      </div>
    );
  return (
    <p className="notice" data-testid="correction-locked">
      {t('correctionLocked', lang)}{' '}
      {batch.data && <a href={hashOf(['classes', 'batch', batch.data])}>{t('openCorrectionBatch', lang)}</a>}
    </p>
  );
}
