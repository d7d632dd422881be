/**
 * What a pupil's record still lacks, as the homeroom teacher must chase it: the compulsory subjects of the
 * grade without results (their teachers' part), the homeroom part (primary: qualities and competencies,
 * Circular 27; secondary: conduct and absences, Circular 22), the homeroom comment, and the biography's
 * parents or guardian. Only the first two keep a record from `entered` (gateway services/workflow.ts), so
 * only they block the review; the others are shown so that nothing is forgotten.
 */
import { curriculumFor, type SchoolLevel, subjectName } from '@hocba/records';
import type { Lang } from '../../words.ts';
import { hw } from './words.ts';

/** The entry the homeroom teacher makes (gateway's HOMEROOM). */
export const HOMEROOM = 'homeroom';

/** States in which the record is still being entered: only then can anything be missing. */
const ENTERING = new Set(['draft', 'entered']);

export type Gap =
  | { kind: 'noRecord'; blocks: true }
  | { kind: 'subjects'; codes: string[]; blocks: true }
  | { kind: 'homeroom'; blocks: true }
  | { kind: 'comment'; blocks: false }
  | { kind: 'guardians'; blocks: false };

export interface PupilFacts {
  level: SchoolLevel | undefined;
  grade: number;
  /** null when the enrolment has no record yet. */
  state: string | null;
  /** The parts entered so far (subject codes and `homeroom`). */
  entered: readonly string[];
  /** The homeroom comment as entered, when the record was read; undefined when unknown. */
  homeroomComment?: string | undefined | null;
  /** How many parents or guardians the biography names, when it was read. */
  guardians?: number | undefined;
}

export function compulsorySubjects(level: SchoolLevel | undefined, grade: number): string[] {
  if (!level) return [];
  return (
    curriculumFor(level, grade)
      ?.subjects.filter((s) => s.kind === 'compulsory')
      .map((s) => s.code) ?? []
  );
}

export function gapsOf(p: PupilFacts): Gap[] {
  if (p.state === null) return [{ kind: 'noRecord', blocks: true }];
  if (!ENTERING.has(p.state)) return [];
  const gaps: Gap[] = [];
  const subjects = compulsorySubjects(p.level, p.grade).filter((c) => !p.entered.includes(c));
  if (subjects.length > 0) gaps.push({ kind: 'subjects', codes: subjects, blocks: true });
  if (!p.entered.includes(HOMEROOM)) gaps.push({ kind: 'homeroom', blocks: true });
  else if (p.homeroomComment !== undefined && !p.homeroomComment)
    gaps.push({ kind: 'comment', blocks: false });
  if (p.guardians === 0) gaps.push({ kind: 'guardians', blocks: false });
  return gaps;
}

export const blocksReview = (gaps: readonly Gap[]) => gaps.some((g) => g.blocks);

/** One gap in words, e.g. "Môn chưa có kết quả: Toán, Khoa học". */
export function gapText(g: Gap, level: SchoolLevel | undefined, lang: Lang): string {
  switch (g.kind) {
    case 'noRecord':
      return hw('noRecord', lang);
    case 'subjects':
      return `${hw('subjectsMissing', lang)}: ${g.codes.map((c) => subjectName(c)[lang]).join(', ')}`;
    case 'homeroom':
      return hw(level === 'TH' ? 'homeroomPartTH' : 'homeroomPartSec', lang);
    case 'comment':
      return hw('commentMissing', lang);
    case 'guardians':
      return hw('guardianMissing', lang);
  }
}
