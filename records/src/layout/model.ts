/**
 * The học bạ as a page shows it: one display model that the portal's record view, the PDF and the CLI render,
 * made by `layoutHocBa(record, context)` (layout.ts) from a record (full, or partial: only the fields a holder
 * disclosed) and what the renderer knows beyond it (LayoutContext).
 *
 * Every text is ready to print: {vi, en} pairs, dates dd/mm/yyyy, instants dd/mm/yyyy HH:mm in
 * Asia/Ho_Chi_Minh, codes in words (subjects, levels, results, reasons), names rather than codes. A renderer
 * never formats a value and never looks a code up: it lays out rows, tables and blocks, and styles a value by
 * its `kind` (a hidden field is marked, never invented). Arrays are in the order to print.
 */
import type { Label } from '../labels.ts';

export type { Label };

/**
 * A value as printed. `text` is always set: a renderer may print it whatever the kind.
 * - `text`: a value of the record (or of the context), with an optional secondary `detail` (a code beside a
 *   name, the rule a decision follows) to print smaller;
 * - `hidden`: the form has this field but the holder did not disclose it ("Không hiển thị");
 * - `empty`: the record does not have it (an optional part left out: no comment, no award) ("—" or words).
 */
export type LayoutValue =
  | { readonly kind: 'text'; readonly text: Label; readonly detail?: Label }
  | { readonly kind: 'hidden'; readonly text: Label }
  | { readonly kind: 'empty'; readonly text: Label };

/** One labelled line: "Họ và tên: Nguyễn Văn An". `key` is stable (for tests and styles), never printed. */
export interface LayoutRow {
  readonly key: string;
  readonly label: Label;
  readonly value: LayoutValue;
}

/** A column of a table. `group` is the upper header line ("Học kì I" above ĐĐGtx, ĐĐGgk, ĐĐGck, ĐTBmhk). */
export interface LayoutColumn {
  readonly key: string;
  readonly label: Label;
  /** The abbreviation spelt out, for a legend or a tooltip ("Điểm đánh giá thường xuyên"). */
  readonly title?: Label;
  readonly group?: Label;
  /** Numbers right-aligned, levels centred, words left. */
  readonly align: 'start' | 'center' | 'end';
}

/** A row of a table: its header cell (the subject's name) and one cell per column, in the columns' order. */
export interface LayoutTableRow {
  readonly key: string;
  readonly header: Label;
  readonly cells: readonly LayoutValue[];
}

/** What a section is about: renderers may style or place sections by it; the order of `sections` is the form's. */
export type LayoutSectionId =
  | 'subjects'
  | 'qualities'
  | 'generalCompetencies'
  | 'specificCompetencies'
  | 'results'
  | 'conduct'
  | 'attendance'
  | 'awards'
  | 'comments'
  | 'decision';

/** A table: the subjects (in the circular's order, with the circular's columns), or a grid of ratings. */
export interface LayoutTableSection {
  readonly kind: 'table';
  readonly id: LayoutSectionId;
  readonly title: Label;
  readonly columns: readonly LayoutColumn[];
  readonly rows: readonly LayoutTableRow[];
  /** A sentence under the table (the abbreviations spelt out, why some rows are not shown). */
  readonly note?: Label;
}

/** Labelled lines: results, conduct, attendance, awards. */
export interface LayoutFactsSection {
  readonly kind: 'facts';
  readonly id: LayoutSectionId;
  readonly title: Label;
  readonly rows: readonly LayoutRow[];
}

/** Free text people wrote: the comments, each under its label, printed as written (line breaks kept). */
export interface LayoutTextSection {
  readonly kind: 'text';
  readonly id: LayoutSectionId;
  readonly title: Label;
  readonly paragraphs: readonly LayoutRow[];
}

/**
 * The year-end decision in the circular's words ("Hoàn thành chương trình lớp học", "Được lên lớp",
 * "Hoàn thành chương trình tiểu học"), the lines that make it up (completion, promotion, level completion).
 */
export interface LayoutDecisionSection {
  readonly kind: 'decision';
  readonly id: 'decision';
  readonly title: Label;
  /** The decision as one sentence, for the page's summary; `hidden` when not disclosed. */
  readonly decision: LayoutValue;
  readonly rows: readonly LayoutRow[];
}

export type LayoutSection =
  | LayoutTableSection
  | LayoutFactsSection
  | LayoutTextSection
  | LayoutDecisionSection;

/** One school year of the học bạ: a record. */
export interface LayoutYear {
  /** "Năm học 2025 - 2026". */
  readonly schoolYear: LayoutValue;
  /** "Lớp 5" (the grade) */
  readonly grade: LayoutValue;
  /** The school's name from the context; its code as the detail; said in words when unknown. */
  readonly school: LayoutValue;
  /** The class's name ("5A") from the context; said in words when unknown. */
  readonly className: LayoutValue;
  /** Lines of the record's own facts: level, version, effective date, record id (as a detail). */
  readonly facts: readonly LayoutRow[];
  readonly sections: readonly LayoutSection[];
}

/** A signature as a reader needs it: who, when, and that it is digital. Never "Chữ ký: —". */
export interface LayoutSignature {
  /**
   * - `signed`: a digital signature exists (the batch's CMS by the principal, or one of the record's own);
   * - `confirmed`: the step was done in the system before the record was locked, without a signature of its own;
   * - `unsigned`: not signed yet (a draft), or nothing is known of it.
   */
  readonly state: 'signed' | 'confirmed' | 'unsigned';
  /** "Đã ký số" / "Digitally signed", or what the state means in words. */
  readonly text: Label;
  /** The signer as the certificate names them. */
  readonly signer?: Label;
  /** dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh. */
  readonly signedAt?: Label;
}

/**
 * A confirmation block at the foot of a year: the homeroom teacher's, the principal's; for a record still in
 * progress given its sign-offs, also one per subject group's confirmer, between them.
 */
export interface LayoutConfirmation {
  readonly role: 'homeroomTeacher' | 'subjectGroup' | 'principal';
  /** "Giáo viên chủ nhiệm", "Hiệu trưởng". */
  readonly title: Label;
  /** The person's name, or in words that it is not known. */
  readonly name: LayoutValue;
  /** "Phê duyệt ngày 25/05/2026" when the record (or a sign-off in progress) dates the step. */
  readonly date?: LayoutValue;
  readonly signature: LayoutSignature;
}

/** The record's standing, from the context (the live status: never part of the fingerprint). */
export interface LayoutStatus {
  readonly state: 'valid' | 'revoked' | 'recalled' | 'superseded' | 'corrected' | 'unknown';
  /** One line: "Học bạ có hiệu lực", "Đã bị thu hồi ngày 06/12/2026". */
  readonly text: Label;
  /** The reason in words, the legal basis, the replacement. */
  readonly rows: readonly LayoutRow[];
}

/** How much of the record is shown: counted in "mục thông tin" (fields), never "trường". */
export interface LayoutFieldCount {
  readonly shown: number;
  /** Fields the holder did not disclose; 0 for a full record. */
  readonly hidden: number;
  /** "Hiển thị 42/60 mục thông tin" / "42 of 60 items of information shown". */
  readonly text: Label;
}

export interface HocBaLayout {
  /** Which form: Circular 27 (primary), Circular 22 (lower/upper secondary), GDTX (Circular 22's shape). */
  readonly form: 'TT27' | 'TT22' | 'GDTX' | 'unknown';
  /** "HỌC BẠ" */
  readonly title: Label;
  /** "Tiểu học — theo Thông tư 27/2020/TT-BGDĐT". */
  readonly subtitle: Label;
  /** `partial` when some fields were not disclosed. */
  readonly completeness: 'full' | 'partial';
  /** The pupil: name, date of birth, sex, birthplace, ethnicity, nationality, guardians, identifiers. */
  readonly identity: readonly LayoutRow[];
  readonly years: readonly LayoutYear[];
  /** Per year, in the same order: homeroom teacher, then principal. */
  readonly confirmations: readonly (readonly LayoutConfirmation[])[];
  /** Printed form of the lookup code (`HB7K-3MQ9-…`), when known. */
  readonly lookupCode?: string;
  readonly status?: LayoutStatus;
  readonly fields: LayoutFieldCount;
  /** Sentences for the foot of the page (what "không hiển thị" means, that the content is signed). */
  readonly notes: readonly Label[];
}

/** A date or instant as the context may give it: ISO text or a Date. */
export type Moment = string | Date;

/** The live status of the record, as the ledger says it (codes as they are on the ledger). */
export type StatusFact =
  | { readonly state: 'valid' }
  | {
      readonly state: 'revoked' | 'recalled';
      readonly reasonCode?: string;
      readonly at?: Moment;
      readonly legalBasis?: string;
    }
  | {
      readonly state: 'superseded' | 'corrected';
      readonly at?: Moment;
      readonly reasonCode?: string;
      readonly legalBasis?: string;
      /** The printed lookup code or the record id of the version that replaces this one. */
      readonly by?: string;
    }
  | { readonly state: 'unknown' };

/**
 * A step of the school's workflow done on a record still in progress (before lock): who (the account's display
 * name) and when. `subject` is the subject's code for a subject group's confirmation.
 */
export interface WorkflowSignOff {
  readonly role: 'homeroomTeacher' | 'subjectGroup' | 'principal';
  readonly name?: string;
  readonly subject?: string;
  readonly at: Moment;
}

/**
 * What a renderer knows beyond the record. Every part optional: a lookup answer, a staff read, a PDF
 * generator and a CLI reading a bundle each know a different part; what is missing is said in words.
 */
export interface LayoutContext {
  readonly schoolName?: string;
  readonly className?: string;
  readonly homeroomTeacherName?: string;
  readonly principalName?: string;
  /** The batch's CMS signature: the certificate's subject (the principal) and its signing time. */
  readonly signature?: { readonly signer?: string; readonly signedAt?: Moment };
  readonly status?: StatusFact;
  /** The lookup code, canonical or printed; printed in groups of four. */
  readonly lookupCode?: string;
  /** For a disclosure: how many fields were not disclosed (the bundle's `hidden` hashes). */
  readonly hiddenFields?: number;
  /**
   * For a record still in progress (the console's review): the workflow's sign-offs, shown in the blocks as
   * "Đã rà soát", "Đã xác nhận", "Đã phê duyệt" with name and date. Ignored once the record is locked: a
   * locked record's blocks speak of its signature.
   */
  readonly signOffs?: readonly WorkflowSignOff[];
}
