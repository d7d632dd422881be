/**
 * Two gateways on one real Postgres (scripts/postgres.sh, as db/test does), each with its own pool: storing
 * the same notifications at once stores each once (the unique key, ON CONFLICT DO NOTHING), and mailing
 * at once sends each mail once (the claim's FOR UPDATE SKIP LOCKED and its lease) — what PGlite's single
 * connection cannot show.
 */
import { notifications, type OpenedDatabase, openDatabase, users } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, startTestPostgres } from '../../../db/test/postgres.ts';
import type { Due } from '../../src/services/notifications-due.ts';
import { type Mail, sendDueMail } from '../../src/services/notifications-mail.ts';
import { storeDue } from '../../src/services/notifications-store.ts';
import { seedUser } from '../auth/fixtures.ts';

let a: OpenedDatabase | undefined;
let b: OpenedDatabase | undefined;
let drop: (() => Promise<void>) | undefined;
const userIds: string[] = [];

beforeAll(async () => {
  const scratch = await createScratchDatabase(startTestPostgres());
  drop = scratch.drop;
  a = await openDatabase({ url: scratch.url });
  b = await openDatabase({ url: scratch.url });
  for (let i = 0; i < 4; i++) {
    const id = await seedUser(a.db, { login: `thanhtra-${i}`, grants: [{ role: 'ministryAuditor' }] });
    await a.db
      .update(users)
      .set({ email: `thanhtra-${i}@example.test` })
      .where(eq(users.id, id));
    userIds.push(id);
  }
}, 300_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await drop?.();
});

const NOW = new Date('2026-06-27T02:00:00.000Z');
const due: () => Due[] = () =>
  userIds.flatMap((userId) =>
    Array.from({ length: 50 }, (_, i) => ({
      userId,
      kind: 'deadlineNear' as const,
      subject: `2025-2026:acceptanceDeadline@${i}`,
      title: { vi: `Còn ${i} ngày`, en: `${i} days left` },
      link: '#/acceptance',
    })),
  );

describe('two gateways on Postgres', () => {
  it('store the same 200 notifications at once: each once', async () => {
    const [x, y] = await Promise.all([
      storeDue(a!.db, due(), { now: NOW, mail: true }),
      storeDue(b!.db, due(), { now: NOW, mail: true }),
    ]);
    expect(x + y).toBe(200);
    const rows = await a!.db.select().from(notifications);
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.emailState === 'pending')).toBe(true);
  });

  it('mail them at once: every mail sent once, none twice', async () => {
    const sent: { by: string; mail: Mail }[] = [];
    const mailer = (by: string) => ({
      async send(mail: Mail) {
        // A slow server: the other gateway's pass runs meanwhile.
        await new Promise((r) => setTimeout(r, 2));
        sent.push({ by, mail });
      },
    });
    const passes = async (db: OpenedDatabase['db'], by: string) => {
      let total = 0;
      for (;;) {
        const r = await sendDueMail(db, mailer(by), {
          now: NOW,
          baseUrl: 'http://hocba.test',
          batchSize: 10,
        });
        if (r.sent === 0) return total;
        total += r.sent;
      }
    };
    const [x, y] = await Promise.all([passes(a!.db, 'a'), passes(b!.db, 'b')]);
    expect(x + y).toBe(200);
    expect(sent).toHaveLength(200);
    // Both gateways took part, and no recipient got one notification twice.
    expect(x).toBeGreaterThan(0);
    expect(y).toBeGreaterThan(0);
    const keys = sent.map((s) => `${s.mail.to} ${s.mail.subject}`);
    expect(new Set(keys).size).toBe(200);
    const rows = await a!.db.select().from(notifications);
    expect(rows.every((r) => r.emailState === 'sent' && r.emailAttempts === 1)).toBe(true);
  });
});
