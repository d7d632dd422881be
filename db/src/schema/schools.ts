/** Schools (cơ sở giáo dục) and their classes, one school year at a time. */

import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, smallint, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idFormat, schoolYearCheck, textId, updatedAt } from './columns.ts';
import { schoolLevel } from './enums.ts';
import { districts, provinces } from './geography.ts';
import { users } from './users.ts';

export const schools = pgTable(
  'schools',
  {
    /** The schoolId of manifests and ledger keys (`school~<id>`). */
    id: textId().primaryKey(),
    /** Mã trường: the record's schoolCode. */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    level: schoolLevel('level').notNull(),
    districtId: text('district_id').notNull(),
    provinceId: text('province_id').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    idFormat('schools_id_format', t.id),
    // Both tiers at once: the district must belong to the school's province.
    foreignKey({
      name: 'schools_district_fk',
      columns: [t.districtId, t.provinceId],
      foreignColumns: [districts.id, districts.provinceId],
    }),
    foreignKey({ name: 'schools_province_fk', columns: [t.provinceId], foreignColumns: [provinces.id] }),
    index('schools_district_idx').on(t.districtId),
    index('schools_province_idx').on(t.provinceId),
  ],
);

export const classes = pgTable(
  'classes',
  {
    /** The record's classId. */
    id: textId().primaryKey(),
    schoolId: text('school_id').notNull(),
    schoolYear: text('school_year').notNull(),
    grade: smallint('grade').notNull(),
    name: text('name').notNull(),
    homeroomTeacherId: uuid('homeroom_teacher_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    idFormat('classes_id_format', t.id),
    schoolYearCheck('classes_school_year_format', t.schoolYear),
    check('classes_grade_range', sql`${t.grade} BETWEEN 1 AND 12`),
    foreignKey({ name: 'classes_school_fk', columns: [t.schoolId], foreignColumns: [schools.id] }),
    unique('classes_school_year_name_key').on(t.schoolId, t.schoolYear, t.name),
    // Target of enrolments' (class, year) key, which keeps an enrolment's year equal to its class's.
    unique('classes_id_school_year_key').on(t.id, t.schoolYear),
    foreignKey({
      name: 'classes_homeroom_teacher_fk',
      columns: [t.homeroomTeacherId],
      foreignColumns: [users.id],
    }),
    index('classes_homeroom_teacher_idx').on(t.homeroomTeacherId),
  ],
);
