/**
 * Lookup by code and date of birth (`/`), or by the QR link `/{lookupCode}` asking only for the date of
 * birth. The date is typed in three fields (ngày, tháng, năm: GOV.UK's date input, never the browser's date
 * picker, whose order follows the browser's language); what is wrong is said beside the field and in a
 * summary at the top that takes the focus. The answer's bundle is verified here, against the ledger facts the
 * answer carries; the record is laid out from the bundle's disclosed fields.
 */
import type { AnchorView } from '@hocba/integrity';
import { ApiFailure, api } from './api.ts';
import { formatLookupCode, normalizeLookupCode } from './code.ts';
import { checkDateParts, DATE_PARTS, type DatePart, type DateProblem, todayInVietnam } from './date-parts.ts';
import { h, mount } from './dom.ts';
import { errorSummaryBox, type FormError, markField, showSummary } from './form-errors.ts';
import { vnDate } from './format.ts';
import { lang, type T, t } from './i18n.ts';
import { type RecordContext, recordView } from './record-view.ts';
import { reportView } from './report-view.ts';
import { signerOf } from './signer.ts';
import { verifyOnline } from './verify.ts';

export interface LookupAnswer {
  bundle: { disclosure?: { fields?: { pointer: string; value: unknown }[]; hidden?: string[] } };
  ledger: { anchor: AnchorView; trustAnchors: string[] };
  replacement?: { lookupCode: string };
  /** This version is a correction of an earlier one: when, under which decision. */
  correction?: { supersedes: string; legalBasis: string; at: string };
  /**
   * Names the record's codes stand for (school, class) and its homeroom teacher and principal, for display;
   * not part of what is verified.
   */
  context?: {
    schoolName?: string;
    className?: string;
    homeroomTeacherName?: string;
    principalName?: string;
    signature?: { signer?: string; signedAt?: string };
  };
}

type Typed = Record<DatePart, string>;
/** The last answer, shown again when the page is rebuilt in the other language. */
let last: { answer: LookupAnswer; code: string; dob: Typed } | undefined;

/** The bundle's record and report, shown in `out`. */
export async function showVerified(out: HTMLElement, answer: LookupAnswer) {
  const report = await verifyOnline(answer.bundle, answer.ledger);
  const d = answer.bundle.disclosure;
  const fields = Array.isArray(d?.fields) ? d.fields : [];
  // The code names the pupil's record of the year: its page shows the current version.
  const code = fields.find((f) => f.pointer === '/lookupCode')?.value;
  const c = answer.correction;
  const ctx: RecordContext = {
    ...answer.context,
    report,
    signer: signerOf(answer.bundle),
    publicLookup: true,
  };
  mount(
    out,
    // Said first: whoever holds an older printout sees at once that it was corrected.
    c && report.verdict === 'valid'
      ? h(
          'div',
          { class: 'note correction', 'data-testid': 'correction' },
          h('p', null, t('isCorrection')),
          h(
            'dl',
            { class: 'facts' },
            h('dt', null, t('correctedOn')),
            h('dd', null, vnDate(c.at) ?? ''),
            h('dt', null, t('decision')),
            h('dd', null, c.legalBasis),
          ),
        )
      : null,
    reportView(report, {
      ...(answer.replacement && { replacementHref: `/${answer.replacement.lookupCode}` }),
      ...(typeof code === 'string' && { currentHref: `/${code}` }),
      ...(answer.context?.schoolName && { schoolName: answer.context.schoolName }),
      signer: ctx.signer,
    }),
    recordView(
      fields,
      Array.isArray(d?.hidden) ? d.hidden.length : 0,
      report.steps[0]?.outcome === 'fail',
      ctx,
    ),
  );
  out.focus();
}

const DATE_MESSAGE: Record<Exclude<DateProblem, 'incomplete'>, keyof typeof T> = {
  empty: 'dobMissing',
  notNumber: 'dobNotNumber',
  yearDigits: 'dobYearDigits',
  notReal: 'dobNotReal',
  future: 'dobFuture',
  tooEarly: 'dobTooEarly',
};

/** "Ngày sinh phải có ngày và tháng" / "The date of birth must include a day and a month". */
function incompleteMessage(missing: DatePart[]): string {
  const names = missing.map((p) => t(`part_${p}`).toLowerCase());
  const and = lang() === 'vi' ? ' và ' : ' and ';
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')}${and}${names.at(-1)}` : names[0];
  return `${t('dobIncomplete')} ${list}`;
}

export function lookupPage(qrCode?: string): HTMLElement {
  const summary = errorSummaryBox();

  // The code: one text field, its hint and its own error slot.
  const code = h('input', {
    id: 'code',
    name: 'code',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    inputmode: 'text',
  });
  const codeError = h('p', { class: 'error-message', id: 'code-error' });
  const codeGroup = h(
    'div',
    { class: 'field' },
    h('label', { for: 'code' }, t('code')),
    h('p', { class: 'hint', id: 'code-hint' }, t(qrCode ? 'codeHintQr' : 'codeHint')),
    codeError,
    code,
  );

  // The date of birth: three fields in a group named by its legend (GOV.UK's date input).
  const part = (p: DatePart, width: number) =>
    h('input', {
      id: `dob-${p}`,
      name: `dob-${p}`,
      type: 'text',
      inputmode: 'numeric',
      autocomplete: `bday-${p}`,
      maxlength: width,
      class: `date-${p}`,
      spellcheck: 'false',
    });
  const dob: Record<DatePart, HTMLInputElement> = {
    day: part('day', 2),
    month: part('month', 2),
    year: part('year', 4),
  };
  const dobError = h('p', { class: 'error-message', id: 'dob-error' });
  const dobGroup = h(
    'fieldset',
    { class: 'field date-field', role: 'group' },
    h('legend', null, t('dob')),
    h('p', { class: 'hint', id: 'dob-hint' }, t('dobHint')),
    dobError,
    h(
      'div',
      { class: 'date-input' },
      DATE_PARTS.map((p) =>
        h(
          'div',
          { class: 'date-item' },
          h('label', { for: `dob-${p}`, class: 'date-label' }, t(`part_${p}`)),
          dob[p],
        ),
      ),
    ),
  );
  const markCode = (message?: string) =>
    markField(codeGroup, codeError, [{ input: code, bad: true }], { el: code, hintId: 'code-hint' }, message);
  const markDob = (message?: string, bad: DatePart[] = []) =>
    markField(
      dobGroup,
      dobError,
      DATE_PARTS.map((p) => ({ input: dob[p], bad: bad.includes(p) })),
      { el: dobGroup, hintId: 'dob-hint' },
      message,
    );
  markCode();
  markDob();

  const out = h('div', { class: 'result', tabindex: -1, 'aria-live': 'polite' });
  if (qrCode) {
    const n = normalizeLookupCode(qrCode);
    code.value = n.ok ? formatLookupCode(n.code) : qrCode;
  }
  if (last && (!qrCode || last.code === code.value)) {
    code.value = last.code;
    for (const p of DATE_PARTS) dob[p].value = last.dob[p];
    void showVerified(out, last.answer);
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    const errors: FormError[] = [];
    const n = normalizeLookupCode(code.value);
    if (!n.ok) {
      const message = t(
        code.value.trim() === ''
          ? 'codeMissing'
          : n.problem === 'length'
            ? 'codeLength'
            : n.problem === 'character'
              ? 'codeCharacter'
              : 'codeCheck',
      );
      markCode(message);
      errors.push({ message, inputId: 'code' });
    } else markCode();
    const typed: Typed = { day: dob.day.value, month: dob.month.value, year: dob.year.value };
    const date = checkDateParts(typed, todayInVietnam());
    if (!date.ok) {
      const message =
        date.problem === 'incomplete' ? incompleteMessage(date.fields) : t(DATE_MESSAGE[date.problem]);
      markDob(message, date.fields);
      errors.push({ message, inputId: `dob-${date.fields[0]}` });
    } else markDob();
    showSummary(summary, errors);
    if (errors.length || !n.ok || !date.ok) return;

    mount(out, h('p', { class: 'busy' }, t('checking')));
    try {
      const answer = await api<LookupAnswer>(
        `/v1/verify/${encodeURIComponent(n.code)}?dob=${encodeURIComponent(date.iso)}`,
      );
      last = { answer, code: code.value, dob: typed };
      await showVerified(out, answer);
    } catch (err) {
      out.replaceChildren();
      const f = err instanceof ApiFailure ? err : new ApiFailure(0, 'NETWORK');
      const key =
        f.code === 'RECORD_NOT_FOUND'
          ? 'notFound'
          : f.code === 'RATE_LIMITED'
            ? 'rateLimited'
            : f.code === 'RECORD_NOT_YET_SIGNED'
              ? 'notSigned'
              : f.code === 'LOOKUP_CODE_INVALID'
                ? 'codeCheck'
                : 'networkError';
      // Which of the two is wrong is not said (no oracle): the link goes to the first field.
      const linked = key === 'notFound' || key === 'codeCheck';
      showSummary(summary, [{ message: t(key), ...(linked && { inputId: qrCode ? 'dob-day' : 'code' }) }]);
    }
  };

  if (qrCode) {
    code.readOnly = true;
    codeGroup.classList.add('readonly');
  }
  return h(
    'div',
    { class: 'lookup' },
    qrCode ? h('p', { class: 'intro' }, t('qrIntro')) : h('p', { class: 'intro' }, t('tagline')),
    h(
      'form',
      { class: 'card lookup-form', onsubmit: submit as EventListener, novalidate: true },
      summary,
      codeGroup,
      dobGroup,
      h('button', { type: 'submit' }, t('submit')),
      qrCode ? h('p', null, h('a', { href: '/' }, t('otherCode'))) : null,
    ),
    out,
  );
}
