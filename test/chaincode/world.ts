/**
 * A province on the embedded ledger for the chaincode tests: the four organisations, a client identity per
 * role, two districts, three schools, a calendar, a trust anchor and approved principal certificates. The
 * chaincode is the built package (dist/index.cjs), the same file Fabric runs.
 */
import { createRequire } from 'node:module';
import { type ContractClass, EmbeddedLedger, issueIdentity, makeOrgCa } from '@hocba/embedded-ledger';
import {
  EmbeddedLedgerClient,
  type LedgerIdentity,
  setUpProvince,
  signingIdentity,
} from '@hocba/gateway/ledger';
import {
  buildBundle,
  buildManifest,
  certificateFingerprint,
  commitRecord,
  derToPem,
  disclose,
  fromBase64,
  type Manifest,
  type ManifestInput,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  type ProofBundle,
  signCms,
  toBase64,
  toHex,
} from '@hocba/integrity';
import { generateKeys, makeCert, type TestCert, x509 } from '@hocba/integrity/testing/fixtures/pki.ts';

const require = createRequire(import.meta.url);
const { contracts } = require('@hocba/chaincode') as { contracts: ContractClass[] };

export const POLICY = "AND('DoetMSP.peer', OR('District1MSP.peer','District2MSP.peer'))";
export const YEAR = '2025-2026';
// Deadlines are the end of the day in Vietnam (UTC+7).
export const CALENDAR = {
  lockFrom: '2026-05-01T00:00:00.000Z',
  lockUntil: '2026-06-25T16:59:59.000Z',
  acceptanceDeadline: '2026-06-30T16:59:59.000Z',
  reportDeadline: '2026-07-10T16:59:59.000Z',
  supplementaryDeadline: '2026-08-15T16:59:59.000Z',
  replacementFrom: '2026-05-01T00:00:00.000Z',
  replacementUntil: '2027-05-31T16:59:59.000Z',
};

/** A client identity as the gateway holds it: its certificate, and its key only as `sign`. */
export type Identity = LedgerIdentity;

export interface School {
  schoolId: string;
  districtId: string;
  districtMsp: string;
  principal: Identity;
  signer: TestCert;
}

export class World {
  now = new Date('2026-05-20T03:00:00.000Z');
  readonly ledger: EmbeddedLedger;
  ids: Record<string, Identity> = {};
  schools: Record<string, School> = {};
  root!: TestCert;
  private batchSeq = 0;

  constructor() {
    this.ledger = new EmbeddedLedger({ contracts, endorsementPolicy: POLICY, clock: () => this.now });
  }

  /** Submits and waits for the commit; returns the parsed JSON result and the commit facts. */
  async submit(fn: string, args: string[], who: Identity, endorsingOrgs: string[]) {
    const r = await this.ledger.submit(fn, args, { identity: who, endorsingOrgs });
    const text = new TextDecoder().decode(r.result);
    return { ...r, value: text ? JSON.parse(text) : undefined };
  }

  async evaluate(fn: string, args: string[], who: Identity = this.ids.auditor!) {
    return JSON.parse(new TextDecoder().decode(await this.ledger.evaluate(fn, args, { identity: who })));
  }

  static async create(): Promise<World> {
    const w = new World();
    const cas = {
      MoetMSP: await makeOrgCa('MoetMSP'),
      DoetMSP: await makeOrgCa('DoetMSP'),
      District1MSP: await makeOrgCa('District1MSP'),
      District2MSP: await makeOrgCa('District2MSP'),
    };
    const issue = async (msp: keyof typeof cas, cn: string, attrs: Record<string, string>) =>
      signingIdentity(await issueIdentity(cas[msp], { commonName: cn, ou: 'client', attrs }));
    w.ids = {
      ministry: await issue('MoetMSP', 'ministry-admin', { 'hocba.role': 'ministryAdmin' }),
      auditor: await issue('MoetMSP', 'ministry-auditor', { 'hocba.role': 'ministryAuditor' }),
      province: await issue('DoetMSP', 'province-officer', { 'hocba.role': 'provinceOfficer' }),
      district1: await issue('District1MSP', 'd1-officer', {
        'hocba.role': 'districtOfficer',
        'hocba.district': 'district1',
      }),
      district2: await issue('District2MSP', 'd2-officer', {
        'hocba.role': 'districtOfficer',
        'hocba.district': 'district2',
      }),
      // A district officer whose certificate claims the other district: the MSP must match too.
      district2as1: await issue('District2MSP', 'd2-liar', {
        'hocba.role': 'districtOfficer',
        'hocba.district': 'district1',
      }),
    };
    w.root = await makeCert({
      name: 'C=VN, O=Bo GDDT, CN=Test Ministry Root CA',
      keys: await generateKeys('EC'),
      ca: true,
    });

    const schools = [
      { schoolId: 'SCH-QN-001', districtId: 'district1', name: 'Trường Tiểu học Kim Đồng', level: 'TH' },
      { schoolId: 'SCH-QN-002', districtId: 'district1', name: 'Trường THCS Chu Văn An', level: 'THCS' },
      { schoolId: 'SCH-QN-003', districtId: 'district2', name: 'Trường THPT Hòn Gai', level: 'THPT' },
    ] as const;
    await setUpProvince(
      new EmbeddedLedgerClient(w.ledger),
      { province: w.ids.province!, ministry: w.ids.ministry! },
      {
        trustAnchors: [derToPem(w.root.der, 'CERTIFICATE')],
        districts: [
          { districtId: 'district1', name: 'Phòng GD&ĐT Hạ Long', mspId: 'District1MSP' },
          { districtId: 'district2', name: 'Phòng GD&ĐT Cẩm Phả', mspId: 'District2MSP' },
        ],
        schools: [...schools],
        calendars: [{ schoolYear: YEAR, ...CALENDAR }],
      },
    );
    for (const { schoolId, districtId } of schools) {
      const districtMsp = districtId === 'district1' ? 'District1MSP' : 'District2MSP';
      const principal = await issue('DoetMSP', `principal-${schoolId}`, {
        'hocba.role': 'principal',
        'hocba.school': schoolId,
      });
      const signer = await w.makeSigner(schoolId);
      w.schools[schoolId] = { schoolId, districtId, districtMsp, principal, signer };
      await w.registerAndApprove(schoolId, signer);
    }
    return w;
  }

  async makeSigner(schoolId: string, o: { notBefore?: Date; notAfter?: Date } = {}): Promise<TestCert> {
    return makeCert({
      name: `C=VN, O=${schoolId}, CN=Hieu truong`,
      keys: await generateKeys('EC'),
      issuer: this.root,
      ca: false,
      keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      notBefore: o.notBefore ?? new Date('2025-01-01T00:00:00Z'),
      notAfter: o.notAfter ?? new Date('2028-01-01T00:00:00Z'),
    });
  }

  async registerAndApprove(schoolId: string, signer: TestCert) {
    const s = this.schools[schoolId]!;
    await this.submit(
      'registry:registerCertificate',
      [schoolId, derToPem(signer.der, 'CERTIFICATE')],
      s.principal,
      ['DoetMSP', s.districtMsp],
    );
    await this.submit(
      'registry:approveCertificate',
      [certificateFingerprint(signer.der)],
      this.ids.province!,
      ['DoetMSP', s.districtMsp],
    );
  }

  /** Locks `records` into a batch of `schoolId` and signs its manifest; returns what anchorBatch takes. */
  async lockBatch(
    schoolId: string,
    records: unknown[],
    o: Partial<ManifestInput> & { signer?: TestCert; signingTime?: Date } = {},
  ): Promise<{
    manifest: Manifest;
    args: [string, string];
    leaves: Uint8Array[];
    salts: Uint8Array[];
    tree: MerkleTree;
  }> {
    const s = this.schools[schoolId]!;
    const signer = o.signer ?? s.signer;
    const salts = records.map(() => newRecordSalt());
    const leaves = records.map((r, i) => commitRecord(r, salts[i]!).leaf);
    const tree = new MerkleTree(leaves);
    const { signer: _s, signingTime, ...overrides } = o;
    const manifest = buildManifest({
      channel: 'hocba',
      schoolId,
      schoolYear: YEAR,
      batchId: `B-${schoolId}-${++this.batchSeq}`,
      kind: 'regular',
      leafCount: tree.size,
      root: toHex(tree.root()),
      lockedAt: new Date(this.now.getTime() - 60_000).toISOString(),
      signerCert: certificateFingerprint(signer.der),
      ...overrides,
    });
    const bytes = manifestBytes(manifest);
    const cms = await signCms({
      content: bytes,
      privateKey: signer.keys.privateKey,
      certificate: signer.der,
      signingTime: signingTime ?? new Date(this.now.getTime() - 30_000),
    });
    return { manifest, args: [new TextDecoder().decode(bytes), toBase64(cms)], leaves, salts, tree };
  }

  /** The proof bundle of `records[i]` of a batch lockBatch made for `schoolId`, disclosing `pointers`. */
  bundleOf(
    schoolId: string,
    locked: Awaited<ReturnType<World['lockBatch']>>,
    records: unknown[],
    i: number,
    pointers: string[],
  ): ProofBundle {
    return buildBundle({
      disclosure: disclose(records[i], locked.salts[i]!, pointers),
      leaf: locked.leaves[i]!,
      leafIndex: i,
      treeSize: locked.tree.size,
      proof: locked.tree.inclusionProof(i),
      manifest: locked.manifest,
      cms: fromBase64(locked.args[1])!,
      certificates: [this.schools[schoolId]!.signer.der],
    });
  }

  anchor(schoolId: string, args: [string, string], endorsers?: string[]) {
    const s = this.schools[schoolId]!;
    return this.submit('batch:anchorBatch', args, s.principal, endorsers ?? ['DoetMSP', s.districtMsp]);
  }
}

/** The code of the refusal, whether at endorsement (a chaincode error) or at commit (a validation code). */
export async function outcome(p: Promise<{ validationCode: string }>): Promise<string> {
  try {
    return (await p).validationCode;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}
