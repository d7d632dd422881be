/**
 * The envelope every record has (DESIGN.md §6), and the student's biography, which is a separate part
 * because it is sensitive personal data (Decree 13/2023, Law 91/2025): external verifiers never see it
 * unless the holder discloses it. Everything is plain JSON — instants and dates are ISO strings — since
 * the record is canonicalized by integrity's JCS and committed field by field.
 */
import { z } from 'zod';

export const RECORD_SCHEMA_ID = 'hocba.record/v1';

/** Identifiers become parts of keys and JSON Pointers: printable ASCII without separators. */
export const Id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'phải gồm 1–64 kí tự A–Z a–z 0–9 . _ - / 1–64 of A–Z a–z 0–9 . _ -',
  );

/**
 * Mã số tra cứu. Only the alphabet and length are checked here (upper-case letters and digits, 16–40);
 * generation, entropy and the check character belong to whoever issues the codes.
 */
export const LookupCode = z
  .string()
  .regex(/^[0-9A-Z]{16,40}$/, '16–40 chữ in hoa hoặc chữ số / 16–40 upper-case letters or digits');

/** Mã định danh: the 12-digit personal identification number. */
export const NationalId = z.string().regex(/^\d{12}$/, 'phải gồm 12 chữ số / must be 12 digits');

/** Mã tỉnh: two digits. */
export const ProvinceCode = z.string().regex(/^\d{2}$/, 'phải gồm 2 chữ số / must be 2 digits');

export const SchoolYear = z
  .string()
  .regex(/^\d{4}-\d{4}$/, 'dạng 2025-2026 / like 2025-2026')
  .refine(
    (y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1,
    'năm sau phải liền năm trước / the second year must follow the first',
  );

/** An instant in UTC with milliseconds, as the batch manifest writes them. */
export const Instant = z.iso.datetime({ precision: 3 }).describe('UTC, e.g. 2026-05-25T08:00:00.000Z');
export const CalendarDate = z.iso.date().describe('e.g. 2015-09-02');

/** Free text a person wrote: bounded, never empty when present. */
export const Text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim() === s, 'không có khoảng trắng ở đầu hoặc cuối / no leading or trailing spaces');

export const SignerRole = z.enum([
  'subjectTeacher',
  'homeroomTeacher',
  'subjectGroup',
  'principal',
  'school',
]);
export type SignerRole = z.infer<typeof SignerRole>;

/**
 * A signature as vendors make them today — per role, XML-DSig or CMS, and the school's organisational
 * seal. Data model only: importing and verifying them is a later issue (DESIGN.md §3).
 */
export const Signature = z
  .strictObject({
    role: SignerRole,
    /** Who signed: the person's name or the certificate's subject. */
    signer: Text(200),
    signedAt: Instant,
    kind: z.enum(['xmldsig', 'cms', 'seal']),
    /** The signature (or signed XML) itself, standard base64. */
    value: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
    /** For a subject teacher: the subjects the signature covers. */
    subjects: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).optional(),
  })
  .refine((s) => (s.kind === 'seal') === (s.role === 'school'), {
    message:
      'con dấu chỉ thuộc vai trò nhà trường / a seal is the school’s, and the school signs with its seal',
    path: ['kind'],
  });
export type Signature = z.infer<typeof Signature>;

export const Guardian = z.strictObject({
  relation: z.enum(['father', 'mother', 'guardian']),
  fullName: Text(100),
  occupation: Text(100).optional(),
  phone: z
    .string()
    .regex(/^\+?\d{8,15}$/)
    .optional(),
});

/** Sơ yếu lý lịch. Sensitive: see SENSITIVE_POINTERS. */
export const Biography = z
  .strictObject({
    fullName: Text(100),
    dateOfBirth: CalendarDate,
    sex: z.enum(['male', 'female']),
    birthplace: Text(200),
    ethnicity: Text(50),
    nationality: Text(50).optional(),
    guardians: z.array(Guardian).max(4),
  })
  .meta({ sensitive: true, description: 'Decree 13/2023, Law 91/2025: disclosed only by the holder' });
export type Biography = z.infer<typeof Biography>;

/**
 * JSON Pointers of the personal parts of a record (DESIGN.md §6; Decree 13/2023, Law 91/2025), hidden from
 * every public answer and from a disclosure unless the holder chooses otherwise: the citizen identity
 * number (mã định danh), the student code (it names the pupil in every school system, so it identifies as
 * well as the citizen ID), and the whole biography (name, date of birth, sex, birthplace, ethnicity,
 * nationality, guardians). What remains is the school's, the year's and the results: what a verifier checks.
 */
export const SENSITIVE_POINTERS: readonly string[] = ['/nationalId', '/studentCode', '/biography'];

/** The envelope's fields; each level's record adds `level` and `results`. */
export const envelopeShape = {
  schema: z.literal(RECORD_SCHEMA_ID),
  recordId: Id,
  lookupCode: LookupCode,
  nationalId: NationalId,
  studentCode: Id,
  provinceCode: ProvinceCode,
  schoolCode: Id,
  schoolYear: SchoolYear,
  /** Checked against the level by the rules (RECORD_GRADE_LEVEL_MISMATCH), not by the schema. */
  grade: z.number().int().min(1).max(12),
  classId: Id,
  /** Ngày hiệu lực = the lock time; absent until the record is locked. */
  effectiveAt: Instant.optional(),
  version: z.number().int().min(1),
  /** The recordId of the version this one replaces. */
  supersedes: Id.optional(),
  signatures: z.array(Signature).max(64),
  biography: Biography,
} as const;

/** Refinements every record gets, whatever its level. */
export function refineEnvelope(
  r: { recordId: string; version: number; supersedes?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (r.version > 1 !== (r.supersedes !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['supersedes'],
      message:
        'phiên bản sau phiên bản 1, và chỉ nó, ghi học bạ mà nó thay thế / a version after 1, and only such a version, names the record it supersedes',
    });
  }
  if (r.supersedes === r.recordId) {
    ctx.addIssue({
      code: 'custom',
      path: ['supersedes'],
      message: 'học bạ không thể thay thế chính nó / a record cannot supersede itself',
    });
  }
}

/** A copy without the sensitive parts (SENSITIVE_POINTERS), for verifiers who were not given them. */
export function withoutSensitive<
  T extends { biography?: unknown; nationalId?: unknown; studentCode?: unknown },
>(record: T): Omit<T, 'biography' | 'nationalId' | 'studentCode'> {
  const { biography: _b, nationalId: _n, studentCode: _s, ...rest } = record;
  return rest;
}

/** Phê duyệt của hiệu trưởng (giám đốc trung tâm): who approved and when. */
export const PrincipalApproval = z.strictObject({
  principal: Text(100),
  approvedAt: Instant,
});

/** Subject codes as keys of `results.subjects`; whether a code belongs to the grade is a rule. */
export const SubjectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'mã môn học / a subject code');
