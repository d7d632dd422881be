/**
 * Notifications as the database keeps them: stored once per (recipient, kind, subject) — a second tick, a
 * restart or a second gateway inserting the same one is a no-op (the unique key, ON CONFLICT DO NOTHING) —
 * and read by their recipient only: their own list newest first a page at a time, the unread count, read
 * marks. Nobody reads another account's notifications; every query here is keyed by the caller's id.
 */
import { type Database, notifications, users } from '@hocba/db';
import { and, count, desc, eq, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Due } from './notifications-due.ts';

export type NotificationRow = typeof notifications.$inferSelect;

const CHUNK = 500;

/**
 * Stores what is due; answers how many were new. With `mail`, a new notification of an account that has
 * an e-mail address waits to be mailed (notifications-mail.ts).
 */
export async function storeDue(db: Database, all: Due[], o: { now: Date; mail: boolean }): Promise<number> {
  const due = await notTold(db, all);
  if (due.length === 0) return 0;
  const addressed = new Set<string>();
  if (o.mail) {
    const ids = [...new Set(due.map((d) => d.userId))];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await db
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, ids.slice(i, i + CHUNK)), isNotNull(users.email)));
      for (const r of rows) addressed.add(r.id);
    }
  }
  let stored = 0;
  for (let i = 0; i < due.length; i += CHUNK) {
    const rows = due.slice(i, i + CHUNK).map((d) => ({
      userId: d.userId,
      kind: d.kind,
      subject: d.subject,
      titleVi: d.title.vi,
      titleEn: d.title.en,
      link: d.link,
      dueAt: d.dueAt ?? null,
      createdAt: o.now,
      ...(addressed.has(d.userId) && { emailState: 'pending' as const, emailNextAt: o.now }),
    }));
    const inserted = await db
      .insert(notifications)
      .values(rows)
      .onConflictDoNothing({ target: [notifications.userId, notifications.kind, notifications.subject] })
      .returning({ id: notifications.id });
    stored += inserted.length;
  }
  return stored;
}

/**
 * What was not stored yet: a waiting list of thousands of batches is derived every tick, but only what is
 * new is inserted (one indexed read per kind, by the recipients' ids); the insert's ON CONFLICT stays the
 * guarantee when two notifiers race.
 */
async function notTold(db: Database, due: Due[]): Promise<Due[]> {
  const key = (userId: string, kind: string, subject: string) => `${userId}\u0000${kind}\u0000${subject}`;
  const told = new Set<string>();
  for (const kind of new Set(due.map((d) => d.kind))) {
    const ids = [...new Set(due.filter((d) => d.kind === kind).map((d) => d.userId))];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await db
        .select({ userId: notifications.userId, subject: notifications.subject })
        .from(notifications)
        .where(and(inArray(notifications.userId, ids.slice(i, i + CHUNK)), eq(notifications.kind, kind)));
      for (const r of rows) told.add(key(r.userId, kind, r.subject));
    }
  }
  return due.filter((d) => !told.has(key(d.userId, d.kind, d.subject)));
}

/** The keyset cursor: the last item's instant and id, opaque to clients. */
export function encodeCursor(row: Pick<NotificationRow, 'createdAt' | 'id'>): string {
  return Buffer.from(`${row.createdAt.getTime()}.${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } | undefined {
  const m = /^(\d{1,15})\.([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) return undefined;
  return { at: new Date(Number(m[1])), id: m[2]! };
}

/** The caller's notifications, newest first; `limit` + 1 rows tell whether another page follows. */
export async function listOwn(
  db: Database,
  userId: string,
  o: { unread?: boolean; limit: number; after?: { at: Date; id: string } },
): Promise<{ items: NotificationRow[]; next: string | null }> {
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        ...(o.unread === true ? [isNull(notifications.readAt)] : []),
        ...(o.unread === false ? [isNotNull(notifications.readAt)] : []),
        ...(o.after
          ? [
              or(
                lt(notifications.createdAt, o.after.at),
                and(eq(notifications.createdAt, o.after.at), lt(notifications.id, o.after.id)),
              ),
            ]
          : []),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(o.limit + 1);
  const items = rows.slice(0, o.limit);
  return { items, next: rows.length > o.limit ? encodeCursor(items.at(-1)!) : null };
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks one of the caller's own as read (the first reading's time stays); false: no such notification of theirs. */
export async function markRead(db: Database, userId: string, id: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: notifications.id, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) return false;
  if (row.readAt === null) {
    await db
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
  }
  return true;
}

/** Marks every unread one of the caller's as read; how many were. */
export async function markAllRead(db: Database, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** The address the caller's notifications are mailed to (null: none). */
export async function ownEmail(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return row?.email ?? null;
}

/**
 * Sets (or, with null, removes) the caller's own address. A person gives it for themselves: it is theirs,
 * and only their notifications are mailed to it. Mail already waiting goes to the new address.
 */
export async function setOwnEmail(
  db: Database,
  userId: string,
  email: string | null,
): Promise<string | null> {
  const [row] = await db
    .update(users)
    .set({ email })
    .where(eq(users.id, userId))
    .returning({ email: users.email });
  return row?.email ?? null;
}
