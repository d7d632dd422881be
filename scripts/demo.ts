/**
 * The walk-through that `npm start` prints before starting the gateway: the integrity core on the embedded
 * ledger, with the development PKI. The development province is set up (gateway/src/dev-province.ts: the
 * Ministry's trust anchor, two districts, three schools, this year's calendar, approved principal
 * certificates); a school locks a class of 35 records, the principal signs the manifest and the batch is
 * anchored with its district's endorsement. Then one record's proof bundle is verified against what the
 * ledger says: intact, tampered, offline, and after a revocation.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedProvince } from '../gateway/src/dev-province.ts';
import { chaincode, endorsers, readAnchorView, readTrustAnchors } from '../gateway/src/ledger/index.ts';
import {
  buildBundle,
  buildManifest,
  certificateFingerprint,
  commitRecord,
  disclose,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  pemToDer,
  signCms,
  toHex,
  type VerificationReport,
  verifyBundle,
} from '../integrity/src/index.ts';
import { DEMO_SCHOOLS } from './dev-pki.ts';

const root = resolve(import.meta.dirname, '..');
const pki = join(root, '.dev-pki');
const readPem = (path: string, label: string) => pemToDer(readFileSync(join(pki, path), 'utf8'), label)[0]!;
const DAY = 24 * 3600 * 1000;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Quốc', 'Thu'];
const GIVEN = ['Ánh', 'Bảo', 'Châu', 'Dũng', 'Giang', 'Hà', 'Khôi', 'Linh', 'Nhung', 'Phúc', 'Quân', 'Thảo'];

function record(i: number, schoolId: string, schoolYear: string) {
  const level = (n: number) => (['T', 'H', 'H', 'T', 'C'] as const)[n % 5];
  return {
    recordId: `REC-${schoolYear.slice(5)}-${String(i).padStart(4, '0')}`,
    schoolCode: schoolId,
    level: 'TH',
    schoolYear,
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
    console.log(`  ${mark[s.outcome]} ${s.step.padEnd(9)} ${s.code.padEnd(31)} ${s.message.vi}`);
}

async function main() {
  const now = new Date();
  // The province on the embedded ledger: trust anchor, districts, schools, calendar, approved certificates.
  const { ledger, ids, schoolYear } = await startEmbeddedProvince({ now });
  const school = DEMO_SCHOOLS[0]!;
  const principal = ids.principals[school.schoolId]!;
  const asSchool = { endorsingOrgs: endorsers({ districtMsp: 'District1MSP' }) };
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const certDer = readPem(`${school.schoolId}/principal.crt`, 'CERTIFICATE');
  const keyDer = readPem(`${school.schoolId}/principal.key`, 'PRIVATE KEY');

  // Lock (chốt): commit every record, build the tree and the manifest; the principal signs; anchor.
  const records = Array.from({ length: 35 }, (_, i) => record(i + 1, school.schoolId, schoolYear));
  const salts = records.map(() => newRecordSalt());
  const tree = new MerkleTree(records.map((r, i) => commitRecord(r, salts[i]!).leaf));
  const manifest = buildManifest({
    channel: 'hocba',
    schoolId: school.schoolId,
    schoolYear,
    batchId: `B-${school.schoolId}-${schoolYear}-5A`,
    kind: 'regular',
    leafCount: tree.size,
    root: toHex(tree.root()),
    lockedAt: new Date(now.getTime() - 60_000).toISOString(),
    signerCert: certificateFingerprint(certDer),
  });
  const key = await crypto.subtle.importKey('pkcs8', keyDer, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]);
  const cms = await signCms({
    content: manifestBytes(manifest),
    privateKey: key,
    certificate: certDer,
    signingTime: now,
  });
  const anchored = await chaincode.anchorBatch(
    ledger,
    { identity: principal, ...asSchool },
    { manifestText: new TextDecoder().decode(manifestBytes(manifest)), cms },
  );
  console.log(
    `${school.name}: lô ${manifest.batchId}, ${tree.size} học bạ, gốc Merkle ${manifest.root.slice(0, 16)}…, ` +
      `neo trong khối ${anchored.blockNumber} (giao dịch ${anchored.txId.slice(0, 16)}…)`,
  );

  // A verifier: one record's bundle (date of birth and ethnicity hidden), checked against the ledger.
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
  const verify = async (b: typeof bundle, online = true) =>
    verifyBundle(b, {
      trustAnchors: (await readTrustAnchors(ledger, ids.ministry)).flatMap((pem) =>
        pemToDer(pem, 'CERTIFICATE'),
      ),
      anchor: online ? await readAnchorView(ledger, ids.ministry, 'hocba', manifest.batchId, i) : undefined,
      now: new Date(),
    });

  print(`Học bạ ${records[i]!.recordId} (ẩn ngày sinh và dân tộc)`, await verify(bundle));
  const tampered = structuredClone(bundle);
  const toan = tampered.disclosure.fields.find((f) => f.pointer === '/subjects/toan/score')!;
  (toan as { value: unknown }).value = 10;
  print('Cùng học bạ, điểm Toán bị sửa thành 10', await verify(tampered));
  print('Kiểm tra ngoại tuyến (không hỏi sổ cái)', await verify(bundle, false));

  await chaincode.grantPermission(
    ledger,
    { identity: ids.province, ...asSchool },
    { batchId: manifest.batchId, action: 'revoke', until: at(30), legalBasis: 'QĐ 15/QĐ-SGDĐT' },
  );
  await chaincode.revokeRecord(
    ledger,
    { identity: principal, ...asSchool },
    { batchId: manifest.batchId, leafIndex: i, reasonCode: 'CORRECTION', legalBasis: 'QĐ 21/QĐ-THKĐ' },
  );
  print('Sau khi nhà trường thu hồi học bạ (được Sở cho phép)', await verify(bundle));
  await ledger.close();
}

await main();
