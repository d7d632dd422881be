/**
 * The verification report as a person reads it: one banner that says at a glance whether the record can be
 * relied on (and, in red, why not: revoked, recalled, corrected, superseded, or which step failed), then the six steps,
 * each with integrity's plain vi/en message and the facts behind it (batch, block, transaction, signer, school).
 */
import type { StepResult, VerificationReport } from '@hocba/integrity';
import { h } from './dom.ts';
import { lang, T, t } from './i18n.ts';

type Details = Record<string, unknown>;
/** The batch's state on the ledger, in words. */
const STATES: Record<string, { vi: string; en: string }> = {
  anchored: { vi: 'đã neo trên sổ cái', en: 'anchored' },
  accepted: { vi: 'đã được Phòng/Sở tiếp nhận', en: 'accepted' },
  reported: { vi: 'đã báo cáo', en: 'reported' },
  recallRequested: { vi: 'đang đề nghị thu hồi', en: 'recall requested' },
};
const str = (x: unknown) => (x === undefined || x === null ? undefined : String(x));
const when = (x: unknown) => {
  const s = str(x);
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime())
    ? s
    : d.toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        timeZoneName: 'short',
      });
};

function facts(pairs: [string, string | undefined][]) {
  const shown = pairs.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
  if (!shown.length) return null;
  return h(
    'dl',
    { class: 'facts' },
    shown.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
  );
}

function stepFacts(s: StepResult) {
  const d = (s.details ?? {}) as Details;
  switch (s.step) {
    case 'integrity':
      return d.disclosedFields !== undefined
        ? facts([[t('fields'), `${d.disclosedFields} / ${d.hiddenFields}`]])
        : null;
    case 'inclusion':
      return facts([
        [t('batch'), str(d.batchId)],
        [t('position'), d.leafIndex !== undefined ? `${Number(d.leafIndex) + 1} / ${d.treeSize}` : undefined],
      ]);
    case 'anchor':
      return facts([
        [t('batch'), str(d.batchId)],
        [t('block'), str(d.blockNumber)],
        [t('tx'), str(d.txId)],
        [t('anchoredAt'), when(d.anchoredAt)],
      ]);
    case 'signature':
      return facts([
        [t('signedAt'), when(d.signingTime)],
        [t('signerCert'), str(d.signerCert)],
      ]);
    case 'signer':
      return facts([[t('school'), str(d.schoolId)]]);
    case 'status':
      return d.state ? facts([[t('state'), STATES[String(d.state)]?.[lang()] ?? str(d.state)]]) : null;
  }
}

function stepItem(s: StepResult) {
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
      h('p', null, s.message[lang()]),
      stepFacts(s),
    ),
  );
}

/** A date as a parent reads it: dd/mm/yyyy, in Vietnam. */
export const vnDate = (x: unknown): string | undefined => {
  const s = str(x);
  const d = s ? new Date(s) : undefined;
  if (!d || Number.isNaN(d.getTime())) return s;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);
};

export interface ReportContext {
  /** Checked from a file, with no ledger: the unknown steps are expected, and said so. */
  offline?: boolean;
  /** Where the replacement of a superseded record can be seen, if known. */
  replacementHref?: string;
  /** Where the current version of a corrected record can be seen (its lookup code's page), if known. */
  currentHref?: string;
}

function banner(r: VerificationReport, ctx: ReportContext) {
  const failed = r.steps.find((s) => s.outcome === 'fail');
  const status = r.steps.find((s) => s.step === 'status')!;
  const d = (status.details ?? {}) as Details;
  const statusFact = (f: unknown) => {
    const x = (f ?? {}) as Details;
    return facts([
      [t('reason'), str(x.reasonCode)],
      [t('date'), when(x.at)],
      [t('legalBasis'), str(x.legalBasis)],
    ]);
  };
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
    body = [failed.message[lang()], statusFact(d)];
  } else if (failed?.step === 'status' && failed.code === 'STATUS_RECALLED') {
    cls = 'bad';
    title = t('verdictRecalled');
    body = [failed.message[lang()], statusFact(d.recall ?? d)];
  } else if (failed?.step === 'status' && failed.code === 'STATUS_CORRECTED') {
    // One pupil's record corrected: this older version is out of force; its classmates are not touched.
    cls = 'bad';
    title = t('verdictCorrected');
    body = [
      failed.message[lang()],
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
      failed.message[lang()],
      facts([[t('replacementBatch'), str(d.supersededBy)]]),
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
      failed.message[lang()],
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
    h('h3', null, t('steps')),
    h('ol', { class: 'steps' }, r.steps.map(stepItem)),
    h('p', { class: 'note' }, ctx.offline ? t('fileOffline') : t('verifiedHere')),
  );
}
