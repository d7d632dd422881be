/**
 * Corrections supersede exactly what they name (DESIGN.md §4.6), for any class and any choice of pupils:
 * after correction batches for a random subset of a class (in one or several batches), exactly those
 * records carry the correction — with its successor and decision — the rest of the class none, the batch
 * itself stays in force, and no corrected record can be corrected again. On the embedded ledger.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcome, World } from './suite-world.ts';

const SCHOOL = 'SCH-QN-001';
const record = (i: number, result = 'HTT') => ({
  recordId: `REC-P-${i}`,
  student: { name: `Học sinh ${i}` },
  result,
});

let w: World;
beforeAll(async () => {
  w = await World.create('embedded');
}, 120_000);
afterAll(async () => {
  await w?.close();
});

describe('correction batches, any subset of a class', () => {
  it('supersede exactly the corrected records, under their own decisions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
              fc.integer({ min: 1, max: 3 }),
            ),
          ),
        async ([n, corrected, parts]) => {
          const old = await w.lockBatch(
            SCHOOL,
            Array.from({ length: n }, (_, i) => record(i)),
          );
          expect((await w.anchor(SCHOOL, old.args)).validationCode).toBe('VALID');
          const b = old.manifest.batchId;
          // The corrected pupils, split over up to `parts` correction batches.
          const groups = Array.from({ length: parts }, (_, g) => corrected.filter((_, j) => j % parts === g));
          const by = new Map<number, { batchId: string; leafIndex: number; basis: string }>();
          for (const group of groups.filter((g) => g.length > 0)) {
            const corrects = group.map((leafIndex) => ({
              batchId: b,
              leafIndex,
              legalBasis: `QĐ ${leafIndex + 1}/QĐ-THKĐ`,
            }));
            const fix = await w.lockBatch(
              SCHOOL,
              group.map((i) => record(i, 'HTXS')),
              { kind: 'correction', corrects },
            );
            expect((await w.anchor(SCHOOL, fix.args)).validationCode).toBe('VALID');
            for (const [k, c] of corrects.entries())
              by.set(c.leafIndex, { batchId: fix.manifest.batchId, leafIndex: k, basis: c.legalBasis });
          }
          for (let leaf = 0; leaf < n; leaf++) {
            const status = await w.evaluate('batch:getRecordStatus', [b, String(leaf)]);
            const expected = by.get(leaf);
            expect(status.state).toBe('anchored');
            if (expected) {
              expect(status.correction).toMatchObject({
                legalBasis: expected.basis,
                by: { batchId: expected.batchId, leafIndex: expected.leafIndex },
              });
            } else {
              expect(status.correction).toBeUndefined();
            }
          }
          // Any corrected record, corrected again: refused.
          const again = await w.lockBatch(SCHOOL, [record(corrected[0]!, 'HT')], {
            kind: 'correction',
            corrects: [{ batchId: b, leafIndex: corrected[0]!, legalBasis: 'QĐ 99/QĐ-THKĐ' }],
          });
          expect(await outcome(w.anchor(SCHOOL, again.args))).toBe('WRONG_STATE');
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);
});
