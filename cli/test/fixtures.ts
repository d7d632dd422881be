/**
 * What the CLI's tests check: a province on the embedded ledger (test/chaincode/world.ts through the
 * gateway's test helpers) with a grade-5 class of records of the record model anchored, one of them
 * revoked, a batch replaced by another and one record corrected; a gateway built with buildApp over it,
 * listening on an ephemeral port; and the files a verifier is handed, written to a temporary folder: proof
 * bundles (.json) and PDFs with the bundle attached (made with pdfkit until the PDF generator lands).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenedDatabase } from '@hocba/db';
import { buildApp } from '@hocba/gateway';
import { EmbeddedLedgerClient } from '@hocba/gateway/ledger';
import { makeWorld, type World, worldIdentities } from '@hocba/gateway/testing/app/helper.ts';
import { openTestDb } from '@hocba/gateway/testing/auth/fixtures.ts';
import { derToPem, type ProofBundle } from '@hocba/integrity';
import { layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';
import type { FastifyInstance } from 'fastify';
import PDFDocument from 'pdfkit';
import { printedRows } from '../src/printed-rows.ts';
import { bundleLayout } from '../src/visible.ts';

const require = createRequire(import.meta.url);
const BIN = fileURLToPath(new URL('../bin/hocba.mjs', import.meta.url));
const SCHOOL = 'SCH-QN-001';
const ORGS = ['DoetMSP', 'District1MSP'];

/** A Circular 27 record of the model (records' fixture), made one of `n` pupils of a class. */
export async function classRecords(n: number): Promise<Record<string, unknown>[]> {
  const base = JSON.parse(
    await readFile(require.resolve('@hocba/records/testing/fixtures/primary-grade5.json'), 'utf8'),
  ) as Record<string, unknown>;
  return Array.from({ length: n }, (_, i) => ({
    ...structuredClone(base),
    recordId: `${base.recordId}-${i}`,
    // 17 characters of the lookup alphabet, unique per pupil.
    lookupCode: `7KQ2M9XH4TRB8WN${'CDEFGHJKMN'[i]}${i}`,
  }));
}

type Locked = Awaited<ReturnType<World['lockBatch']>>;

export class Batch {
  constructor(
    private readonly w: World,
    readonly records: Record<string, unknown>[],
    readonly locked: Locked,
  ) {}
  get batchId() {
    return this.locked.manifest.batchId;
  }
  /** Every field disclosed. */
  bundleFor(i: number): ProofBundle {
    return this.w.bundleOf(SCHOOL, this.locked, this.records, i, ['']);
  }
}

/** A ledger write the fixture needs: anything but VALID is a broken fixture, not a test result. */
function valid(r: { validationCode: string }, what: string): void {
  if (r.validationCode !== 'VALID')
    throw new Error(`fixture: the ${what} was not committed (${r.validationCode})`);
}

export interface Fixture {
  w: World;
  gateway: string;
  dir: string;
  /** Anchored, record 3 revoked, record 4 corrected by `correction`. */
  klass: Batch;
  /** Anchored, then replaced. */
  replaced: Batch;
  /** Locked and signed but never anchored. */
  unanchored: Batch;
  trustAnchorsPem: string;
  close(): Promise<void>;
}

export async function makeFixture(): Promise<Fixture> {
  const [w, database] = (await Promise.all([makeWorld(), openTestDb()])) as [World, OpenedDatabase];
  const lock = async (records: Record<string, unknown>[], o: Parameters<World['lockBatch']>[2] = {}) =>
    new Batch(w, records, await w.lockBatch(SCHOOL, records, o));
  const grant = (batchId: string, action: string) =>
    w.submit(
      'batch:grantPermission',
      [batchId, action, '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
      w.ids.province!,
      ORGS,
    );
  const principal = w.schools[SCHOOL]!.principal;

  const klass = await lock(await classRecords(6));
  await w.anchor(SCHOOL, klass.locked.args);
  await grant(klass.batchId, 'revoke');
  await w.submit('batch:revokeRecord', [klass.batchId, '3', 'FRAUD', 'QĐ 6/QĐ-THKĐ'], principal, ORGS);
  // Record 4 corrected: a correction batch with its new version supersedes exactly that record.
  const corrected = { ...structuredClone(klass.records[4]!), version: 2 };
  const correction = await lock([corrected], {
    kind: 'correction',
    corrects: [{ batchId: klass.batchId, leafIndex: 4, legalBasis: 'QĐ 7/QĐ-THKĐ' }],
  });
  valid(await w.anchor(SCHOOL, correction.locked.args), 'correction');

  const replaced = await lock(await classRecords(2));
  await w.anchor(SCHOOL, replaced.locked.args);
  await grant(replaced.batchId, 'replace');
  const replacement = await lock(await classRecords(2), {
    kind: 'replacement',
    supersedes: replaced.batchId,
  });
  valid(await w.anchor(SCHOOL, replacement.locked.args), 'replacement');

  const unanchored = await lock(await classRecords(1));

  const app: FastifyInstance = await buildApp({
    ledger: new EmbeddedLedgerClient(w.ledger),
    ledgerReader: w.ids.auditor!,
    identities: worldIdentities(w),
    db: database.db,
    clock: () => w.now,
    logger: false,
    rateLimit: { max: 10_000 },
  });
  const gateway = await app.listen({ host: '127.0.0.1', port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'hocba-cli-'));
  return {
    w,
    gateway,
    dir,
    klass,
    replaced,
    unanchored,
    trustAnchorsPem: derToPem(w.root.der, 'CERTIFICATE'),
    async close() {
      await app.close();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The content fingerprint a PDF generator prints for `bundle` (records' layout model, as the PDF does it). */
export function fingerprintOf(bundle: ProofBundle): string {
  const { fields, hidden } = bundle.disclosure;
  return layoutFingerprint(layoutHocBa(recordFromFields(fields), { hiddenFields: hidden.length }));
}

/**
 * A học bạ PDF standing in for the generator's (cli/test/printed-content.test.ts uses the real one): the
 * content rows of `o.shown` (default: the attached bundle) one a line, as printed-rows.ts expects them, then
 * the fingerprint `o.fingerprint` (default: that of `o.shown`; null: none printed), the bundle attached.
 */
export function hocbaPdf(
  bundle: ProofBundle,
  o: { shown?: ProofBundle; fingerprint?: string | null } = {},
): Promise<Buffer> {
  const shown = o.shown ?? bundle;
  const rows = printedRows(bundleLayout(shown)).map((r) => r.cells.join(' '));
  const fingerprint = o.fingerprint === undefined ? fingerprintOf(shown) : o.fingerprint;
  const codes =
    fingerprint === null
      ? []
      : [`Học bạ · Mã số tra cứu: 7KQ2-M9XH-4TRB-8WNC-5DEF · Mã nội dung: ${fingerprint}`];
  return makePdf(
    [...rows, ...codes].join('\n'),
    { name: 'hocba-bundle.json', content: JSON.stringify(bundle) },
    // Small enough for a record's rows to fit one page.
    6,
  );
}

/** A PDF of one page of text, with `attachment` embedded under `name` (none: no attachment). */
export async function makePdf(
  text: string,
  attachment?: { name: string; content: string },
  fontSize = 12,
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: 'Học bạ (test)' } });
  // The font the PDF generator uses: Vietnamese text extracts as such.
  doc.font(require.resolve('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.fontSize(fontSize).text(text);
  if (attachment)
    doc.file(Buffer.from(attachment.content), { name: attachment.name, type: 'application/json' });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

export async function write(dir: string, name: string, content: string | Buffer | object): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(
    path,
    typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content),
  );
  return path;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real bin, as a child process (asynchronously: the gateway answering it runs in this process). */
export function hocba(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF), for reading back the CSV summary. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  const [head = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}
