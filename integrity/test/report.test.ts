import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnchorView,
  buildBundle,
  buildManifest,
  certificateFingerprint,
  commitRecord,
  disclose,
  fromBase64,
  fullDisclosure,
  type Manifest,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  type ProofBundle,
  type StepName,
  sha256,
  signCms,
  toBase64,
  toHex,
  type VerificationReport,
  verifyBundle,
  verifyRecord,
} from '../src/index.ts';
import { generateKeys, makeCert, type TestCert, x509 } from './fixtures/pki.ts';
import { beforeAllOrFail } from './fixtures/setup.ts';

const makeRootCa = async (name = 'Test Ministry Root CA') =>
  makeCert({ name: `C=VN, CN=${name}`, keys: await generateKeys('EC'), ca: true });
const makeSigner = async (ca: TestCert, serialNumber?: string) =>
  makeCert({
    name: 'C=VN, O=Truong Tieu hoc Kim Dong, CN=Hieu truong',
    keys: await generateKeys('EC'),
    issuer: ca,
    ca: false,
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    ...(serialNumber && { serialNumber }),
  });

const now = new Date();
const records = Array.from({ length: 7 }, (_, i) => ({
  recordId: `REC-${i}`,
  student: { name: `Nguyễn Văn Bảo ${i}`, dateOfBirth: `2013-09-0${i + 1}`, ethnicity: 'Tày' },
  results: { toan: { level: 'T', score: 9 - (i % 3) }, tiengViet: { level: 'H', score: 7 } },
  overall: 'HTT',
}));

let root: TestCert;
let principal: TestCert;
let manifest: Manifest;
let cms: Uint8Array;
let anchor: AnchorView;
let salts: Uint8Array[];
let tree: MerkleTree;

function bundleFor(i: number, pointers?: string[]): ProofBundle {
  const r = records[i]!;
  return buildBundle({
    disclosure: pointers ? disclose(r, salts[i]!, pointers) : fullDisclosure(r, salts[i]!),
    leaf: commitRecord(r, salts[i]!).leaf,
    leafIndex: i,
    treeSize: tree.size,
    proof: tree.inclusionProof(i),
    manifest,
    cms,
    certificates: [principal.der],
  });
}

const verify = (b: unknown, a: AnchorView | undefined = anchor, trustAnchors = [root.der]) =>
  verifyBundle(b, { trustAnchors, anchor: a, now });

const failing = (r: VerificationReport) => r.steps.filter((s) => s.outcome === 'fail').map((s) => s.step);
const step = (r: VerificationReport, name: StepName) => r.steps.find((s) => s.step === name)!;

beforeAllOrFail(async () => {
  root = await makeRootCa();
  principal = await makeSigner(root);
  salts = records.map(() => newRecordSalt());
  tree = new MerkleTree(records.map((r, i) => commitRecord(r, salts[i]!).leaf));
  manifest = buildManifest({
    channel: 'hocba',
    schoolId: 'SCH-QN-001',
    schoolYear: '2025-2026',
    batchId: 'B-2026-0001',
    kind: 'regular',
    leafCount: tree.size,
    root: toHex(tree.root()),
    lockedAt: '2026-05-25T03:00:00.000Z',
    signerCert: certificateFingerprint(principal.der),
  });
  cms = await signCms({
    content: manifestBytes(manifest),
    privateKey: principal.keys.privateKey,
    certificate: principal.der,
    signingTime: new Date(now.getTime() - 60_000),
  });
  anchor = {
    found: true,
    channel: 'hocba',
    batchId: manifest.batchId,
    schoolId: manifest.schoolId,
    root: manifest.root,
    manifestHash: toHex(sha256(manifestBytes(manifest))),
    cmsHash: toHex(sha256(cms)),
    blockNumber: 42,
    txId: 'a1b2c3',
    anchoredAt: now.toISOString(),
    state: 'accepted',
    signer: { fingerprint: manifest.signerCert, schoolId: manifest.schoolId, status: 'approved' },
  };
});

describe('a genuine record', () => {
  it('passes every step, with messages in Vietnamese and English', async () => {
    for (let i = 0; i < records.length; i++) {
      const r = await verify(bundleFor(i));
      expect(r.verdict).toBe('valid');
      expect(r.steps.map((s) => [s.step, s.outcome, s.code])).toEqual(
        ['integrity', 'inclusion', 'anchor', 'signature', 'signer', 'status'].map((s) => [s, 'pass', 'OK']),
      );
    }
    const r = await verify(bundleFor(0));
    expect(step(r, 'anchor').message.vi).toContain('khối 42');
    expect(step(r, 'anchor').message.en).toContain('block 42');
    expect(step(r, 'anchor').details).toMatchObject({ txId: 'a1b2c3' });
  });

  it('verifies a partial disclosure, which shows no hidden value', async () => {
    const b = bundleFor(3, ['/recordId', '/results']);
    expect(JSON.stringify(b)).not.toContain('Tày');
    expect(JSON.stringify(b)).not.toContain('Bảo');
    expect((await verify(b)).verdict).toBe('valid');
  });

  it('survives a JSON round trip (the bundle is a file)', async () => {
    expect((await verify(JSON.parse(JSON.stringify(bundleFor(5))))).verdict).toBe('valid');
  });

  it('is incomplete offline: the ledger steps are unknown, never passed', async () => {
    const r = await verifyBundle(bundleFor(1), { trustAnchors: [root.der], now });
    expect(r.verdict).toBe('incomplete');
    expect(r.steps.map((s) => [s.step, s.outcome, s.code])).toEqual([
      ['integrity', 'pass', 'OK'],
      ['inclusion', 'pass', 'OK'],
      ['anchor', 'unknown', 'ANCHOR_UNAVAILABLE'],
      ['signature', 'pass', 'OK'],
      ['signer', 'unknown', 'SIGNER_REGISTRATION_UNAVAILABLE'],
      ['status', 'unknown', 'STATUS_UNAVAILABLE'],
    ]);
    expect(step(r, 'status').message.vi).toContain('ngoại tuyến');
  });
});

describe('status facts from the ledger', () => {
  const revocation = {
    reasonCode: 'CORRECTION',
    legalBasis: 'QĐ 12/QĐ-THKD',
    at: '2026-08-01T02:00:00.000Z',
  };
  it.each([
    ['revoked', { revocation }, 'STATUS_REVOKED'],
    ['recalled', { state: 'recalled', recall: revocation }, 'STATUS_RECALLED'],
    ['superseded', { state: 'replaced', supersededBy: 'B-2026-0002' }, 'STATUS_SUPERSEDED'],
  ] as const)('%s fails the status step with its facts', async (_n, facts, code) => {
    const r = await verify(bundleFor(2), { ...anchor, ...facts });
    expect(r.verdict).toBe('invalid');
    expect(failing(r)).toEqual(['status']);
    expect(step(r, 'status').code).toBe(code);
    expect(step(r, 'status').message.vi.length).toBeGreaterThan(10);
  });

  it('names the replacement first when a recalled batch was replaced, and keeps every fact', async () => {
    const r = await verify(bundleFor(2), {
      ...anchor,
      state: 'replaced',
      supersededBy: 'B-2026-0002',
      recall: revocation,
      revocation,
    });
    expect(step(r, 'status').code).toBe('STATUS_SUPERSEDED');
    expect(step(r, 'status').details).toMatchObject({
      supersededBy: 'B-2026-0002',
      recall: revocation,
      revocation,
    });
  });

  it('a record superseded by a correction fails the status step with when, the decision and its successor', async () => {
    const correction = {
      reasonCode: 'CORRECTED',
      legalBasis: 'QĐ 15/QĐ-THKD',
      at: '2026-08-01T18:30:00.000Z',
      batchId: 'C-2026-0001',
      leafIndex: 0,
    };
    const r = await verify(bundleFor(2), { ...anchor, correction });
    expect(r.verdict).toBe('invalid');
    expect(failing(r)).toEqual(['status']);
    expect(step(r, 'status').code).toBe('STATUS_CORRECTED');
    expect(step(r, 'status').details).toMatchObject({
      at: correction.at,
      legalBasis: correction.legalBasis,
      correctedBy: { batchId: 'C-2026-0001', leafIndex: 0 },
    });
    // 18:30 UTC is the next morning in Vietnam: the date a parent reads is Vietnam's.
    expect(step(r, 'status').message.vi).toContain('đã được điều chỉnh ngày 02/08/2026 theo QĐ 15/QĐ-THKD');
    // Its classmates (the same batch, no correction of theirs) stay valid.
    expect((await verify(bundleFor(3), anchor)).verdict).toBe('valid');
  });

  it('names the replacement batch', async () => {
    const r = await verify(bundleFor(2), { ...anchor, state: 'replaced', supersededBy: 'B-2026-0002' });
    expect(step(r, 'status').message.en).toContain('B-2026-0002');
  });

  it('says when the ledger has no such batch', async () => {
    const r = await verify(bundleFor(2), { found: false, batchId: manifest.batchId });
    expect(step(r, 'anchor').code).toBe('ANCHOR_NOT_FOUND');
  });

  it('refuses a root or manifest that differs from the anchored one', async () => {
    const other = toHex(sha256(new Uint8Array([1])));
    expect(step(await verify(bundleFor(2), { ...anchor, root: other }), 'anchor').code).toBe(
      'ANCHOR_ROOT_MISMATCH',
    );
    expect(step(await verify(bundleFor(2), { ...anchor, manifestHash: other }), 'anchor').code).toBe(
      'ANCHOR_MANIFEST_MISMATCH',
    );
  });
});

describe('the signer', () => {
  it('must chain to a registered root', async () => {
    const stranger = await makeRootCa('Stranger CA');
    const r = await verify(bundleFor(0), anchor, [stranger.der]);
    expect(failing(r)).toEqual(['signer']);
    expect(step(r, 'signer').code).toBe('CERT_CHAIN_UNTRUSTED');
  });

  it.each([
    ['pending approval', { status: 'pending' }, 'CERT_NOT_REGISTERED'],
    ['registered for another school', { schoolId: 'SCH-QN-002' }, 'CERT_NOT_REGISTERED'],
    ['another certificate registered', { fingerprint: '00'.repeat(32) }, 'CERT_NOT_REGISTERED'],
    [
      'revoked before signing',
      { status: 'revoked', revokedFrom: '2020-01-01T00:00:00.000Z' },
      'CERT_REVOKED',
    ],
  ] as const)('must be registered and approved for the school: %s', async (_n, reg, code) => {
    const r = await verify(bundleFor(0), { ...anchor, signer: { ...anchor.signer!, ...reg } });
    expect(failing(r)).toEqual(['signer']);
    expect(step(r, 'signer').code).toBe(code);
  });

  it('still counts when its certificate was revoked after it signed', async () => {
    const later = new Date(now.getTime() + 3600_000).toISOString();
    const r = await verify(bundleFor(0), {
      ...anchor,
      signer: { ...anchor.signer!, status: 'revoked', revokedFrom: later },
    });
    expect(r.verdict).toBe('valid');
  });

  it('must be the certificate the manifest names', async () => {
    const other = await makeSigner(root, '2002');
    const otherCms = await signCms({
      content: manifestBytes(manifest),
      privateKey: other.keys.privateKey,
      certificate: other.der,
      signingTime: now,
    });
    const b = { ...bundleFor(0), cms: toBase64(otherCms), certificates: [toBase64(other.der)] };
    expect(step(await verify(b), 'signature').code).toBe('SIGNATURE_SIGNER_MISMATCH');
  });
});

describe('tampering fails at the right step (property)', () => {
  const flipHexAt = (s: string, at: number) => {
    const i = at % s.length;
    return s.slice(0, i) + (Number.parseInt(s[i]!, 16) ^ 1).toString(16) + s.slice(i + 1);
  };
  const flipBase64Byte = (s: string, at: number, bit: number) => {
    const bytes = fromBase64(s)!;
    bytes[at % bytes.length]! ^= 1 << (bit % 8);
    return toBase64(bytes);
  };
  const expectFailing = async (b: ProofBundle, steps: StepName[]) => {
    const r = await verify(b);
    expect(r.verdict).toBe('invalid');
    expect(failing(r)).toEqual(steps);
  };
  const index = fc.nat({ max: records.length - 1 });
  const opts = { numRuns: 25 };

  it('a field value', async () => {
    await fc.assert(
      fc.asyncProperty(index, fc.nat(), fc.nat(), async (i, f, at) => {
        const b = bundleFor(i);
        const fields = b.disclosure.fields.filter((x) => typeof x.value === 'string');
        const field = fields[f % fields.length]!;
        const s = field.value as string;
        const k = at % s.length;
        (field as { value: unknown }).value =
          s.slice(0, k) + String.fromCharCode(s.charCodeAt(k) ^ 1) + s.slice(k + 1);
        await expectFailing(b, ['integrity']);
      }),
      opts,
    );
  });

  it('a field salt or a hidden field hash', async () => {
    await fc.assert(
      fc.asyncProperty(index, fc.nat(), fc.nat(), fc.boolean(), async (i, f, at, hidden) => {
        const b = bundleFor(i, ['/student']);
        if (hidden)
          b.disclosure.hidden[f % b.disclosure.hidden.length] = flipHexAt(
            b.disclosure.hidden[f % b.disclosure.hidden.length]!,
            at,
          );
        else {
          const field = b.disclosure.fields[f % b.disclosure.fields.length]!;
          (field as { salt: string }).salt = flipHexAt(field.salt, at);
        }
        await expectFailing(b, ['integrity']);
      }),
      opts,
    );
  });

  it('a proof element', async () => {
    await fc.assert(
      fc.asyncProperty(index, fc.nat(), fc.nat(), async (i, e, at) => {
        const b = bundleFor(i);
        const k = e % b.inclusion.hashes.length;
        b.inclusion.hashes[k] = flipHexAt(b.inclusion.hashes[k]!, at);
        await expectFailing(b, ['inclusion']);
      }),
      opts,
    );
  });

  it('the root in the manifest', async () => {
    await fc.assert(
      fc.asyncProperty(index, fc.nat(), async (i, at) => {
        const b = bundleFor(i);
        b.manifest = { ...b.manifest, root: flipHexAt(b.manifest.root as string, at) };
        await expectFailing(b, ['inclusion', 'anchor', 'signature']);
      }),
      opts,
    );
  });

  it('any other manifest field', async () => {
    const edits: [string, (m: Record<string, unknown>) => void][] = [
      ['lockedAt', (m) => (m.lockedAt = '2026-05-25T03:00:00.001Z')],
      ['kind', (m) => (m.kind = 'supplementary')],
      ['schoolYear', (m) => (m.schoolYear = '2024-2025')],
      ['signerCert', (m) => (m.signerCert = flipHexAt(m.signerCert as string, 5))],
    ];
    for (const [name, edit] of edits) {
      const b = bundleFor(0);
      edit(b.manifest);
      const r = await verify(b);
      expect(failing(r), name).toEqual(['anchor', 'signature']);
    }
  });

  it('any byte of the signature: it is no longer the anchored one', async () => {
    await fc.assert(
      fc.asyncProperty(index, fc.nat(), fc.nat(), async (i, at, bit) => {
        const b = bundleFor(i);
        b.cms = flipBase64Byte(b.cms, at, bit);
        const r = await verify(b);
        expect(r.verdict).toBe('invalid');
        expect(step(r, 'anchor').code).toBe('ANCHOR_SIGNATURE_MISMATCH');
        expect(failing(r).filter((s) => s !== 'anchor' && s !== 'signature')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('any byte of the signature value itself: the signature step fails', async () => {
    const der = fromBase64(bundleFor(0).cms)!;
    // ECDSA: the signature value is the last OCTET STRING, at the very end of the only SignerInfo.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 60 }), fc.nat({ max: 7 }), async (fromEnd, bit) => {
        const b = bundleFor(0);
        b.cms = flipBase64Byte(b.cms, der.length - fromEnd, bit);
        await expectFailing(b, ['anchor', 'signature']);
      }),
      { numRuns: 60 },
    );
  });

  it('a malformed bundle is reported, not thrown', async () => {
    for (const bad of [null, 'x', {}, { ...bundleFor(0), leaf: 'zz' }, { ...bundleFor(0), extra: 1 }]) {
      const r = await verify(bad);
      expect(r.verdict).toBe('invalid');
      expect(step(r, 'integrity').code).toBe('BUNDLE_MALFORMED');
    }
  });
});

describe('the facts behind each outcome (found by mutation testing)', () => {
  const detailsOf = (r: VerificationReport) => Object.fromEntries(r.steps.map((s) => [s.step, s.details]));

  it('a genuine record: every step’s facts, and when it was checked', async () => {
    const b = bundleFor(1);
    const r = await verify(b);
    const signedAt = new Date(Math.floor((now.getTime() - 60_000) / 1000) * 1000).toISOString();
    expect(detailsOf(r)).toEqual({
      integrity: { leaf: b.leaf, disclosedFields: b.disclosure.fields.length, hiddenFields: 0 },
      inclusion: { batchId: 'B-2026-0001', leafIndex: 1, treeSize: 7, root: manifest.root },
      anchor: {
        batchId: 'B-2026-0001',
        blockNumber: 42,
        txId: 'a1b2c3',
        anchoredAt: now.toISOString(),
        channel: 'hocba',
      },
      signature: { signingTime: signedAt, algorithm: 'ECDSA-P256', signerCert: manifest.signerCert },
      signer: { schoolId: 'SCH-QN-001', chainLength: 2, signerCert: manifest.signerCert },
      status: { state: 'accepted' },
    });
    expect(r.checkedAt).toBe(now.toISOString());
    const partial = bundleFor(1, ['/recordId']);
    expect(step(await verify(partial), 'integrity').details).toMatchObject({ disclosedFields: 1 });
    expect((step(await verify(partial), 'integrity').details as { hiddenFields: number }).hiddenFields).toBe(
      b.disclosure.fields.length - 1,
    );
  });

  it('each anchor mismatch names both sides', async () => {
    const other = 'f'.repeat(64);
    const cases: [Partial<AnchorView>, string, Record<string, unknown>][] = [
      [{ found: false }, 'ANCHOR_NOT_FOUND', { batchId: 'B-2026-0001' }],
      [{ batchId: 'B-X' }, 'ANCHOR_BATCH_MISMATCH', { expected: 'B-2026-0001', ledger: 'B-X' }],
      [{ root: other }, 'ANCHOR_ROOT_MISMATCH', { manifest: manifest.root, ledger: other }],
      [
        { manifestHash: other },
        'ANCHOR_MANIFEST_MISMATCH',
        { manifest: toHex(sha256(manifestBytes(manifest))), ledger: other },
      ],
      [{ cmsHash: other }, 'ANCHOR_SIGNATURE_MISMATCH', { bundle: toHex(sha256(cms)), ledger: other }],
    ];
    for (const [change, code, details] of cases) {
      const s = step(await verify(bundleFor(0), { ...anchor, ...change } as AnchorView), 'anchor');
      expect([s.code, s.details], code).toEqual([code, details]);
    }
    const offline = step(
      await verifyBundle(bundleFor(0), { trustAnchors: [root.der], anchor: undefined, now }),
      'anchor',
    );
    expect([offline.outcome, offline.code, offline.details]).toEqual([
      'unknown',
      'ANCHOR_UNAVAILABLE',
      { batchId: 'B-2026-0001' },
    ]);
  });

  it('the signer step: not registered, pending, another school, revoked before or after signing', async () => {
    const facts = { schoolId: 'SCH-QN-001', chainLength: 2, signerCert: manifest.signerCert };
    const reg = anchor.signer!;
    const signerStep = async (signer: AnchorView['signer']) =>
      step(await verify(bundleFor(0), { ...anchor, signer } as AnchorView), 'signer');
    for (const bad of [
      { ...reg, fingerprint: 'a'.repeat(64) },
      { ...reg, schoolId: 'SCH-OTHER' },
      { ...reg, status: 'pending' as const },
    ]) {
      const s = await signerStep(bad);
      expect([s.outcome, s.code, s.details]).toEqual(['fail', 'CERT_NOT_REGISTERED', facts]);
    }
    const revokedFrom = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const before = await signerStep({ ...reg, status: 'revoked', revokedFrom: revokedFrom(-120_000) });
    expect([before.code, before.details]).toEqual([
      'CERT_REVOKED',
      { ...facts, revokedFrom: revokedFrom(-120_000) },
    ]);
    const atOnce = await signerStep({ ...reg, status: 'revoked' });
    expect(atOnce.code).toBe('CERT_REVOKED');
    // Revoked after it signed: the signature stands.
    expect((await signerStep({ ...reg, status: 'revoked', revokedFrom: revokedFrom(0) })).code).toBe('OK');
    const unknownReg = await signerStep(undefined);
    expect([unknownReg.outcome, unknownReg.code, unknownReg.details]).toEqual([
      'unknown',
      'SIGNER_REGISTRATION_UNAVAILABLE',
      facts,
    ]);
  });

  it('a leaf or a tree size that does not match says which', async () => {
    const b = bundleFor(0);
    const wrongLeaf = { ...b, leaf: 'e'.repeat(64) };
    expect(step(await verify(wrongLeaf), 'integrity').code).toBe('INTEGRITY_LEAF_MISMATCH');
    expect(step(await verify(wrongLeaf), 'integrity').details).toEqual({
      stated: 'e'.repeat(64),
      computed: b.leaf,
    });
    const wrongSize = { ...b, inclusion: { ...b.inclusion, treeSize: 8 } };
    expect(step(await verify(wrongSize), 'inclusion').code).toBe('INCLUSION_SIZE_MISMATCH');
    expect(step(await verify(wrongSize), 'inclusion').details).toEqual({ treeSize: 8, leafCount: 7 });
  });
});

describe('outcomes only mutation testing asked for', () => {
  const outcome = (r: VerificationReport, name: StepName) => {
    const s = step(r, name);
    return [s.outcome, s.code];
  };

  it('a malformed bundle: the problems with their paths, every other step not checked', async () => {
    const r = await verify({ ...bundleFor(0), leaf: 'AB' });
    expect(step(r, 'integrity').details).toEqual({ problems: ['leaf: must be 64 lowercase hex digits'] });
    const whole = step(await verify('not a bundle'), 'integrity').details as { problems: string[] };
    expect(whole.problems).toEqual([expect.stringMatching(/^\(bundle\): ./)]);
    const deep = { ...bundleFor(0), inclusion: { ...bundleFor(0).inclusion, treeSize: 0 } };
    const nested = step(await verify(deep), 'integrity').details as { problems: string[] };
    expect(nested.problems).toEqual([expect.stringMatching(/^inclusion\/treeSize: ./)]);
    for (const s of r.steps.slice(1)) {
      expect([s.outcome, s.code, 'details' in s]).toEqual(['unknown', 'PREVIOUS_STEP_FAILED', false]);
    }
  });

  it('an invalid manifest fails the three steps that read it, with its code and facts', async () => {
    const b = bundleFor(0);
    const r = await verify({ ...b, manifest: { ...b.manifest, leafCount: 'seven' } });
    for (const name of ['inclusion', 'anchor', 'signature'] as const) {
      expect(outcome(r, name)).toEqual(['fail', 'MANIFEST_INVALID']);
      expect(Object.keys(step(r, name).details ?? {}).length, name).toBeGreaterThan(0);
    }
    expect(outcome(r, 'signer')).toEqual(['unknown', 'PREVIOUS_STEP_FAILED']);
  });

  it('reads a manifest by its content: another key order is the same, a look-alike that is not JSON is not', async () => {
    const b = bundleFor(0);
    expect((await verifyRecord(b, { trustAnchors: [root.der], anchor, now })).verdict).toBe('valid');
    // The same fields in reverse order: the same manifest (its bytes are canonical), the same report.
    const reversed = Object.fromEntries(Object.entries(b.manifest).reverse());
    expect(
      (await verifyRecord({ ...b, manifest: reversed }, { trustAnchors: [root.der], anchor, now })).verdict,
    ).toBe('valid');
    // A Date whose JSON is the genuine lockedAt's: not the manifest read before, refused as it always was.
    const dated = { ...b.manifest, lockedAt: new Date(String(b.manifest.lockedAt)) };
    const r = await verifyRecord({ ...b, manifest: dated }, { trustAnchors: [root.der], anchor, now });
    expect(outcome(r, 'inclusion')).toEqual(['fail', 'MANIFEST_INVALID']);
  });

  it('CMS or certificates that are not base64 bytes', async () => {
    const b = bundleFor(0);
    expect(outcome(await verify({ ...b, cms: 'AAA' }), 'signature')).toEqual(['fail', 'CMS_MALFORMED']);
    expect(outcome(await verify({ ...b, certificates: [...b.certificates, 'AAA'] }), 'signature')).toEqual([
      'fail',
      'CERT_MALFORMED',
    ]);
  });

  it('a proof that leads elsewhere carries both roots into the inclusion step', async () => {
    const b = bundleFor(0);
    const hashes = [...b.inclusion.hashes];
    hashes[0] = `${hashes[0]!.slice(0, 63)}${hashes[0]!.endsWith('0') ? '1' : '0'}`;
    const s = step(await verify({ ...b, inclusion: { ...b.inclusion, hashes } }), 'inclusion');
    expect(s.code).toBe('MERKLE_ROOT_MISMATCH');
    expect(s.details).toMatchObject({ expected: manifest.root });
  });

  it('a CMS by another certificate than the manifest names: SIGNATURE_SIGNER_MISMATCH with both', async () => {
    const other = await makeSigner(root, '77');
    const otherCms = await signCms({
      content: manifestBytes(manifest),
      privateKey: other.keys.privateKey,
      certificate: other.der,
      signingTime: new Date(now.getTime() - 60_000),
    });
    const b = { ...bundleFor(0), cms: toBase64(otherCms), certificates: [toBase64(other.der)] };
    const s = step(await verify(b, { ...anchor, cmsHash: toHex(sha256(otherCms)) }), 'signature');
    expect([s.code, s.details]).toEqual([
      'SIGNATURE_SIGNER_MISMATCH',
      { manifest: manifest.signerCert, cms: certificateFingerprint(other.der) },
    ]);
  });

  it('a certificate revoked from the very second it signed is revoked', async () => {
    const signedAt = new Date(Math.floor((now.getTime() - 60_000) / 1000) * 1000).toISOString();
    const signer = { ...anchor.signer!, status: 'revoked' as const, revokedFrom: signedAt };
    expect(step(await verify(bundleFor(0), { ...anchor, signer }), 'signer').code).toBe('CERT_REVOKED');
  });

  it('status: a batch the ledger does not have is not checked; replaced or recalled by state or by fact', async () => {
    expect(outcome(await verify(bundleFor(0), { ...anchor, found: false }), 'status')).toEqual([
      'unknown',
      'PREVIOUS_STEP_FAILED',
    ]);
    const fact = { reasonCode: 'R', legalBasis: 'CV 1', at: '2026-06-01T00:00:00Z' };
    const cases: [Partial<AnchorView>, string][] = [
      [{ state: 'replaced' }, 'STATUS_SUPERSEDED'],
      [{ supersededBy: 'B-2' }, 'STATUS_SUPERSEDED'],
      [{ state: 'recalled' }, 'STATUS_RECALLED'],
      [{ recall: fact }, 'STATUS_RECALLED'],
    ];
    for (const [change, code] of cases) {
      expect(outcome(await verify(bundleFor(0), { ...anchor, ...change } as AnchorView), 'status')).toEqual([
        'fail',
        code,
      ]);
    }
    const correction = { ...fact, batchId: 'B-3', leafIndex: 2 };
    const s = step(await verify(bundleFor(0), { ...anchor, correction, revocation: fact }), 'status');
    expect([s.code, s.details]).toEqual([
      'STATUS_CORRECTED',
      { ...fact, correctedBy: { batchId: 'B-3', leafIndex: 2 }, correction, revocation: fact },
    ]);
    const recalled = step(await verify(bundleFor(0), { ...anchor, recall: fact }), 'status');
    expect([recalled.code, recalled.details]).toEqual(['STATUS_RECALLED', { ...fact, recall: fact }]);
    const revoked = step(await verify(bundleFor(0), { ...anchor, revocation: fact }), 'status');
    expect([revoked.code, revoked.details]).toEqual(['STATUS_REVOKED', { ...fact, revocation: fact }]);
  });

  it('a bug inside a check propagates instead of becoming a refusal', async () => {
    const b = bundleFor(0);
    const broken = Object.defineProperty({ ...b }, 'disclosure', {
      get() {
        throw new TypeError('a bug');
      },
    });
    await expect(verifyRecord(broken, { trustAnchors: [root.der], anchor, now })).rejects.toThrow(TypeError);
    const brokenManifest = Object.defineProperty({ ...b }, 'manifest', {
      get() {
        throw new TypeError('a bug');
      },
    });
    await expect(verifyRecord(brokenManifest, { trustAnchors: [root.der], anchor, now })).rejects.toThrow(
      TypeError,
    );
  });
});
