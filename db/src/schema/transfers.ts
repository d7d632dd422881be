/** Chuyển trường: custody of a student's records moves to the receiving school when a transfer completes. */
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt, uuidId } from './columns.ts';
import { transferState } from './enums.ts';
import { schools } from './schools.ts';
import { students } from './students.ts';
import { users } from './users.ts';

export const transfers = pgTable(
  'transfers',
  {
    id: uuidId().primaryKey(),
    studentId: uuid('student_id').notNull(),
    fromSchoolId: text('from_school_id').notNull(),
    toSchoolId: text('to_school_id').notNull(),
    state: transferState('state').notNull().default('requested'),
    reason: text('reason'),
    /** The date the receiving school takes the student in. */
    effectiveOn: date('effective_on', { mode: 'string' }),
    requestedBy: uuid('requested_by').notNull(),
    decidedBy: uuid('decided_by'),
    requestedAt: tstz('requested_at').notNull().defaultNow(),
    decidedAt: tstz('decided_at'),
    completedAt: tstz('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('transfers_distinct_schools', sql`${t.fromSchoolId} <> ${t.toSchoolId}`),
    check('transfers_completed_at', sql`(${t.state} = 'completed') = (${t.completedAt} IS NOT NULL)`),
    foreignKey({ name: 'transfers_student_fk', columns: [t.studentId], foreignColumns: [students.id] }),
    foreignKey({ name: 'transfers_from_school_fk', columns: [t.fromSchoolId], foreignColumns: [schools.id] }),
    foreignKey({ name: 'transfers_to_school_fk', columns: [t.toSchoolId], foreignColumns: [schools.id] }),
    foreignKey({ name: 'transfers_requested_by_fk', columns: [t.requestedBy], foreignColumns: [users.id] }),
    foreignKey({ name: 'transfers_decided_by_fk', columns: [t.decidedBy], foreignColumns: [users.id] }),
    index('transfers_student_idx').on(t.studentId),
    index('transfers_to_school_state_idx').on(t.toSchoolId, t.state),
    index('transfers_from_school_state_idx').on(t.fromSchoolId, t.state),
  ],
);
