/**
 * What a correction changes besides the fields the person corrected: the values the circular derives from
 * them (the overall result, the award, grade completion; a secondary subject's averages), computed with the
 * record rules' own deriveRecord on the locked record and on the corrected one. Only the values that differ
 * between the two are sent, so a judgement the rules leave to people (an award of HS_TIEU_BIEU) stays.
 */
import {
  deriveRecord,
  FIELD_LABELS,
  formatScoreEn,
  formatScoreVi,
  isSubjectCode,
  type Label,
  OVERALL_RESULT_LABELS,
  PRIMARY_AWARD_LABELS,
  PROMOTION_LABELS,
  RESULT_LEVEL_LABELS,
  SECONDARY_AWARD_LABELS,
  subjectName,
} from '@hocba/records';

export interface Change {
  pointer: string;
  from?: unknown;
  to?: unknown;
}
export interface FollowUp extends Change {
  label: Label;
  fromText: Label;
  toText: Label;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const tokensOf = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A copy of `record` with the changes applied (absent `to`: the field removed). */
export function applied(record: unknown, changes: readonly Change[]): unknown {
  const copy = structuredClone(record) as Record<string, unknown>;
  for (const c of changes) {
    const tokens = tokensOf(c.pointer);
    let at: Record<string, unknown> = copy;
    for (const t of tokens.slice(0, -1)) {
      if (!isObj(at[t]) && !Array.isArray(at[t])) at[t] = {};
      at = at[t] as Record<string, unknown>;
    }
    const last = tokens.at(-1)!;
    if (c.to === undefined) delete at[last];
    else at[last] = c.to;
  }
  return copy;
}

function leafDiff(a: unknown, b: unknown, pointer: string, out: Change[]): void {
  if (same(a, b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      leafDiff(a[k], b[k], `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    return;
  }
  out.push({ pointer, ...(a !== undefined && { from: a }), ...(b !== undefined && { to: b }) });
}

function words(key: string, v: unknown): Label {
  if (v === undefined || v === null) return { vi: '—', en: '—' };
  if (typeof v === 'boolean') return v ? { vi: 'Có', en: 'Yes' } : { vi: 'Không', en: 'No' };
  if (typeof v === 'number') return { vi: formatScoreVi(v), en: formatScoreEn(v) };
  const byKey: Record<string, Readonly<Record<string, Label>>> = {
    overallResult: OVERALL_RESULT_LABELS,
    award: { ...PRIMARY_AWARD_LABELS, ...SECONDARY_AWARD_LABELS },
    learning: RESULT_LEVEL_LABELS,
    conduct: RESULT_LEVEL_LABELS,
    promotionDecision: PROMOTION_LABELS,
  };
  const table = byKey[key];
  if (typeof v === 'string') return table?.[v] ?? RESULT_LEVEL_LABELS[v as 'TOT'] ?? { vi: v, en: v };
  return { vi: JSON.stringify(v), en: JSON.stringify(v) };
}

/** The derived values that follow from `changes`; [] when the record cannot be derived (the gateway says why). */
export function followUps(locked: unknown, changes: readonly Change[]): FollowUp[] {
  let before: unknown;
  let after: unknown;
  try {
    before = deriveRecord(locked);
    after = deriveRecord(applied(locked, changes));
  } catch {
    return [];
  }
  const found: Change[] = [];
  leafDiff(
    (before as { results?: unknown }).results,
    (after as { results?: unknown }).results,
    '/results',
    found,
  );
  const own = new Set(changes.map((c) => c.pointer));
  const lockedAt = (pointer: string) =>
    tokensOf(pointer).reduce<unknown>((v, t) => (isObj(v) ? v[t] : undefined), locked);
  return found
    .filter((c) => !own.has(c.pointer))
    .map((c) => {
      const from = lockedAt(c.pointer);
      const names = tokensOf(c.pointer).filter((t) => t !== 'results' && t !== 'subjects');
      const key = names.at(-1) ?? '';
      const label = names.map((n) =>
        isSubjectCode(n) ? subjectName(n) : (FIELD_LABELS[n] ?? { vi: n, en: n }),
      );
      return {
        pointer: c.pointer,
        ...(from !== undefined && { from }),
        ...(c.to !== undefined && { to: c.to }),
        label: { vi: label.map((l) => l.vi).join(' — '), en: label.map((l) => l.en).join(' — ') },
        fromText: words(key, from),
        toText: words(key, c.to),
      };
    })
    .filter((c) => !same(c.from, c.to));
}
