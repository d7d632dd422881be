/**
 * Notifications by e-mail (issue 14 point 3) through nodemailer to a local SMTP sink (smtp-server) on a free
 * port: each stored notification of an account with an address arrives exactly once, with its words and
 * its console link and nothing personal; a refusing server is tried again after the backoff, and the
 * notifier's tick never waits for the mail.
 */
import type { AddressInfo } from 'node:net';
import { notifications, users } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dueNotifications, type NoticeCalendar } from '../../src/services/notifications-due.ts';
import { sendDueMail, smtpMailer } from '../../src/services/notifications-mail.ts';
import { storeDue } from '../../src/services/notifications-store.ts';
import { anchoredBatch, type Env, ledgerRead, makeEnv } from '../after-lock/helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

interface Arrived {
  to: string[];
  raw: string;
}

/** The sink: every accepted message, and how many of the next ones to refuse (451, a temporary failure). */
const arrived: Arrived[] = [];
let refuseNext = 0;
const sink = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (refuseNext > 0) {
        refuseNext--;
        const e = new Error('try again later') as Error & { responseCode: number };
        e.responseCode = 451;
        callback(e);
        return;
      }
      arrived.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

let env: Env;
let port: number;
beforeAll(async () => {
  await new Promise<void>((done) => sink.listen(0, '127.0.0.1', done));
  port = (sink.server.address() as AddressInfo).port;
  env = await makeEnv();
  await env.s.db
    .update(users)
    .set({ email: 'phong1@example.test' })
    .where(eq(users.id, env.userIds.district1));
});
afterAll(async () => {
  await env?.close();
  await new Promise<void>((done) => sink.close(done));
});

const calendar = async (y: string) =>
  (await ledgerRead(env, 'calendar:getCalendar', [y])) as unknown as NoticeCalendar;
const tick = async () => {
  const now = env.p.world.now;
  return storeDue(env.s.db, await dueNotifications(env.s.db, { now, calendar }), { now, mail: true });
};
const mailer = () => smtpMailer(`smtp://127.0.0.1:${port}`, 'Học bạ số <no-reply@hocba.test>');
const pass = (m = mailer()) =>
  sendDueMail(env.s.db, m, {
    now: env.p.world.now,
    baseUrl: 'http://hocba.test/',
    backoff: { baseMs: 30_000, maxMs: 600_000 },
  });

/** A mail's body as the sink received it, decoded from quoted-printable. */
function body(raw: string): string {
  const text = raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');
  return Buffer.from(
    text
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

describe('mail', () => {
  it('one mail per notification of an account with an address, once, with its words and link', async () => {
    const { batchId } = await anchoredBatch(env, 2);
    expect(await tick()).toBeGreaterThan(0);
    const pending = await env.s.db
      .select()
      .from(notifications)
      .where(eq(notifications.emailState, 'pending'));
    // Only district 1's officer has an address.
    expect(pending.map((n) => n.userId)).toEqual([env.userIds.district1]);
    const m = mailer();
    expect(await pass(m)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await pass(m)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await tick()).toBe(0);
    expect(await pass(m)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.to).toEqual(['phong1@example.test']);
    const text = body(arrived[0]!.raw);
    expect(text).toContain('chờ tiếp nhận');
    expect(text).toContain('awaits acceptance');
    expect(text).toContain(`http://hocba.test/console/#/acceptance/${batchId}`);
    // Nothing of the pupils (the fixture's names are "Học sinh <n>", their birth dates 2015-…).
    expect(text).not.toContain('Học sinh');
    expect(text).not.toMatch(/2015-\d{2}-\d{2}/);
    const [row] = await env.s.db.select().from(notifications).where(eq(notifications.id, pending[0]!.id));
    expect(row).toMatchObject({ emailState: 'sent', emailAttempts: 1 });
  });

  it('a refusing server is tried again after the backoff, and the mail arrives once', async () => {
    await anchoredBatch(env, 1);
    await tick();
    refuseNext = 1;
    const before = arrived.length;
    const first = await pass();
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(arrived).toHaveLength(before);
    const [row] = await env.s.db.select().from(notifications).where(eq(notifications.emailState, 'pending'));
    expect(row!.emailError).toBe('SMTP_451');
    expect(row!.emailNextAt!.getTime()).toBe(env.p.world.now.getTime() + 30_000);
    // Not due yet: nothing is tried.
    expect(await pass()).toEqual({ sent: 0, retried: 0, failed: 0 });
    env.p.world.now = new Date(env.p.world.now.getTime() + 31_000);
    expect(await pass()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(arrived).toHaveLength(before + 1);
    expect(await pass()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('a server that is down: the tick stores at once, the mail waits and is given up after its attempts', async () => {
    await anchoredBatch(env, 1);
    // Nothing listens on port 9 here: the connection is refused (nodemailer's ESOCKET).
    const down = smtpMailer('smtp://127.0.0.1:9', 'x@hocba.test');
    const started = Date.now();
    expect(await tick()).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    let last = { sent: 0, retried: 0, failed: 0 };
    for (let i = 0; i < 8; i++) {
      last = await sendDueMail(env.s.db, down, {
        now: env.p.world.now,
        baseUrl: 'http://hocba.test',
        maxAttempts: 3,
        backoff: { baseMs: 1000, maxMs: 1000 },
      });
      env.p.world.now = new Date(env.p.world.now.getTime() + 2000);
      if (last.failed > 0) break;
    }
    expect(last.failed).toBe(1);
    const failed = await env.s.db.select().from(notifications).where(eq(notifications.emailState, 'failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.emailAttempts).toBe(3);
    expect(failed[0]!.emailError).toBe('ESOCKET');
  });
});
