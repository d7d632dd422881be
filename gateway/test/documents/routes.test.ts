/**
 * The học bạ as a PDF through `inject` (issue 15 point 2): the school's full copy and extract and the holder's
 * extract, each read back with independent tools — poppler renders the first page and jsQR decodes its QR
 * code to the exact lookup URL; pdfjs-dist extracts the attached hocba-bundle.json, which integrity's
 * verifyBundle finds valid against the ledger's facts, and the text, which holds the lookup code, the content
 * fingerprint, the pupil's name with its diacritics and the school's name. A holder's extract carries
 * neither in its text nor in its bundle a field they did not choose. Each issue is logged (document_issues),
 * a refusal logs nothing: another school's principal (403), a subject teacher (403), an unlocked or
 * unanchored record (409), unknown fields (400).
 */
import { documentIssues } from '@hocba/db';
import { pemToDer, verifyBundle } from '@hocba/integrity';
import { layoutFingerprint, layoutHocBa, recordFromFields, SUBJECT_LEVEL_LABELS } from '@hocba/records';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentIssuesOf } from '../../src/documents/index.ts';
import { readAnchorView, readTrustAnchors } from '../../src/ledger/index.ts';
import { formatLookupCode } from '../../src/lookup/code.ts';
import { type DocumentWorld, documentWorld, PUBLIC_URL, SCHOOL_NAME } from './fixtures.ts';
import { attachedBundle, decodeQr, type ReadPdf, readPdf, renderPage, savePdf } from './pdf-reader.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

let w: DocumentWorld;

const issue = (url: string, token: string, payload: object) =>
  w.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
const staff = (recordId: string, payload: object, token = w.tokens.principal) =>
  issue(`/v1/records/${recordId}/documents`, token, payload);
const holder = (recordId: string, pointers: string[], token = w.tokens.pupil) =>
  issue(`/v1/me/records/${recordId}/documents`, token, { pointers });

const logRows = () => w.s.db.select().from(documentIssues);

/** The report integrity computes for the attached bundle against what the ledger says now. */
async function verifyAttached(read: ReadPdf) {
  const bundle = attachedBundle(read) as { manifest: { batchId: string }; inclusion: { leafIndex: number } };
  const reader = w.p.world.ids.auditor!;
  const anchor = await readAnchorView(
    w.p.ledger,
    reader,
    'hocba',
    bundle.manifest.batchId,
    bundle.inclusion.leafIndex,
  );
  const trustAnchors = (await readTrustAnchors(w.p.ledger, reader)).flatMap((pem) =>
    pemToDer(pem, 'CERTIFICATE'),
  );
  return verifyBundle(bundle, { anchor, trustAnchors, now: w.p.world.now });
}

const recordOf = async (id: string) => {
  const { recordVersions } = await import('@hocba/db');
  const [v] = await w.s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
  return v!;
};

/** The content code printed on the pages, and the one a verifier computes from the attached bundle alone. */
function fingerprints(read: ReadPdf) {
  const printed = new Set(
    [...spaced(read).matchAll(/Mã nội dung: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/g)].map((m) => m[1]),
  );
  const { disclosure } = attachedBundle(read) as {
    disclosure: { fields: { pointer: string; value: unknown }[]; hidden: string[] };
  };
  const computed = layoutFingerprint(
    layoutHocBa(recordFromFields(disclosure.fields), { hiddenFields: disclosure.hidden.length }),
  );
  return { printed: [...printed], computed };
}

/** All pages' text with every space removed: a wrapped line may break anywhere between words. */
const dense = (read: ReadPdf) => read.pageTexts.join(' ').replace(/\s+/g, '');
const spaced = (read: ReadPdf) => read.pageTexts.join(' ').replace(/\s+/g, ' ');

beforeAll(async () => {
  w = await documentWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('the full học bạ, issued by the school', () => {
  for (const which of ['primary', 'secondary'] as const) {
    it(`renders a ${which} record: QR to the lookup URL, a valid attached bundle, the codes and names in its text`, async () => {
      const id = w.ids[which];
      const before = (await logRows()).length;
      const started = performance.now();
      const res = await staff(id, { kind: 'full' });
      const ms = performance.now() - started;
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['cache-control']).toBe('no-store');
      const pdf = res.rawPayload;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const v = await recordOf(id);
      const code = v.lookupCode!;

      const path = savePdf(pdf, `full-${which}`);
      // 150 dpi, half a printer's: at 60 dpi jsQR missed one random lookup code's modules in a full run.
      expect(decodeQr(renderPage(path, `full-${which}`, 1, 150))).toBe(`${PUBLIC_URL}/${code}`);
      renderPage(path, `full-${which}`, 1, 80);

      const read = await readPdf(pdf);
      const report = await verifyAttached(read);
      expect(report.verdict, JSON.stringify(report.steps)).toBe('valid');
      const bundle = attachedBundle(read) as { disclosure: { fields: unknown[]; hidden: unknown[] } };
      expect(bundle.disclosure.hidden).toEqual([]);

      const text = dense(read);
      expect(text).toContain(formatLookupCode(code));
      // One content code, the one records' layout gives the attached bundle (what hocba verify recomputes).
      const { printed, computed } = fingerprints(read);
      expect(printed).toEqual([computed]);
      const fingerprint = computed;
      // On the first page and in every page's footer.
      for (const page of read.pageTexts) expect(page.replace(/\s+/g, '')).toContain(fingerprint);
      const name = (v.record as { biography: { fullName: string } }).biography.fullName.normalize('NFC');
      expect(spaced(read)).toContain(name);
      expect(spaced(read)).toContain(SCHOOL_NAME);
      expect(spaced(read)).toContain(`Trang 1/${read.pages}`);
      console.log(`full ${which}: ${pdf.length} bytes, ${read.pages} pages, ${ms.toFixed(0)} ms`);

      const rows = await logRows();
      expect(rows).toHaveLength(before + 1);
      const row = rows.at(-1)!;
      expect(row).toMatchObject({
        issuer: 'staff',
        actorRole: 'principal',
        kind: 'full',
        recordVersionId: id,
        batchId: (attachedBundle(read) as { manifest: { batchId: string } }).manifest.batchId,
        leafIndex: (attachedBundle(read) as { inclusion: { leafIndex: number } }).inclusion.leafIndex,
        pointers: null,
      });
    });
  }

  it('an extract shows and discloses only the fields named', async () => {
    const res = await staff(w.ids.primary, {
      kind: 'extract',
      pointers: ['/schoolYear', '/results/subjects/TOAN'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const read = await readPdf(res.rawPayload);
    savePdf(res.rawPayload, 'extract-staff');
    const bundle = attachedBundle(read) as { disclosure: { fields: { pointer: string }[] } };
    expect(new Set(bundle.disclosure.fields.map((f) => f.pointer.split('/').slice(0, 4).join('/')))).toEqual(
      new Set(['/schoolYear', '/results/subjects/TOAN']),
    );
    expect((await verifyAttached(read)).verdict).toBe('valid');
    expect(spaced(read)).not.toContain(w.pupilName);
    // The subject named is printed, with its level, though the extract names neither the level nor the grade.
    const v = await recordOf(w.ids.primary);
    const toan = (v.record as { results: { subjects: Record<string, { level: 'T' | 'H' | 'C' }> } }).results
      .subjects.TOAN!;
    expect(spaced(read)).toContain(`Toán ${SUBJECT_LEVEL_LABELS[toan.level].vi}`);
    expect((await logRows()).at(-1)).toMatchObject({
      kind: 'extract',
      pointers: ['/schoolYear', '/results/subjects/TOAN'],
    });
  });
});

/** The holder's choice: the name, the school year and one subject. */
const CHOSEN = ['/biography/fullName', '/schoolYear', '/results/subjects/TIENG_VIET'];

describe("the holder's extract", () => {
  it('shows and attaches only the fields the pupil chose', async () => {
    const v = await recordOf(w.ids.primary);
    const record = v.record as { biography: { birthplace: string; ethnicity: string }; nationalId: string };
    const res = await holder(w.ids.primary, CHOSEN);
    expect(res.statusCode, res.body).toBe(200);
    const path = savePdf(res.rawPayload, 'extract-holder');
    expect(decodeQr(renderPage(path, 'extract-holder', 1, 150))).toBe(`${PUBLIC_URL}/${v.lookupCode}`);
    renderPage(path, 'extract-holder', 1, 80);
    const read = await readPdf(res.rawPayload);
    expect((await verifyAttached(read)).verdict).toBe('valid');
    expect(spaced(read)).toContain(w.pupilName);
    // Not chosen: the birthplace, the citizen ID, the marks of mathematics.
    const attached = new TextDecoder().decode(read.attachments['hocba-bundle.json']!.content);
    for (const secret of [record.biography.birthplace, record.nationalId]) {
      expect(spaced(read)).not.toContain(secret);
      expect(attached).not.toContain(secret);
    }
    expect(attached).not.toContain('/results/subjects/TOAN');
    // The chosen subject is printed with its level and score; the others not at all.
    const subjects = (
      v.record as { results: { subjects: Record<string, { level: 'T' | 'H' | 'C'; testScore?: number }> } }
    ).results.subjects;
    const tv = subjects.TIENG_VIET!;
    expect(spaced(read)).toContain(`Tiếng Việt ${SUBJECT_LEVEL_LABELS[tv.level].vi} ${tv.testScore}`);
    expect(spaced(read)).not.toContain('Toán ');
    const { printed, computed } = fingerprints(read);
    expect(printed).toEqual([computed]);
    expect((await logRows()).at(-1)).toMatchObject({
      issuer: 'holder',
      actorRole: 'student',
      kind: 'extract',
      recordVersionId: w.ids.primary,
      pointers: CHOSEN,
    });
  });
});

describe('refusals log nothing', () => {
  const refusals: [
    string,
    () => Promise<{ statusCode: number; json(): { error: { code: string } } }>,
    number,
    string,
  ][] = [
    [
      "another school's principal",
      () => staff(w.ids.primary, { kind: 'full' }, w.tokens.otherPrincipal),
      403,
      'OUT_OF_SCOPE',
    ],
    ['a subject teacher', () => staff(w.ids.primary, { kind: 'full' }, w.tokens.teacher), 403, 'FORBIDDEN'],
    [
      'a pupil on the staff route',
      () => staff(w.ids.primary, { kind: 'full' }, w.tokens.pupil),
      403,
      'FORBIDDEN',
    ],
    [
      "another pupil's record",
      () => holder(w.ids.primary, ['/schoolYear'], w.tokens.otherPupil),
      403,
      'OUT_OF_SCOPE',
    ],
    [
      'an approved, unlocked record',
      () => staff(w.ids.approved, { kind: 'full' }),
      409,
      'DOCUMENT_NOT_ISSUABLE',
    ],
    [
      'a locked record not yet anchored',
      () => staff(w.ids.unanchored, { kind: 'full' }),
      409,
      'DOCUMENT_NOT_ISSUABLE',
    ],
    ['an unknown record', () => staff('REC-NONE', { kind: 'full' }), 404, 'RECORD_NOT_FOUND'],
    [
      'an extract of no field',
      () => staff(w.ids.primary, { kind: 'extract', pointers: [] }),
      400,
      'VALIDATION',
    ],
    [
      'a full one naming fields',
      () => staff(w.ids.primary, { kind: 'full', pointers: ['/schoolYear'] }),
      400,
      'VALIDATION',
    ],
    ['an unknown field', () => holder(w.ids.primary, ['/results/nothing']), 400, 'VALIDATION'],
    ['a holder choosing nothing', () => holder(w.ids.primary, []), 400, 'VALIDATION'],
  ];
  for (const [what, call, status, code] of refusals) {
    it(`${what}: ${status} ${code}`, async () => {
      const before = (await logRows()).length;
      const res = await call();
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(await logRows()).toHaveLength(before);
    });
  }
});

describe('versions that are no longer current', () => {
  it('a revoked record: 409 DOCUMENT_RECORD_NOT_CURRENT, nothing logged', async () => {
    const { recordVersions } = await import('@hocba/db');
    // As the revocation flow leaves it (services/revocation.ts), without the ledger's round trip.
    await w.s.db.update(recordVersions).set({ state: 'revoked' }).where(eq(recordVersions.id, w.ids.revoked));
    const before = (await logRows()).length;
    for (const res of [
      await staff(w.ids.revoked, { kind: 'full' }),
      await holder(w.ids.revoked, ['/level'], w.tokens.revokedPupil),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('DOCUMENT_RECORD_NOT_CURRENT');
    }
    expect(await logRows()).toHaveLength(before);
  });
});

describe('the issue log', () => {
  it("reads one version's issues, oldest first: who, which kind, which fields, never the content", async () => {
    const rows = await documentIssuesOf(w.s.db, w.ids.primary);
    expect(rows.map((r) => [r.issuer, r.kind])).toEqual([
      ['staff', 'full'],
      ['staff', 'extract'],
      ['holder', 'extract'],
    ]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(w.pupilName);
    expect(rows.every((r) => r.schoolId === 'SCH-QN-001' && r.batchId.length > 0)).toBe(true);
  });
});

describe('page breaks', () => {
  it('a record with long comments on every subject runs over pages without losing a row', async () => {
    const res = await staff(w.ids.long, { kind: 'full' });
    expect(res.statusCode, res.body).toBe(200);
    const path = savePdf(res.rawPayload, 'full-long');
    for (const page of [1, 2, 3]) renderPage(path, 'full-long', page, 80);
    const read = await readPdf(res.rawPayload);
    expect(read.pages).toBeGreaterThanOrEqual(4);
    const v = await recordOf(w.ids.long);
    const subjects = Object.keys((v.record as { results: { subjects: object } }).results.subjects);
    const text = spaced(read);
    // Every subject's comment whole: its first and last words, as many times as there are subjects.
    const ends = text.match(/Cần phát huy\./g) ?? [];
    expect(ends.length).toBeGreaterThanOrEqual(subjects.length);
    expect(text).toContain(`Trang ${read.pages}/${read.pages}`);
    expect((await verifyAttached(read)).verdict).toBe('valid');
  });
});

// Last: it spends the minute's allowance of this address.
describe('a loop of requests', () => {
  it('is stopped with 429 RATE_LIMITED before it costs a PDF each', async () => {
    const before = (await logRows()).length;
    const statuses: number[] = [];
    let refusal: { error: { code: string } } | undefined;
    for (let i = 0; i < 125; i++) {
      const res = await holder(w.ids.primary, []);
      statuses.push(res.statusCode);
      if (res.statusCode === 429) refusal = res.json();
    }
    expect(statuses).toContain(429);
    expect(refusal?.error.code).toBe('RATE_LIMITED');
    expect(await logRows()).toHaveLength(before);
  });
});
