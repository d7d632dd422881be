/**
 * The area's first page: what waits for the signed-in role (corrections to check or decide, pupils
 * transferred in to take), the school's requests and transfers, and the three things one can start here.
 */
import { instantDate, subjectName } from '@hocba/records';
import { apiMessage, type Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import {
  APPROVE_ROLES,
  CHECK_ROLES,
  REQUEST_ROLES,
  REVOKE_ROLES,
  TRANSFER_ROLES,
  useCorrections,
  useTransfers,
} from './data.ts';
import { LOCK_ROLES, LockCorrectionButton, useAwaitingLock } from './LockCorrection.tsx';
import { CORRECTION_STATE_WORDS, dateText, TRANSFER_STATE_WORDS, t } from './words.ts';

type Correction = NonNullable<ReturnType<typeof useCorrections>['data']>[number];
type Transfer = NonNullable<ReturnType<typeof useTransfers>['data']>[number];

/** The part a request corrects, in words: the subject's name, or the rest of the record. */
export function partText(subject: string | null, lang: Lang): string {
  if (!subject) return t('wholeRecord', lang);
  try {
    return subjectName(subject)[lang];
  } catch {
    return '—';
  }
}

/** Is the request waiting for this role: a check for the checkers, a decision for the principal? */
export function waitsFor(state: string, role: string): boolean {
  return (
    (state === 'requested' && CHECK_ROLES.includes(role)) ||
    (state === 'checked' && APPROVE_ROLES.includes(role))
  );
}

function CorrectionTable({ items, lang, caption }: { items: Correction[]; lang: Lang; caption: string }) {
  return (
    <div className="scroll">
      <table className="grid changes-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pupil', lang)}</th>
            <th scope="col">{t('className', lang)}</th>
            <th scope="col">{t('part', lang)}</th>
            <th scope="col">{t('requestedBy', lang)}</th>
            <th scope="col">{t('requestedOn', lang)}</th>
            <th scope="col">{t('state', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-testid="correction-row">
              <th scope="row">
                <a href={hashOf(['changes', 'correction', c.id])}>{c.fullName}</a>
              </th>
              <td>{c.className}</td>
              <td>{partText(c.subject, lang)}</td>
              <td>{c.requestedBy}</td>
              <td>{instantDate(c.requestedAt)?.[lang] ?? '—'}</td>
              <td data-testid="correction-state">{CORRECTION_STATE_WORDS[c.state]?.[lang] ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Approved corrections whose new version waits for its correction batch, each with its lock button. */
function LockTable(props: {
  connection: Connection;
  items: Correction[];
  versions: ReadonlyMap<string, string>;
  lang: Lang;
}) {
  const { lang } = props;
  return (
    <div className="scroll">
      <table className="grid changes-table lock-table" data-testid="awaiting-lock">
        <caption className="visually-hidden">{t('awaitingLock', lang)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pupil', lang)}</th>
            <th scope="col">{t('className', lang)}</th>
            <th scope="col">{t('nextStep', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr key={c.id} data-testid="lock-row">
              <th scope="row">
                <a href={hashOf(['changes', 'correction', c.id])}>{c.fullName}</a>
              </th>
              <td>{c.className}</td>
              <td>
                <LockCorrectionButton
                  connection={props.connection}
                  lang={lang}
                  newVersionId={props.versions.get(c.id)!}
                  name={c.fullName}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TransferTable({ items, lang, caption }: { items: Transfer[]; lang: Lang; caption: string }) {
  return (
    <div className="scroll">
      <table className="grid changes-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pupil', lang)}</th>
            <th scope="col">{t('dateOfBirth', lang)}</th>
            <th scope="col">{t('direction', lang)}</th>
            <th scope="col">{t('fromSchool', lang)}</th>
            <th scope="col">{t('toSchool', lang)}</th>
            <th scope="col">{t('effectiveOn', lang)}</th>
            <th scope="col">{t('state', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((x) => (
            <tr key={x.id} data-testid="transfer-row">
              <th scope="row">
                <a href={hashOf(['changes', 'transfer', x.id])}>{x.fullName}</a>
              </th>
              <td>{dateText(x.dateOfBirth)}</td>
              <td>{t(x.direction, lang)}</td>
              <td>{x.fromSchool}</td>
              <td>{x.toSchool}</td>
              <td>{dateText(x.effectiveOn)}</td>
              <td data-testid="transfer-state">{TRANSFER_STATE_WORDS[x.state]?.[lang] ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Overview({
  connection,
  lang,
  session,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  session: Session;
  schoolId: string;
}) {
  const role = session.role;
  const handlesTransfers = TRANSFER_ROLES.includes(role);
  const corrections = useCorrections(connection, schoolId, session);
  const transfers = useTransfers(connection, schoolId, handlesTransfers);
  const failed = [corrections, transfers].find((q) => q.isError);
  const waiting = (corrections.data ?? []).filter((c) => waitsFor(c.state, role));
  const others = (corrections.data ?? []).filter((c) => !waitsFor(c.state, role));
  const locks = LOCK_ROLES.includes(role);
  const applied = (corrections.data ?? []).filter((c) => c.state === 'applied').map((c) => c.id);
  const awaiting = useAwaitingLock(connection, applied, locks);
  const toLock = (corrections.data ?? []).filter((c) => awaiting.data?.has(c.id));
  const incoming = (transfers.data ?? []).filter((x) => x.direction === 'in' && x.state === 'requested');

  return (
    <section aria-labelledby="changes-title" className="changes">
      <h2 id="changes-title">{t('title', lang)}</h2>
      <p className="intro">{t('intro', lang)}</p>
      {failed && (
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(failed.error, lang) ?? word('network', lang) }]}
        />
      )}
      <ul className="changes-start">
        {REQUEST_ROLES.includes(role) && (
          <li>
            <a className="button" href={hashOf(['changes', 'correction', 'new'])}>
              {t('newCorrection', lang)}
            </a>
          </li>
        )}
        {handlesTransfers && (
          <li>
            <a className="button" href={hashOf(['changes', 'transfer', 'new'])}>
              {t('newTransfer', lang)}
            </a>
          </li>
        )}
        {REVOKE_ROLES.includes(role) && (
          <li>
            <a className="button warning" href={hashOf(['changes', 'revoke'])}>
              {t('revokeRecord', lang)}
            </a>
          </li>
        )}
      </ul>

      {CHECK_ROLES.includes(role) && (
        <>
          <h3>{t('waitingForYou', lang)}</h3>
          {corrections.isPending ? (
            <p aria-busy="true">…</p>
          ) : waiting.length === 0 ? (
            toLock.length === 0 && <p data-testid="nothing-waiting">{t('nothingWaiting', lang)}</p>
          ) : (
            <CorrectionTable items={waiting} lang={lang} caption={t('waitingForYou', lang)} />
          )}
        </>
      )}
      {toLock.length > 0 && (
        <>
          {/* Under "waiting for you": it waits for the principal too. */}
          <h4>{t('awaitingLock', lang)}</h4>
          <p className="hint">{t('lockCorrectionHint', lang)}</p>
          <LockTable connection={connection} items={toLock} versions={awaiting.data!} lang={lang} />
        </>
      )}
      {handlesTransfers && (
        <>
          <h3>{t('incomingWaiting', lang)}</h3>
          {transfers.isPending ? (
            <p aria-busy="true">…</p>
          ) : incoming.length === 0 ? (
            <p>{t('noIncoming', lang)}</p>
          ) : (
            <TransferTable items={incoming} lang={lang} caption={t('incomingWaiting', lang)} />
          )}
        </>
      )}

      {/* The rest of the requests; none at all is said once, not under both headings. */}
      {(others.length > 0 || waiting.length === 0) && (
        <>
          <h3>{t('allCorrections', lang)}</h3>
          {corrections.isPending ? (
            <p aria-busy="true">…</p>
          ) : others.length === 0 ? (
            <p>{t('noCorrections', lang)}</p>
          ) : (
            <CorrectionTable items={others} lang={lang} caption={t('allCorrections', lang)} />
          )}
        </>
      )}
      {handlesTransfers && (
        <>
          <h3>{t('allTransfers', lang)}</h3>
          {transfers.isPending ? (
            <p aria-busy="true">…</p>
          ) : (transfers.data ?? []).length === 0 ? (
            <p>{t('noTransfers', lang)}</p>
          ) : (
            <TransferTable items={transfers.data ?? []} lang={lang} caption={t('allTransfers', lang)} />
          )}
        </>
      )}
    </section>
  );
}
