/**
 * Editing windows (khóa / mở): the school admin freezes or unfreezes data entry for the whole school, a
 * class, or one subject (of the school or of a class) in a school year. One row per scope; the most
 * specific row that exists decides (class+subject, then class, then subject, then school).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, schoolYearCheck, tstz, updatedAt, uuidId } from './columns.ts';
import { classes, schools } from './schools.ts';
import { users } from './users.ts';

export const editingWindows = pgTable(
  'editing_windows',
  {
    id: uuidId().primaryKey(),
    schoolId: text('school_id').notNull(),
    schoolYear: text('school_year').notNull(),
    /** Null: every class of the school. */
    classId: text('class_id'),
    /** Null: every subject. */
    subject: text('subject'),
    frozen: boolean('frozen').notNull(),
    /** Optional bounds of the open window; outside them entry is refused even when not frozen. */
    opensAt: tstz('opens_at'),
    closesAt: tstz('closes_at'),
    changedBy: uuid('changed_by').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    schoolYearCheck('editing_windows_school_year_format', t.schoolYear),
    check(
      'editing_windows_bounds',
      sql`${t.opensAt} IS NULL OR ${t.closesAt} IS NULL OR ${t.opensAt} < ${t.closesAt}`,
    ),
    foreignKey({ name: 'editing_windows_school_fk', columns: [t.schoolId], foreignColumns: [schools.id] }),
    foreignKey({ name: 'editing_windows_class_fk', columns: [t.classId], foreignColumns: [classes.id] }),
    foreignKey({ name: 'editing_windows_changed_by_fk', columns: [t.changedBy], foreignColumns: [users.id] }),
    // One row per scope; NULL (= "all") counts as a value here.
    unique('editing_windows_scope_key').on(t.schoolId, t.schoolYear, t.classId, t.subject).nullsNotDistinct(),
    index('editing_windows_class_idx').on(t.classId),
  ],
);
