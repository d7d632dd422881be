/**
 * The anchor benchmark (issue 11 point 5): real ~35-record batches (leaves, tree, manifest, CMS signed by a
 * principal whose certificate chains to the Ministry's trust anchor and is approved for the school) anchored
 * through the gateway's ledger adapter — on the real Fabric network (the chaincode verifies the CMS on two
 * endorsing peers: the province's and the school's district's) and, in the same run, on the embedded ledger.
 *
 * For each ledger and each concurrency (default 1, 10, 50): commit latency p50/p95/p99 of `submit` (endorse,
 * order, commit status), anchors per second sustained over the level's run; on Fabric the CPU time of each
 * kind of process (peers, orderers, chaincode servers, CAs, this gateway process) and their RSS.
 *
 * Each in-flight anchor is for another school (a school's anchors write its head key, so two at once for
 * one school conflict by design): the bench registers as many schools as the highest concurrency.
 *
 * The Fabric network is the bench's own (HOCBA_FABRIC_DIR=.data/fabric-bench, ports +10000 unless set),
 * reset at the start for a fresh ledger and stopped at the end.
 *
 *   npx tsx bench/src/anchor.ts [--concurrency 1,10,50] [--seconds 20] [--records 35] [--ledger fabric,embedded]
 */
import { execFileSync } from 'node:child_process';
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
import { enrol, FabricLedgerClient, loadProfile } from '@hocba/gateway/fabric';
import {
  chaincode,
  EmbeddedLedgerClient,
  endorsers,
  type LedgerClient,
  type LedgerIdentity,
  setUpProvince,
  signingIdentity,
} from '@hocba/gateway/ledger';
import {
  buildManifest,
  certificateFingerprint,
  commitRecord,
  derToPem,
  MerkleTree,
  manifestBytes,
  newRecordSalt,
  signCms,
  toHex,
} from '@hocba/integrity';
import { generateKeys, makeCert, type TestCert, x509 } from '@hocba/integrity/testing/fixtures/pki.ts';
import { makeRecords } from './records.ts';
import { fixed, int, loadAverage, table, writeJson } from './table.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const NETWORK = join(ROOT, 'network/fabric/scripts/network.sh');
const POLICY = "AND('DoetMSP.peer', OR('District1MSP.peer','District2MSP.peer'))";
const DISTRICTS = [
  { districtId: 'district1', name: 'Phòng GD&ĐT Hạ Long', mspId: 'District1MSP' },
  { districtId: 'district2', name: 'Phòng GD&ĐT Cẩm Phả', mspId: 'District2MSP' },
];
export const ANCHOR_GOALS = { p50AtC1Ms: 350, p99AtC1Ms: 1000, perSecondAt50: 60 } as const;

export const ANCHOR_USAGE = `usage: npx tsx bench/src/anchor.ts [--concurrency 1,10,50] [--seconds 20] [--records 35] [--ledger fabric,embedded]
  --concurrency  anchors in flight, comma-separated (default 1,10,50)
  --seconds      how long each level runs (default 20; at least 10 anchors per level)
  --records      records per batch (default 35, a class)
  --ledger       ledgers, comma-separated (default fabric,embedded)`;

interface Options {
  concurrency: number[];
  seconds: number;
  records: number;
  ledgers: ('fabric' | 'embedded')[];
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  const o: Options = { concurrency: [1, 10, 50], seconds: 20, records: 35, ledgers: ['fabric', 'embedded'] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    const ints = (s: string) =>
      s.split(',').map((x) => {
        const n = Number(x);
        if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag}: "${x}" is not a positive integer`);
        return n;
      });
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--concurrency') o.concurrency = ints(value());
    else if (flag === '--seconds') o.seconds = ints(value())[0]!;
    else if (flag === '--records') o.records = ints(value())[0]!;
    else if (flag === '--ledger') {
      o.ledgers = value().split(',') as Options['ledgers'];
      for (const l of o.ledgers) if (l !== 'fabric' && l !== 'embedded') throw new Error(`--ledger: ${l}?`);
    } else throw new Error(`unknown option ${flag}\n${ANCHOR_USAGE}`);
  }
  return o;
}

const log = (msg: string) => process.stderr.write(`[anchor] ${msg}\n`);
const DAY = 86_400_000;

function schoolYearOf(now: Date): string {
  const y = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return `${y}-${y + 1}`;
}

interface School {
  schoolId: string;
  districtMsp: string;
  principal: LedgerIdentity;
  signer: TestCert;
  seq: number;
}

interface Province {
  ledger: LedgerClient;
  schools: School[];
  schoolYear: string;
}

/** Sets a province up: trust anchor, districts, a calendar open now, `n` schools with approved signers. */
async function setUp(
  ledger: LedgerClient,
  ids: { province: LedgerIdentity; ministry: LedgerIdentity },
  principalOf: (schoolId: string) => Promise<LedgerIdentity>,
  n: number,
  root: TestCert,
): Promise<Province> {
  const now = Date.now();
  const at = (d: number) => new Date(now + d * DAY).toISOString();
  const schoolYear = schoolYearOf(new Date(now));
  const specs = Array.from({ length: n }, (_, i) => ({
    schoolId: `SCH-BENCH-${String(i + 1).padStart(3, '0')}`,
    name: `Trường thử nghiệm ${i + 1}`,
    level: 'THCS' as const,
    districtId: DISTRICTS[i % 2]!.districtId,
  }));
  await setUpProvince(ledger, ids, {
    trustAnchors: [derToPem(root.der, 'CERTIFICATE')],
    districts: DISTRICTS,
    schools: specs,
    calendars: [
      {
        schoolYear,
        lockFrom: at(-30),
        lockUntil: at(30),
        acceptanceDeadline: at(40),
        reportDeadline: at(50),
        supplementaryDeadline: at(60),
        replacementFrom: at(-30),
        replacementUntil: at(365),
      },
    ],
  });
  const schools: School[] = [];
  // Ten at a time: the set-up of 50 schools is 100 transactions.
  for (let i = 0; i < specs.length; i += 10) {
    schools.push(
      ...(await Promise.all(
        specs.slice(i, i + 10).map(async (s, k) => {
          const districtMsp = DISTRICTS[(i + k) % 2]!.mspId;
          const principal = await principalOf(s.schoolId);
          const signer = await makeCert({
            name: `C=VN, O=${s.schoolId}, CN=Hieu truong`,
            keys: await generateKeys('EC'),
            issuer: root,
            ca: false,
            keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
            notBefore: new Date(now - 365 * DAY),
            notAfter: new Date(now + 365 * DAY),
          });
          const endorsingOrgs = endorsers({ districtMsp });
          await chaincode.registerCertificate(
            ledger,
            { identity: principal, endorsingOrgs },
            { schoolId: s.schoolId, certificatePem: derToPem(signer.der, 'CERTIFICATE') },
          );
          await chaincode.approveCertificate(
            ledger,
            { identity: ids.province, endorsingOrgs },
            certificateFingerprint(signer.der),
          );
          return { schoolId: s.schoolId, districtMsp, principal, signer, seq: 0 };
        }),
      )),
    );
  }
  return { ledger, schools, schoolYear };
}

/** A locked and signed batch of `records` records for a school: what anchorBatch takes. */
async function makeBatch(
  p: Province,
  s: School,
  records: number,
  tag: string,
): Promise<{ manifestText: string; cms: Uint8Array }> {
  const now = Date.now();
  const rs = makeRecords(s.seq * 7919 + 1, 0, records);
  const leaves = rs.map((r) => commitRecord(r, newRecordSalt()).leaf);
  const tree = new MerkleTree(leaves);
  const manifest = buildManifest({
    channel: 'hocba',
    schoolId: s.schoolId,
    schoolYear: p.schoolYear,
    batchId: `B-${s.schoolId}-${tag}-${++s.seq}`,
    kind: 'regular',
    leafCount: tree.size,
    root: toHex(tree.root()),
    lockedAt: new Date(now - 60_000).toISOString(),
    signerCert: certificateFingerprint(s.signer.der),
  });
  const bytes = manifestBytes(manifest);
  const cms = await signCms({
    content: bytes,
    privateKey: s.signer.keys.privateKey,
    certificate: s.signer.der,
    signingTime: new Date(now - 30_000),
  });
  return { manifestText: new TextDecoder().decode(bytes), cms };
}

const percentile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN;

interface LevelResult {
  concurrency: number;
  anchors: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  cpu?: Record<string, number>;
  rssMB?: Record<string, number>;
}

/** CPU seconds (user + system) and RSS of the network's processes, by kind, from /proc. */
function networkSample(env: NodeJS.ProcessEnv): {
  cpu: Record<string, number>;
  rssMB: Record<string, number>;
} {
  const s = JSON.parse(execFileSync('bash', [NETWORK, 'status', '--json'], { env, encoding: 'utf8' })) as {
    processes: { name: string; pid: number | null; state: string }[];
  };
  const tick = 100; // USER_HZ on Linux
  const cpu: Record<string, number> = {};
  const rssMB: Record<string, number> = {};
  for (const p of s.processes) {
    if (p.state !== 'running' || !p.pid) continue;
    const kind = p.name.replace(/-.*$/, '').replace(/\d+$/, '');
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu[kind] = (cpu[kind] ?? 0) + (Number(fields[11]) + Number(fields[12])) / tick;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1];
      rssMB[p.name] = Math.round(Number(rss) / 1024);
    } catch {
      // A process that ended between status and the read: not counted.
    }
  }
  const self = process.cpuUsage();
  cpu.gateway = (self.user + self.system) / 1e6;
  rssMB.gateway = Math.round(process.memoryUsage().rss / 2 ** 20);
  return { cpu, rssMB };
}

async function runLevel(
  p: Province,
  concurrency: number,
  o: Options,
  tag: string,
  sample?: () => ReturnType<typeof networkSample>,
): Promise<LevelResult> {
  // The batches are made before the clock starts: what is timed is the anchor alone (making a batch is the
  // lock's and the principal's work, measured by the lock benchmark). Enough for 100 anchors/s.
  const perWorker = Math.max(3, Math.ceil((o.seconds * 100) / concurrency));
  const pools = await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const s = p.schools[w % p.schools.length]!;
      const pool: Awaited<ReturnType<typeof makeBatch>>[] = [];
      for (let i = 0; i < perWorker; i++) pool.push(await makeBatch(p, s, o.records, tag));
      return pool;
    }),
  );
  const latencies: number[] = [];
  let failed = 0;
  const before = sample?.();
  const t0 = performance.now();
  const until = t0 + o.seconds * 1000;
  // Each worker owns one school, so no two anchors in flight write the same head key.
  const worker = async (w: number) => {
    const s = p.schools[w % p.schools.length]!;
    for (const batch of pools[w]!) {
      if (performance.now() >= until) break;
      const start = performance.now();
      try {
        await chaincode.anchorBatch(
          p.ledger,
          { identity: s.principal, endorsingOrgs: endorsers({ districtMsp: s.districtMsp }) },
          batch,
        );
        latencies.push(performance.now() - start);
      } catch (e) {
        failed++;
        if (failed <= 3) log(`anchor failed: ${(e as Error).message.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  const after = sample?.();
  const sorted = [...latencies].sort((a, b) => a - b);
  const r: LevelResult = {
    concurrency,
    anchors: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
  if (before && after) {
    r.cpu = Object.fromEntries(
      Object.keys(after.cpu).map((k) => [
        k,
        Math.round(((after.cpu[k] ?? 0) - (before.cpu[k] ?? 0)) * 100) / 100,
      ]),
    );
    r.rssMB = after.rssMB;
  }
  return r;
}

async function fabricProvince(env: NodeJS.ProcessEnv, schools: number, root: TestCert) {
  log(`Fabric: a fresh network in ${env.HOCBA_FABRIC_DIR}`);
  execFileSync('bash', [NETWORK, 'reset'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('bash', [NETWORK, 'up'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const profile = loadProfile(env.HOCBA_FABRIC_DIR);
  const as = (msp: string, name: string, attrs: Record<string, string>) =>
    enrol(profile, msp, name, attrs, env);
  const ministry = await as('MoetMSP', 'ministry-admin', { 'hocba.role': 'ministryAdmin' });
  const province = await as('DoetMSP', 'province-officer', { 'hocba.role': 'provinceOfficer' });
  const ledger = new FabricLedgerClient({ profile, eventIdentity: ministry });
  log(`Fabric: enrolling ${schools} principals and setting up the province`);
  const p = await setUp(
    ledger,
    { province, ministry },
    (schoolId) =>
      as('DoetMSP', `principal-${schoolId}`, { 'hocba.role': 'principal', 'hocba.school': schoolId }),
    schools,
    root,
  );
  return p;
}

async function embeddedProvince(schools: number, root: TestCert) {
  const { contracts } = createRequire(import.meta.url)(join(ROOT, 'chaincode/dist/index.cjs')) as {
    contracts: ContractClass[];
  };
  const ledger = EmbeddedLedgerClient.open({ contracts, endorsementPolicy: POLICY });
  const ca = { moet: await makeOrgCa('MoetMSP'), doet: await makeOrgCa('DoetMSP') };
  // Identities that sign, as the gateway holds them (the embedded ledger checks no signature).
  const issue = async (c: OrgCa, o: IssueOptions) => signingIdentity(await issueIdentity(c, o));
  const ministry = await issue(ca.moet, {
    commonName: 'm',
    ou: 'client',
    attrs: { 'hocba.role': 'ministryAdmin' },
  });
  const province = await issue(ca.doet, {
    commonName: 'p',
    ou: 'client',
    attrs: { 'hocba.role': 'provinceOfficer' },
  });
  return setUp(
    ledger,
    { province, ministry },
    (schoolId) =>
      issue(ca.doet, {
        commonName: `principal-${schoolId}`,
        ou: 'client',
        attrs: { 'hocba.role': 'principal', 'hocba.school': schoolId },
      }),
    schools,
    root,
  );
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(ANCHOR_USAGE);
    return;
  }
  const o = parsed;
  const started = new Date();
  execFileSync('node', [join(ROOT, 'chaincode/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const env = {
    ...process.env,
    HOCBA_FABRIC_DIR: process.env.HOCBA_FABRIC_DIR ?? join(ROOT, '.data/fabric-bench'),
    HOCBA_FABRIC_PORT_OFFSET: process.env.HOCBA_FABRIC_PORT_OFFSET ?? '10000',
  };
  const root = await makeCert({
    name: 'C=VN, O=Bo GDDT, CN=Bench Ministry Root CA',
    keys: await generateKeys('EC'),
    ca: true,
  });
  const schools = Math.max(...o.concurrency);
  const results: Record<string, LevelResult[]> = {};
  const load = loadAverage();
  for (const which of o.ledgers) {
    const p =
      which === 'fabric' ? await fabricProvince(env, schools, root) : await embeddedProvince(schools, root);
    const sample = which === 'fabric' ? () => networkSample(env) : undefined;
    // A warm-up: the first transactions open connections and wake the chaincode servers.
    await runLevel(p, Math.min(4, schools), { ...o, seconds: 1 }, 'warm', undefined);
    results[which] = [];
    for (const c of o.concurrency) {
      log(`${which}: concurrency ${c}, ${o.seconds} s`);
      results[which].push(await runLevel(p, c, o, `c${c}`, sample));
    }
    await p.ledger.close();
    if (which === 'fabric')
      execFileSync('bash', [NETWORK, 'down'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  const rows: string[][] = [];
  for (const [which, levels] of Object.entries(results))
    for (const r of levels)
      rows.push([
        which,
        String(r.concurrency),
        int(r.anchors),
        String(r.failed),
        fixed(r.perSecond, 1),
        int(r.p50Ms),
        int(r.p95Ms),
        int(r.p99Ms),
        r.cpu
          ? Object.entries(r.cpu)
              .map(([k, v]) => `${k} ${fixed(v, 1)}`)
              .join(', ')
          : '-',
      ]);
  console.log(
    `\nAnchors of ${o.records}-record batches, ${o.seconds} s per level (load average at start ${load.join(' ')})\n`,
  );
  console.log(
    table(['ledger', 'in flight', 'anchors', 'failed', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU s'], rows),
  );
  const fabric = results.fabric;
  const embedded = results.embedded;
  const at = (levels: LevelResult[] | undefined, c: number) => levels?.find((r) => r.concurrency === c);
  const goals = fabric && {
    p50AtC1: {
      ms: at(fabric, 1)?.p50Ms,
      goalMs: ANCHOR_GOALS.p50AtC1Ms,
      met: (at(fabric, 1)?.p50Ms ?? Infinity) <= ANCHOR_GOALS.p50AtC1Ms,
    },
    p99AtC1: {
      ms: at(fabric, 1)?.p99Ms,
      goalMs: ANCHOR_GOALS.p99AtC1Ms,
      met: (at(fabric, 1)?.p99Ms ?? Infinity) <= ANCHOR_GOALS.p99AtC1Ms,
    },
    perSecondAt50: {
      perSecond: at(fabric, 50)?.perSecond,
      goal: ANCHOR_GOALS.perSecondAt50,
      met: (at(fabric, 50)?.perSecond ?? 0) >= ANCHOR_GOALS.perSecondAt50,
    },
  };
  const ratios =
    fabric && embedded
      ? Object.fromEntries(
          o.concurrency.map((c) => [
            `c${c}`,
            {
              fabricOverEmbeddedP50:
                (at(fabric, c)?.p50Ms ?? Number.NaN) / (at(embedded, c)?.p50Ms ?? Number.NaN),
              fabricOverEmbeddedPerSecond:
                (at(fabric, c)?.perSecond ?? Number.NaN) / (at(embedded, c)?.perSecond ?? Number.NaN),
            },
          ]),
        )
      : undefined;
  if (goals) console.log(`\ngoals on Fabric: ${JSON.stringify(goals)}`);
  if (ratios) console.log(`Fabric / embedded (same run): ${JSON.stringify(ratios)}`);
  const rss = fabric?.at(-1)?.rssMB;
  if (rss) console.log(`RSS MB after the last level: ${JSON.stringify(rss)}`);
  const files = writeJson('anchor', started, { options: o, loadAverage: load, results, goals, ratios });
  log(`figures: ${files[1]}`);
}

// As in gateway/src/server.ts: fabric-shim's own unhandledRejection handler may swallow a failure.
main().catch((e: unknown) => {
  process.stderr.write(`[anchor] failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
