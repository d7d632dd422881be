/**
 * One batch as the district checks it before accepting (GET /v1/batches/:batchId/verification): the verdict
 * first, then each check in a sentence (✓ Chữ ký hợp lệ — Hiệu trưởng …, Trường …; Đã ghi sổ cái ở khối …
 * lúc …), the signer's certificate, the ledger's anchor and the database compared with the ledger fact by
 * fact — and only then the accept button, disabled while any check fails or the batch is not waiting.
 */
import { instantDate, instantText } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { BATCH_STATE_WORDS, type Lang, word } from '../../words.ts';
import { DeadlineText, useCalendars } from './Deadline.tsx';
import {
  fetchVerification,
  nameAttribute,
  refusal,
  shortId,
  type Verification,
  verificationKey,
} from './data.ts';
import { signerText } from './SignerName.tsx';
import { aw, CHECK_WORDS, FAIL_FALLBACK, FAIL_WORDS, FIELD_WORDS, KIND_WORDS } from './words.ts';

const time = (iso: string | null | undefined, lang: Lang) => (iso && instantText(iso)?.[lang]) || '—';
const day = (iso: string | null | undefined, lang: Lang) => (iso && instantDate(iso)?.[lang]) || '—';

export function titleOf(v: Pick<Verification, 'className' | 'schoolName'>, lang: Lang): string {
  return v.className
    ? aw('batchTitle', lang, { name: v.className, school: v.schoolName })
    : aw('batchTitleSchool', lang, { school: v.schoolName });
}

export function BatchCheck({
  connection,
  lang,
  batchId,
}: {
  connection: Connection;
  lang: Lang;
  batchId: string;
}) {
  const check = useQuery({
    queryKey: verificationKey(batchId),
    queryFn: () => fetchVerification(connection, batchId),
  });
  const calendars = useCalendars(connection, check.data ? [check.data.schoolYear] : []);
  const back = (
    <p>
      <a href={hashOf(['acceptance'])}>{aw('backToQueue', lang)}</a>
    </p>
  );
  if (check.isPending) return <p aria-busy="true">{aw('checking', lang)}</p>;
  if (check.isError) {
    return (
      <section aria-labelledby="check-title">
        {back}
        <h2 id="check-title">{aw('checksTitle', lang)}</h2>
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: refusal(check.error, lang) }]}
        />
      </section>
    );
  }
  const v = check.data;
  const stateWord = BATCH_STATE_WORDS[v.state]?.[lang] ?? '—';
  return (
    <section aria-labelledby="check-title" className="acceptance batch-check">
      {back}
      <h2 id="check-title">{titleOf(v, lang)}</h2>
      <div className={`verdict ${v.ok ? 'ok' : 'bad'}`} data-testid="verdict">
        <h3>{aw(v.ok ? 'verdictOk' : 'verdictBad', lang)}</h3>
        <p>{aw(v.ok ? 'verdictOkText' : 'verdictBadText', lang)}</p>
        {v.ok && !v.acceptable && (
          <p>
            {v.state === 'accepted' || v.state === 'reported'
              ? aw('alreadyAccepted', lang)
              : aw('notWaiting', lang, { state: stateWord })}
          </p>
        )}
      </div>

      <h3>{aw('batchFacts', lang)}</h3>
      <dl className="facts batch-facts">
        <dt>{aw('school', lang)}</dt>
        <dd>{v.schoolName}</dd>
        <dt>{aw('className', lang)}</dt>
        <dd>{v.className ?? aw('wholeSchool', lang)}</dd>
        <dt>{aw('schoolYear', lang)}</dt>
        <dd>{v.schoolYear}</dd>
        <dt>{aw('kind', lang)}</dt>
        <dd>{KIND_WORDS[v.kind]?.[lang] ?? '—'}</dd>
        <dt>{aw('records', lang)}</dt>
        <dd data-testid="record-count">{v.recordCount}</dd>
        <dt>{aw('lockedAt', lang)}</dt>
        <dd>{time(v.lockedAt, lang)}</dd>
        <dt>{aw('state', lang)}</dt>
        <dd data-testid="batch-state">{stateWord}</dd>
        <dt>{aw('deadline', lang)}</dt>
        <dd>
          <DeadlineText kind={v.kind} calendar={calendars.get(v.schoolYear)} lang={lang} />
        </dd>
      </dl>

      <h3>{aw('checksTitle', lang)}</h3>
      <ol className="steps" data-testid="checks">
        {v.checks.map((c) => (
          <li key={c.name} className={`step ${c.outcome}`} data-check={c.name} data-outcome={c.outcome}>
            <span className="icon" aria-hidden="true">
              {c.outcome === 'pass' ? '✓' : c.outcome === 'fail' ? '✗' : '?'}
            </span>
            <div>
              <h4>
                {CHECK_WORDS[c.name]?.title[lang] ?? '—'}
                <span className="visually-hidden">
                  : {c.outcome === 'pass' ? aw('checkOk', lang) : aw('checkBad', lang)}
                </span>
              </h4>
              <p className="outcome">{sentence(v, c, lang)}</p>
            </div>
          </li>
        ))}
      </ol>

      {v.signer && <SignerFacts v={v} lang={lang} />}
      {v.anchor && (
        <>
          <h3>{aw('anchorTitle', lang)}</h3>
          <dl className="facts">
            <dt>{aw('block', lang)}</dt>
            <dd data-testid="block">{v.anchor.blockNumber ?? '—'}</dd>
            <dt>{aw('anchoredAt', lang)}</dt>
            <dd>{time(v.anchor.anchoredAt, lang)}</dd>
            <dt>{aw('transaction', lang)}</dt>
            <dd className="code" title={v.anchor.txId}>
              {shortId(v.anchor.txId)}
            </dd>
            <dt>{aw('ledgerState', lang)}</dt>
            <dd>{BATCH_STATE_WORDS[v.anchor.ledgerState]?.[lang] ?? '—'}</dd>
          </dl>
        </>
      )}
      {v.comparison.length > 0 && <Comparison v={v} lang={lang} />}

      <div className="accept-box">
        <button
          type="button"
          disabled={!v.acceptable}
          aria-describedby={v.acceptable ? undefined : 'accept-why'}
          onClick={() => go(['acceptance', 'confirm', v.batchId])}
          data-testid="accept-one"
        >
          {aw('acceptOne', lang)}
        </button>
        {!v.acceptable && (
          <p className="hint" id="accept-why">
            {aw('acceptDisabled', lang)}
          </p>
        )}
        <p className="note">{aw('checkedAt', lang, { at: time(v.checkedAt, lang) })}</p>
      </div>
    </section>
  );
}

/** A check's sentence: the facts it rests on when it passed, what failed when it did not. */
function sentence(v: Verification, c: Verification['checks'][number], lang: Lang): string {
  if (c.outcome !== 'pass') return (c.code && FAIL_WORDS[c.code]?.[lang]) || FAIL_FALLBACK[lang];
  if (c.name === 'signature' && v.signer) {
    const org = nameAttribute(v.signer.subject, 'O') ?? v.schoolName;
    return lang === 'vi'
      ? `Chữ ký hợp lệ — ${signerText(v, lang)}, ${org}.`
      : `Valid signature — ${signerText(v, lang)}, ${org}.`;
  }
  if (c.name === 'anchor' && v.anchor) {
    const at = time(v.anchor.anchoredAt, lang);
    const block = v.anchor.blockNumber ?? '—';
    return lang === 'vi'
      ? `Đã ghi sổ cái ở khối ${block} lúc ${at}; sổ cái và cơ sở dữ liệu khớp nhau.`
      : `On the ledger in block ${block} at ${at}; the ledger and the database agree.`;
  }
  if (c.name === 'records') {
    return lang === 'vi'
      ? `Đủ ${v.recordCount} học bạ; các học bạ tạo đúng gốc Merkle của lô.`
      : `All ${v.recordCount} records; they make the batch’s Merkle root.`;
  }
  return CHECK_WORDS[c.name]?.pass[lang] ?? '—';
}

function SignerFacts({ v, lang }: { v: Verification; lang: Lang }) {
  const s = v.signer!;
  const registration =
    s.registration === 'approved'
      ? aw('approvedOn', lang, { date: day(s.approvedAt, lang) })
      : s.registration === 'pending'
        ? aw('regPending', lang)
        : s.registration === 'revoked'
          ? aw('regRevoked', lang)
          : aw('regNone', lang);
  return (
    <>
      <h3>{aw('signerTitle', lang)}</h3>
      <dl className="facts" data-testid="signer">
        <dt>{aw('holder', lang)}</dt>
        <dd>{nameAttribute(s.subject, 'CN') ?? '—'}</dd>
        <dt>{aw('organisation', lang)}</dt>
        <dd>{nameAttribute(s.subject, 'O') ?? '—'}</dd>
        <dt>{aw('issuer', lang)}</dt>
        <dd>{nameAttribute(s.issuer, 'CN') ?? nameAttribute(s.issuer, 'O') ?? '—'}</dd>
        <dt>{aw('serial', lang)}</dt>
        <dd className="code">{s.serialNumber}</dd>
        <dt>{aw('validity', lang)}</dt>
        <dd>{aw('validityRange', lang, { from: day(s.notBefore, lang), to: day(s.notAfter, lang) })}</dd>
        <dt>{aw('signingTime', lang)}</dt>
        <dd>{time(s.signingTime, lang)}</dd>
        <dt>{aw('postedBy', lang)}</dt>
        <dd>{s.signedByName ?? '—'}</dd>
        <dt>{aw('approval', lang)}</dt>
        <dd data-testid="approval">{registration}</dd>
      </dl>
    </>
  );
}

/** Hashes and transaction ids are identifiers (monospace, shortened); a state and a block are words to read. */
const hashLike = (field: string) => field !== 'state' && field !== 'blockNumber';

function Comparison({ v, lang }: { v: Verification; lang: Lang }) {
  const shown = (field: string, value: string | null) =>
    value === null
      ? aw('none', lang)
      : field === 'state'
        ? (BATCH_STATE_WORDS[value]?.[lang] ?? '—')
        : hashLike(field)
          ? shortId(value)
          : value;
  return (
    <>
      <h3 id="compare-title">{aw('compareTitle', lang)}</h3>
      <div className="scroll table-box">
        <table className="grid compare" aria-labelledby="compare-title" data-testid="comparison">
          <thead>
            <tr>
              <th scope="col">{aw('colField', lang)}</th>
              <th scope="col">{aw('colDatabase', lang)}</th>
              <th scope="col">{aw('colLedger', lang)}</th>
              <th scope="col">{aw('colMatch', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {v.comparison.map((c) => (
              <tr key={c.field} className={c.match ? 'match' : 'differs'}>
                <th scope="row">{FIELD_WORDS[c.field]?.[lang] ?? '—'}</th>
                <td className={hashLike(c.field) ? 'code' : undefined} title={c.database ?? undefined}>
                  {shown(c.field, c.database)}
                </td>
                <td className={hashLike(c.field) ? 'code' : undefined} title={c.ledger ?? undefined}>
                  {shown(c.field, c.ledger)}
                </td>
                <td>{aw(c.match ? 'yes' : 'no', lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
