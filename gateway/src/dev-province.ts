/**
 * A province on the embedded ledger for development (`npm start`, the server without Fabric): the built
 * chaincode package run in-process, client identities as Fabric CA would issue them, the province set up
 * (the dev PKI's root as the Ministry's trust anchor, two districts, the dev PKI's schools, a calendar
 * around today so that locking is open), and each school's principal certificate registered and
 * approved. Optionally one small batch is locked, signed and anchored, and one record's proof bundle is
 * returned, so that there is something to verify.
 *
 * With `dataDir` the ledger keeps its blocks there (blocks.jsonl, replayed at open): a ledger that has
 * blocks beyond the genesis one was set up by an earlier start, and is only reopened. Client identities are
 * issued anew at each start; the embedded ledger trusts the identity it is handed and the chaincode reads
 * roles and scopes from the certificate's attributes, so fresh ones act exactly as the old ones did.
 *
 * The dev PKI (scripts/dev-pki.ts, run by `npm run setup`) holds the keys; this module only reads them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  type ContractClass,
  type IssueOptions,
  issueIdentity,
  makeOrgCa,
  type OrgCa,
} from '@hocba/embedded-ledger';
import {
  buildBundle,
  buildManifest,
  certificateFingerprint,
  commitRecord,
  derToPem,
  disclose,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  type ProofBundle,
  pemToDer,
  signCms,
  toHex,
} from '@hocba/integrity';
import type { FabricLedgerClient } from './ledger/fabric.ts';
import type { NetworkProfile } from './ledger/fabric-wallet.ts';
import {
  type CalendarSpec,
  chaincode,
  EmbeddedLedgerClient,
  endorsers,
  type LedgerClient,
  LedgerError,
  type LedgerIdentities,
  type LedgerIdentity,
  type SchoolSpec,
  setUpProvince,
  signingIdentity,
  staticIdentities,
} from './ledger/index.ts';
import { once } from './ledger/province.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const POLICY = "AND('DoetMSP.peer', OR('District1MSP.peer','District2MSP.peer'))";
export const DEV_PROVINCE = { code: '22', name: 'Quảng Ninh', mspId: 'DoetMSP' } as const;
export const DEV_DISTRICTS = [
  { districtId: 'district1', name: 'Phòng GD&ĐT Hạ Long', mspId: 'District1MSP' },
  { districtId: 'district2', name: 'Phòng GD&ĐT Cẩm Phả', mspId: 'District2MSP' },
] as const;
const DISTRICTS = DEV_DISTRICTS;
const LEVELS = ['TH', 'THCS', 'THPT'] as const satisfies SchoolSpec['level'][];
const DAY = 24 * 3600 * 1000;

/** A client identity as Fabric CA would issue it, held as the gateway holds one: its key only as `sign`. */
const issue = async (ca: OrgCa, o: IssueOptions) => signingIdentity(await issueIdentity(ca, o));

interface PkiIndex {
  root: { certificate: string };
  schools: {
    schoolId: string;
    name: string;
    districtId: string;
    principal: { certificate: string; privateKey: string };
  }[];
}

export type DevSchool = SchoolSpec;

export interface DevProvince<L extends LedgerClient = LedgerClient> {
  ledger: L;
  /** The gateway's read-only identity (no role: reading the ledger is open to every member). */
  reader: LedgerIdentity;
  ids: {
    ministry: LedgerIdentity;
    province: LedgerIdentity;
    principals: Record<string, LedgerIdentity>;
    districtOfficers: Record<string, LedgerIdentity>;
  };
  /** What the gateway submits with (AppOptions.identities, the anchoring worker). */
  identities: LedgerIdentities;
  schools: DevSchool[];
  /** DER of the dev PKI's root: the Ministry's trust anchor registered on the ledger. */
  trustAnchors: Uint8Array[];
  /** The dev PKI directory the province was built from. */
  pkiDir: string;
  /** True when the ledger was reopened from `dataDir` rather than set up now. */
  restored: boolean;
  schoolYear: string;
  /** One anchored record's bundle, when `demoBatch` was asked for. */
  sampleBundle?: ProofBundle;
}

export interface DevProvinceOptions {
  /** The dev PKI directory (default: .dev-pki at the repository root). */
  pkiDir?: string;
  /** The chaincode package (default: chaincode/dist/index.cjs; `node chaincode/build.mjs` makes it). */
  chaincodePackage?: string;
  now?: Date;
  /** Lock, sign and anchor a batch of five synthetic records at the first school. */
  demoBatch?: boolean;
  /** Keep the ledger's blocks in this directory (default: in memory). */
  dataDir?: string;
}

export async function startEmbeddedProvince(
  o: DevProvinceOptions = {},
): Promise<DevProvince<EmbeddedLedgerClient>> {
  const pkg = o.chaincodePackage ?? join(ROOT, 'chaincode/dist/index.cjs');
  const { contracts } = createRequire(import.meta.url)(pkg) as { contracts: ContractClass[] };
  const ledger = EmbeddedLedgerClient.open({
    contracts,
    endorsementPolicy: POLICY,
    ...(o.dataDir !== undefined && { dataDir: o.dataDir }),
  });
  // Beyond the genesis block: an earlier start set the province up.
  const restored = ledger.ledger.height > 1;
  const schoolIds = readPkiIndex(o).schools.map((s) => s.schoolId);
  return setUpDevProvince(ledger, await embeddedIdentities(schoolIds), restored, o);
}

/**
 * The development province on a real Fabric network (LEDGER=fabric): the identities are enrolled with the
 * organisations' Fabric CAs; a ledger that already has the Ministry's trust anchor was set up by an earlier
 * start and is only reopened.
 */
export async function startFabricProvince(
  o: DevProvinceOptions & { profile: NetworkProfile },
): Promise<DevProvince<FabricLedgerClient>> {
  // fabric-gateway and gRPC load here, not with the gateway: the embedded ledger and Postgres never need them.
  const [{ FabricLedgerClient }, { fabricIdentities }] = await Promise.all([
    import('./ledger/fabric.ts'),
    import('./ledger/fabric-wallet.ts'),
  ]);
  const ids = await fabricIdentities({
    profile: o.profile,
    districts: DISTRICTS,
    schools: readPkiIndex(o).schools,
  });
  const ledger = new FabricLedgerClient({ profile: o.profile, eventIdentity: ids.reader });
  return setUpDevProvince(ledger, ids, await setUpCompleted(ledger, ids.reader, readPkiIndex(o)), o);
}

/**
 * Whether an earlier start finished the set-up: its last step, the last school's certificate, is approved.
 * A start that died half way is not "restored": the set-up runs again and finishes (each step re-runnable).
 */
async function setUpCompleted(
  ledger: LedgerClient,
  reader: LedgerIdentity,
  index: PkiIndex & { dir: string },
): Promise<boolean> {
  const last = index.schools.at(-1);
  if (!last) return false;
  const fingerprint = certificateFingerprint(
    pemToDer(readFileSync(join(index.dir, last.principal.certificate), 'utf8'), 'CERTIFICATE')[0]!,
  );
  try {
    return (await chaincode.getCertificate(ledger, reader, fingerprint)).status === 'approved';
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND') return false;
    throw e;
  }
}

interface ProvinceIdentities {
  reader: LedgerIdentity;
  ministry: LedgerIdentity;
  province: LedgerIdentity;
  principals: Record<string, LedgerIdentity>;
  districtOfficers: Record<string, LedgerIdentity>;
}

/**
 * Client identities as Fabric CA would issue them, for the embedded ledger. Issued anew at each start: the
 * embedded ledger trusts the identity it is handed and the chaincode reads roles and scopes from the
 * certificate's attributes, so fresh ones act exactly as the old ones did.
 */
async function embeddedIdentities(schoolIds: readonly string[]): Promise<ProvinceIdentities> {
  const ca = { moet: await makeOrgCa('MoetMSP'), doet: await makeOrgCa('DoetMSP') };
  const ministry = await issue(ca.moet, {
    commonName: 'ministry-admin',
    ou: 'client',
    attrs: { 'hocba.role': 'ministryAdmin' },
  });
  const province = await issue(ca.doet, {
    commonName: 'province-officer',
    ou: 'client',
    attrs: { 'hocba.role': 'provinceOfficer' },
  });
  const reader = await issue(ca.doet, { commonName: 'gateway-reader', ou: 'client', attrs: {} });
  // Acceptance is a district's act: its officer's certificate comes from the district's own CA.
  const districtOfficers: Record<string, LedgerIdentity> = {};
  for (const d of DISTRICTS) {
    districtOfficers[d.districtId] = await issue(await makeOrgCa(d.mspId), {
      commonName: `officer-${d.districtId}`,
      ou: 'client',
      attrs: { 'hocba.role': 'districtOfficer', 'hocba.district': d.districtId },
    });
  }
  const principals: Record<string, LedgerIdentity> = {};
  for (const s of schoolIds)
    principals[s] = await issue(ca.doet, {
      commonName: `principal-${s}`,
      ou: 'client',
      attrs: { 'hocba.role': 'principal', 'hocba.school': s },
    });
  return { reader, ministry, province, principals, districtOfficers };
}

async function setUpDevProvince<L extends LedgerClient>(
  ledger: L,
  ids: ProvinceIdentities,
  restored: boolean,
  o: DevProvinceOptions,
): Promise<DevProvince<L>> {
  const pkiDir = o.pkiDir ?? join(ROOT, '.dev-pki');
  const now = o.now ?? new Date();
  const index = readPkiIndex(o);
  const der = (path: string, label: string) => pemToDer(readFileSync(join(pkiDir, path), 'utf8'), label)[0]!;
  const { reader, ministry, province, principals, districtOfficers } = ids;
  const schools: DevSchool[] = index.schools.map((s, i) => ({
    schoolId: s.schoolId,
    name: s.name,
    level: LEVELS[i % LEVELS.length]!,
    districtId: s.districtId,
  }));

  const year = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const schoolYear = `${year}-${year + 1}`;
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  // Locking open for a month either side of today; a restarted province whose window has passed (or whose
  // school year has turned) gets this year's calendar again, as its officers would set it.
  const calendar: CalendarSpec = {
    schoolYear,
    lockFrom: at(-30),
    lockUntil: at(30),
    acceptanceDeadline: at(40),
    reportDeadline: at(50),
    supplementaryDeadline: at(60),
    replacementFrom: at(-30),
    replacementUntil: at(365),
  };
  if (!restored)
    await setUpProvince(
      ledger,
      { province, ministry },
      {
        trustAnchors: [derToPem(der(index.root.certificate, 'CERTIFICATE'), 'CERTIFICATE')],
        districts: [...DISTRICTS],
        schools,
        calendars: [calendar],
      },
    );
  else if (!(await lockWindowOpen(ledger, reader, schoolYear, now))) {
    await chaincode.setCalendar(
      ledger,
      { identity: province, endorsingOrgs: endorsers({ districtMsp: DISTRICTS[0]!.mspId }) },
      calendar,
    );
  }

  for (const s of index.schools) {
    const districtMsp = DISTRICTS.find((d) => d.districtId === s.districtId)!.mspId;
    const asSchool = { endorsingOrgs: endorsers({ districtMsp }) };
    const principal = principals[s.schoolId]!;
    if (restored) continue;
    const cert = der(s.principal.certificate, 'CERTIFICATE');
    // Steps an interrupted set-up may have done already (once(): ALREADY_EXISTS is success).
    await once(
      chaincode.registerCertificate(
        ledger,
        { identity: principal, ...asSchool },
        { schoolId: s.schoolId, certificatePem: derToPem(cert, 'CERTIFICATE') },
      ),
    );
    const fingerprint = certificateFingerprint(cert);
    if ((await chaincode.getCertificate(ledger, reader, fingerprint)).status === 'pending')
      await chaincode.approveCertificate(ledger, { identity: province, ...asSchool }, fingerprint);
  }

  const identities = staticIdentities({
    reader,
    province,
    ministry,
    principals,
    districtOfficers,
    districtMsps: Object.fromEntries(DISTRICTS.map((d) => [d.districtId, d.mspId])),
    schoolDistricts: Object.fromEntries(schools.map((s) => [s.schoolId, s.districtId])),
  });
  const setUp = {
    ledger,
    reader,
    ids: { ministry, province, principals, districtOfficers },
    identities,
    schools,
    trustAnchors: [der(index.root.certificate, 'CERTIFICATE')],
    pkiDir,
    restored,
    schoolYear,
  };
  if (!o.demoBatch) return setUp;
  const school = index.schools[0]!;
  const sampleBundle = await anchorDemoBatch(ledger, {
    schoolId: school.schoolId,
    districtMsp: DISTRICTS.find((d) => d.districtId === school.districtId)!.mspId,
    principal: principals[school.schoolId]!,
    certDer: der(school.principal.certificate, 'CERTIFICATE'),
    keyDer: der(school.principal.privateKey, 'PRIVATE KEY'),
    schoolYear,
    now,
  });
  return { ...setUp, sampleBundle };
}

function readPkiIndex(o: DevProvinceOptions): PkiIndex & { dir: string } {
  const dir = o.pkiDir ?? join(ROOT, '.dev-pki');
  return { ...(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as PkiIndex), dir };
}

async function anchorDemoBatch(
  ledger: LedgerClient,
  s: {
    schoolId: string;
    districtMsp: string;
    principal: LedgerIdentity;
    certDer: Uint8Array;
    keyDer: Uint8Array;
    schoolYear: string;
    now: Date;
  },
): Promise<ProofBundle> {
  // Synthetic records: the demo shows the mechanism, not anybody's marks.
  const records = Array.from({ length: 5 }, (_, i) => ({
    recordId: `DEMO-${i + 1}`,
    schoolCode: s.schoolId,
    schoolYear: s.schoolYear,
    grade: 5,
    classId: '5A',
    subjects: { toan: { level: 'T', score: 8 + (i % 3) }, tiengViet: { level: 'H', score: 7 } },
    overall: 'HTT',
  }));
  const salts = records.map(() => newRecordSalt());
  const leaves = records.map((r, i) => commitRecord(r, salts[i]!).leaf);
  const tree = new MerkleTree(leaves);
  const manifest = buildManifest({
    channel: 'hocba',
    schoolId: s.schoolId,
    schoolYear: s.schoolYear,
    batchId: `B-${s.schoolId}-${s.schoolYear}-DEMO`,
    kind: 'regular',
    leafCount: tree.size,
    root: toHex(tree.root()),
    lockedAt: new Date(s.now.getTime() - 60_000).toISOString(),
    signerCert: certificateFingerprint(s.certDer),
  });
  const key = await crypto.subtle.importKey(
    'pkcs8',
    new Uint8Array(s.keyDer),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const cms = await signCms({
    content: manifestBytes(manifest),
    privateKey: key,
    certificate: s.certDer,
    signingTime: new Date(s.now.getTime() - 30_000),
  });
  await chaincode.anchorBatch(
    ledger,
    { identity: s.principal, endorsingOrgs: endorsers({ districtMsp: s.districtMsp }) },
    { manifestText: new TextDecoder().decode(manifestBytes(manifest)), cms },
  );
  const i = 2;
  return buildBundle({
    disclosure: disclose(records[i], salts[i]!, ['/recordId', '/subjects', '/overall']),
    leaf: leaves[i]!,
    leafIndex: i,
    treeSize: tree.size,
    proof: tree.inclusionProof(i),
    manifest,
    cms,
    certificates: [s.certDer],
  });
}

/** Whether the ledger's calendar for `schoolYear` exists and its lock window holds `now`. */
async function lockWindowOpen(
  ledger: LedgerClient,
  reader: LedgerIdentity,
  schoolYear: string,
  now: Date,
): Promise<boolean> {
  try {
    const c = await chaincode.getCalendar(ledger, reader, schoolYear);
    return Date.parse(c.lockFrom) <= now.getTime() && now.getTime() <= Date.parse(c.lockUntil);
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND') return false;
    throw e;
  }
}
