/**
 * One benchmark round over N records: the measurements of DESIGN.md §4's integrity scheme and its
 * baselines, one after another in one process. Every phase is preceded by a full GC and reports the
 * median of its repetitions.
 */
import { Buffer } from 'node:buffer';
import { loadavg } from 'node:os';
import {
  canonicalBytes,
  commitRecord,
  MerkleTree,
  newRecordSalt,
  sha256,
  verifyInclusion,
} from '@hocba/integrity';
import { compareHashLibs, type HashLib } from './baselines/hash-libs.ts';
import {
  buildMerkletreejs,
  MERKLETREEJS_CONFIGS,
  type MerkletreejsConfig,
  toBuffers,
} from './baselines/merkletreejs.ts';
import { toOaDocument, wrapBatch } from './baselines/open-attestation.ts';
import { type GatewayCommitments, measureGatewayCommitments } from './gateway-commitments.ts';
import {
  collectGarbage,
  type MemorySample,
  median,
  memorySample,
  repeat,
  Stopwatch,
  type Timing,
  timing,
} from './measure.ts';
import { Population } from './records.ts';

export interface Skipped {
  readonly skipped: string;
}

export interface SizeResult {
  n: number;
  /** Most runs per phase; a phase stops earlier when its time budget is spent. */
  reps: number;
  /** os.loadavg() when the round started: above ~1 on this 2-core machine, something else was running. */
  loadAvgAtStart: number[];
  records: { meanCanonicalBytes: number; meanFieldCount: number; generatedPerPass: boolean };
  leaf: Timing;
  tree: Timing;
  sha256Alone: Timing;
  merkletreejs: Record<MerkletreejsConfig, Timing | Skipped>;
  openAttestation: Timing;
  /** The gateway's commitments of one record (issue 16), on as many records as OpenAttestation got. */
  gatewayCommitments: GatewayCommitments;
  hashLibs: Record<HashLib, Timing> & { sharedWithN?: number };
  ratios: Ratios;
  checks: Record<string, boolean>;
  memory: MemorySample[];
}

export interface Ratios {
  treeOverLeaf: number;
  oaPerRecordOverOursPerRecord: number;
  /** wrapDocuments per record / (the gateway's commitWith(LOCK_SALT_SCHEME) + our tree and proofs) per record. */
  oaPerRecordOverGatewayPerRecord: number;
  /** The same without our tree: wrapDocuments per record / the gateway's leaf alone. */
  oaPerRecordOverGatewayLeaf: number;
  /** The gateway's leaf / its field hashes alone (the floor): how far the commitment is from the bound. */
  gatewayLeafOverFieldHashFloor: number;
  /** The HMAC field salts of before / the keystream ones, both in the gateway. */
  gatewayHmacOverKeystream: number;
  leafOverSha256Alone: number;
  merkletreejsOverOurs: Partial<Record<MerkletreejsConfig, number>>;
}

export interface SuiteOptions {
  seed: number;
  reps: number;
  /** Time budget per phase for its repetitions. */
  budgetMs: number;
  oaCap: number;
  hashLibCap: number;
  /** Above this N a merkletreejs configuration is skipped (none by default). */
  merkletreejsCap?: Partial<Record<MerkletreejsConfig, number>>;
  log: (msg: string) => void;
}

/** Measurements that do not depend on N beyond a cap, kept so that a later, larger N can reuse them. */
export interface CappedCache {
  hashLibs?: { n: number; count: number; timings: Record<HashLib, Timing> };
}

let sink = 0;
/** Keeps results observable so that no measured work can be optimised away. */
export const sinkValue = (): number => sink;

export async function runSize(n: number, o: SuiteOptions, cache: CappedCache = {}): Promise<SizeResult> {
  const { reps, log } = o;
  const loadAvgAtStart = loadavg();
  const rounds = { reps, budgetMs: o.budgetMs };
  const memory: MemorySample[] = [];
  const checks: Record<string, boolean> = {};
  const t0 = performance.now();
  const step = (what: string): void =>
    log(`N=${n}: ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const pop = new Population(o.seed, n);
  const salts: Uint8Array[] = Array.from({ length: n }, () => newRecordSalt());
  memory.push(memorySample('records and salts ready'));

  // 1. Leaf computation: commitRecord over every record, salts pre-generated.
  step('leaf computation');
  const leaves: Uint8Array[] = new Array(n);
  let fieldTotal = 0;
  const leaf = await repeat(n, rounds, () => {
    const sw = new Stopwatch();
    fieldTotal = 0;
    for (const [start, records] of pop.chunks()) {
      sw.time(() => {
        for (let j = 0; j < records.length; j++) {
          const c = commitRecord(records[j], salts[start + j]!);
          leaves[start + j] = c.leaf;
          fieldTotal += c.fieldCount;
        }
      });
    }
    return sw.ms;
  });
  memory.push(memorySample('leaves computed'));

  // 2. Our RFC 9162 tree and an inclusion proof for every leaf.
  step('tree + all inclusion proofs');
  const buildRuns: number[] = [];
  const proofRuns: number[] = [];
  const treeTiming = await repeat(n, rounds, () => {
    const a = performance.now();
    const t = new MerkleTree(leaves);
    const b = performance.now();
    let hashes = 0;
    for (let i = 0; i < n; i++) hashes += t.inclusionProof(i).length;
    const c = performance.now();
    sink += hashes;
    buildRuns.push(b - a);
    proofRuns.push(c - b);
    return c - a;
  });
  // Each repetition's tree is garbage before the next one's full GC; one more, untimed, for the checks.
  const ourTree = new MerkleTree(leaves);
  const root = ourTree.root();
  checks.ourProofsVerify = sampleIndices(n).every((i) => {
    verifyInclusion(i, n, leaves[i]!, ourTree.inclusionProof(i), root);
    return true;
  });
  const ourProofSample = sampleIndices(n).map((i) => ourTree.inclusionProof(i));
  const treeResult = timing(n, treeTiming.runsMs, {
    buildMedianMs: median(buildRuns),
    proofsMedianMs: median(proofRuns),
  });
  memory.push(memorySample('tree measured'));

  // 3a. SHA-256 alone over each record's canonical bytes (computed outside the timing, chunk by chunk).
  step('SHA-256 alone');
  collectGarbage();
  const shaRuns: number[] = new Array(reps).fill(0);
  let byteTotal = 0;
  for (const [, records] of pop.chunks()) {
    const bytes = records.map((r) => canonicalBytes(r));
    for (const b of bytes) byteTotal += b.length;
    for (let r = 0; r < reps; r++) {
      const a = performance.now();
      for (const b of bytes) sink ^= sha256(b)[0]!;
      shaRuns[r]! += performance.now() - a;
    }
  }
  const sha256Alone = timing(n, shaRuns);

  // 3b. merkletreejs: tree and getProof for every leaf, in each configuration.
  const bufferLeaves = toBuffers(leaves);
  const merkletreejs = {} as Record<MerkletreejsConfig, Timing | Skipped>;
  for (const config of Object.keys(MERKLETREEJS_CONFIGS) as MerkletreejsConfig[]) {
    const cap = o.merkletreejsCap?.[config];
    if (cap !== undefined && n > cap) {
      merkletreejs[config] = { skipped: `not run above ${cap} records (too slow)` };
      continue;
    }
    step(MERKLETREEJS_CONFIGS[config]);
    const builds: number[] = [];
    let rootHex = '';
    let sample: Buffer[][] = [];
    let verified = true;
    const t = await repeat(n, rounds, () => {
      const a = performance.now();
      const mt = buildMerkletreejs(config, bufferLeaves);
      const b = performance.now();
      let hashes = 0;
      for (let i = 0; i < n; i++) hashes += mt.getProof(bufferLeaves[i]!, i).length;
      const c = performance.now();
      sink += hashes;
      builds.push(b - a);
      rootHex = mt.getRoot().toString('hex');
      sample = sampleIndices(n).map((i) => mt.getProof(bufferLeaves[i]!, i).map((p) => p.data));
      verified = sampleIndices(n).every((i) =>
        mt.verify(mt.getProof(bufferLeaves[i]!, i), bufferLeaves[i]!, mt.getRoot()),
      );
      return c - a;
    });
    checks[`merkletreejs.${config}.proofsVerify`] = verified;
    if (config === 'rfc9162') {
      checks['merkletreejs.rfc9162.rootEqualsOurs'] = rootHex === Buffer.from(root).toString('hex');
      checks['merkletreejs.rfc9162.proofsEqualOurs'] = sample.every(
        (p, k) =>
          p.length === ourProofSample[k]!.length &&
          p.every((h, j) => h.equals(Buffer.from(ourProofSample[k]![j]!))),
      );
    }
    merkletreejs[config] = timing(n, t.runsMs, { buildMedianMs: median(builds) });
  }
  memory.push(memorySample('merkletreejs measured'));

  // 3c. OpenAttestation v2 wrapDocuments on min(N, cap) records. Measured again at each N, not reused
  // from a smaller one: the gateway's commitments (3d) are compared with it, and both must run in the same
  // heap (at N=10⁵ the population held slows every allocation-heavy loop by ~30 %).
  const oaCount = Math.min(n, o.oaCap);
  step(`OpenAttestation wrapDocuments on ${oaCount} records`);
  const docs = pop.first(oaCount).map(toOaDocument);
  let oaOk = true;
  const openAttestation = await repeat(oaCount, { ...rounds, reps: Math.min(reps, 3) }, () => {
    const a = performance.now();
    const res = wrapBatch(docs);
    const ms = performance.now() - a;
    sink += res.proofHashes;
    oaOk &&= res.check();
    return ms;
  });
  checks.openAttestationVerifies = oaOk;

  // 3d. The gateway's commitments (issue 16): the same records OpenAttestation wrapped, their own salts.
  step(`gateway commitments (keystream salts, node:crypto) on ${oaCount} records`);
  const gatewayCommitments = await measureGatewayCommitments(pop.first(oaCount), salts.slice(0, oaCount), {
    ...rounds,
    reps: Math.max(reps, 3),
  });

  // 6. The hash library: noble vs node:crypto vs Web Crypto, on min(N, cap) records' canonical bytes.
  const hashCount = Math.min(n, o.hashLibCap);
  let hashLibs: SizeResult['hashLibs'];
  if (cache.hashLibs && cache.hashLibs.count === hashCount) {
    hashLibs = { ...cache.hashLibs.timings, sharedWithN: cache.hashLibs.n };
  } else {
    step(`hash libraries on ${hashCount} records`);
    const inputs = pop.first(hashCount).map((r) => canonicalBytes(r));
    const timings = await compareHashLibs(inputs, { ...rounds, reps: Math.max(reps, 5) });
    checks.hashLibsAgree = true;
    hashLibs = timings;
    cache.hashLibs = { n, count: hashCount, timings };
  }
  memory.push(memorySample('done'));
  step('done');

  const ratios: Ratios = {
    treeOverLeaf: treeResult.medianMs / leaf.medianMs,
    oaPerRecordOverOursPerRecord: openAttestation.perItemUs / (leaf.perItemUs + treeResult.perItemUs),
    oaPerRecordOverGatewayPerRecord:
      openAttestation.perItemUs / (gatewayCommitments.keystream.perItemUs + treeResult.perItemUs),
    oaPerRecordOverGatewayLeaf: openAttestation.perItemUs / gatewayCommitments.keystream.perItemUs,
    gatewayLeafOverFieldHashFloor:
      gatewayCommitments.keystream.perItemUs / gatewayCommitments.fieldHashFloor.perItemUs,
    gatewayHmacOverKeystream: gatewayCommitments.hmac.perItemUs / gatewayCommitments.keystream.perItemUs,
    leafOverSha256Alone: leaf.medianMs / sha256Alone.medianMs,
    merkletreejsOverOurs: {},
  };
  for (const [config, t] of Object.entries(merkletreejs) as [MerkletreejsConfig, Timing | Skipped][]) {
    if ('medianMs' in t) ratios.merkletreejsOverOurs[config] = t.medianMs / treeResult.medianMs;
  }
  return {
    n,
    reps,
    loadAvgAtStart,
    records: {
      meanCanonicalBytes: byteTotal / n,
      meanFieldCount: fieldTotal / n,
      generatedPerPass: !pop.materialized,
    },
    leaf,
    tree: treeResult,
    sha256Alone,
    merkletreejs,
    openAttestation,
    gatewayCommitments,
    hashLibs,
    ratios,
    checks,
    memory,
  };
}

/** A few leaf indices spread over [0, n), ends included. */
function sampleIndices(n: number): number[] {
  const out = new Set<number>([0, n - 1]);
  for (let k = 1; k < 16; k++) out.add(Math.floor((k * n) / 16));
  return [...out].filter((i) => i >= 0 && i < n);
}
