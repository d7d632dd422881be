/**
 * The record laid out as a học bạ: the record model's layout (@hocba/records layoutHocBa, the same model the
 * PDF renders) of the disclosed fields only (what the report has just checked, never the server's copy),
 * rendered here with the one design system (style.css). The layout decides every word (subjects in the
 * circular's order, comments, the year-end decision in the circular's words, confirmation blocks with
 * "Đã ký số", signer and time, dates dd/mm/yyyy); this file only places it. Its content fingerprint
 * ("Mã nội dung") is the one the PDF prints.
 */
import type { VerificationReport } from '@hocba/integrity';
import {
  type HocBaLayout,
  type LayoutConfirmation,
  type LayoutContext,
  type LayoutRow,
  type LayoutSection,
  type LayoutTableSection,
  type LayoutValue,
  type LayoutYear,
  layoutFingerprint,
  layoutHocBa,
  recordFromFields,
  type StatusFact,
  type WorkflowSignOff,
} from '@hocba/records';
import { h } from './dom.ts';
import { vnDateTime } from './format.ts';
import { fill, L, type Lang, lang, setLang, T, t } from './i18n.ts';
import type { SignerInfo } from './signer.ts';

/** What the record's codes stand for and what the report proved, for the layout's words. */
export interface RecordContext {
  schoolName?: string | undefined;
  className?: string | undefined;
  /** The confirmation blocks' names, as the PDF prints them (the lookup's context). */
  homeroomTeacherName?: string | undefined;
  principalName?: string | undefined;
  report?: VerificationReport;
  signer?: SignerInfo | undefined;
  /**
   * The public lookup's answer: what is not shown was withheld by the lookup's privacy rule (DESIGN.md §6),
   * not by a holder's choice, and the page says so (the layout's words speak of a holder's disclosure).
   */
  publicLookup?: boolean;
  /**
   * A record still in the school's workflow (the console's review, before lock): nothing is signed or
   * anchored yet, so the foot says no more than the lookup code.
   */
  inProgress?: boolean;
  /** With `inProgress`: the workflow's sign-offs so far, shown in the confirmation blocks (the layout's words). */
  signOffs?: readonly WorkflowSignOff[] | undefined;
  /** The page's language when it is not the portal's own (the console keeps its choice apart). */
  lang?: Lang;
}

type Field = { pointer: string; value: unknown };

/** The report's status step as the layout's status fact (the live status, printed with the record). */
function statusFact(report: VerificationReport | undefined): StatusFact | undefined {
  const s = report?.steps.find((x) => x.step === 'status');
  if (!s) return undefined;
  if (s.outcome === 'pass') return { state: 'valid' };
  if (s.outcome === 'unknown') return { state: 'unknown' };
  const d = (s.details ?? {}) as Record<string, unknown>;
  const fact = {
    ...(typeof d.reasonCode === 'string' && { reasonCode: d.reasonCode }),
    ...(typeof d.at === 'string' && { at: d.at }),
    ...(typeof d.legalBasis === 'string' && { legalBasis: d.legalBasis }),
  };
  switch (s.code) {
    case 'STATUS_REVOKED':
      return { state: 'revoked', ...fact };
    case 'STATUS_RECALLED':
      return { state: 'recalled', ...fact };
    case 'STATUS_CORRECTED':
      return { state: 'corrected', ...fact };
    case 'STATUS_SUPERSEDED':
      return { state: 'superseded', ...fact };
    default:
      return { state: 'unknown' };
  }
}

/**
 * The layout's context from what this page knows: the names the lookup answered, the batch signature only
 * when the report's signature step passed (its certificate's holder, its proved time), the live status.
 */
export function layoutContext(ctx: RecordContext, hiddenCount: number): LayoutContext {
  const sig = ctx.report?.steps.find((x) => x.step === 'signature');
  const signedAt = sig?.outcome === 'pass' ? sig.details?.signingTime : undefined;
  const status = statusFact(ctx.report);
  return {
    ...(ctx.schoolName && { schoolName: ctx.schoolName }),
    ...(ctx.className && { className: ctx.className }),
    ...(ctx.homeroomTeacherName && { homeroomTeacherName: ctx.homeroomTeacherName }),
    ...(ctx.principalName && { principalName: ctx.principalName }),
    ...(sig?.outcome === 'pass' && {
      signature: {
        ...(ctx.signer?.name && { signer: ctx.signer.name }),
        ...(typeof signedAt === 'string' && { signedAt }),
      },
    }),
    ...(status && { status }),
    ...(ctx.inProgress && ctx.signOffs && { signOffs: ctx.signOffs }),
    hiddenFields: hiddenCount,
  };
}

const txt = (l: { vi: string; en: string } | undefined) => (l ? l[lang()] : '');

/** A value: its text, its detail smaller; a withheld one marked as such, never invented. */
function val(v: LayoutValue, withDetail = true): (Node | string)[] {
  if (v.kind === 'hidden') return [h('span', { class: 'hb-withheld' }, txt(v.text))];
  if (v.kind === 'empty') return [h('span', { class: 'hb-empty' }, txt(v.text))];
  return [
    txt(v.text),
    withDetail && v.detail ? h('span', { class: 'hb-detail' }, ` (${txt(v.detail)})`) : '',
  ];
}

const rowTr = (r: LayoutRow) =>
  h('tr', { 'data-key': r.key }, h('th', { scope: 'row' }, txt(r.label)), h('td', null, val(r.value)));

function kvTable(rows: readonly LayoutRow[]) {
  return h('table', { class: 'kv' }, h('tbody', null, rows.map(rowTr)));
}

function section(title: string, cls: string, ...body: (Node | null)[]) {
  return h('section', { class: `hb-section ${cls}`.trim() }, h('h3', null, title), ...body);
}

/** A table with the circular's columns; grouped columns (Học kì I: ĐĐGtx, ĐĐGgk…) under a second header line. */
function table(s: LayoutTableSection) {
  const grouped = s.columns.some((c) => c.group);
  const first =
    s.id === 'subjects' ? (lang() === 'vi' ? 'Môn học' : 'Subject') : lang() === 'vi' ? 'Nội dung' : 'Item';
  const head: Node[] = [];
  const top: Node[] = [h('th', { scope: 'col', rowspan: grouped ? 2 : null }, first)];
  const second: Node[] = [];
  for (let i = 0; i < s.columns.length; i++) {
    const c = s.columns[i]!;
    const th = (span?: number) =>
      h(
        'th',
        {
          scope: 'col',
          title: c.title ? txt(c.title) : null,
          class: `al-${c.align}`,
          ...(span && { rowspan: span }),
        },
        txt(c.label),
      );
    if (!grouped) top.push(th());
    else if (!c.group) top.push(th(2));
    else {
      let n = 1;
      while (s.columns[i + n]?.group && txt(s.columns[i + n]!.group) === txt(c.group)) n++;
      top.push(h('th', { scope: 'colgroup', colspan: n }, txt(c.group)));
      for (let k = 0; k < n; k++) {
        const ck = s.columns[i + k]!;
        second.push(
          h(
            'th',
            { scope: 'col', title: ck.title ? txt(ck.title) : null, class: `al-${ck.align}` },
            txt(ck.label),
          ),
        );
      }
      i += n - 1;
    }
  }
  head.push(h('tr', null, top));
  if (grouped) head.push(h('tr', null, second));
  const body = s.rows.map((r) =>
    h(
      'tr',
      { 'data-key': r.key },
      h('th', { scope: 'row' }, txt(r.header)),
      r.cells.map((c, i) => h('td', { class: `al-${s.columns[i]?.align ?? 'start'}` }, val(c))),
    ),
  );
  const grid = h('table', { class: 'grid' }, h('thead', null, head), h('tbody', null, body));
  return section(
    txt(s.title),
    s.id === 'subjects' ? 'hb-subjects' : 'hb-rating',
    s.id === 'subjects' || s.columns.length > 3
      ? h('div', { class: 'scroll', role: 'region', 'aria-label': txt(s.title), tabindex: 0 }, grid)
      : grid,
    s.note ? h('p', { class: 'hb-note' }, txt(s.note)) : null,
  );
}

function sectionView(s: LayoutSection): HTMLElement {
  switch (s.kind) {
    case 'table':
      return table(s);
    case 'facts':
      return section(txt(s.title), `hb-${s.id}`, kvTable(s.rows));
    case 'text':
      return section(
        txt(s.title),
        'hb-comments',
        ...s.paragraphs.map((p) =>
          h(
            'div',
            { class: 'hb-comment', 'data-key': p.key },
            h('h4', null, txt(p.label)),
            h('p', null, val(p.value)),
          ),
        ),
      );
    case 'decision':
      return section(
        txt(s.title),
        'hb-decision',
        h('p', { class: 'hb-decision-text' }, val(s.decision)),
        s.rows.length ? kvTable(s.rows) : null,
      );
  }
}

/** A name known from the context, without its code beside it: a parent knows the school by its name. */
const nameOnly = (v: LayoutValue, known: boolean): LayoutValue =>
  known && v.kind === 'text' ? { kind: 'text', text: v.text } : v;

function yearView(y: LayoutYear, ctx: RecordContext) {
  const vi = lang() === 'vi';
  const head: LayoutRow[] = [
    { key: 'school', label: { vi: 'Trường', en: 'School' }, value: nameOnly(y.school, !!ctx.schoolName) },
    { key: 'className', label: { vi: 'Lớp', en: 'Class' }, value: nameOnly(y.className, !!ctx.className) },
    { key: 'schoolYear', label: { vi: 'Năm học', en: 'School year' }, value: y.schoolYear },
    { key: 'grade', label: { vi: 'Khối lớp', en: 'Grade' }, value: y.grade },
    // A staff screen names a record in progress by its pupil: its internal id is for the issued copy.
    ...y.facts.filter((f) => !(ctx.inProgress && f.key === 'recordId')),
  ];
  return [
    section(vi ? 'Thông tin chung' : 'General', 'hb-half hb-general', kvTable(head)),
    ...y.sections.map(sectionView),
  ];
}

function confirmationView(c: LayoutConfirmation) {
  const s = c.signature;
  return h(
    'div',
    { class: 'hb-sign', 'data-role': c.role, 'data-state': s.state },
    h('p', { class: 'hb-sign-role' }, txt(c.title)),
    c.date ? h('p', { class: 'hb-sign-date' }, val(c.date)) : null,
    h(
      'p',
      { class: s.state === 'signed' ? 'hb-signed' : 'hb-unsigned' },
      s.state === 'signed' ? h('strong', null, txt(s.text)) : txt(s.text),
      // The certificate's holder, when it is not the person named below (a role: "Hiệu trưởng …").
      s.signer && !(c.name.kind === 'text' && txt(c.name.text) === txt(s.signer))
        ? [h('br'), txt(s.signer)]
        : null,
      s.signedAt ? [h('br'), `${lang() === 'vi' ? 'Lúc' : 'At'} ${txt(s.signedAt)}`] : null,
    ),
    h('p', { class: 'hb-sign-name' }, val(c.name)),
  );
}

/** The paper's foot: the code to look it up again, the content fingerprint, and the verification line. */
function foot(layout: HocBaLayout, fingerprint: string, ctx: RecordContext) {
  const { report } = ctx;
  if (ctx.inProgress) {
    const vi = lang() === 'vi';
    // No field count: it speaks of a holder's disclosure, and a staff read withholds by role, not by choice.
    return h(
      'footer',
      { class: 'hb-foot' },
      layout.lookupCode
        ? h(
            'dl',
            null,
            h('dt', { class: 'hb-foot-k' }, vi ? 'Mã số tra cứu' : 'Lookup code'),
            h('dd', { class: 'hb-foot-v', 'data-key': 'lookupCode' }, layout.lookupCode),
          )
        : null,
    );
  }
  // The field count and its note are not part of the fingerprint: rewording them for the lookup is safe.
  const publicPartial = ctx.publicLookup && layout.completeness === 'partial';
  const count = publicPartial
    ? fill(T.publicCount, {
        shown: String(layout.fields.shown),
        total: String(layout.fields.shown + layout.fields.hidden),
        hidden: String(layout.fields.hidden),
      })
    : txt(layout.fields.text);
  const notes = publicPartial
    ? [L(T.publicHiddenNote), ...layout.notes.slice(1).map(txt)]
    : layout.notes.map(txt);
  const vi = lang() === 'vi';
  const checked = report
    ? `${vnDateTime(report.checkedAt) ?? ''} — ${L(
        report.verdict === 'valid'
          ? T.verdictValid
          : report.verdict === 'invalid'
            ? T.verdictTampered
            : T.verdictIncomplete,
      )}`
    : undefined;
  const items: [string, string | undefined, string, string?][] = [
    [vi ? 'Mã số tra cứu' : 'Lookup code', layout.lookupCode, 'lookupCode'],
    [vi ? 'Mã nội dung' : 'Content fingerprint', fingerprint, 'fingerprint'],
    [
      vi ? 'Tra cứu tại' : 'Look it up at',
      layout.lookupCode ? `${location.origin}/${layout.lookupCode}` : undefined,
      'url',
      'print-only',
    ],
    [vi ? 'Đã xác minh lúc' : 'Verified at', checked, 'checked', 'print-only'],
  ];
  const shown = items.filter((i): i is [string, string, string, string?] => i[1] !== undefined);
  return h(
    'footer',
    { class: 'hb-foot' },
    h('p', { class: 'hb-count' }, count),
    notes.map((n) => h('p', { class: 'hb-note' }, n)),
    h(
      'dl',
      null,
      shown.map(([k, v, key, cls]) => [
        h('dt', { class: cls ? `hb-foot-k ${cls}` : 'hb-foot-k' }, k),
        h('dd', { class: cls ? `hb-foot-v ${cls}` : 'hb-foot-v', 'data-key': key }, v),
      ]),
    ),
    h('p', { class: 'hb-note' }, t('fingerprintExplain')),
  );
}

/** `untrusted`: the content failed the integrity check, and is shown as evidence only, under a warning. */
export function recordView(
  fields: readonly Field[],
  hiddenCount: number,
  untrusted = false,
  ctx: RecordContext = {},
): HTMLElement {
  // The portal's words follow the caller's language (the same person's choice, on the same origin).
  if (ctx.lang && ctx.lang !== lang()) setLang(ctx.lang);
  const layout = layoutHocBa(recordFromFields(fields), layoutContext(ctx, hiddenCount));
  const fingerprint = layoutFingerprint(layout);
  return h(
    'article',
    {
      class: untrusted ? 'hocba untrusted' : 'hocba',
      'aria-labelledby': 'hb-title',
      'data-form': layout.form,
      'data-fingerprint': fingerprint,
    },
    untrusted ? h('p', { class: 'hb-untrusted', role: 'note' }, t('untrusted')) : null,
    h(
      'header',
      { class: 'hb-head' },
      h(
        'p',
        { class: 'hb-nation' },
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        h('br'),
        h('span', null, 'Độc lập – Tự do – Hạnh phúc'),
      ),
      h('h2', { id: 'hb-title' }, txt(layout.title)),
      h('p', { class: 'hb-form' }, txt(layout.subtitle)),
      layout.status
        ? h('p', { class: `hb-status print-only ${layout.status.state}` }, txt(layout.status.text))
        : null,
    ),
    section(
      lang() === 'vi' ? 'Sơ yếu lý lịch học sinh' : 'The pupil',
      'hb-half hb-identity',
      kvTable(layout.identity),
    ),
    layout.years.map((y, i) => [
      ...yearView(y, ctx),
      layout.confirmations[i]?.length
        ? section(
            lang() === 'vi' ? 'Xác nhận' : 'Confirmation',
            'hb-confirm',
            h('div', { class: 'hb-signs' }, layout.confirmations[i]!.map(confirmationView)),
          )
        : null,
    ]),
    foot(layout, fingerprint, ctx),
  );
}
