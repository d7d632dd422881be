/**
 * The fields of a locked record that a correction may change, part by part, as the học bạ names them
 * (@hocba/records labels), each with its JSON pointer — which stays in the code: the person sees the label,
 * the locked value in words and an input for the corrected one. Derived values (the overall result, the
 * award, averages) are not offered: the record rules recompute and check them.
 */
import {
  FIELD_LABELS,
  GENERAL_COMPETENCY_LABELS,
  isSubjectCode,
  type Label,
  QUALITY_LABELS,
  RATING_LABELS,
  SPECIFIC_COMPETENCY_LABELS,
  SUBJECT_LEVEL_LABELS,
  subjectName,
} from '@hocba/records';
import type { Lang } from '../../words.ts';

export type FieldKind = 'level' | 'rating' | 'testScore' | 'score' | 'text';

export interface EditField {
  pointer: string;
  label: Label;
  kind: FieldKind;
  /** The locked value; undefined when the field is absent (a correction may add it). */
  from: unknown;
}

/** The part of a record a request names: a subject's code, or HOMEROOM for the rest (no subject). */
export const HOMEROOM = 'homeroom';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const LEVEL_LABEL: Label = { vi: 'Mức đạt được', en: 'Level reached' };

export function subjectsOf(record: unknown): string[] {
  return Object.keys(obj(obj(obj(record).results).subjects)).filter((k) => isSubjectCode(k));
}

export function partLabel(part: string, lang: Lang): string {
  if (part === HOMEROOM)
    return lang === 'vi' ? 'Phẩm chất, năng lực, nhận xét chung' : 'Qualities, competencies, comments';
  return isSubjectCode(part) ? subjectName(part)[lang] : part;
}

const escapeToken = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Scalars under a secondary subject (scores and results), labelled token by token. */
function leaves(v: unknown, pointer: string, names: Label[]): EditField[] {
  if (Array.isArray(v))
    return v.flatMap((x, i) => {
      const last = names.at(-1) ?? { vi: '', en: '' };
      const named = [...names.slice(0, -1), { vi: `${last.vi} ${i + 1}`, en: `${last.en} ${i + 1}` }];
      return leaves(x, `${pointer}/${i}`, named);
    });
  if (typeof v === 'object' && v !== null)
    return Object.entries(v as Json).flatMap(([k, x]) =>
      k === 'average' || k === 'yearAverage' || k === 'assessment' || k === 'topicCluster'
        ? []
        : leaves(x, `${pointer}/${escapeToken(k)}`, [...names, FIELD_LABELS[k] ?? { vi: k, en: k }]),
    );
  const label = {
    vi: names.map((n) => n.vi).join(' — '),
    en: names.map((n) => n.en).join(' — '),
  };
  if (typeof v === 'number') return [{ pointer, label, kind: 'score', from: v }];
  if (typeof v === 'string') return [{ pointer, label, kind: 'text', from: v }];
  return [];
}

/** The fields of one part of the record that a correction may change. */
export function fieldsOf(record: unknown, part: string): EditField[] {
  const results = obj(obj(record).results);
  const primary = obj(record).level === 'TH';
  if (part === HOMEROOM) {
    const ratings = (group: string, labels: Readonly<Record<string, Label>>): EditField[] =>
      Object.keys(labels)
        .filter((k) => k in obj(results[group]))
        .map((k) => ({
          pointer: `/results/${group}/${k}`,
          label: {
            vi: `${FIELD_LABELS[group]?.vi ?? group} — ${labels[k]!.vi}`,
            en: `${FIELD_LABELS[group]?.en ?? group} — ${labels[k]!.en}`,
          },
          kind: 'rating' as const,
          from: obj(results[group])[k],
        }));
    const texts = ['qualitiesComment', 'competenciesComment', 'homeroomComment']
      .filter((k) => primary || k === 'homeroomComment')
      .map((k) => ({
        pointer: `/results/${k}`,
        label: FIELD_LABELS[k] ?? { vi: k, en: k },
        kind: 'text' as const,
        from: results[k],
      }));
    return primary
      ? [
          ...ratings('qualities', QUALITY_LABELS),
          ...ratings('generalCompetencies', GENERAL_COMPETENCY_LABELS),
          ...ratings('specificCompetencies', SPECIFIC_COMPETENCY_LABELS),
          ...texts,
        ]
      : texts;
  }
  const subject = obj(obj(results.subjects)[part]);
  const base = `/results/subjects/${escapeToken(part)}`;
  if (!primary) return leaves(subject, base, []);
  const comment = FIELD_LABELS.comment ?? { vi: 'Nhận xét', en: 'Comment' };
  return [
    { pointer: `${base}/level`, label: LEVEL_LABEL, kind: 'level', from: subject.level },
    ...('testScore' in subject
      ? [
          {
            pointer: `${base}/testScore`,
            label: FIELD_LABELS.testScore ?? { vi: 'Điểm KTĐK', en: 'Test score' },
            kind: 'testScore' as const,
            from: subject.testScore,
          },
        ]
      : []),
    { pointer: `${base}/comment`, label: comment, kind: 'text', from: subject.comment },
  ];
}

/** The options of a coded field, in the record's words. */
export function optionsOf(kind: FieldKind, lang: Lang): { value: string; label: string }[] {
  const labels = kind === 'level' ? SUBJECT_LEVEL_LABELS : kind === 'rating' ? RATING_LABELS : {};
  return Object.entries(labels).map(([value, l]) => ({ value, label: (l as Label)[lang] }));
}

/** A value as the input shows it: a score with a decimal comma in Vietnamese. */
export function inputText(v: unknown, lang: Lang): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return lang === 'vi' ? String(v).replace('.', ',') : String(v);
  return String(v);
}

/** A locked value in words: the code's label, or the text itself; "—" when absent. */
export function valueWords(field: EditField, lang: Lang): string {
  const v = field.from;
  if (v === undefined || v === null || v === '') return '—';
  const opt = optionsOf(field.kind, lang).find((o) => o.value === v);
  return opt?.label ?? inputText(v, lang);
}

/**
 * The typed value of an input, or an error key: a test score is a whole number 1–10 (Circular 27 Art. 7),
 * a secondary score 0–10 with one decimal; empty text removes the field.
 */
export function parseValue(field: EditField, text: string): { value: unknown } | { error: 'scoreInvalid' } {
  const s = text.trim();
  if (field.kind === 'testScore' || field.kind === 'score') {
    if (s === '') return { value: undefined };
    const n = Number(s.replace(',', '.'));
    const whole = field.kind === 'testScore';
    if (!Number.isFinite(n) || n < (whole ? 1 : 0) || n > 10 || (whole && !Number.isInteger(n)))
      return { error: 'scoreInvalid' };
    return { value: n };
  }
  return { value: s === '' ? undefined : s };
}
