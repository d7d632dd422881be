/**
 * The portal's warm-up sample (portal/src/warm-sample.json): a made-up record of a made-up school, locked in
 * a batch of three, signed and "anchored", with its own throwaway root. The portal verifies it once at idle
 * time after load (portal/src/warm.ts) so that the first real verification finds the verifier's code
 * compiled and Web Crypto started (issue 16: first run ≤ 30 ms). Nothing in it is real or personal; its keys
 * are thrown away. The root signs with RSA and the signer with ECDSA P-256, so both verify paths warm up.
 *
 *   npx tsx scripts/warm-sample.ts     (rewrites the file; portal/test/warm-sample.test.ts checks it)
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AnchorView,
  buildBundle,
  buildManifest,
  certificateFingerprint,
  commitRecord,
  derToPem,
  disclose,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  sha256,
  signCms,
  toHex,
} from '../integrity/src/index.ts';
import { generateKeys, makeCert, x509 } from '../integrity/test/fixtures/pki.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../portal/src/warm-sample.json');
const signedAt = new Date('2026-05-25T03:00:00.000Z');
const year = 365 * 24 * 3600 * 1000;

const root = await makeCert({
  name: 'C=VN, CN=hocba warm-up root (not trusted anywhere)',
  keys: await generateKeys('RSA'),
  ca: true,
  notBefore: new Date(signedAt.getTime() - year),
  notAfter: new Date(signedAt.getTime() + year),
});
const signer = await makeCert({
  name: 'C=VN, O=hocba warm-up school, CN=warm-up signer',
  keys: await generateKeys('EC'),
  issuer: root,
  ca: false,
  keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
  notBefore: new Date(signedAt.getTime() - year),
  notAfter: new Date(signedAt.getTime() + year),
});

const records = [0, 1, 2].map((i) => ({
  recordId: `WARM-${i}`,
  lookupCode: `WARMUP0${i}`,
  schoolYear: '2025-2026',
  student: { fullName: `Học sinh mẫu ${i}`, dateOfBirth: '2015-01-01' },
  subjects: [
    { subject: 'Tiếng Việt', level: 'T', score: 9 },
    { subject: 'Toán', level: 'H', score: 7 },
  ],
  awards: [],
  comment: {},
  completed: true,
}));
const salts = records.map(() => newRecordSalt());
const tree = new MerkleTree(records.map((r, i) => commitRecord(r, salts[i]!).leaf));
const manifest = buildManifest({
  channel: 'hocba',
  schoolId: 'WARM-UP',
  schoolYear: '2025-2026',
  batchId: 'WARM-UP-0001',
  kind: 'regular',
  leafCount: tree.size,
  root: toHex(tree.root()),
  lockedAt: signedAt.toISOString(),
  signerCert: certificateFingerprint(signer.der),
});
const cms = await signCms({
  content: manifestBytes(manifest),
  privateKey: signer.keys.privateKey,
  certificate: signer.der,
  signingTime: signedAt,
});
// Some fields hidden, as the public lookup hides the biography.
const bundle = buildBundle({
  disclosure: disclose(records[1]!, salts[1]!, [
    '/recordId',
    '/lookupCode',
    '/schoolYear',
    '/subjects/0/level',
  ]),
  leaf: commitRecord(records[1]!, salts[1]!).leaf,
  leafIndex: 1,
  treeSize: tree.size,
  proof: tree.inclusionProof(1),
  manifest,
  cms,
  certificates: [signer.der],
});
const anchor: AnchorView = {
  found: true,
  channel: 'hocba',
  batchId: manifest.batchId,
  schoolId: manifest.schoolId,
  root: manifest.root,
  manifestHash: toHex(sha256(manifestBytes(manifest))),
  cmsHash: toHex(sha256(cms)),
  blockNumber: 1,
  txId: 'warm-up',
  anchoredAt: signedAt.toISOString(),
  state: 'anchored',
  signer: { fingerprint: manifest.signerCert, schoolId: manifest.schoolId, status: 'approved' },
};
writeFileSync(
  OUT,
  `${JSON.stringify({ bundle, ledger: { anchor, trustAnchors: [derToPem(root.der, 'CERTIFICATE')] } }, null, 2)}\n`,
);
process.stderr.write(`wrote ${OUT}\n`);
