/**
 * The record laid out as a học bạ, from the disclosed fields only (what the report has just checked, never the
 * server's copy): primary records as Circular 27's form prints them (subjects with level, test score and
 * comment; qualities; general and specific competencies; overall result), secondary ones as Circular 22's
 * (subjects with semester and year averages or Đạt/Chưa đạt; learning and conduct results; promotion).
 * Whatever else was disclosed follows as a plain list, so nothing disclosed goes unseen.
 */
import type { VerificationReport } from '@hocba/integrity';
import { formatLookupCode } from './code.ts';
import { h } from './dom.ts';
import { vnDate, vnDateTime } from './format.ts';
import { fill, L, type Label, lang, T, t } from './i18n.ts';
import { FIELDS, GENERAL, QUALITIES, SPECIFIC, SUBJECTS, VALUES } from './labels.ts';
import type { SignerInfo } from './signer.ts';

/** What the record's codes stand for and what the report proved, for the layout's words. */
export interface RecordContext {
  schoolName?: string | undefined;
  className?: string | undefined;
  report?: VerificationReport;
  signer?: SignerInfo | undefined;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Rebuilds the nested record from RFC 6901 pointers (all-digit segments are array indexes). */
export function unflatten(fields: readonly { pointer: string; value: unknown }[]): Obj {
  const root: Obj = {};
  for (const f of fields) {
    if (f.pointer === '') continue;
    const segs = f.pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let at: Json = root;
    segs.forEach((s, i) => {
      const last = i === segs.length - 1;
      const next = segs[i + 1];
      const container = at as Record<string, Json>;
      if (last) container[s] = f.value as Json;
      else {
        if (container[s] === undefined || container[s] === null || typeof container[s] !== 'object')
          container[s] = next !== undefined && /^\d+$/.test(next) ? [] : {};
        at = container[s] as Json;
      }
    });
  }
  return root;
}

const fmtNumber = (n: number) =>
  n.toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });

function fmt(v: Json | undefined, table?: Record<string, Label>): string {
  if (v === undefined) return '—';
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? (lang() === 'vi' ? 'Có' : 'Yes') : lang() === 'vi' ? 'Không' : 'No';
  if (typeof v === 'number') return fmtNumber(v);
  if (typeof v === 'string') {
    const l = table?.[v];
    if (l) return L(l);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return vnDateTime(v) ?? v;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return vnDate(v) ?? v;
    return v;
  }
  if (Array.isArray(v))
    return v.length
      ? v
          .map((x) =>
            isObj(x)
              ? Object.entries(x)
                  // A signature's bytes mean nothing to a reader: its signer and time do.
                  .filter(([k]) => k !== 'value' && k !== 'kind')
                  .map(([k, y]) => `${L(FIELDS[k], k)}: ${fmt(y)}`)
                  .join(', ')
              : fmt(x),
          )
          .join('; ')
      : '—';
  return Object.entries(v)
    .map(([k, x]) => `${L(FIELDS[k], k)}: ${fmt(x)}`)
    .join('; ');
}

const label = (k: string) => L(FIELDS[k], k);

/** In the order the form prints them (the table's order), not the canonical form's alphabetical one. */
function ordered(data: Obj, names: Record<string, Label>): [string, Json][] {
  const order = Object.keys(names);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(data).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
const row = (k: string, v: string) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v));

function kv(title: string, entries: [string, string][], cls = '') {
  if (!entries.length) return null;
  return h(
    'section',
    { class: `hb-section ${cls}`.trim() },
    h('h3', null, title),
    h(
      'table',
      { class: 'kv' },
      h(
        'tbody',
        null,
        entries.map(([k, v]) => row(k, v)),
      ),
    ),
  );
}

/** A table with its column headers, as the học bạ lays its tables out. */
function grid(columns: string[], rows: Node[]) {
  return h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        columns.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h('tbody', null, rows),
  );
}

function ratingTable(title: string, data: Json | undefined, names: Record<string, Label>) {
  if (!isObj(data)) return null;
  const vi = lang() === 'vi';
  return h(
    'section',
    { class: 'hb-section hb-rating' },
    h('h3', null, title),
    grid(
      [vi ? 'Nội dung' : 'Item', vi ? 'Mức đạt được' : 'Rating'],
      ordered(data, names).map(([k, v]) => row(L(names[k], k), fmt(v, VALUES.rating))),
    ),
  );
}

/** The subjects' table, in a region that scrolls sideways on a phone. */
function subjectsSection(columns: string[], rows: Node[]) {
  return h(
    'section',
    { class: 'hb-section' },
    h('h3', null, label('subjects')),
    h(
      'div',
      { class: 'scroll', role: 'region', 'aria-label': label('subjects'), tabindex: 0 },
      grid(columns, rows),
    ),
  );
}

function primarySubjects(subjects: Obj) {
  const vi = lang() === 'vi';
  return subjectsSection(
    [
      vi ? 'Môn học và hoạt động giáo dục' : 'Subject or activity',
      vi ? 'Mức đạt được' : 'Level',
      vi ? 'Điểm KTĐK' : 'Test score',
      vi ? 'Nhận xét' : 'Comment',
    ],
    ordered(subjects, SUBJECTS).map(([code, s]) => {
      const o = isObj(s) ? s : {};
      return h(
        'tr',
        null,
        h('th', { scope: 'row' }, L(SUBJECTS[code], code)),
        h('td', null, fmt(o.level, VALUES.subjectLevel)),
        h('td', { class: 'num' }, fmt(o.testScore ?? o.score)),
        h('td', null, fmt(o.comment)),
      );
    }),
  );
}

function secondarySubjects(subjects: Obj) {
  const vi = lang() === 'vi';
  const cell = (x: Json | undefined) => (isObj(x) ? fmt(x.average) : fmt(x, VALUES.result));
  return subjectsSection(
    [
      vi ? 'Môn học' : 'Subject',
      vi ? 'Học kì I' : 'Semester 1',
      vi ? 'Học kì II' : 'Semester 2',
      vi ? 'Cả năm' : 'Year',
    ],
    ordered(subjects, SUBJECTS).map(([code, s]) => {
      const o = isObj(s) ? s : {};
      const year = o.assessment === 'score' ? fmt(o.yearAverage) : fmt(o.year, VALUES.result);
      return h(
        'tr',
        null,
        h('th', { scope: 'row' }, L(SUBJECTS[code], code)),
        h('td', { class: 'num' }, cell(o.semester1)),
        h('td', { class: 'num' }, cell(o.semester2)),
        h('td', { class: 'num' }, year),
      );
    }),
  );
}

function periods(title: string, data: Json | undefined) {
  if (!isObj(data)) return null;
  const vi = lang() === 'vi';
  return row(
    title,
    [
      `${vi ? 'HK I' : 'S1'}: ${fmt(data.semester1, VALUES.result)}`,
      `${vi ? 'HK II' : 'S2'}: ${fmt(data.semester2, VALUES.result)}`,
      `${vi ? 'Cả năm' : 'Year'}: ${fmt(data.year, VALUES.result)}`,
    ].join(' · '),
  );
}

const ENVELOPE = [
  'schoolCode',
  'schoolYear',
  'grade',
  'classId',
  'studentCode',
  'nationalId',
  'lookupCode',
  'recordId',
  'version',
  'effectiveAt',
];
const SHOWN_TOP = new Set([
  ...ENVELOPE,
  'schema',
  'level',
  'biography',
  'results',
  'provinceCode',
  'signatures',
  'supersedes',
]);
/**
 * The personal parts every record has (DESIGN.md §6): the public lookup never discloses them, a holder may.
 * When withheld they are named with "not shown (personal information)", so that a parent sees they exist.
 */
const PERSONAL_ENVELOPE = new Set(['studentCode', 'nationalId']);
const BIOGRAPHY = ['fullName', 'dateOfBirth', 'sex', 'birthplace', 'ethnicity', 'guardians'];
const SHOWN_RESULTS = new Set([
  'subjects',
  'qualities',
  'generalCompetencies',
  'specificCompetencies',
  'overallResult',
  'award',
  'otherAwards',
  'homeroomComment',
  'qualitiesComment',
  'competenciesComment',
  'gradeCompleted',
  'primaryCompleted',
  'learning',
  'conduct',
  'absences',
  'promotion',
  'principalApproval',
]);

/** `untrusted`: the content failed the integrity check, and is shown as evidence only, under a warning. */
export function recordView(
  rec: Obj,
  hiddenCount: number,
  untrusted = false,
  ctx: RecordContext = {},
): HTMLElement {
  const results = isObj(rec.results) ? rec.results : {};
  const subjects = isObj(results.subjects) ? results.subjects : undefined;
  const secondary = !!subjects && Object.values(subjects).some((s) => isObj(s) && 'assessment' in s);
  const primary = rec.level === 'TH' || (!secondary && !!subjects) || 'qualities' in results;
  const circular = secondary
    ? lang() === 'vi'
      ? 'Mẫu theo Thông tư 22/2021/TT-BGDĐT'
      : 'Form of Circular 22/2021'
    : lang() === 'vi'
      ? 'Mẫu theo Thông tư 27/2020/TT-BGDĐT'
      : 'Form of Circular 27/2020';

  const bio = isObj(rec.biography) ? rec.biography : undefined;
  // Some fields are hidden: the personal ones not disclosed are among them.
  const withheld = hiddenCount > 0;
  // Synthetic records keep their subjects directly under results (no `subjects` key).
  const looseSubjects = !subjects
    ? Object.fromEntries(Object.entries(results).filter(([k, v]) => /^[A-Z_0-9]+$/.test(k) && isObj(v)))
    : {};
  const others: [string, string][] = [
    ...Object.entries(rec)
      .filter(([k]) => !SHOWN_TOP.has(k))
      .map(([k, v]) => [label(k), fmt(v)] as [string, string]),
    ...Object.entries(results)
      .filter(([k]) => !SHOWN_RESULTS.has(k) && !(k in looseSubjects))
      .map(([k, v]) => [label(k), fmt(v, VALUES.overall)] as [string, string]),
  ];
  const levelName = typeof rec.level === 'string' ? L(VALUES.level?.[rec.level], rec.level) : undefined;

  return h(
    'article',
    { class: untrusted ? 'hocba untrusted' : 'hocba', 'aria-labelledby': 'hb-title' },
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
      h('h2', { id: 'hb-title' }, t('recordTitle'), levelName ? ` — ${levelName.toUpperCase()}` : ''),
      h('p', { class: 'hb-form' }, circular),
    ),
    kv(
      lang() === 'vi' ? 'Thông tin chung' : 'General',
      ENVELOPE.filter((k) => k in rec || (withheld && PERSONAL_ENVELOPE.has(k))).map((k) => [
        label(k),
        k in rec ? envelopeValue(k, rec[k], ctx) : t('personalHidden'),
      ]),
      'hb-half',
    ),
    bio || withheld
      ? kv(
          label('biography'),
          [
            ...Object.entries(bio ?? {}).map(
              ([k, v]) => [label(k), fmt(v, k === 'sex' ? VALUES.sex : undefined)] as [string, string],
            ),
            ...(withheld
              ? BIOGRAPHY.filter((k) => !bio || !(k in bio)).map(
                  (k) => [label(k), t('personalHidden')] as [string, string],
                )
              : []),
          ],
          'hb-half',
        )
      : null,
    subjects
      ? secondary
        ? secondarySubjects(subjects)
        : primarySubjects(subjects)
      : Object.keys(looseSubjects).length
        ? primarySubjects(looseSubjects)
        : null,
    primary ? ratingTable(label('qualities'), results.qualities, QUALITIES) : null,
    primary ? ratingTable(label('generalCompetencies'), results.generalCompetencies, GENERAL) : null,
    primary ? ratingTable(label('specificCompetencies'), results.specificCompetencies, SPECIFIC) : null,
    (() => {
      const rows = [
        periods(label('learning'), results.learning),
        periods(label('conduct'), results.conduct),
        ...(
          [
            'overallResult',
            'gradeCompleted',
            'primaryCompleted',
            'promotion',
            'award',
            'otherAwards',
            'absences',
            'qualitiesComment',
            'competenciesComment',
            'homeroomComment',
            'principalApproval',
          ] as const
        )
          .filter((k) => k in results && k !== 'principalApproval')
          .map((k) =>
            k === 'absences'
              ? row(label(k), absences(results[k]))
              : k === 'gradeCompleted' || k === 'primaryCompleted'
                ? row(completionLabel(k, rec.grade), fmt(results[k]))
                : row(
                    label(k),
                    fmt(
                      results[k],
                      k === 'promotion' ? VALUES.promotion : k === 'award' ? VALUES.award : VALUES.overall,
                    ),
                  ),
          ),
      ].filter(Boolean);
      return rows.length
        ? h(
            'section',
            { class: 'hb-section' },
            h('h3', null, label('results')),
            h('table', { class: 'kv' }, h('tbody', null, rows)),
          )
        : null;
    })(),
    kv(lang() === 'vi' ? 'Thông tin khác' : 'Other information', others),
    confirmations(rec, results, ctx),
    hiddenCount > 0
      ? h('p', { class: 'hb-hidden' }, t('hiddenNote'), ' ', fill(T.hiddenCount, { n: String(hiddenCount) }))
      : null,
    foot(rec, ctx),
  );
}

/** The envelope's codes as people read them: the school's and class's names, the code in groups, dates. */
function envelopeValue(k: string, v: Json | undefined, ctx: RecordContext): string {
  if (k === 'schoolCode' && ctx.schoolName) return ctx.schoolName;
  if (k === 'classId' && ctx.className) return ctx.className;
  if (k === 'lookupCode' && typeof v === 'string') return formatLookupCode(v);
  if (k === 'effectiveAt') return vnDate(v) ?? fmt(v);
  return fmt(v);
}

/** "Có phép: 3 · Không phép: 1", never the record's keys. */
function absences(v: Json | undefined): string {
  if (!isObj(v)) return fmt(v);
  const vi = lang() === 'vi';
  const names: Record<string, string> = {
    withPermission: vi ? 'Có phép' : 'Excused',
    withoutPermission: vi ? 'Không phép' : 'Unexcused',
  };
  return Object.entries(v)
    .map(([k, n]) => `${names[k] ?? label(k)}: ${fmt(n)}`)
    .join(' · ');
}

/** The circular's words for the year's end: "Hoàn thành chương trình lớp 5", "… tiểu học". */
function completionLabel(k: 'gradeCompleted' | 'primaryCompleted', grade: Json | undefined): string {
  const vi = lang() === 'vi';
  if (k === 'primaryCompleted')
    return vi ? 'Hoàn thành chương trình tiểu học' : 'Primary programme completed';
  return typeof grade === 'number'
    ? vi
      ? `Hoàn thành chương trình lớp ${grade}`
      : `Grade ${grade} programme completed`
    : label(k);
}

const ROLE: Record<string, Label> = {
  subjectTeacher: { vi: 'Giáo viên bộ môn', en: 'Subject teacher' },
  homeroomTeacher: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
  principal: { vi: 'Hiệu trưởng', en: 'Principal' },
};

/** One confirmation block: who, and "Đã ký số" with the signer and time, or "Chưa ký số". */
function signBlock(role: string, signed: { signer?: string; at?: string } | undefined, name?: string) {
  const vi = lang() === 'vi';
  return h(
    'div',
    { class: 'hb-sign', 'data-role': role },
    h('p', { class: 'hb-sign-role' }, role),
    name ? h('p', { class: 'hb-sign-name' }, name) : null,
    signed
      ? h(
          'p',
          { class: 'hb-signed' },
          h('strong', null, vi ? 'Đã ký số' : 'Digitally signed'),
          signed.signer ? h('br') : null,
          signed.signer ?? null,
          signed.at ? h('br') : null,
          signed.at ? `${vi ? 'Lúc' : 'At'} ${signed.at}` : null,
        )
      : h('p', { class: 'hb-unsigned' }, vi ? 'Chưa ký số' : 'Not digitally signed'),
  );
}

/**
 * The confirmation blocks: the teachers' signatures the record carries (role, signer, time) and the
 * principal's, which is the batch's signature the report has just checked (its certificate and signing time).
 */
function confirmations(rec: Obj, results: Obj, ctx: RecordContext) {
  const sigs = Array.isArray(rec.signatures) ? rec.signatures.filter(isObj) : [];
  const blocks: HTMLElement[] = [];
  const roleName = (r: Json | undefined) => L(ROLE[String(r)], lang() === 'vi' ? 'Người ký' : 'Signer');
  for (const sg of sigs) {
    if (sg.role === 'principal') continue;
    const subjects = Array.isArray(sg.subjects)
      ? sg.subjects.map((c) => L(SUBJECTS[String(c)], String(c))).join(', ')
      : '';
    blocks.push(
      signBlock(`${roleName(sg.role)}${subjects ? ` (${subjects})` : ''}`, {
        ...(typeof sg.signer === 'string' && { signer: sg.signer }),
        ...(typeof sg.signedAt === 'string' && { at: vnDateTime(sg.signedAt) ?? '' }),
      }),
    );
  }
  const approval = isObj(results.principalApproval) ? results.principalApproval : undefined;
  const sigStep = ctx.report?.steps.find((x) => x.step === 'signature');
  const principalSigned =
    sigStep?.outcome === 'pass'
      ? {
          ...(ctx.signer?.name && { signer: ctx.signer.name }),
          ...(typeof sigStep.details?.signingTime === 'string' && {
            at: vnDateTime(sigStep.details.signingTime) ?? '',
          }),
        }
      : undefined;
  if (approval || principalSigned)
    blocks.push(
      signBlock(
        L(ROLE.principal),
        principalSigned,
        typeof approval?.principal === 'string' ? approval.principal : undefined,
      ),
    );
  if (!blocks.length) return null;
  return h(
    'section',
    { class: 'hb-section hb-confirm' },
    h('h3', null, lang() === 'vi' ? 'Xác nhận' : 'Confirmation'),
    h('div', { class: 'hb-signs' }, blocks),
  );
}

/** What identifies this paper: the lookup code (to look it up again) and when it was verified. */
function foot(rec: Obj, ctx: RecordContext) {
  const vi = lang() === 'vi';
  const code = typeof rec.lookupCode === 'string' ? formatLookupCode(rec.lookupCode) : undefined;
  const checked = ctx.report
    ? `${vnDateTime(ctx.report.checkedAt) ?? ''} — ${L(
        ctx.report.verdict === 'valid'
          ? T.verdictValid
          : ctx.report.verdict === 'invalid'
            ? T.verdictTampered
            : T.verdictIncomplete,
      )}`
    : undefined;
  const items: [string, string | undefined, string?][] = [
    [vi ? 'Mã số tra cứu' : 'Lookup code', code],
    [vi ? 'Tra cứu tại' : 'Look it up at', code ? `${location.origin}/${code}` : undefined, 'print-only'],
    [vi ? 'Đã xác minh lúc' : 'Verified at', checked, 'print-only'],
  ];
  const shown = items.filter((i): i is [string, string, string?] => i[1] !== undefined);
  if (!shown.length) return null;
  return h(
    'footer',
    { class: 'hb-foot' },
    h(
      'dl',
      null,
      shown.map(([k, v, cls]) => [
        h('dt', { class: cls ? `hb-foot-k ${cls}` : 'hb-foot-k' }, k),
        h('dd', { class: cls ? `hb-foot-v ${cls}` : 'hb-foot-v' }, v),
      ]),
    ),
  );
}
