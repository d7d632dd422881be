/**
 * Notifications (seed 000 Điều 11.1; issue 14 point 3): what waits for someone, or what changed for them —
 * an editing window opened or closed, a batch waits for the district's acceptance, a correction waits for
 * its check or approval, a recall or transfer waits, a deadline is near. The gateway's notifier derives
 * them from the state other services change and stores each ONCE per (recipient, kind, subject): the
 * unique key makes a second tick, a restart or a second gateway insert nothing (ON CONFLICT DO NOTHING).
 * Each carries its words in Vietnamese and English (nothing personal beyond what the recipient may read)
 * and a link into the console. E-mail, when the gateway has an SMTP server and the account an address,
 * is sent once from `email_state = 'pending'`, retried with backoff.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { tstz, uuidId } from './columns.ts';
import { users } from './users.ts';

export const NOTIFICATION_KINDS = [
  'windowOpened',
  'windowClosed',
  'lockOpened',
  'lockClosed',
  'batchAwaitingAcceptance',
  'correctionAwaitingCheck',
  'correctionAwaitingApproval',
  'recallAwaiting',
  'transferAwaiting',
  'deadlineNear',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const EMAIL_STATES = ['pending', 'sent', 'failed'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const notifications = pgTable(
  'notifications',
  {
    id: uuidId().primaryKey(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    /** What it is about, stable across ticks (a batch id, a correction id and its state, a window and its moment). */
    subject: text('subject').notNull(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en').notNull(),
    /** Where the recipient acts, as the console's hash address (`#/acceptance/<batchId>`). */
    link: text('link').notNull(),
    /** The deadline it is about, when there is one. */
    dueAt: tstz('due_at'),
    /** When the notifier stored it (the gateway's clock). */
    createdAt: tstz('created_at').notNull(),
    readAt: tstz('read_at'),
    /** Null: no mail to send (no SMTP server configured, or the account has no address). */
    emailState: text('email_state').$type<EmailState>(),
    emailAttempts: integer('email_attempts').notNull().default(0),
    /** The earliest next attempt (the backoff, or the end of a sender's lease). */
    emailNextAt: tstz('email_next_at'),
    emailSentAt: tstz('email_sent_at'),
    /** The SMTP server's answer code of the last failure (no address, no content). */
    emailError: text('email_error'),
  },
  (t) => [
    check('notifications_kind', sql`${t.kind} IN (${inList(NOTIFICATION_KINDS)})`),
    check(
      'notifications_email_state',
      sql`${t.emailState} IS NULL OR ${t.emailState} IN (${inList(EMAIL_STATES)})`,
    ),
    foreignKey({ name: 'notifications_user_fk', columns: [t.userId], foreignColumns: [users.id] }),
    unique('notifications_once_key').on(t.userId, t.kind, t.subject),
    // The recipient's list, newest first, a page at a time.
    index('notifications_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_email_due_idx').on(t.emailNextAt).where(sql`${t.emailState} = 'pending'`),
  ],
);
