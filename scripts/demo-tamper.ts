/**
 * `npm run demo:tamper`: changes one mark of the demo's anchored batch (Kim Đồng 5A) directly in the
 * database `npm start` uses — behind the gateway's back, with the triggers that would refuse it switched
 * off, as someone with the database's superuser password could — so that the Ministry's auditor can see
 * the reconciliation find it (console "Đối soát", or POST /v1/reconciliations).
 *
 * Which database: DATABASE_URL when set (a Postgres: the gateway may keep running), else PGlite in
 * HOCBA_DATA_DIR/pglite (default .data/pglite; pglite-fabric with LEDGER=fabric), as gateway/src/server.ts
 * chooses. PGlite is a single-process database: its folder must not be opened while the gateway runs, so
 * the script refuses when something answers at HOST:PORT (default 127.0.0.1:3000) — stop `npm start`
 * (Ctrl-C) first, run this, then `npm start` again.
 */
import { join, resolve } from 'node:path';
import { batches, batchMembers, classes, openDatabase, recordVersions, schools } from '@hocba/db';
import { canonicalize } from '@hocba/integrity';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';

const root = resolve(import.meta.dirname, '..');
const env = process.env;

/** The first test score (or other mark) of the record, raised by one point (lowered from 10). */
function changeOneMark(record: unknown): {
  changed: Record<string, unknown>;
  pointer: string;
  from: number;
  to: number;
} {
  const copy = structuredClone(record) as Record<string, unknown>;
  let found: { pointer: string; from: number; to: number } | undefined;
  const walk = (node: unknown, path: string): void => {
    if (found || node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (found) return;
      if (typeof v === 'number' && /score|midterm|endterm/i.test(k)) {
        const to = v >= 10 ? v - 1 : v + 1;
        (node as Record<string, unknown>)[k] = to;
        found = { pointer: `${path}/${k}`, from: v, to };
        return;
      }
      walk(v, `${path}/${k}`);
    }
  };
  walk(copy, '');
  if (!found) throw new Error('no mark found in the record');
  return { changed: copy, ...found };
}

async function gatewayAnswers(): Promise<string | undefined> {
  const at = `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '3000'}`;
  try {
    await fetch(`${at}/health`, { signal: AbortSignal.timeout(1000) });
    return at;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const url = env.DATABASE_URL;
  const dataDir = resolve(root, env.HOCBA_DATA_DIR ?? '.data');
  const pgliteDir = join(dataDir, env.LEDGER === 'fabric' ? 'pglite-fabric' : 'pglite');
  if (!url) {
    const running = await gatewayAnswers();
    if (running) {
      console.error(
        `Gateway đang chạy tại ${running}: PGlite (${pgliteDir}) chỉ mở được bởi một tiến trình. Hãy dừng npm start (Ctrl-C), chạy lại lệnh này, rồi npm start.\n` +
          `The gateway is running at ${running}: PGlite (${pgliteDir}) can be opened by one process only. Stop npm start (Ctrl-C), run this again, then npm start.`,
      );
      return 2;
    }
  }
  const opened = await openDatabase(url ? { url } : { dataDir: pgliteDir });
  try {
    const [b] = await opened.db
      .select({ id: batches.id, className: classes.name, schoolName: schools.name })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .leftJoin(classes, eq(classes.id, batches.classId))
      .where(inArray(batches.state, ['anchored', 'accepted', 'reported']))
      .orderBy(asc(batches.anchoredAt))
      .limit(1);
    if (!b) {
      console.error(
        'Chưa có lô nào đã ghi sổ cái: hãy chạy npm start một lần trước. / No anchored batch yet: run npm start once first.',
      );
      return 1;
    }
    const [m] = await opened.db
      .select({
        leafIndex: batchMembers.leafIndex,
        id: recordVersions.id,
        canonicalText: recordVersions.canonicalText,
      })
      .from(batchMembers)
      .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
      .where(and(eq(batchMembers.batchId, b.id)))
      .orderBy(asc(batchMembers.leafIndex))
      .limit(1);
    if (!m?.canonicalText) throw new Error(`batch ${b.id} has no locked record`);
    const change = changeOneMark(JSON.parse(m.canonicalText));
    await opened.db.transaction(async (tx) => {
      // The triggers of migrations/0001 refuse this edit; a superuser can switch them off for a transaction.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx
        .update(recordVersions)
        .set({ canonicalText: canonicalize(change.changed), record: change.changed })
        .where(eq(recordVersions.id, m.id));
    });
    const where = `${b.className ? `lớp ${b.className}, ` : ''}${b.schoolName}`;
    console.log(
      `Đã sửa một điểm của học bạ thứ ${m.leafIndex + 1} (${where}) ngay trong cơ sở dữ liệu, sau lưng gateway: ${change.pointer} ${change.from} → ${change.to}.\n` +
        `Changed one mark of record no. ${m.leafIndex + 1} (${where}) directly in the database, behind the gateway's back: ${change.pointer} ${change.from} → ${change.to}.\n` +
        `${url ? '' : 'Chạy lại npm start, rồi / Run npm start again, then: '}đăng nhập thanhtra.bo → "Đối soát" → "Bắt đầu đối soát" / sign in as thanhtra.bo → "Đối soát" → run.`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}

process.exitCode = await main();
