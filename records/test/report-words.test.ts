/**
 * The report's words: one name per step of integrity's report, in its order and numbered 1–6; every
 * outcome and verdict worded in both languages; "not checked" never worded as passed.
 */
import { STEPS } from '@hocba/integrity';
import { describe, expect, it } from 'vitest';
import { REPORT_OUTCOME_LABELS, REPORT_STEP_LABELS, REPORT_VERDICT_LABELS } from '../src/index.ts';

describe('report words', () => {
  it('names the six steps in the report’s order, numbered, in both languages', () => {
    expect(Object.keys(REPORT_STEP_LABELS)).toEqual([...STEPS]);
    STEPS.forEach((step, i) => {
      expect(REPORT_STEP_LABELS[step].vi.startsWith(`${i + 1}. `)).toBe(true);
      expect(REPORT_STEP_LABELS[step].en.startsWith(`${i + 1}. `)).toBe(true);
    });
    expect(REPORT_STEP_LABELS.signature.vi).toBe('4. Chữ ký số của thủ trưởng');
  });

  it('words outcomes and verdicts distinctly: unknown is not passed, incomplete is not valid', () => {
    const outcomes = Object.values(REPORT_OUTCOME_LABELS);
    expect(new Set(outcomes.map((l) => l.vi)).size).toBe(3);
    expect(new Set(outcomes.map((l) => l.en)).size).toBe(3);
    expect(REPORT_OUTCOME_LABELS.unknown).toEqual({ vi: 'Chưa kiểm tra được', en: 'Not checked' });
    expect(Object.keys(REPORT_VERDICT_LABELS).sort()).toEqual(['incomplete', 'invalid', 'valid']);
    expect(REPORT_VERDICT_LABELS.incomplete.vi).not.toContain('hợp lệ');
    expect(REPORT_VERDICT_LABELS.invalid.vi).toContain('KHÔNG');
  });
});
