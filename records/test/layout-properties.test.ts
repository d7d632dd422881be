/**
 * Properties of the layout over every valid record the generators make (every level and grade, every result,
 * decision and award), with random envelopes and contexts: it never throws; nothing it prints is a raw key, a
 * code, "undefined", "[object Object]" or an ISO instant; a partial record lays out and shows nothing it was not
 * given; the fingerprint follows the content shown and nothing else.
 */
import { flattenFields } from '@hocba/integrity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LayoutContext,
  layoutFingerprint,
  layoutHocBa,
  layoutLines,
  recordFromFields,
} from '../src/index.ts';
import { anyRecord } from './arbitraries.ts';
import type { Json } from './helpers.ts';
import { printedTexts } from './layout-helpers.ts';

// Each run lays out a whole generated record: about 0.25 s on an idle core, over 1 s when the two are busy.
const RUNS = { numRuns: 60 };

const instant = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((t) => new Date(t).toISOString());

/** What the generators leave constant, made to vary: lock time, signatures, guardians, versions, approval. */
const envelope = fc.record({
  effectiveAt: fc.option(instant, { nil: undefined }),
  signatures: fc.array(
    fc.record({
      role: fc.constantFrom('subjectTeacher', 'homeroomTeacher', 'principal'),
      signer: fc.constantFrom('Vũ Thị Lan Hương', 'Nguyễn Thị Hạnh', 'CN=Trần Văn Bình, O=THCS Chu Văn An'),
      signedAt: instant,
      kind: fc.constant('cms'),
      value: fc.constant('AAAA'),
    }),
    { maxLength: 3 },
  ),
  guardians: fc.array(
    fc.record({
      relation: fc.constantFrom('father', 'mother', 'guardian'),
      fullName: fc.constantFrom('Lê Thị Hồng Nhung', 'Phạm Văn Thắng'),
      occupation: fc.option(fc.constant('Kế toán'), { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
  version: fc.integer({ min: 1, max: 3 }),
  approval: fc.option(fc.record({ principal: fc.constant('Nguyễn Thị Hạnh'), approvedAt: instant }), {
    nil: undefined,
  }),
  comment: fc.option(fc.constant('Em chăm ngoan,\nhọc tốt.'), { nil: undefined }),
});

const context: fc.Arbitrary<LayoutContext> = fc.record(
  {
    schoolName: fc.constantFrom('Trường Tiểu học Kim Đồng', 'Trường THCS Chu Văn An'),
    className: fc.constantFrom('5A', '8A3'),
    homeroomTeacherName: fc.constant('Vũ Thị Lan Hương'),
    principalName: fc.constant('Nguyễn Thị Hạnh'),
    signature: fc.record({ signer: fc.constant('Nguyễn Thị Hạnh'), signedAt: instant }, { requiredKeys: [] }),
    status: fc.oneof(
      fc.constant({ state: 'valid' as const }),
      fc.constant({ state: 'unknown' as const }),
      fc.record({
        state: fc.constantFrom('revoked' as const, 'recalled' as const),
        reasonCode: fc.constantFrom('FRAUD', 'DATA_ERROR', 'SOME_NEW_CODE'),
        at: instant,
        legalBasis: fc.constant('QĐ 6/QĐ-THKĐ'),
      }),
      fc.record({
        state: fc.constantFrom('superseded' as const, 'corrected' as const),
        at: instant,
        by: fc.constant('7KQ2M9XH4TRB8WNC5ZZZ'),
      }),
    ),
    lookupCode: fc.constant('ABCDEFGHJKMNPQRST'),
  },
  { requiredKeys: [] },
);

type Envelope = typeof envelope extends fc.Arbitrary<infer T> ? T : never;

function dressed(r: Json, e: Envelope): Json {
  const rec = structuredClone(r);
  if (e.effectiveAt) rec.effectiveAt = e.effectiveAt;
  rec.signatures = e.signatures;
  // JSON has no undefined: a guardian without an occupation has no such key.
  rec.biography.guardians = JSON.parse(JSON.stringify(e.guardians));
  if (e.version > 1) {
    rec.version = e.version;
    rec.supersedes = `${rec.recordId}-old`;
  }
  if (e.approval) rec.results.principalApproval = e.approval;
  if (e.comment) rec.results.homeroomComment = e.comment;
  return rec;
}

/** Keys of the record and the codes of its vocabularies: none may be printed (levels are words people use). */
function keysAndCodes(rec: Json): Set<string> {
  const out = new Set<string>();
  for (const f of flattenFields(rec)) {
    // camelCase keys and CODE values: a plain lower-case key ("year", "guardians") is also an English word.
    for (const s of f.pointer.split('/').slice(1)) if (/[A-Z]/.test(s) && s.length >= 3) out.add(s);
    if (typeof f.value === 'string' && /^[A-Z][A-Z0-9_]{2,}$/.test(f.value)) out.add(f.value);
  }
  for (const word of ['THCS', 'THPT', 'GDTX']) out.delete(word);
  return out;
}

function assertPrintable(layout: ReturnType<typeof layoutHocBa>, forbidden: Set<string>) {
  for (const { at, text } of printedTexts(layout)) {
    expect(text, at).not.toMatch(/undefined|\[object Object\]|\bNaN\b|\bnull\b/);
    expect(text, at).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no ISO date or instant
    // Codes may stand as a secondary detail (a school's code beside its name) or as the record's own id.
    if (at.includes('/detail/') || at.includes('/facts/') || at.endsWith('lookupCode')) continue;
    for (const word of forbidden) {
      expect(
        new RegExp(`(^|[^\\p{L}\\p{N}_])${word}([^\\p{L}\\p{N}_]|$)`, 'u').test(text),
        `${at}: ${word} in "${text}"`,
      ).toBe(false);
    }
  }
}

describe('layout properties', () => {
  it('any valid record lays out, in words only: no key, no code, no undefined, no ISO instant', () => {
    fc.assert(
      fc.property(anyRecord, envelope, context, (r, e, ctx) => {
        const rec = dressed(r, e);
        const layout = layoutHocBa(rec, ctx);
        expect(layout.form).not.toBe('unknown');
        expect(layout.completeness).toBe('full');
        expect(layout.years[0]!.sections.length).toBeGreaterThan(4);
        // A whole record has nothing withheld.
        expect(printedTexts(layout).some((t) => t.text === 'Không hiển thị')).toBe(false);
        assertPrintable(layout, keysAndCodes(rec));
        expect(layoutFingerprint(layout)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      }),
      RUNS,
    );
  }, 180_000);

  it('a partial record lays out, marks what is withheld and shows nothing it was not given', () => {
    fc.assert(
      fc.property(anyRecord, fc.infiniteStream(fc.boolean()), (r, keep) => {
        const all = flattenFields(r);
        const shown = all.filter(() => keep.next().value);
        const partial = recordFromFields(shown);
        const layout = layoutHocBa(partial, { hiddenFields: all.length - shown.length });
        assertPrintable(layout, keysAndCodes(r));
        const texts = printedTexts(layout).map((t) => t.text);
        const nameShown = shown.some((f) => f.pointer === '/biography/fullName');
        expect(texts.includes(r.biography.fullName)).toBe(nameShown);
        expect(layout.fields.shown).toBe(shown.length);
        if (shown.length < all.length) {
          expect(layout.completeness).toBe('partial');
          expect(texts).toContain('Không hiển thị');
        }
      }),
      RUNS,
    );
  }, 180_000);

  it('anything that is not a record still lays out (never throws)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.integer({ min: -2, max: 50 }), (x, hidden) => {
        const layout = layoutHocBa(x, { hiddenFields: hidden });
        for (const { at, text } of printedTexts(layout))
          expect(text, at).not.toMatch(/undefined|\[object Object\]/);
      }),
      RUNS,
    );
  });
});

/** The same JSON with every object's keys in reverse order. */
function reversedKeys(x: Json): Json {
  if (Array.isArray(x)) return x.map(reversedKeys);
  if (typeof x !== 'object' || x === null) return x;
  return Object.fromEntries(
    Object.entries(x)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

/** One shown mark of the record, and a way to change it to another valid value. */
function marks(r: Json): { path: string; change: (rec: Json) => void }[] {
  const out: { path: string; change: (rec: Json) => void }[] = [];
  const bump = (x: number) => (x >= 9 ? x - 1 : x + 1);
  for (const [code, s] of Object.entries<Json>(r.results.subjects)) {
    if (r.level === 'TH') {
      out.push({
        path: `${code}/level`,
        change: (x) => {
          x.results.subjects[code].level = s.level === 'T' ? 'H' : 'T';
        },
      });
      if (s.testScore !== undefined)
        out.push({
          path: `${code}/testScore`,
          change: (x) => {
            x.results.subjects[code].testScore = bump(s.testScore);
          },
        });
    } else if (s.assessment === 'score') {
      for (const sem of ['semester1', 'semester2'] as const) {
        out.push({
          path: `${code}/${sem}/midterm`,
          change: (x) => {
            x.results.subjects[code][sem].midterm = bump(s[sem].midterm);
          },
        });
        out.push({
          path: `${code}/${sem}/regular/0`,
          change: (x) => {
            x.results.subjects[code][sem].regular[0] = bump(s[sem].regular[0]);
          },
        });
      }
    } else {
      out.push({
        path: `${code}/semester1`,
        change: (x) => {
          x.results.subjects[code].semester1 = s.semester1 === 'DAT' ? 'CHUA_DAT' : 'DAT';
        },
      });
    }
  }
  return out;
}

describe('the fingerprint', () => {
  it('changes when any shown mark changes', () => {
    fc.assert(
      fc.property(
        anyRecord.chain((r) => fc.tuple(fc.constant(r), fc.constantFrom(...marks(r)))),
        ([r, mark]) => {
          const before = layoutFingerprint(layoutHocBa(r));
          const changed = structuredClone(r);
          mark.change(changed);
          expect(layoutFingerprint(layoutHocBa(changed)), mark.path).not.toBe(before);
        },
      ),
      RUNS,
    );
  });

  it('is the same for the same content, whatever the context (names, status, signature) and key order', () => {
    fc.assert(
      fc.property(anyRecord, context, (r, ctx) => {
        const reordered = reversedKeys(r);
        expect(layoutFingerprint(layoutHocBa(reordered, ctx))).toBe(layoutFingerprint(layoutHocBa(r)));
      }),
      RUNS,
    );
  });

  it('covers the pupil’s identity and a comment’s line breaks; one value per line', () => {
    fc.assert(
      fc.property(anyRecord, (r) => {
        const a = structuredClone(r);
        a.biography.fullName = 'Nguyễn Văn Anh';
        expect(layoutFingerprint(layoutHocBa(a))).not.toBe(layoutFingerprint(layoutHocBa(r)));
        const b = structuredClone(r);
        b.results.homeroomComment = 'Một\nHai';
        const c = structuredClone(r);
        c.results.homeroomComment = 'Một Hai';
        expect(layoutFingerprint(layoutHocBa(b))).not.toBe(layoutFingerprint(layoutHocBa(c)));
        expect(layoutLines(layoutHocBa(b)).every((l) => !l.includes('\n'))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
