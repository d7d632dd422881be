/**
 * `npm start` until the gateway exists: a walk through the integrity core with the development PKI.
 * A school locks a class of 35 records, the principal signs the manifest, and one record's proof bundle is
 * verified: intact, tampered, and offline. The ledger does not exist yet, so the demo states what the
 * ledger would say (AnchorView) from the batch it just built; the chaincode issue replaces that.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type AnchorView,
  buildBundle,
  buildManifest,
  certificateFingerprint,
  commitRecord,
  disclose,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  pemToDer,
  sha256,
  signCms,
  toHex,
  type VerificationReport,
  verifyBundle,
} from '../integrity/src/index.ts';

const pki = resolve(import.meta.dirname, '..', '.dev-pki');
const school = 'SCH-QN-001';
const readPem = (path: string, label: string) => pemToDer(readFileSync(join(pki, path), 'utf8'), label)[0]!;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Quốc', 'Thu'];
const GIVEN = ['Ánh', 'Bảo', 'Châu', 'Dũng', 'Giang', 'Hà', 'Khôi', 'Linh', 'Nhung', 'Phúc', 'Quân', 'Thảo'];

function record(i: number) {
  const level = (n: number) => (['T', 'H', 'H', 'T', 'C'] as const)[n % 5];
  return {
    recordId: `REC-2026-${String(i).padStart(4, '0')}`,
    schoolCode: school,
    level: 'TH',
    schoolYear: '2025-2026',
    grade: 5,
    classId: '5A',
    student: {
      name: `${FAMILY[i % 10]} ${MIDDLE[i % 6]} ${GIVEN[i % 12]}`,
      dateOfBirth: `2015-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      ethnicity: i % 7 === 0 ? 'Tày' : 'Kinh',
    },
    subjects: {
      tiengViet: { level: level(i), score: 6 + (i % 5) },
      toan: { level: level(i + 1), score: 5 + (i % 6) },
      khoaHoc: { level: level(i + 2), score: 7 + (i % 4) },
    },
    overall: i % 5 === 0 ? 'HTXS' : 'HTT',
    gradeCompleted: true,
  };
}

function print(title: string, r: VerificationReport) {
  const mark = { pass: '✔', fail: '✘', unknown: '?' } as const;
  console.log(`\n── ${title} ── ${r.verdict.toUpperCase()}`);
  for (const s of r.steps)
    console.log(`  ${mark[s.outcome]} ${s.step.padEnd(9)} ${s.code.padEnd(30)} ${s.message.vi}`);
}

async function main() {
  const rootDer = readPem('root.crt', 'CERTIFICATE');
  const certDer = readPem(`${school}/principal.crt`, 'CERTIFICATE');
  const keyDer = readPem(`${school}/principal.key`, 'PRIVATE KEY');
  const key = await crypto.subtle.importKey('pkcs8', keyDer, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]);

  // Lock (chốt): commit every record, build the tree, the manifest; the principal signs.
  const records = Array.from({ length: 35 }, (_, i) => record(i + 1));
  const salts = records.map(() => newRecordSalt());
  const tree = new MerkleTree(records.map((r, i) => commitRecord(r, salts[i]!).leaf));
  const manifest = buildManifest({
    channel: 'hocba',
    schoolId: school,
    schoolYear: '2025-2026',
    batchId: 'B-SCH-QN-001-2026-5A',
    kind: 'regular',
    leafCount: tree.size,
    root: toHex(tree.root()),
    lockedAt: new Date().toISOString(),
    signerCert: certificateFingerprint(certDer),
  });
  const cms = await signCms({
    content: manifestBytes(manifest),
    privateKey: key,
    certificate: certDer,
    signingTime: new Date(),
  });
  console.log(
    `Lô ${manifest.batchId}: ${tree.size} học bạ, gốc Merkle ${manifest.root.slice(0, 16)}…, chữ ký CMS ${cms.length} byte`,
  );

  // What the ledger will say once the batch is anchored (stated here until the chaincode exists).
  const anchor: AnchorView = {
    found: true,
    channel: 'hocba',
    batchId: manifest.batchId,
    schoolId: school,
    root: manifest.root,
    manifestHash: toHex(sha256(manifestBytes(manifest))),
    cmsHash: toHex(sha256(cms)),
    blockNumber: 1,
    txId: 'demo',
    anchoredAt: new Date().toISOString(),
    state: 'anchored',
    signer: { fingerprint: manifest.signerCert, schoolId: school, status: 'approved' },
  };

  const i = 6;
  const bundle = buildBundle({
    disclosure: disclose(records[i], salts[i]!, ['/recordId', '/student/name', '/subjects', '/overall']),
    leaf: commitRecord(records[i], salts[i]!).leaf,
    leafIndex: i,
    treeSize: tree.size,
    proof: tree.inclusionProof(i),
    manifest,
    cms,
    certificates: [certDer],
  });
  const options = { trustAnchors: [rootDer], anchor, now: new Date() };
  print(`Học bạ ${records[i]!.recordId} (ẩn ngày sinh và dân tộc)`, await verifyBundle(bundle, options));

  const tampered = structuredClone(bundle);
  const toan = tampered.disclosure.fields.find((f) => f.pointer === '/subjects/toan/score')!;
  (toan as { value: unknown }).value = 10;
  print('Cùng học bạ, điểm Toán bị sửa thành 10', await verifyBundle(tampered, options));

  print(
    'Kiểm tra ngoại tuyến (không có sổ cái)',
    await verifyBundle(bundle, { ...options, anchor: undefined }),
  );
  print(
    'Học bạ đã bị thu hồi',
    await verifyBundle(bundle, {
      ...options,
      anchor: {
        ...anchor,
        revocation: { reasonCode: 'CORRECTION', legalBasis: 'QĐ 15/QĐ-THKĐ', at: new Date().toISOString() },
      },
    }),
  );
}

await main();
