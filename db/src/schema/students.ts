/**
 * Students, their biography and their enrolments. The biography is personal data under Decree 13/2023
 * and Law 91/2025, so it lives in its own table: a database role for the public lookup or for reporting
 * can be granted `students` without `student_biographies`, and a purge or an export request touches one
 * place.
 */
import { sql } from 'drizzle-orm';
import { date, foreignKey, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, schoolYearCheck, updatedAt, uuidId } from './columns.ts';
import { sex } from './enums.ts';
import { classes, schools } from './schools.ts';

export const students = pgTable(
  'students',
  {
    id: uuidId().primaryKey(),
    /** Mã định danh (12 digits): the record's nationalId; one student, one row, whatever the school. */
    nationalId: text('national_id').notNull().unique(),
    /** Mã học sinh: the record's studentCode. */
    studentCode: text('student_code').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('students_student_code_idx').on(t.studentCode)],
);

export interface Guardian {
  relation: 'father' | 'mother' | 'guardian';
  fullName: string;
  occupation?: string;
  phone?: string;
}

const VI_LOWER = 'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ';
const ASCII_LOWER = 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd';
/** Every Vietnamese letter with a mark, lower and upper case, and the letter without it (migrations/0010). */
export const FOLD_FROM = VI_LOWER + VI_LOWER.toUpperCase();
export const FOLD_TO = ASCII_LOWER + ASCII_LOWER.toUpperCase();

/** Sơ yếu lý lịch: sensitive (see the file comment). */
export const studentBiographies = pgTable(
  'student_biographies',
  {
    studentId: uuid('student_id').primaryKey(),
    fullName: text('full_name').notNull(),
    /** A calendar date, not an instant: kept as 'YYYY-MM-DD' so no time zone can shift it. */
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    sex: sex('sex').notNull(),
    birthplace: text('birthplace').notNull(),
    ethnicity: text('ethnicity').notNull(),
    nationality: text('nationality'),
    guardians: jsonb('guardians').$type<Guardian[]>().notNull().default([]),
    /**
     * The name without its accents, lower case (migrations/0010): what a search by name compares. Generated
     * by the database, so it never drifts from the name; FOLD_FROM/FOLD_TO are the letters it maps.
     */
    nameSearch: text('name_search').generatedAlwaysAs(
      sql.raw(`lower(translate("full_name", '${FOLD_FROM}', '${FOLD_TO}'))`),
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: 'student_biographies_student_fk',
      columns: [t.studentId],
      foreignColumns: [students.id],
    }),
    index('student_biographies_date_of_birth_idx').on(t.dateOfBirth),
  ],
);

/**
 * A student in a class for a school year. `custodySchoolId` is the school that holds the student's
 * records of that enrolment: the class's school until a transfer moves custody to the receiving school
 * (the sending school's locked records stay valid and provable).
 */
export const enrolments = pgTable(
  'enrolments',
  {
    id: uuidId().primaryKey(),
    studentId: uuid('student_id').notNull(),
    classId: text('class_id').notNull(),
    schoolYear: text('school_year').notNull(),
    custodySchoolId: text('custody_school_id').notNull(),
    enrolledOn: date('enrolled_on', { mode: 'string' }),
    leftOn: date('left_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    schoolYearCheck('enrolments_school_year_format', t.schoolYear),
    foreignKey({ name: 'enrolments_student_fk', columns: [t.studentId], foreignColumns: [students.id] }),
    // (class, year) together: an enrolment's year is its class's year.
    foreignKey({
      name: 'enrolments_class_fk',
      columns: [t.classId, t.schoolYear],
      foreignColumns: [classes.id, classes.schoolYear],
    }),
    foreignKey({
      name: 'enrolments_custody_school_fk',
      columns: [t.custodySchoolId],
      foreignColumns: [schools.id],
    }),
    unique('enrolments_student_class_key').on(t.studentId, t.classId),
    index('enrolments_student_year_idx').on(t.studentId, t.schoolYear),
    index('enrolments_class_idx').on(t.classId),
    index('enrolments_custody_school_idx').on(t.custodySchoolId, t.schoolYear),
  ],
);
