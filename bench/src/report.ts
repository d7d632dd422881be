/** The printed tables and the JSON results file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { HASH_LIBS, type HashLib } from './baselines/hash-libs.ts';
import { MERKLETREEJS_CONFIGS, type MerkletreejsConfig } from './baselines/merkletreejs.ts';
import type { Timing } from './measure.ts';
import type { SizeResult, Skipped } from './suite.ts';

/**
 * The goals of open issues: the tree's share (issue 3, kept as the tree's bound) and issue 16's ≥ 10× for the
 * gateway's commitments. Issue 3 also asked wrapDocuments / ours (leaf+tree+proof) ≥ 20× for integrity's
 * portable (noble) path; issue 3 is resolved, no open issue asks for it, and issue 16 set ≥ 10× for the
 * gateway instead: the ratio is printed as a figure, without a verdict.
 */
export const GOALS = { treeOverLeafAtMost: 1.5, oaOverGatewayAtLeast: 10 } as const;

const int = (x: number): string => Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');
const fixed = (x: number, d: number): string => {
  const [a, b] = x.toFixed(d).split('.');
  return `${int(Number(a))}${b ? `.${b}` : ''}`;
};
const ratio = (x: number): string =>
  x >= 100 ? int(x) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);

const W = 66;

function row(label: string, t: Timing | Skipped, note = ''): string {
  if ('skipped' in t) {
    return `  ${label.padEnd(W)} ${'—'.padStart(10)} ${'—'.padStart(5)} ${'—'.padStart(13)} ${'—'.padStart(11)}  ${t.skipped}`;
  }
  return (
    `  ${label.padEnd(W)} ${int(t.count).padStart(10)} ${String(t.runsMs.length).padStart(5)} ` +
    `${fixed(t.medianMs, 1).padStart(13)} ${fixed(t.perItemUs, 2).padStart(11)}  ${note}`
  );
}

export function formatSize(r: SizeResult): string {
  const lines: string[] = [];
  const load = r.loadAvgAtStart.map((x) => x.toFixed(2)).join(' ');
  const busy = (r.loadAvgAtStart[0] ?? 0) > 1.2 ? ' — another process was competing for the CPU' : '';
  lines.push(
    `N = ${int(r.n)} records · canonical JSON ${int(r.records.meanCanonicalBytes)} B/record (mean) · ` +
      `${r.records.meanFieldCount.toFixed(1)} fields/record · ${r.reps === 1 ? '1 run' : `up to ${r.reps} runs (median)`} per phase · ` +
      `load average at start ${load}${busy}`,
  );
  lines.push(
    `  ${'measurement'.padEnd(W)} ${'records'.padStart(10)} ${'runs'.padStart(5)} ${'total ms'.padStart(13)} ${'µs/record'.padStart(11)}`,
  );
  lines.push(row('1  leaf: commitRecord (salts pre-generated)', r.leaf));
  const tb = r.tree.extra as { buildMedianMs: number; proofsMedianMs: number };
  lines.push(
    row(
      '2  tree + all inclusion proofs (ours, RFC 9162)',
      r.tree,
      `build ${fixed(tb.buildMedianMs, 1)} + proofs ${fixed(tb.proofsMedianMs, 1)} ms`,
    ),
  );
  lines.push(row('3a SHA-256 alone over canonical bytes (noble; JCS outside timing)', r.sha256Alone));
  for (const [config, t] of Object.entries(r.merkletreejs) as [MerkletreejsConfig, Timing | Skipped][]) {
    const build =
      'extra' in t && t.extra
        ? `build ${fixed((t.extra as { buildMedianMs: number }).buildMedianMs, 1)} ms`
        : '';
    lines.push(row(`3b ${MERKLETREEJS_CONFIGS[config]}`, t, build));
  }
  const oa = r.openAttestation;
  const oaNote = oa.count < r.n ? `capped at ${int(oa.count)} of ${int(r.n)} records` : '';
  lines.push(row('3c OpenAttestation v2 wrapDocuments (one batch)', oa, oaNote));
  const gw = r.gatewayCommitments;
  lines.push(row(`3d gateway commitWith(${gw.scheme}): keystream salts, node:crypto`, gw.keystream));
  lines.push(row('   gateway commitWith(hmac-sha256): the HMAC salts of before', gw.hmac));
  lines.push(
    row(
      '   floor: the field hashes alone (one-shot SHA-256 per field, inputs ready, latin1 out)',
      gw.fieldHashFloor,
      `${gw.fieldHashFloor.fieldsPerRecord.toFixed(1)} fields/record; first ${int(gw.fieldHashFloor.count)} records`,
    ),
  );
  lines.push(row('   flattenFields alone (NFC, the walk)', gw.flattenOnly));
  const hl = r.hashLibs;
  const shared = hl.sharedWithN !== undefined ? `, same measurement as N=${int(hl.sharedWithN)}` : '';
  lines.push(`  6  SHA-256 of canonical bytes by library (first ${int(hl.noble.count)} records${shared}):`);
  for (const lib of Object.keys(HASH_LIBS) as HashLib[]) {
    const t = hl[lib];
    lines.push(row(`     ${HASH_LIBS[lib]}`, t, `${ratio(t.medianMs / hl.noble.medianMs)}× noble`));
  }
  const q = r.ratios;
  const met = (ok: boolean): string => (ok ? 'goal met' : 'GOAL MISSED');
  lines.push('  ratios');
  lines.push(
    `    (tree + all proofs) / leaf computation          ${ratio(q.treeOverLeaf).padStart(8)}   ` +
      `goal ≤ ${GOALS.treeOverLeafAtMost}: ${met(q.treeOverLeaf <= GOALS.treeOverLeafAtMost)}`,
  );
  lines.push(
    `    wrapDocuments / ours (leaf+tree+proof), per rec ${ratio(q.oaPerRecordOverOursPerRecord).padStart(7)}×   ` +
      "integrity's portable path (noble); a figure, no open issue sets a goal for it",
  );
  lines.push(
    `    wrapDocuments / gateway (commitWith + tree), per rec ${ratio(q.oaPerRecordOverGatewayPerRecord).padStart(6)}×   ` +
      `goal ≥ ${GOALS.oaOverGatewayAtLeast}×: ${met(q.oaPerRecordOverGatewayPerRecord >= GOALS.oaOverGatewayAtLeast)}` +
      ` (leaf alone ${ratio(q.oaPerRecordOverGatewayLeaf)}×)`,
  );
  lines.push(
    `    gateway leaf / its field hashes alone (floor)    ${ratio(q.gatewayLeafOverFieldHashFloor).padStart(7)}×   ` +
      `bound on the ratio: wrapDocuments / floor ${ratio(oa.perItemUs / gw.fieldHashFloor.perItemUs)}×`,
  );
  lines.push(
    `    gateway HMAC salts / keystream salts             ${ratio(q.gatewayHmacOverKeystream).padStart(7)}×`,
  );
  lines.push(
    `    leaf / SHA-256 alone                            ${ratio(q.leafOverSha256Alone).padStart(7)}×`,
  );
  for (const [config, x] of Object.entries(q.merkletreejsOverOurs)) {
    lines.push(
      `    merkletreejs ${config.padEnd(12)} / ours (tree + all proofs)  ${ratio(x).padStart(6)}×` +
        `${x < 1 ? '  (merkletreejs faster)' : ''}`,
    );
  }
  const failed = Object.entries(r.checks).filter(([, ok]) => !ok);
  lines.push(
    `  checks: ${failed.length === 0 ? `all ${Object.keys(r.checks).length} passed` : `FAILED ${failed.map(([k]) => k).join(', ')}`}` +
      ` (${Object.keys(r.checks).join(', ')})`,
  );
  return lines.join('\n');
}

export function writeResults(dir: URL, stamp: string, data: unknown): string[] {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(data, null, 2)}\n`;
  const files = [new URL(`integrity-${stamp}.json`, dir), new URL('integrity-latest.json', dir)];
  for (const f of files) writeFileSync(f, json);
  return files.map((f) => f.pathname);
}
