/**
 * A correction as the changed fields (issue 13 point 1): a list of `{pointer, from, to}`, one per field,
 * named by its RFC 6901 JSON Pointer — the names the integrity scheme commits each field under (DESIGN.md
 * §4.2) — with the locked value and the corrected one. Chosen over an RFC 7396 merge patch because a
 * side-by-side diff needs both sides of each field, because `from` lets the gateway refuse a request made
 * against another value than the locked one (a stale request), and because a merge patch can neither reach
 * into an array (the regular marks ĐĐGtx 1–4) nor set a field to null. RFC 6902 would need a `test` and a
 * `replace` per field for the same thing.
 *
 * `from` absent: the field is added (it must be absent now); `to` absent: the field is removed. Array
 * elements may be replaced or appended, not removed (that would renumber the others: replace the array).
 */

import { canonicalize } from '@hocba/integrity';
import {
  COMMENT_RESULT_LABELS,
  FIELD_LABELS,
  formatScoreEn,
  formatScoreVi,
  GENERAL_COMPETENCY_LABELS,
  isSubjectCode,
  type Label,
  OVERALL_RESULT_LABELS,
  PRIMARY_AWARD_LABELS,
  PROMOTION_LABELS,
  QUALITY_LABELS,
  RATING_LABELS,
  RESULT_LEVEL_LABELS,
  SECONDARY_AWARD_LABELS,
  SEX_LABELS,
  SPECIFIC_COMPETENCY_LABELS,
  SUBJECT_LEVEL_LABELS,
  subjectName,
} from '@hocba/records';
import { Pointer } from 'typebox/value';
import { ServiceError } from './errors.ts';

export interface CorrectionChange {
  pointer: string;
  from?: unknown;
  to?: unknown;
}

/** A change as a person reads it: the field's label and both values in words, Vietnamese first. */
export interface LabelledChange extends CorrectionChange {
  label: Label;
  /** e.g. "Toán — ĐTBmcn: 6,5 → 7,0". */
  text: Label;
  /** Each side in words, for a side-by-side diff: "6,5" and "7,0" (absent: "—"). */
  fromText: Label;
  toText: Label;
}

/** RFC 6901: '/' then reference tokens in which '~' appears only as ~0 or ~1. */
const POINTER = /^(\/([^~/]|~[01])*)+$/;
/** What no correction sets: the envelope of the version (the successor's is made by the gateway). */
const ENVELOPE = new Set(['recordId', 'version', 'supersedes', 'lookupCode', 'effectiveAt']);

const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);
const has = (o: object, k: string) => Object.hasOwn(o, k);

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/**
 * The locked record with `changes` applied (a new object; `locked` is not touched). Refuses with
 * CORRECTION_DIFF_INVALID (a pointer that is malformed, repeated, inside another, on the envelope, or whose
 * parent does not exist) and CORRECTION_STALE (a `from` that is not the locked value), each listing every
 * pointer at fault.
 */
export function applyChanges(
  locked: Record<string, unknown>,
  changes: readonly CorrectionChange[],
): Record<string, unknown> {
  const invalid: { pointer: string; reason: string }[] = [];
  const pointers = changes.map((c) => c.pointer);
  for (const [i, c] of changes.entries()) {
    const p = c.pointer;
    if (!POINTER.test(p)) invalid.push({ pointer: p, reason: 'not an RFC 6901 pointer' });
    else if (ENVELOPE.has(Pointer.Indices(p)[0]!))
      invalid.push({ pointer: p, reason: 'the envelope is set by the gateway' });
    else if (pointers.indexOf(p) !== i) invalid.push({ pointer: p, reason: 'repeated' });
    else if (pointers.some((q) => q !== p && p.startsWith(`${q}/`)))
      invalid.push({ pointer: p, reason: 'inside another changed field' });
    else if (!has(c, 'from') && !has(c, 'to')) invalid.push({ pointer: p, reason: 'neither from nor to' });
    else if (!canonical([c.from ?? null, c.to ?? null]))
      invalid.push({ pointer: p, reason: 'a value that has no canonical form (a lone surrogate)' });
  }
  if (invalid.length > 0) diffInvalid(invalid);

  const next = structuredClone(locked);
  const stale: { pointer: string; locked: unknown }[] = [];
  for (const c of changes) {
    const tokens = Pointer.Indices(c.pointer);
    const key = tokens.at(-1)!;
    const parent = parentOf(next, tokens);
    if (!parent) {
      invalid.push({ pointer: c.pointer, reason: 'its parent does not exist' });
      continue;
    }
    const present = Array.isArray(parent) ? arrayIndex(key, parent.length) !== undefined : has(parent, key);
    const current = present ? (parent as Record<string, unknown>)[key] : undefined;
    if (has(c, 'from') ? !present || !same(current, c.from) : present) {
      stale.push({ pointer: c.pointer, locked: present ? current : null });
      continue;
    }
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : arrayIndex(key, parent.length + 1);
      if (index === undefined || !has(c, 'to') || index > parent.length) {
        invalid.push({ pointer: c.pointer, reason: 'an array element is replaced or appended only' });
        continue;
      }
      parent[index] = c.to;
    } else if (has(c, 'to')) {
      // An own property even for a key such as __proto__ (an assignment would set the prototype).
      Object.defineProperty(parent, key, {
        value: c.to,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else delete parent[key];
  }
  if (invalid.length > 0) diffInvalid(invalid);
  if (stale.length > 0) {
    throw new ServiceError(
      'CORRECTION_STALE',
      `the locked record holds other values at ${stale.map((s) => s.pointer).join(', ')}`,
      { pointers: stale.map((s) => s.pointer) },
    );
  }
  return next;
}

/** Whether JCS can encode `v` (the record's committed form must be able to hold the value). */
function canonical(v: unknown): boolean {
  try {
    canonicalize(v);
    return true;
  } catch {
    return false;
  }
}

/** The container that holds the pointer's last token, through own properties only (never a prototype). */
function parentOf(root: Container, tokens: readonly string[]): Container | undefined {
  let at: unknown = root;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(at)) {
      const i = arrayIndex(t, at.length);
      if (i === undefined) return undefined;
      at = at[i];
    } else if (isContainer(at) && has(at, t)) at = (at as Record<string, unknown>)[t];
    else return undefined;
  }
  return isContainer(at) ? at : undefined;
}

const escapeToken = (t: string) => t.replaceAll('~', '~0').replaceAll('/', '~1');

/** A decimal array index below `limit` (RFC 6901: no leading zeros), or undefined. */
function arrayIndex(token: string, limit: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const n = Number(token);
  return n < limit ? n : undefined;
}

function diffInvalid(problems: { pointer: string; reason: string }[]): never {
  throw new ServiceError(
    'CORRECTION_DIFF_INVALID',
    problems.map((p) => `${p.pointer}: ${p.reason}`).join('; '),
    { problems },
  );
}

/** The fields changed between two records (the diff of a correction approved with a whole record). */
export function diffRecords(before: unknown, after: unknown, pointer = ''): CorrectionChange[] {
  if (same(before, after)) return [];
  const both = isContainer(before) && isContainer(after) && Array.isArray(before) === Array.isArray(after);
  if (!both || (Array.isArray(before) && Array.isArray(after) && before.length !== after.length)) {
    return [
      { pointer, ...(before !== undefined && { from: before }), ...(after !== undefined && { to: after }) },
    ];
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) =>
    ENVELOPE.has(k) && pointer === '' ? [] : diffRecords(a[k], b[k], `${pointer}/${escapeToken(k)}`),
  );
}

// ---- words ----

const SCORES = new Set(['average', 'yearAverage', 'regular', 'midterm', 'endterm']);
const KEYED: Readonly<Record<string, Label>> = {
  // A comment-assessed subject's Đạt / Chưa đạt (Circular 22 Art. 7), which FIELD_LABELS does not name.
  result: { vi: 'Kết quả đánh giá', en: 'Assessment result' },
  ...QUALITY_LABELS,
  ...GENERAL_COMPETENCY_LABELS,
  ...SPECIFIC_COMPETENCY_LABELS,
};
/** A subject's level reached: the record form's words, not the school level that `level` names elsewhere. */
const SUBJECT_LEVEL: Label = { vi: 'Mức đạt được', en: 'Level reached' };

/** The words of a coded value, by its key or its parent's (a rating under qualities, a result under conduct). */
function codeWords(key: string, parent: string | undefined): Readonly<Record<string, Label>> | undefined {
  if (parent === 'qualities' || parent === 'generalCompetencies' || parent === 'specificCompetencies')
    return RATING_LABELS;
  if (parent === 'learning' || parent === 'conduct') return RESULT_LEVEL_LABELS;
  const byKey: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
    level: SUBJECT_LEVEL_LABELS,
    result: COMMENT_RESULT_LABELS,
    overallResult: OVERALL_RESULT_LABELS,
    promotionDecision: PROMOTION_LABELS,
    award: { ...PRIMARY_AWARD_LABELS, ...SECONDARY_AWARD_LABELS },
    sex: SEX_LABELS,
  };
  return Object.hasOwn(byKey, key) ? byKey[key] : undefined;
}

/** Containers whose name adds nothing once a field inside them is named. */
const SILENT = new Set(['results', 'subjects']);

/** The field's name as the record forms say it, e.g. "Toán — Học kì I — ĐTBmhk" for its pointer. */
export function changeLabel(pointer: string): Label {
  const tokens = POINTER.test(pointer) ? Pointer.Indices(pointer) : [pointer];
  const parts: Label[] = [];
  tokens.forEach((t, i) => {
    const last = i === tokens.length - 1;
    if (SILENT.has(t) && !last) return;
    if (/^[0-9]+$/.test(t) && parts.length > 0) {
      // An array element: "ĐĐGtx 2" for /regular/1.
      const prev = parts.pop()!;
      parts.push({ vi: `${prev.vi} ${Number(t) + 1}`, en: `${prev.en} ${Number(t) + 1}` });
      return;
    }
    const label =
      tokens[i - 1] === 'subjects' && isSubjectCode(t)
        ? subjectName(t)
        : t === 'level' && tokens[i - 2] === 'subjects'
          ? SUBJECT_LEVEL
          : (FIELD_LABELS[t] ?? KEYED[t] ?? { vi: t, en: t });
    parts.push(label);
  });
  return { vi: parts.map((p) => p.vi).join(' — '), en: parts.map((p) => p.en).join(' — ') };
}

/**
 * A value in words: scores with one decimal (6,5 / 6.5), codes in the record's words (T → Hoàn thành tốt),
 * booleans as Có/Không, absent as —.
 */
function valueText(v: unknown, key: string, parent: string | undefined, absent: boolean): Label {
  if (absent || v === null || v === undefined) return { vi: '—', en: '—' };
  const words = typeof v === 'string' ? codeWords(key, parent) : undefined;
  if (words && Object.hasOwn(words, v as string)) return words[v as string]!;
  if (typeof v === 'number') {
    if (SCORES.has(key) || !Number.isInteger(v)) return { vi: formatScoreVi(v), en: formatScoreEn(v) };
    return { vi: String(v), en: String(v) };
  }
  if (typeof v === 'boolean') return v ? { vi: 'Có', en: 'Yes' } : { vi: 'Không', en: 'No' };
  if (typeof v === 'string') return { vi: v, en: v };
  const json = canonicalize(v);
  return { vi: json, en: json };
}

export function labelChange(c: CorrectionChange): LabelledChange {
  const label = changeLabel(c.pointer);
  const tokens = POINTER.test(c.pointer) ? Pointer.Indices(c.pointer) : [];
  // The key that says what kind of value it is: the last name, not an array index.
  const named = tokens.filter((t) => !/^[0-9]+$/.test(t));
  const [key = '', parent] = [named.at(-1), named.at(-2)];
  const from = valueText(c.from, key, parent, !has(c, 'from'));
  const to = valueText(c.to, key, parent, !has(c, 'to'));
  return {
    ...c,
    label,
    text: { vi: `${label.vi}: ${from.vi} → ${to.vi}`, en: `${label.en}: ${from.en} → ${to.en}` },
    fromText: from,
    toText: to,
  };
}
