/**
 * Who may act where. A role is held in a scope, and the scope's shape depends on the role: a subject
 * teacher teaches one subject in one class, a principal heads one school, a district officer serves one
 * district. ROLE_SCOPES says which scope columns each role fills; the check constraint built from it
 * refuses any other shape, and the gateway's policy table reads the same constant.
 */
import { type SQL, sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, uuidId } from './columns.ts';
import { ROLES, type Role, role } from './enums.ts';
import { districts, provinces } from './geography.ts';
import { classes, schools } from './schools.ts';
import { students } from './students.ts';
import { users } from './users.ts';

export const SCOPE_COLUMNS = [
  'provinceId',
  'districtId',
  'schoolId',
  'classId',
  'subject',
  'studentId',
] as const;
export type ScopeColumn = (typeof SCOPE_COLUMNS)[number];

export const ROLE_SCOPES: Readonly<Record<Role, readonly ScopeColumn[]>> = {
  subjectTeacher: ['classId', 'subject'],
  homeroomTeacher: ['classId'],
  // Tổ chuyên môn: one subject (or group of subjects, by its code) across the school.
  subjectGroup: ['schoolId', 'subject'],
  principal: ['schoolId'],
  // What the principal assigns (seed 001 Art. 9) is narrowed by the gateway's policy, not by scope.
  deputyPrincipal: ['schoolId'],
  schoolAdmin: ['schoolId'],
  districtOfficer: ['districtId'],
  provinceOfficer: ['provinceId'],
  // Nationwide: no scope column.
  ministryAuditor: [],
  verifier: [],
  student: ['studentId'],
  guardian: ['studentId'],
};

const SQL_NAMES: Record<ScopeColumn, string> = {
  provinceId: 'province_id',
  districtId: 'district_id',
  schoolId: 'school_id',
  classId: 'class_id',
  subject: 'subject',
  studentId: 'student_id',
};

/** CASE role WHEN … THEN (required columns set AND the others null) … END */
function scopeShapeCheck(): SQL {
  const arms = ROLES.map((r) => {
    const wanted = new Set(ROLE_SCOPES[r]);
    const conditions = SCOPE_COLUMNS.map(
      (c) => `"${SQL_NAMES[c]}" IS ${wanted.has(c) ? 'NOT NULL' : 'NULL'}`,
    );
    return `WHEN '${r}' THEN ${conditions.join(' AND ')}`;
  });
  return sql.raw(`CASE "role" ${arms.join(' ')} END`);
}

export const userRoles = pgTable(
  'user_roles',
  {
    id: uuidId().primaryKey(),
    userId: uuid('user_id').notNull(),
    role: role('role').notNull(),
    provinceId: text('province_id'),
    districtId: text('district_id'),
    schoolId: text('school_id'),
    classId: text('class_id'),
    /** A subject code as the record's results use it (e.g. TOAN). */
    subject: text('subject'),
    studentId: uuid('student_id'),
    grantedBy: uuid('granted_by'),
    createdAt: createdAt(),
  },
  (t) => [
    check('user_roles_scope_shape', scopeShapeCheck()),
    foreignKey({ name: 'user_roles_user_fk', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({ name: 'user_roles_province_fk', columns: [t.provinceId], foreignColumns: [provinces.id] }),
    foreignKey({ name: 'user_roles_district_fk', columns: [t.districtId], foreignColumns: [districts.id] }),
    foreignKey({ name: 'user_roles_school_fk', columns: [t.schoolId], foreignColumns: [schools.id] }),
    foreignKey({ name: 'user_roles_class_fk', columns: [t.classId], foreignColumns: [classes.id] }),
    foreignKey({ name: 'user_roles_student_fk', columns: [t.studentId], foreignColumns: [students.id] }),
    foreignKey({ name: 'user_roles_granted_by_fk', columns: [t.grantedBy], foreignColumns: [users.id] }),
    // One grant per (user, role, scope); NULLs count as equal so that two nationwide grants collide.
    unique('user_roles_grant_key')
      .on(t.userId, t.role, t.provinceId, t.districtId, t.schoolId, t.classId, t.subject, t.studentId)
      .nullsNotDistinct(),
    index('user_roles_school_idx').on(t.schoolId),
    index('user_roles_class_idx').on(t.classId),
    index('user_roles_student_idx').on(t.studentId),
  ],
);
