/**
 * A province on a ledger for the chaincode suite — the embedded ledger or the real Fabric network, through
 * the gateway's LedgerClient: the four organisations, a client identity per role, two districts, three
 * schools, calendars, a trust anchor and approved principal certificates. The chaincode is the built
 * package (dist/index.cjs), the same file Fabric runs.
 *
 * Time is the real clock on both ledgers (Fabric's transaction time cannot be moved): every calendar,
 * certificate and signing time is set relative to now. A case that needs a window already closed (or not yet
 * open) uses a school year whose calendar puts it there.
 *
 * (world.ts is the older World: the embedded ledger only, a clock the tests move and a fixed 2026 calendar.
 * The gateway's, the integration and the browser tests build on it; the chaincode suite no longer does.)
 */

import { type LedgerIdentity, setUpProvince } from '@hocba/gateway/ledger';
import {
  buildManifest,
  certificateFingerprint,
  commitRecord,
  derToPem,
  type Manifest,
  type ManifestInput,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  signCms,
  toBase64,
  toHex,
} from '@hocba/integrity';
import { generateKeys, makeCert, type TestCert, x509 } from '@hocba/integrity/testing/fixtures/pki.ts';
import { type LedgerKind, openLedger, type Request, type TestLedger } from './ledger.ts';

export type { LedgerKind } from './ledger.ts';
export { POLICY } from './ledger.ts';

const DAY = 24 * 3600 * 1000;
const VN = 7 * 3600 * 1000;
const T0 = Date.now();
/** Today in Vietnam (UTC+7), as UTC midnight of that date. */
const today = (() => {
  const vn = new Date(T0 + VN);
  return Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate());
})();
/** The start (00:00 in Vietnam) of the day `days` from today. */
export const dayStart = (days: number) => new Date(today + days * DAY - VN).toISOString();
/** The end (23:59:59 in Vietnam: deadlines are the end of the day) of the day `days` from today. */
export const dayEnd = (days: number) => new Date(today + (days + 1) * DAY - VN - 1000).toISOString();

/** The school year `offset` years from the current one (it starts in August here). */
function schoolYear(offset: number): string {
  const vn = new Date(T0 + VN);
  const y = vn.getUTCFullYear() - (vn.getUTCMonth() < 7 ? 1 : 0) + offset;
  return `${y}-${y + 1}`;
}

export type Windows = {
  lockFrom: string;
  lockUntil: string;
  acceptanceDeadline: string;
  reportDeadline: string;
  supplementaryDeadline: string;
  replacementFrom: string;
  replacementUntil: string;
};

/** The main year: locking open from 30 days ago to 30 days from now, every later window open too. */
export const CALENDAR: Windows = {
  lockFrom: dayStart(-30),
  lockUntil: dayEnd(30),
  acceptanceDeadline: dayEnd(35),
  reportDeadline: dayEnd(40),
  supplementaryDeadline: dayEnd(60),
  replacementFrom: dayStart(-30),
  replacementUntil: dayEnd(300),
};
/** Every window of this year ended before today. */
export const PAST_CALENDAR: Windows = {
  lockFrom: dayStart(-400),
  lockUntil: dayEnd(-340),
  acceptanceDeadline: dayEnd(-335),
  reportDeadline: dayEnd(-325),
  supplementaryDeadline: dayEnd(-290),
  replacementFrom: dayStart(-340),
  replacementUntil: dayEnd(-30),
};

export const YEAR = schoolYear(0);
/** Years whose calendars put today where a case needs it; each is used by one case only. */
export const YEARS = {
  /** Locking closed 10 days ago; supplementary reporting open for 20 more days (as on 1/7 of a year). */
  lockClosed: schoolYear(-1),
  /** Every window closed (as on 16/8 and later). */
  closed: schoolYear(-2),
  /** Locking open; replacements open only in 100 days. */
  replacementLater: schoolYear(-3),
  /** Open; the province then moves its deadlines into the past (an acceptance after its deadline). */
  lateAcceptance: schoolYear(-4),
  /** Open; the province then moves its deadlines into the past (a report after its deadline). */
  lateReport: schoolYear(-5),
  /** No calendar at all. */
  noCalendar: schoolYear(1),
} as const;
export const CALENDARS: Record<string, Windows> = {
  [YEAR]: CALENDAR,
  [YEARS.lockClosed]: {
    lockFrom: dayStart(-90),
    lockUntil: dayEnd(-10),
    acceptanceDeadline: dayEnd(-5),
    reportDeadline: dayEnd(-2),
    supplementaryDeadline: dayEnd(20),
    replacementFrom: dayStart(-90),
    replacementUntil: dayEnd(300),
  },
  [YEARS.closed]: PAST_CALENDAR,
  [YEARS.replacementLater]: { ...CALENDAR, replacementFrom: dayStart(100), replacementUntil: dayEnd(400) },
  [YEARS.lateAcceptance]: CALENDAR,
  [YEARS.lateReport]: CALENDAR,
};

/** The province's deadline for `until` arguments (permissions): a month from now. */
export const inAMonth = () => new Date(Date.now() + 30 * DAY).toISOString();

export type Identity = LedgerIdentity;

export interface School {
  schoolId: string;
  districtId: string;
  districtMsp: string;
  principal: Identity;
  signer: TestCert;
}

export interface Submitted {
  validationCode: 'VALID';
  txId: string;
  blockNumber: number;
  /** The transaction's JSON result, parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: the contracts' results are read field by field by the cases.
  value: any;
}

const PROVINCE_ORGS = ['DoetMSP', 'District1MSP'];

export class World {
  ids: Record<string, Identity> = {};
  schools: Record<string, School> = {};
  root!: TestCert;
  private batchSeq = 0;

  private constructor(readonly ledger: TestLedger) {}

  get kind(): LedgerKind {
    return this.ledger.kind;
  }

  /** Submits and waits for the commit; a refusal or an invalid commit throws a LedgerError (see outcome). */
  async submit(fn: string, args: string[], who: Identity, endorsingOrgs: string[]): Promise<Submitted> {
    const r = await this.ledger.client.submit(fn, args, { identity: who, endorsingOrgs });
    await this.ledger.settle(r.blockNumber);
    return {
      validationCode: 'VALID',
      txId: r.txId,
      blockNumber: r.blockNumber,
      value: r.result ? JSON.parse(r.result) : undefined,
    };
  }

  // biome-ignore lint/suspicious/noExplicitAny: as Submitted.value.
  async evaluate(fn: string, args: string[], who: Identity = this.ids.auditor!): Promise<any> {
    return JSON.parse(await this.ledger.client.evaluate(fn, args, who));
  }

  /** The chaincode event of a committed transaction, read from its block. */
  async eventOf(r: Submitted): Promise<{ name: string; payload: Uint8Array } | undefined> {
    return (await this.ledger.block(r.blockNumber)).find((t) => t.txId === r.txId)?.event;
  }

  /** Endorses every request on the same state, then orders them; the outcomes in chain order. */
  submitTogether(requests: readonly Request[]) {
    return this.ledger.submitTogether(requests);
  }

  setCalendar(schoolYear: string, windows: Windows) {
    return this.submit(
      'calendar:setCalendar',
      [schoolYear, JSON.stringify(windows)],
      this.ids.province!,
      PROVINCE_ORGS,
    );
  }

  close(): Promise<void> {
    return this.ledger.close();
  }

  static async create(kind: LedgerKind = 'embedded'): Promise<World> {
    const w = new World(await openLedger(kind));
    const issue = (msp: string, name: string, attrs: Record<string, string>) =>
      w.ledger.identity(msp, name, attrs);
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
      notBefore: new Date(Date.now() - 5 * 365 * DAY),
      notAfter: new Date(Date.now() + 10 * 365 * DAY),
    });

    const schools = [
      { schoolId: 'SCH-QN-001', districtId: 'district1', name: 'Trường Tiểu học Kim Đồng', level: 'TH' },
      { schoolId: 'SCH-QN-002', districtId: 'district1', name: 'Trường THCS Chu Văn An', level: 'THCS' },
      { schoolId: 'SCH-QN-003', districtId: 'district2', name: 'Trường THPT Hòn Gai', level: 'THPT' },
    ] as const;
    await setUpProvince(
      w.ledger.client,
      { province: w.ids.province!, ministry: w.ids.ministry! },
      {
        trustAnchors: [derToPem(w.root.der, 'CERTIFICATE')],
        districts: [
          { districtId: 'district1', name: 'Phòng GD&ĐT Hạ Long', mspId: 'District1MSP' },
          { districtId: 'district2', name: 'Phòng GD&ĐT Cẩm Phả', mspId: 'District2MSP' },
        ],
        schools: [...schools],
        calendars: Object.entries(CALENDARS).map(([schoolYear, windows]) => ({ schoolYear, ...windows })),
      },
    );
    // setUpProvince submits through the client: wait until every peer has its last block.
    await w.ledger.settle((await w.ledger.height()) - 1);
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

  /** A principal's signing certificate under the Ministry's root, valid from a year ago for two years. */
  async makeSigner(schoolId: string, o: { notBefore?: Date; notAfter?: Date } = {}): Promise<TestCert> {
    return makeCert({
      name: `C=VN, O=${schoolId}, CN=Hieu truong`,
      keys: await generateKeys('EC'),
      issuer: this.root,
      ca: false,
      keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      notBefore: o.notBefore ?? new Date(Date.now() - 365 * DAY),
      notAfter: o.notAfter ?? new Date(Date.now() + 365 * DAY),
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

  /**
   * Locks `records` into a batch of `schoolId` (of the main year unless told) and signs its manifest a
   * minute and half a minute ago; returns what anchorBatch takes.
   */
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
    const now = Date.now();
    const manifest = buildManifest({
      channel: 'hocba',
      schoolId,
      schoolYear: YEAR,
      batchId: `B-${schoolId}-${++this.batchSeq}`,
      kind: 'regular',
      leafCount: tree.size,
      root: toHex(tree.root()),
      lockedAt: new Date(now - 60_000).toISOString(),
      signerCert: certificateFingerprint(signer.der),
      ...overrides,
    });
    const bytes = manifestBytes(manifest);
    const cms = await signCms({
      content: bytes,
      privateKey: signer.keys.privateKey,
      certificate: signer.der,
      signingTime: signingTime ?? new Date(now - 30_000),
    });
    return { manifest, args: [new TextDecoder().decode(bytes), toBase64(cms)], leaves, salts, tree };
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
