/**
 * The record's gate. validateRecord parses with zod (every bad field listed) and then recomputes every
 * derived value from what was entered and compares — it never trusts an entered average or result to
 * compute another, so each wrong value is reported once, at its own path. deriveRecord fills the derived
 * values of a draft for the entry UI.
 */
import { continuingCurriculum } from './continuing.ts';
import { type GradeCurriculum, generalCurriculum } from './curriculum.ts';
import { problem, type RecordProblem, RecordRuleError } from './errors.ts';
import { GRADES_OF_LEVEL, SCHOOL_LEVEL_LABELS, type SchoolLevel } from './levels.ts';
import { checkPrimary, derivePrimary } from './primary.ts';
import { DraftRecordSchema, type RecordData, RecordSchema, type ValidatedRecord } from './record.ts';
import { schemaProblems } from './schema-problems.ts';
import { checkSecondary, deriveSecondary } from './secondary.ts';

/** The subjects a record of this level and grade must have; undefined when the grade is not the level's. */
export function curriculumFor(level: SchoolLevel, grade: number): GradeCurriculum | undefined {
  return level === 'GDTX' ? continuingCurriculum(grade) : generalCurriculum(level, grade);
}

function ruleProblems(r: RecordData): RecordProblem[] {
  const problems: RecordProblem[] = [];
  if (!GRADES_OF_LEVEL[r.level].includes(r.grade)) {
    const grades = GRADES_OF_LEVEL[r.level];
    const label = SCHOOL_LEVEL_LABELS[r.level];
    problems.push(
      problem(
        'RECORD_GRADE_LEVEL_MISMATCH',
        'hocba.gradeLevel',
        '/grade',
        { expected: grades, entered: r.grade },
        `Lớp ${r.grade} không thuộc cấp ${label.vi} (lớp ${grades[0]}–${grades.at(-1)}).`,
        `Grade ${r.grade} is not ${label.en} (grades ${grades[0]}–${grades.at(-1)}).`,
      ),
    );
  }
  // With a grade outside the level there is no curriculum to compare with; the derived values still are.
  const curriculum = curriculumFor(r.level, r.grade);
  if (r.level === 'TH') problems.push(...checkPrimary(r.results, r.grade, curriculum));
  else problems.push(...checkSecondary(r.results, r.grade, curriculum));
  return problems;
}

/** Every problem of the input, schema first; an empty list means the record is valid. */
export function checkRecord(input: unknown): RecordProblem[] {
  const parsed = RecordSchema.safeParse(input);
  if (!parsed.success) return schemaProblems(parsed.error, input);
  return ruleProblems(parsed.data);
}

/**
 * The record, if it is one and keeps every rule; otherwise throws RecordRuleError listing all problems
 * (schema problems only, when the input does not even have the record's shape).
 */
export function validateRecord(input: unknown): ValidatedRecord {
  const parsed = RecordSchema.safeParse(input);
  if (!parsed.success) throw new RecordRuleError(schemaProblems(parsed.error, input));
  const problems = ruleProblems(parsed.data);
  if (problems.length > 0) throw new RecordRuleError(problems);
  return parsed.data as ValidatedRecord;
}

/**
 * The draft with every derived value computed (any entered ones are replaced). Throws RecordRuleError
 * when the draft does not have the record's shape. Rules that derivation cannot fix — a missing subject,
 * a wrong number of scores — are left for checkRecord / validateRecord to report.
 */
export function deriveRecord(input: unknown): RecordData {
  const parsed = DraftRecordSchema.safeParse(input);
  if (!parsed.success) throw new RecordRuleError(schemaProblems(parsed.error, input));
  const d = parsed.data;
  if (d.level === 'TH') return { ...d, results: derivePrimary(d.results, d.grade) };
  return { ...d, results: deriveSecondary(d.results) };
}
