/**
 * The names a paper học bạ prints in its confirmation blocks: the class's homeroom teacher and the school's
 * principal. Staff acting in office, named on every paper học bạ: public by their role, never a pupil's data.
 * One query for both the PDF (issue.ts) and the public lookup's context (lookup/service.ts).
 */
import { classes, type Database, userRoles, users } from '@hocba/db';
import { and, eq } from 'drizzle-orm';

export interface StaffNames {
  homeroomTeacherName?: string;
  principalName?: string;
}

export async function staffNames(
  db: Database,
  place: { classId: string; schoolId: string },
): Promise<StaffNames> {
  const [homeroom, principals] = await Promise.all([
    db
      .select({ name: users.displayName })
      .from(classes)
      .innerJoin(users, eq(users.id, classes.homeroomTeacherId))
      .where(eq(classes.id, place.classId)),
    // Exactly one principal, or none named: a deputy's account is not the principal's.
    db
      .select({ name: users.displayName })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(and(eq(userRoles.role, 'principal'), eq(userRoles.schoolId, place.schoolId)))
      .limit(2),
  ]);
  const homeroomTeacherName = homeroom[0]?.name;
  const principalName = principals.length === 1 ? principals[0]!.name : undefined;
  return {
    ...(homeroomTeacherName && { homeroomTeacherName }),
    ...(principalName && { principalName }),
  };
}
