/**
 * Notifications by e-mail (issue 14 point 3), when the gateway has an SMTP server (SMTP_URL): each stored
 * notification whose account has an address is mailed once. A pass claims due mails with a lease (FOR
 * UPDATE SKIP LOCKED, as the outbox does), so two gateways never send one mail twice while the lease runs;
 * a failure is retried with exponential backoff, up to `maxAttempts`, and never holds up the notifier's
 * tick (this pass runs in a loop of its own).
 *
 * The mail says only what the console says to its recipient (the notification's words and its link);
 * logs name the notification's id and the server's answer code, never an address or a message text.
 */
import { type Database, notifications, users } from '@hocba/db';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** What sends one mail: nodemailer over SMTP, or a test's fake. Throws when the server refuses it. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close?(): void;
}

/** A nodemailer transport to SMTP_URL (smtp:// or smtps://, credentials in the URL), sending as `from`. */
export function smtpMailer(url: string, from: string): Mailer {
  // nodemailer is loaded with the first mail, not with the gateway (~10 MB resident, issue 16).
  let transport: Promise<Transporter> | undefined;
  const open = () => {
    transport ??= import('nodemailer').then((m) => m.default.createTransport(url));
    return transport;
  };
  return {
    async send(m) {
      await (await open()).sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
    close: () => {
      void transport?.then((t) => t.close());
    },
  };
}

export interface MailPassOptions {
  now: Date;
  /** The console's base address (PUBLIC_URL): the mail's link is `<base>/console/<link>`. */
  baseUrl: string;
  /** Mails claimed per pass (default 20). */
  batchSize?: number;
  /** How long a claim is ours (default 2 min). */
  leaseMs?: number;
  /** Attempts before a mail is given up (default 8). */
  maxAttempts?: number;
  /** Backoff after the n-th failure: min(maxMs, baseMs · 2^(n−1)); defaults 30 s and 1 h. */
  backoff?: { baseMs: number; maxMs: number };
  /** Told of each failure: the notification's id and the server's code only. */
  onFailure?(f: { notificationId: string; code: string; attempts: number; final: boolean }): void;
}

export interface MailPassResult {
  sent: number;
  retried: number;
  failed: number;
}

/** The text of a notification's mail: its words, Vietnamese first, and where to act. */
export function mailOf(
  n: { titleVi: string; titleEn: string; link: string },
  baseUrl: string,
): Omit<Mail, 'to'> {
  const url = `${baseUrl.replace(/\/+$/, '')}/console/${n.link}`;
  return {
    subject: `[Học bạ số] ${n.titleVi}`,
    text: `${n.titleVi}\n${n.titleEn}\n\nMở trên trang quản lý / open in the console:\n${url}\n`,
  };
}

/** The SMTP server's answer code, or the error's code: nothing that could carry an address. */
function failureCode(e: unknown): string {
  const o = e as { responseCode?: unknown; code?: unknown };
  if (typeof o?.responseCode === 'number') return `SMTP_${o.responseCode}`;
  if (typeof o?.code === 'string' && /^[A-Z_]{1,40}$/.test(o.code)) return o.code;
  return 'SEND_FAILED';
}

export async function sendDueMail(db: Database, mailer: Mailer, o: MailPassOptions): Promise<MailPassResult> {
  const leaseEnd = new Date(o.now.getTime() + (o.leaseMs ?? 120_000));
  const maxAttempts = o.maxAttempts ?? 8;
  const backoff = o.backoff ?? { baseMs: 30_000, maxMs: 3_600_000 };
  const due = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.emailState, 'pending'), lte(notifications.emailNextAt, o.now)))
    .orderBy(asc(notifications.emailNextAt), asc(notifications.id))
    .limit(o.batchSize ?? 20)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(notifications)
    .set({ emailNextAt: leaseEnd, emailAttempts: sql`${notifications.emailAttempts} + 1` })
    .where(inArray(notifications.id, due))
    .returning();
  const result: MailPassResult = { sent: 0, retried: 0, failed: 0 };
  if (claimed.length === 0) return result;
  const addresses = new Map(
    (
      await db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(inArray(users.id, [...new Set(claimed.map((n) => n.userId))]))
    ).map((u) => [u.id, u.email]),
  );
  for (const n of claimed) {
    // Ours while the lease and our attempt count hold: another gateway that took it over settles it.
    const ours = and(eq(notifications.id, n.id), eq(notifications.emailAttempts, n.emailAttempts));
    const to = addresses.get(n.userId);
    if (!to) {
      // The address was removed since: nothing to send.
      await db.update(notifications).set({ emailState: null, emailNextAt: null }).where(ours);
      continue;
    }
    try {
      await mailer.send({ to, ...mailOf(n, o.baseUrl) });
      await db
        .update(notifications)
        .set({ emailState: 'sent', emailSentAt: o.now, emailError: null })
        .where(ours);
      result.sent++;
    } catch (e) {
      const code = failureCode(e);
      const final = n.emailAttempts >= maxAttempts;
      const wait = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (n.emailAttempts - 1));
      await db
        .update(notifications)
        .set(
          final
            ? { emailState: 'failed', emailError: code, emailNextAt: null }
            : { emailError: code, emailNextAt: new Date(o.now.getTime() + wait) },
        )
        .where(ours);
      o.onFailure?.({ notificationId: n.id, code, attempts: n.emailAttempts, final });
      if (final) result.failed++;
      else result.retried++;
    }
  }
  return result;
}
