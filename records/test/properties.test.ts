/** Property tests (fast-check) over records of every level and grade. */
import { canonicalize } from '@hocba/integrity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecord, pointer, semesterAverage, validateRecord, yearAverage } from '../src/index.ts';
import {
  anyRecord,
  derivedSites,
  getAt,
  primaryRecord,
  score,
  secondaryRecord,
  setAt,
} from './arbitraries.ts';
import type { Json } from './helpers.ts';

const RUNS = { numRuns: 300 };

describe('derive, then validate', () => {
  it('always passes, at every level and grade', () => {
    fc.assert(
      fc.property(anyRecord, (r) => {
        expect(checkRecord(r)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('reaches every result: each learning level, promotion decision, award, primary result', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.oneof(secondaryRecord('THCS', 7), secondaryRecord('THPT', 10), primaryRecord(4)),
        (r: Json) => {
          const x = r.results;
          if (r.level === 'TH') seen.add(`overall:${x.overallResult}`);
          else {
            seen.add(`learning:${x.learning.year}`);
            seen.add(`promotion:${x.promotion}`);
            seen.add(`award:${x.award}`);
            if (x.reassessment) seen.add('reassessment');
            if (x.summerTraining) seen.add('summer');
          }
        },
      ),
      { numRuns: 1500, seed: 20260525 },
    );
    for (const k of [
      'learning:TOT',
      'learning:KHA',
      'learning:DAT',
      'learning:CHUA_DAT',
      'promotion:LEN_LOP',
      'promotion:KIEM_TRA_LAI',
      'promotion:REN_LUYEN_HE',
      'promotion:O_LAI_LOP',
      'award:HS_XUAT_SAC',
      'award:HS_GIOI',
      'award:null',
      'reassessment',
      'summer',
      'overall:HTXS',
      'overall:HTT',
      'overall:HT',
      'overall:CHT',
    ]) {
      expect(seen, k).toContain(k);
    }
  });
});

describe('changing any derived value', () => {
  it('makes validation fail with the right code, at that path, and nowhere else', () => {
    fc.assert(
      fc.property(anyRecord, fc.nat(), fc.nat(), (r: Json, which, pick) => {
        const sites = derivedSites(r);
        const site = sites[which % sites.length]!;
        const bad = structuredClone(r);
        setAt(bad, site.path, site.wrong(getAt(r, site.path), pick));
        const problems = checkRecord(bad);
        expect(problems.map((p) => [p.code, p.path])).toEqual([[site.code, pointer(...site.path)]]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('averages', () => {
  it('semester average stays in [0, 10], one decimal, between the lowest and highest score', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 6 }), score, score, (regular, mid, end) => {
        const avg = semesterAverage(regular, mid, end);
        const all = [...regular, mid, end];
        expect(avg).toBeGreaterThanOrEqual(Math.min(...all));
        expect(avg).toBeLessThanOrEqual(Math.max(...all));
        expect(
          Number.isInteger(Math.round(avg * 10)) && Math.abs(avg * 10 - Math.round(avg * 10)) < 1e-9,
        ).toBe(true);
      }),
    );
  });

  it('year average stays between the two semesters', () => {
    fc.assert(
      fc.property(score, score, (s1, s2) => {
        const y = yearAverage(s1, s2);
        expect(y).toBeGreaterThanOrEqual(Math.min(s1, s2));
        expect(y).toBeLessThanOrEqual(Math.max(s1, s2));
      }),
    );
  });

  it('every average in a generated record is within [0, 10]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 12 }).chain((g) => secondaryRecord(g <= 9 ? 'THCS' : 'THPT', g)),
        (r: Json) => {
          for (const s of Object.values(r.results.subjects) as Json[]) {
            if (s.assessment !== 'score') continue;
            for (const v of [s.semester1.average, s.semester2.average, s.yearAverage]) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(10);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('plain JSON', () => {
  it('a valid record survives a JSON round trip, still valid, with the same canonical bytes', () => {
    fc.assert(
      fc.property(anyRecord, (r) => {
        const back = JSON.parse(JSON.stringify(r));
        expect(back).toEqual(r);
        expect(validateRecord(back)).toEqual(r);
        expect(canonicalize(back)).toBe(canonicalize(r));
      }),
      { numRuns: 200 },
    );
  });
});
