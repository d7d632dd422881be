/**
 * Lookup by code and date of birth (`/`), or by the QR link `/{lookupCode}` asking only for the date of
 * birth. The answer's bundle is verified here, against the ledger facts the answer carries; the record is
 * laid out from the bundle's disclosed fields.
 */
import type { AnchorView } from '@hocba/integrity';
import { ApiFailure, api } from './api.ts';
import { formatLookupCode, normalizeLookupCode } from './code.ts';
import { h, mount } from './dom.ts';
import { t } from './i18n.ts';
import { recordView, unflatten } from './record-view.ts';
import { reportView, vnDate } from './report-view.ts';
import { verifyOnline } from './verify.ts';

interface LookupAnswer {
  bundle: { disclosure?: { fields?: { pointer: string; value: unknown }[]; hidden?: string[] } };
  ledger: { anchor: AnchorView; trustAnchors: string[] };
  replacement?: { lookupCode: string };
  /** This version is a correction of an earlier one: when, under which decision. */
  correction?: { supersedes: string; legalBasis: string; at: string };
}

let uid = 0;
/** The last answer, shown again when the page is rebuilt in the other language. */
let last: { answer: LookupAnswer; code: string; dob: string } | undefined;
function field(label: string, hint: string, input: HTMLInputElement) {
  const id = `f${++uid}`;
  input.id = id;
  input.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    h('p', { class: 'hint', id: `${id}-hint` }, hint),
  );
}

/** The bundle's record and report, shown in `out`. */
export async function showVerified(out: HTMLElement, answer: LookupAnswer) {
  const report = await verifyOnline(answer.bundle, answer.ledger);
  const d = answer.bundle.disclosure;
  const fields = Array.isArray(d?.fields) ? d.fields : [];
  // The code names the pupil's record of the year: its page shows the current version.
  const code = fields.find((f) => f.pointer === '/lookupCode')?.value;
  const c = answer.correction;
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
    }),
    recordView(
      unflatten(fields),
      Array.isArray(d?.hidden) ? d.hidden.length : 0,
      report.steps[0]?.outcome === 'fail',
    ),
  );
  out.focus();
}

export function lookupPage(qrCode?: string): HTMLElement {
  const code = h('input', {
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    inputmode: 'text',
    required: true,
  });
  const dob = h('input', {
    name: 'dob',
    type: 'date',
    required: true,
    max: new Date().toISOString().slice(0, 10),
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const out = h('div', { class: 'result', tabindex: -1, 'aria-live': 'polite' });
  if (qrCode) {
    const n = normalizeLookupCode(qrCode);
    code.value = n.ok ? formatLookupCode(n.code) : qrCode;
  }
  if (last && (!qrCode || last.code === code.value)) {
    code.value = last.code;
    dob.value = last.dob;
    void showVerified(out, last.answer);
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    error.textContent = '';
    const n = normalizeLookupCode(code.value);
    if (!n.ok) {
      error.textContent = t(
        n.problem === 'length' ? 'codeLength' : n.problem === 'character' ? 'codeCharacter' : 'codeCheck',
      );
      (qrCode ? dob : code).focus();
      return;
    }
    if (!dob.value) {
      error.textContent = t('dobMissing');
      dob.focus();
      return;
    }
    mount(out, h('p', { class: 'busy' }, t('checking')));
    try {
      const answer = await api<LookupAnswer>(
        `/v1/verify/${encodeURIComponent(n.code)}?dob=${encodeURIComponent(dob.value)}`,
      );
      last = { answer, code: code.value, dob: dob.value };
      await showVerified(out, answer);
    } catch (err) {
      out.replaceChildren();
      const f = err instanceof ApiFailure ? err : new ApiFailure(0, 'NETWORK');
      error.textContent = t(
        f.code === 'RECORD_NOT_FOUND'
          ? 'notFound'
          : f.code === 'RATE_LIMITED'
            ? 'rateLimited'
            : f.code === 'RECORD_NOT_YET_SIGNED'
              ? 'notSigned'
              : f.code === 'LOOKUP_CODE_INVALID'
                ? 'codeCheck'
                : 'networkError',
      );
    }
  };

  const codeField = field(t('code'), t('codeHint'), code);
  if (qrCode) {
    code.readOnly = true;
    codeField.classList.add('readonly');
  }
  return h(
    'div',
    null,
    qrCode ? h('p', { class: 'intro' }, t('qrIntro')) : h('p', { class: 'intro' }, t('tagline')),
    h(
      'form',
      { class: 'card', onsubmit: submit as EventListener, novalidate: true },
      codeField,
      field(t('dob'), t('dobHint'), dob),
      error,
      h('button', { type: 'submit' }, t('submit')),
      qrCode ? h('p', null, h('a', { href: '/' }, t('otherCode'))) : null,
    ),
    out,
  );
}
