/**
 * @hocba/records — the record (học bạ số, DESIGN.md §6) as data: zod schemas for Circular 27 (primary),
 * Circular 22 (secondary) and the continuing-education variant; subjects per grade of the 2018 programme;
 * derived values computed from the circulars' rules and checked, with typed errors that cite the rule;
 * labels (vi/en) and the lookup-code format. Pure: no I/O, no Node built-ins (DESIGN.md §2).
 */
export { formatScoreEn, formatScoreVi, semesterAverage, yearAverage } from './averages.ts';
export { yearConduct } from './conduct.ts';
export { continuingCurriculum } from './continuing.ts';
export {
  type Assessment,
  type GradeCurriculum,
  generalCurriculum,
  isSubjectCode,
  regularScoreCount,
  SUBJECTS,
  type SubjectCode,
  type SubjectRule,
  subjectName,
} from './curriculum.ts';
export {
  Biography,
  LookupCode,
  RECORD_SCHEMA_ID,
  SchoolYear,
  SENSITIVE_POINTERS,
  Signature,
  SignerRole,
  withoutSensitive,
} from './envelope.ts';
export {
  isRecordRuleError,
  pointer,
  type RecordErrorCode,
  type RecordProblem,
  RecordRuleError,
} from './errors.ts';
export * from './labels.ts';
export { recordFromFields } from './layout/fields.ts';
export { FINGERPRINT_FORMAT, layoutFingerprint, layoutLines } from './layout/fingerprint.ts';
export { calendarDate, instantDate, instantText } from './layout/format.ts';
export { layoutHocBa, statusOf } from './layout/layout.ts';
export type {
  HocBaLayout,
  LayoutColumn,
  LayoutConfirmation,
  LayoutContext,
  LayoutDecisionSection,
  LayoutFactsSection,
  LayoutFieldCount,
  LayoutRow,
  LayoutSection,
  LayoutSectionId,
  LayoutSignature,
  LayoutStatus,
  LayoutTableRow,
  LayoutTableSection,
  LayoutTextSection,
  LayoutValue,
  LayoutYear,
  Moment,
  StatusFact,
  WorkflowSignOff,
} from './layout/model.ts';
export { type LearningResult, learningResult, type PeriodResults } from './learning-result.ts';
export * from './levels.ts';
export * from './lookup-code.ts';
export {
  overallResult,
  PrimaryAward,
  type PrimaryResults,
  PrimarySubject,
  primaryResultsSchema,
} from './primary.ts';
export { MAX_ABSENT_SESSIONS, type PromotionInput, promotion } from './promotion.ts';
export {
  type DraftRecord,
  DraftRecordSchema,
  type PrimaryRecord,
  type RecordData,
  RecordSchema,
  type SecondaryRecord,
  type ValidatedRecord,
} from './record.ts';
export { REPORT_OUTCOME_LABELS, REPORT_STEP_LABELS, REPORT_VERDICT_LABELS } from './report-words.ts';
export { RULES, type RuleCitation, type RuleId } from './rules.ts';
export { schemaProblems } from './schema-problems.ts';
export {
  computeSecondary,
  SecondaryAward,
  type SecondaryResults,
  type SubjectDerived,
  secondaryResultsSchema,
  secondarySubjectSchema,
} from './secondary.ts';
export {
  checkSubjectEntry,
  type EntryDerived,
  type SubjectEntryCheck,
} from './subject-entry.ts';
export { checkRecord, curriculumFor, deriveRecord, validateRecord } from './validate.ts';
