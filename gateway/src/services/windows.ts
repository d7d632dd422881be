/**
 * Editing windows (khóa / mở, DESIGN.md §7: "each school sets its own editing windows"): the school admin
 * freezes or unfreezes entry for the whole school, a class, a subject, or one subject of one class, in a
 * school year, optionally with bounds. The most specific row that exists decides (class+subject, class,
 * subject, school); no row at all means entry is open.
 */
import { appendAudit, classes, type Database, type Executor, editingWindows } from '@hocba/db';
import { and, eq, isNull, or } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import type { Actor } from './lock.ts';

export type WindowRow = typeof editingWindows.$inferSelect;

export interface WindowScope {
  schoolId: string;
  schoolYear: string;
  classId?: string | undefined;
  subject?: string | undefined;
}

export interface WindowInput extends WindowScope {
  frozen: boolean;
  opensAt?: Date | undefined;
  closesAt?: Date | undefined;
  reason?: string | undefined;
  actor: Actor & { userId: string };
  at: Date;
}

/** Where an entry is made: all four columns known. */
export interface EntryScope {
  schoolId: string;
  schoolYear: string;
  classId: string;
  subject: string;
}

const specificity = (w: Pick<WindowRow, 'classId' | 'subject'>) =>
  (w.classId !== null ? 2 : 0) + (w.subject !== null ? 1 : 0);

/** The row that decides for an entry at `scope`, or undefined when no window was ever set there. */
export async function decidingWindow(exec: Executor, scope: EntryScope): Promise<WindowRow | undefined> {
  const rows = await exec
    .select()
    .from(editingWindows)
    .where(
      and(
        eq(editingWindows.schoolId, scope.schoolId),
        eq(editingWindows.schoolYear, scope.schoolYear),
        or(isNull(editingWindows.classId), eq(editingWindows.classId, scope.classId)),
        or(isNull(editingWindows.subject), eq(editingWindows.subject, scope.subject)),
      ),
    );
  return rows.sort((a, b) => specificity(b) - specificity(a))[0];
}

/** Whether the window open at `now`: not frozen, and within its bounds when it has any. */
export function isOpen(w: WindowRow | undefined, now: Date): boolean {
  if (!w) return true;
  if (w.frozen) return false;
  if (w.opensAt && now < w.opensAt) return false;
  if (w.closesAt && now >= w.closesAt) return false;
  return true;
}

/** Refuses entry at `scope` unless its deciding window is open (423 EDITING_WINDOW_CLOSED). */
export async function assertWindowOpen(exec: Executor, scope: EntryScope, now: Date): Promise<void> {
  const w = await decidingWindow(exec, scope);
  if (isOpen(w, now)) return;
  throw new ServiceError('EDITING_WINDOW_CLOSED', `entry of ${scope.subject} in ${scope.classId} is closed`, {
    classId: scope.classId,
    subject: scope.subject,
    frozen: w?.frozen ?? null,
    opensAt: w?.opensAt?.toISOString() ?? null,
    closesAt: w?.closesAt?.toISOString() ?? null,
  });
}

/** Freezes or unfreezes one scope (one row per scope: set again, it is updated). */
export async function setWindow(db: Database, input: WindowInput): Promise<WindowRow> {
  if (input.opensAt && input.closesAt && input.opensAt >= input.closesAt) {
    throw new ServiceError('WINDOW_INVALID', 'a window must open before it closes');
  }
  return db.transaction(async (tx) => {
    if (input.classId !== undefined) {
      const [c] = await tx.select().from(classes).where(eq(classes.id, input.classId));
      if (!c || c.schoolId !== input.schoolId || c.schoolYear !== input.schoolYear) {
        throw new ServiceError('CLASS_NOT_FOUND', `class ${input.classId} is not of this school and year`, {
          classId: input.classId,
        });
      }
    }
    const scope = and(
      eq(editingWindows.schoolId, input.schoolId),
      eq(editingWindows.schoolYear, input.schoolYear),
      input.classId === undefined
        ? isNull(editingWindows.classId)
        : eq(editingWindows.classId, input.classId),
      input.subject === undefined
        ? isNull(editingWindows.subject)
        : eq(editingWindows.subject, input.subject),
    );
    const values = {
      frozen: input.frozen,
      opensAt: input.opensAt ?? null,
      closesAt: input.closesAt ?? null,
      reason: input.reason ?? null,
      changedBy: input.actor.userId,
    };
    const [existing] = await tx.select().from(editingWindows).where(scope).for('update');
    const [row] = existing
      ? await tx.update(editingWindows).set(values).where(eq(editingWindows.id, existing.id)).returning()
      : await tx
          .insert(editingWindows)
          .values({
            schoolId: input.schoolId,
            schoolYear: input.schoolYear,
            classId: input.classId ?? null,
            subject: input.subject ?? null,
            ...values,
          })
          .returning();
    await appendAudit(tx, {
      action: input.frozen ? 'window.freeze' : 'window.unfreeze',
      entityType: 'editingWindow',
      entityId: row!.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role ?? null,
      reason: input.reason ?? null,
      at: input.at,
      details: {
        schoolId: input.schoolId,
        schoolYear: input.schoolYear,
        classId: input.classId ?? null,
        subject: input.subject ?? null,
        opensAt: input.opensAt?.toISOString() ?? null,
        closesAt: input.closesAt?.toISOString() ?? null,
      },
    });
    return row!;
  });
}

export async function listWindows(db: Database, schoolId: string, schoolYear: string): Promise<WindowRow[]> {
  return db
    .select()
    .from(editingWindows)
    .where(and(eq(editingWindows.schoolId, schoolId), eq(editingWindows.schoolYear, schoolYear)));
}
