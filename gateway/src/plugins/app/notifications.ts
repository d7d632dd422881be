/**
 * The notifier in the app (issue 14 point 3): a loop that stores what is due (services/notifications-due.ts,
 * once per recipient, kind and subject) every `intervalMs`, and — when an SMTP server is configured — a loop
 * of its own that mails what was stored, so that a slow or failing mail server never holds up the tick.
 * Both stop when the app closes. `fastify.notifier` exposes one pass of each, for tests and tools.
 */
import fp from 'fastify-plugin';
import { chaincode, LedgerError } from '../../ledger/index.ts';
import { dueNotifications, type NoticeCalendar } from '../../services/notifications-due.ts';
import {
  type Mailer,
  type MailPassResult,
  sendDueMail,
  smtpMailer,
} from '../../services/notifications-mail.ts';
import { storeDue } from '../../services/notifications-store.ts';
import { workerLoop } from '../../services/worker-loop.ts';

export interface NotificationOptions {
  /** Pause between the notifier's passes (default 60 s); the first pass runs when the app is ready. */
  intervalMs?: number;
  /** A deadline this close is announced (default 7 days). */
  deadlineDays?: number;
  /** SMTP_URL and SMTP_FROM; none: notifications stay in the console. */
  smtp?: { url: string; from: string };
  /** A mailer of the caller's (tests): used instead of `smtp`. */
  mailer?: Mailer;
  /** The console's public base address, for the links in mails. */
  publicUrl: string;
  /** Mail retries: backoff after the n-th failure (defaults 30 s, 1 h). */
  backoff?: { baseMs: number; maxMs: number };
}

export interface NotificationPluginOptions extends NotificationOptions {
  clock: () => Date;
}

export interface Notifier {
  /** One pass: stores what is due; how many notifications were new. */
  tick(): Promise<number>;
  /** One pass of the mail sender (nothing when no SMTP server is configured). */
  mail(): Promise<MailPassResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    notifier: Notifier;
  }
}

export default fp<NotificationPluginOptions>(
  async (fastify, o) => {
    const { db, ledger, ledgerReader } = fastify;
    const mailer = o.mailer ?? (o.smtp ? smtpMailer(o.smtp.url, o.smtp.from) : undefined);
    const calendar = async (schoolYear: string): Promise<NoticeCalendar | undefined> => {
      try {
        return await chaincode.getCalendar(ledger, ledgerReader, schoolYear);
      } catch (e) {
        // A year the province has not set yet has nothing to announce.
        if (e instanceof LedgerError && e.code === 'NOT_FOUND') return undefined;
        throw e;
      }
    };
    const tick = async () => {
      const now = o.clock();
      const due = await dueNotifications(db, {
        now,
        calendar,
        ...(o.deadlineDays !== undefined && { deadlineDays: o.deadlineDays }),
      });
      return storeDue(db, due, { now, mail: mailer !== undefined });
    };
    const mail = async (): Promise<MailPassResult> => {
      if (!mailer) return { sent: 0, retried: 0, failed: 0 };
      return sendDueMail(db, mailer, {
        now: o.clock(),
        baseUrl: o.publicUrl,
        ...(o.backoff && { backoff: o.backoff }),
        onFailure: (f) => fastify.log.warn(f, 'notification mail not sent'),
      });
    };
    fastify.decorate('notifier', { tick, mail } satisfies Notifier);

    const notifyLoop = workerLoop(
      async () => {
        const n = await tick();
        // New notifications may have mail waiting: send it now rather than after the mail loop's pause.
        if (n > 0) mailLoop.nudge();
      },
      (err) => fastify.log.error({ err }, 'notifier pass failed'),
    );
    const mailLoop = workerLoop(mail, (err) => fastify.log.error({ err }, 'notification mail pass failed'));
    fastify.addHook('onReady', async () => {
      notifyLoop.start(o.intervalMs ?? 60_000);
      if (mailer) mailLoop.start(Math.min(o.intervalMs ?? 60_000, 30_000));
    });
    fastify.addHook('onClose', async () => {
      await notifyLoop.stop();
      await mailLoop.stop();
      mailer?.close?.();
    });
  },
  { name: 'notifier', fastify: '5.x', dependencies: ['db', 'ledger'] },
);
