/**
 * The verification report as a person reads it: one banner that says at a glance whether the record can be
 * relied on (and, in red, why not: revoked, recalled, corrected, superseded, or which step failed), then the six steps,
 * each in plain words with the facts behind it (batch, block, transaction, signer, school). What the ledger's
 * words mean (neo, khối, mã giao dịch) is said in one sentence beside each; no code, key or ISO instant is
 * shown: dates as dd/mm/yyyy, times as dd/mm/yyyy HH:mm in Vietnam, reasons in words.
 */
import type { StepResult, VerificationReport } from '@hocba/integrity';
import { h } from './dom.ts';
import { plainInstants, vnDate, vnDateTime } from './format.ts';
import { fill, L, type Label, lang, T, t } from './i18n.ts';
import type { SignerInfo } from './signer.ts';

type Details = Record<string, unknown>;
/** The batch's state on the ledger, in words (integrity's BatchState). */
const STATES: Record<string, Label> = {
  anchored: { vi: 'đã neo trên sổ cái', en: 'anchored' },
  accepted: { vi: 'đã được Phòng/Sở tiếp nhận', en: 'accepted by the district or province' },
  reported: { vi: 'đã báo cáo lên Bộ', en: 'reported to the Ministry' },
  recallRequested: { vi: 'đang đề nghị thu hồi', en: 'recall requested' },
  recalled: { vi: 'đã bị thu hồi', en: 'recalled' },
  replaced: { vi: 'đã được thay thế bằng lô khác', en: 'replaced by another batch' },
};
/** Reasons of revocations and recalls as schools record them (A–Z codes on the ledger), in words. */
const REASONS: Record<string, Label> = {
  CORRECTION: { vi: 'Điều chỉnh thông tin học bạ', en: 'Correction of the record' },
  CORRECTED: { vi: 'Đã có bản điều chỉnh', en: 'Corrected since' },
  DATA_ERROR: { vi: 'Sai sót dữ liệu', en: 'Data error' },
  DUPLICATE: { vi: 'Học bạ trùng lặp', en: 'Duplicate record' },
  WRONG_CLASS: { vi: 'Ghi nhầm lớp', en: 'Entered in the wrong class' },
  WRONG_BATCH: { vi: 'Chốt nhầm lô', en: 'Locked in the wrong batch' },
  WRONG_STUDENT: { vi: 'Ghi nhầm học sinh', en: 'Entered for the wrong student' },
  FRAUD: { vi: 'Gian lận', en: 'Fraud' },
  REPLACED: { vi: 'Đã được thay thế', en: 'Replaced' },
  TRANSFER: { vi: 'Chuyển trường', en: 'Transfer to another school' },
};
const reasonWords = (code: unknown) =>
  typeof code === 'string' ? L(REASONS[code], t('reasonOther')) : undefined;

const str = (x: unknown) => (x === undefined || x === null ? undefined : String(x));

/** A fact: its label, its value, a sentence saying what it means, and whether the value is an identifier. */
type Fact = [label: string, value: string | undefined, explain?: string | undefined, code?: boolean];
function facts(pairs: Fact[]) {
  const shown = pairs.filter(
    (p): p is [string, string, (string | undefined)?, boolean?] => p[1] !== undefined && p[1] !== '',
  );
  if (!shown.length) return null;
  return h(
    'dl',
    { class: 'facts' },
    shown.map(([k, v, explain, code]) => [
      h('dt', null, k),
      h(
        'dd',
        null,
        h('span', { class: code ? 'fact code' : 'fact' }, v),
        explain ? h('span', { class: 'explain' }, explain) : null,
      ),
    ]),
  );
}

export interface ReportContext {
  /** Checked from a file, with no ledger: the unknown steps are expected, and said so. */
  offline?: boolean;
  /** Where the replacement of a superseded record can be seen, if known. */
  replacementHref?: string;
  /** Where the current version of a corrected record can be seen (its lookup code's page), if known. */
  currentHref?: string;
  /** The name of the school the manifest names by its code, when known. */
  schoolName?: string;
  /** The signing certificate's holder, from the bundle. */
  signer?: SignerInfo | undefined;
  /** What the reader can do next (check online), placed right under the verdict. */
  action?: HTMLElement | null;
}

/** A passed step in plain words; integrity's own sentence (ISO instants rewritten) for the others. */
function sentence(s: StepResult, ctx: ReportContext): string {
  const d = (s.details ?? {}) as Details;
  if (s.outcome === 'pass') {
    switch (s.step) {
      case 'integrity':
        return t('pass_integrity');
      case 'inclusion':
        return fill(T.pass_inclusion, {
          position: String(Number(d.leafIndex) + 1),
          size: String(d.treeSize),
        });
      case 'anchor':
        return fill(T.pass_anchor, { at: vnDateTime(d.anchoredAt) ?? '' });
      case 'signature':
        return fill(T.pass_signature, { at: vnDateTime(d.signingTime) ?? '' });
      case 'signer':
        return fill(T.pass_signer, {
          school: ctx.schoolName ?? fill(T.schoolByCode, { code: String(d.schoolId ?? '') }),
        });
      case 'status':
        return s.message[lang()];
    }
  }
  // Revocation and recall in words: integrity's sentence names the reason by its code.
  if (s.code === 'STATUS_REVOKED' || s.code === 'STATUS_RECALLED') {
    const f = (s.code === 'STATUS_RECALLED' && d.recall ? d.recall : d) as Details;
    return fill(s.code === 'STATUS_REVOKED' ? T.status_revoked : T.status_recalled, {
      at: vnDate(f.at) ?? '?',
      reason: reasonWords(f.reasonCode) ?? t('reasonOther'),
      basis: str(f.legalBasis) ?? '?',
    });
  }
  return plainInstants(s.message[lang()]);
}

function stepFacts(s: StepResult, ctx: ReportContext) {
  const d = (s.details ?? {}) as Details;
  switch (s.step) {
    case 'integrity':
      return d.disclosedFields !== undefined
        ? facts([
            [t('fieldsShown'), fill(T.fieldsCount, { n: String(d.disclosedFields) })],
            [t('fieldsHidden'), fill(T.fieldsCount, { n: String(d.hiddenFields) }), t('fieldsHiddenExplain')],
          ])
        : null;
    case 'inclusion':
      return facts([[t('batch'), str(d.batchId), t('batchExplain'), true]]);
    case 'anchor':
      return facts([
        [t('anchoredAt'), vnDateTime(d.anchoredAt), t('anchorExplain')],
        [t('block'), str(d.blockNumber), t('blockExplain')],
        [t('tx'), str(d.txId), t('txExplain'), true],
      ]);
    case 'signature':
      return s.outcome === 'pass'
        ? facts([
            [t('signerName'), ctx.signer?.name],
            [t('signedAt'), vnDateTime(d.signingTime)],
          ])
        : null;
    case 'signer':
      return null;
    case 'status':
      return d.state ? facts([[t('state'), L(STATES[String(d.state)], t('stateOther'))]]) : null;
  }
}

function stepItem(s: StepResult, ctx: ReportContext) {
  const icon = s.outcome === 'pass' ? '✓' : s.outcome === 'fail' ? '✗' : '?';
  return h(
    'li',
    { class: `step ${s.outcome}`, 'data-step': s.step, 'data-outcome': s.outcome, 'data-code': s.code },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, icon),
    h(
      'div',
      null,
      h(
        'h4',
        null,
        T[`step_${s.step}`][lang()],
        ' — ',
        h('span', { class: 'outcome' }, t(`outcome_${s.outcome}`)),
      ),
      h('p', null, sentence(s, ctx)),
      stepFacts(s, ctx),
    ),
  );
}

function banner(r: VerificationReport, ctx: ReportContext) {
  const failed = r.steps.find((s) => s.outcome === 'fail');
  const status = r.steps.find((s) => s.step === 'status')!;
  const d = (status.details ?? {}) as Details;
  const statusFact = (f: unknown) => {
    const x = (f ?? {}) as Details;
    return facts([
      [t('reason'), reasonWords(x.reasonCode)],
      [t('date'), vnDate(x.at)],
      [t('legalBasis'), str(x.legalBasis)],
    ]);
  };
  const said = (s: StepResult) => sentence(s, ctx);
  let cls: string;
  let title: string;
  let body: (HTMLElement | string | null)[];
  if (r.verdict === 'valid') {
    cls = 'ok';
    title = t('verdictValid');
    body = [t('verdictValidText')];
  } else if (failed?.step === 'status' && failed.code === 'STATUS_REVOKED') {
    cls = 'bad';
    title = t('verdictRevoked');
    body = [said(failed), statusFact(d)];
  } else if (failed?.step === 'status' && failed.code === 'STATUS_RECALLED') {
    cls = 'bad';
    title = t('verdictRecalled');
    body = [said(failed), statusFact(d.recall ?? d)];
  } else if (failed?.step === 'status' && failed.code === 'STATUS_CORRECTED') {
    // One pupil's record corrected: this older version is out of force; its classmates are not touched.
    cls = 'bad';
    title = t('verdictCorrected');
    body = [
      said(failed),
      t('correctedText'),
      facts([
        [t('correctedOn'), vnDate(d.at)],
        [t('decision'), str(d.legalBasis)],
      ]),
      ctx.currentHref ? h('a', { class: 'button', href: ctx.currentHref }, t('openCurrent')) : null,
    ];
  } else if (failed?.step === 'status' && failed.code === 'STATUS_SUPERSEDED') {
    cls = 'bad';
    title = t('verdictSuperseded');
    body = [
      said(failed),
      facts([[t('replacementBatch'), str(d.supersededBy), undefined, true]]),
      ctx.replacementHref
        ? h('a', { class: 'button', href: ctx.replacementHref }, t('openReplacement'))
        : null,
    ];
  } else if (failed) {
    cls = 'bad';
    title = t('verdictTampered');
    body = [
      h('strong', null, t('verdictTamperedText'), ' ', T[`step_${failed.step}`][lang()]),
      h('br'),
      said(failed),
    ];
  } else {
    cls = 'warn';
    title = t('verdictIncomplete');
    body = [ctx.offline ? t('verdictOffline') : t('verdictIncompleteText')];
  }
  return h(
    'div',
    {
      class: `verdict ${cls}`,
      role: 'status',
      'aria-live': 'polite',
      'data-verdict': r.verdict,
      'data-failed': failed ? `${failed.step}:${failed.code}` : '',
    },
    h('h2', null, title),
    h('div', null, ...body.map((b) => (typeof b === 'string' ? h('p', null, b) : b))),
  );
}

export function reportView(r: VerificationReport, ctx: ReportContext = {}): HTMLElement {
  return h(
    'section',
    { class: 'report', 'aria-label': t('steps') },
    banner(r, ctx),
    ctx.action ?? null,
    h('h3', { class: 'steps-title' }, t('steps')),
    h(
      'ol',
      { class: 'steps' },
      r.steps.map((s) => stepItem(s, ctx)),
    ),
    h('p', { class: 'note' }, ctx.offline ? t('fileOffline') : t('verifiedHere')),
  );
}
