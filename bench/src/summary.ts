/**
 * Issue 16's goals in one table, read from the suites' result files (bench/results/<suite>-<timestamp>.json):
 * each row a measure, its figure, the baseline of the same run, the ratio, the goal and whether it is met.
 * It runs nothing. `npm run bench` calls it last with `--since` the run's start, so that only files this run
 * wrote count; without `--since` (`npm run bench -- summary`) the newest file of each suite counts, and the
 * table says when each was written. A figure no file holds prints "not measured": a suite that failed, was
 * not run, or has not measured it yet; the summary never stops on a missing or reshaped file.
 *
 *   npx tsx bench/src/summary.ts [--since 2026-12-06T13:00:00Z]   (or HOCBA_BENCH_SINCE)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixed, int, writeJson } from './table.ts';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/** A suite's result file: its name, when its run started (from the file name) and its content. */
export interface ResultFile {
  suite: string;
  file: string;
  at: Date;
  data: unknown;
}

const STAMPED = /^(.+)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.json$/;
const LATEST = /^(.+)-latest\.json$/;

/**
 * Every result file since `since` (all without it), newest first: the stamped ones at their run's start,
 * the `-latest` ones at their modification time (a suite whose stamped files were deleted still counts).
 */
export function readResults(dir = RESULTS, since?: Date): ResultFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: ResultFile[] = [];
  for (const file of names) {
    const m = STAMPED.exec(file);
    const l = LATEST.exec(file);
    let suite: string;
    let at: Date;
    if (m) {
      suite = m[1]!;
      at = new Date(m[2]!.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z'));
    } else if (l) {
      suite = l[1]!;
      at = statSync(`${dir}/${file}`).mtime;
    } else continue;
    if (Number.isNaN(at.getTime()) || (since && at < since)) continue;
    try {
      out.push({ suite, file, at, data: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) });
    } catch {
      // A file being written or not JSON: not a figure.
    }
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime());
}

// ------------------------------------------------------------------------------------ defensive reading

type Json = Record<string, unknown>;
const obj = (x: unknown): Json | undefined =>
  x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : undefined;
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
/** The value at a dotted path, or undefined anywhere along it. */
const at = (x: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (Array.isArray(v) ? v[Number(k)] : obj(v)?.[k]), x);
const firstNum = (x: unknown, ...paths: string[]): number | undefined => {
  for (const p of paths) {
    const v = num(at(x, p));
    if (v !== undefined) return v;
  }
  return undefined;
};

export type Verdict = 'met' | 'MISSED' | 'not measured' | 'partly measured';

export interface Row {
  measure: string;
  db: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
  verdict: Verdict;
  /** Of a goal in parts, the parts missed (printed beside MISSED). */
  missed?: string[];
  /** The result file the row was read from. */
  source?: string;
  note?: string;
}

const NOT = 'not measured';
const missing = (measure: string, db: string, goal: string, note?: string): Row => ({
  measure,
  db,
  figure: NOT,
  baseline: '-',
  ratio: '-',
  goal,
  verdict: 'not measured',
  ...(note && { note }),
});
const verdict = (ok: boolean | undefined): Verdict =>
  ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED';
/** A goal in parts: met when every part is; else MISSED naming the parts missed. */
const byParts = (parts: [string, boolean][]): Pick<Row, 'verdict' | 'missed'> => {
  const missed = parts.filter(([, ok]) => !ok).map(([name]) => name);
  return missed.length === 0 ? { verdict: 'met' } : { verdict: 'MISSED', missed };
};
const pct = (x: number) => `${fixed(x * 100, 0)} %`;
const ms = (x: number) => (x >= 100 ? `${int(x)} ms` : `${fixed(x, 1)} ms`);

/** The newest file of `suite` (or one of its names) whose content `pick` accepts. */
function newest(files: ResultFile[], suite: string | string[], pick: (d: unknown) => boolean = () => true) {
  const names = typeof suite === 'string' ? [suite] : suite;
  return files.find((f) => names.includes(f.suite) && pick(f.data));
}

/** The verify suite's files: gateway-verify-*.json (its name today), verify-*.json (the name it may take). */
const VERIFY = ['gateway-verify', 'verify'];

const DBS = ['postgres', 'pglite'] as const;

// ------------------------------------------------------------------------------------------- the rows

/** The ledgers the verify suite runs on: the embedded one, and the bench's Fabric network. */
const LEDGERS = ['embedded', 'fabric'] as const;
type VerifyLedger = (typeof LEDGERS)[number];
/** The table's database column: the database, and the ledger when it is Fabric. */
const dbLabel = (db: string, ledger: VerifyLedger) => (ledger === 'fabric' ? `${db}, Fabric` : db);

/**
 * The verify suite's results for `db` on `ledger`: `byLedger.<ledger>.<db>` (its shape since --ledger), for
 * the embedded ledger also `byDb.<db>` of a run over several databases, or a whole file of one database
 * (`options.db`, default pglite; the shape before).
 */
function verifyFor(
  files: ResultFile[],
  db: string,
  ledger: VerifyLedger = 'embedded',
): { f: ResultFile; r: unknown } | undefined {
  const of = (d: unknown) =>
    obj(at(d, `byLedger.${ledger}.${db}`)) ??
    (ledger === 'embedded' && !at(d, 'byLedger') ? obj(at(d, `byDb.${db}`)) : undefined);
  const f = newest(
    files,
    VERIFY,
    (d) =>
      of(d) !== undefined ||
      (ledger === 'embedded' && !at(d, 'byDb') && (at(d, 'options.db') ?? 'pglite') === db),
  );
  if (!f) return undefined;
  return { f, r: of(f.data) ?? f.data };
}

/** GET /v1/verify/:code and POST /v1/verify/bundle against the bare route, from src/gateway-verify.ts. */
function verifyRows(files: ResultFile[]): Row[] {
  const rows: Row[] = [];
  const specs = [
    { measure: 'GET /v1/verify/:code, 10 connections', prefix: 'GET /v1/verify', p99Below: 20 },
    { measure: 'POST /v1/verify/bundle', prefix: 'POST /v1/verify/bundle', p99Below: undefined },
  ];
  for (const spec of specs) {
    for (const [ledger, db] of LEDGERS.flatMap((l) => DBS.map((d) => [l, d] as const))) {
      const goal = `≥ 40 % of bare${spec.p99Below ? `, p99 < ${spec.p99Below} ms` : ''}`;
      const v = verifyFor(files, db, ledger);
      const f = v?.f;
      const pair = arr(at(v?.r, 'pairs')).find((p) => String(obj(p)?.endpoint ?? '').startsWith(spec.prefix));
      const rps = firstNum(pair, 'verify.rps');
      const p99 = firstNum(pair, 'verify.p99Ms');
      const bare = [firstNum(pair, 'bareBefore.rps'), firstNum(pair, 'bareAfter.rps')].filter(
        (x): x is number => x !== undefined,
      );
      if (!f || rps === undefined || bare.length === 0) {
        rows.push(missing(spec.measure, dbLabel(db, ledger), goal));
        continue;
      }
      const bareMean = bare.reduce((a, b) => a + b, 0) / bare.length;
      const share = firstNum(pair, 'rpsRatio') ?? rps / bareMean;
      const errors = (firstNum(pair, 'verify.non2xx') ?? 0) + (firstNum(pair, 'verify.errors') ?? 0);
      const parts: [string, boolean][] = [
        ['req/s', share >= 0.4],
        ['errors', errors === 0],
      ];
      if (spec.p99Below !== undefined) parts.push(['p99', (p99 ?? Infinity) < spec.p99Below]);
      rows.push({
        measure: spec.measure,
        db: dbLabel(db, ledger),
        figure: `${int(rps)} req/s${p99 !== undefined ? `, p99 ${p99} ms` : ''}${errors ? `, ${errors} errors` : ''}`,
        baseline: `bare ${int(bareMean)} req/s`,
        ratio: pct(share),
        goal,
        ...byParts(parts),
        source: f.file,
      });
    }
  }
  return rows;
}

/**
 * POST /v1/verify/bulk with 1 000 bundles: wherever the verify suite puts it (a pair, or a `bulk` object); on
 * warm caches (calls one after another), and its first call on the empty caches of a fresh gateway.
 */
function bulkRows(files: ResultFile[]): Row[] {
  return LEDGERS.flatMap((ledger) =>
    DBS.flatMap((db) => {
      const v = verifyFor(files, db, ledger);
      return [warmBulkRow(v, db, ledger), coldBulkRow(v, db, ledger)];
    }),
  );
}

/** The first bulk call of a gateway that has just started: every view read, every report computed. */
function coldBulkRow(v: { f: ResultFile; r: unknown } | undefined, db: string, ledger: VerifyLedger): Row {
  const measure = 'POST /v1/verify/bulk, 1 000 bundles, first call (empty caches)';
  const goal = '< 1 s for 1 000';
  const bulk = obj(at(v?.r, 'bulk'));
  const first = firstNum(bulk, 'firstCallMs');
  const bundles = firstNum(bulk, 'bundles') ?? 1000;
  if (!v || first === undefined) return missing(measure, dbLabel(db, ledger), goal);
  const per1000 = (first * 1000) / bundles;
  const cpu = firstNum(bulk, 'firstCallCpuMs');
  const warm = firstNum(bulk, 'msPerCall');
  return {
    measure,
    db: dbLabel(db, ledger),
    figure: `${ms(per1000)}${cpu !== undefined ? ` (gateway CPU ${ms((cpu * 1000) / bundles)})` : ''}`,
    baseline: warm !== undefined ? `warm call ${ms((warm * 1000) / bundles)}` : '-',
    ratio: warm !== undefined ? `${fixed(first / warm, 1)}×` : '-',
    goal,
    verdict: verdict(per1000 < 1000),
    source: v.f.file,
  };
}

function warmBulkRow(v: { f: ResultFile; r: unknown } | undefined, db: string, ledger: VerifyLedger): Row {
  const goal = '< 1 s for 1 000';
  const f = v?.f;
  const pair = arr(at(v?.r, 'pairs')).find((p) => String(obj(p)?.endpoint ?? '').includes('bulk'));
  const bulk = obj(at(v?.r, 'bulk')) ?? obj(pair);
  const msFor1000 = firstNum(
    bulk,
    'msPerCall',
    'msPer1000',
    'medianMs',
    'p50Ms',
    'verify.medianMs',
    'verify.p50Ms',
    'ms',
    'durationMs',
  );
  const bundles = firstNum(bulk, 'bundles', 'count', 'size') ?? 1000;
  if (!f || msFor1000 === undefined)
    return missing('POST /v1/verify/bulk, 1 000 bundles', dbLabel(db, ledger), goal);
  const per1000 = (msFor1000 * 1000) / bundles;
  const bare = firstNum(bulk, 'bareMsPerCall', 'bareMs', 'baselineMs', 'bare.medianMs');
  const firstCall = firstNum(bulk, 'firstCallMs');
  // As a verify pair: the bare route's req/s before and after, the share like the other endpoints'.
  const bareRps = [firstNum(bulk, 'bareBefore.rps'), firstNum(bulk, 'bareAfter.rps')].filter(
    (x): x is number => x !== undefined,
  );
  const rps = firstNum(bulk, 'verify.rps');
  const share =
    rps !== undefined && bareRps.length > 0
      ? rps / (bareRps.reduce((a, b) => a + b, 0) / bareRps.length)
      : undefined;
  return {
    measure: 'POST /v1/verify/bulk, 1 000 bundles',
    db: dbLabel(db, ledger),
    figure: `${ms(per1000)} per 1 000${rps !== undefined ? ` (${fixed(rps, 1)} calls/s)` : ''}${firstCall !== undefined ? `, first call ${ms(firstCall)}` : ''}`,
    baseline:
      bare !== undefined
        ? ms(bare)
        : share !== undefined
          ? `bare ${int(bareRps.reduce((a, b) => a + b, 0) / bareRps.length)} req/s`
          : '-',
    ratio: bare !== undefined ? `${fixed(per1000 / bare, 1)}×` : share !== undefined ? pct(share) : '-',
    goal,
    verdict: verdict(per1000 < 1000),
    source: f.file,
  };
}

/**
 * A record's commitments in the gateway vs OpenAttestation's wrapDocuments, from src/integrity.bench.ts: the
 * gateway's (commitWith with LOCK_SALT_SCHEME, plus our tree and proofs per record) where the suite has it,
 * else integrity's own leaf (and says so). The lowest ratio over the sizes run; the floor is the field
 * hashes alone.
 */
function commitmentRows(files: ResultFile[]): Row[] {
  const measure = 'commitments of a record (gateway) vs wrapDocuments';
  const goal = '≥ 10× faster';
  const f = newest(files, 'integrity');
  const sizes = arr(at(f?.data, 'results'))
    .map((r) => {
      const gateway = firstNum(r, 'ratios.oaPerRecordOverGatewayPerRecord');
      const ours =
        firstNum(
          r,
          'gatewayCommitments.keystream.perItemUs',
          'ratios.gatewayCommitments.keystream.perItemUs',
        ) ?? firstNum(r, 'leaf.perItemUs');
      return {
        n: firstNum(r, 'n'),
        gateway: gateway !== undefined,
        ratio: gateway ?? firstNum(r, 'ratios.oaPerRecordOverOursPerRecord'),
        ours,
        tree: firstNum(r, 'tree.perItemUs') ?? 0,
        oa: firstNum(r, 'openAttestation.perItemUs'),
        floorUs: firstNum(
          r,
          'gatewayCommitments.fieldHashFloor.perItemUs',
          'ratios.gatewayCommitments.fieldHashFloor.perItemUs',
        ),
        leafOverFloor: firstNum(r, 'ratios.gatewayLeafOverFieldHashFloor'),
      };
    })
    .filter((s) => s.ratio !== undefined);
  if (!f || sizes.length === 0) return [missing(measure, '-', goal)];
  const low = sizes.reduce((a, b) => (b.ratio! < a.ratio! ? b : a));
  const floor =
    low.floorUs !== undefined
      ? `; floor (field hashes alone) ${fixed(low.floorUs, 1)} µs/record${low.leafOverFloor !== undefined ? `, the gateway's leaf ${fixed(low.leafOverFloor, 2)}× it` : ''}`
      : '';
  return [
    {
      measure,
      db: '-',
      figure: low.ours !== undefined ? `${fixed(low.ours + low.tree, 1)} µs/record` : '-',
      baseline: low.oa !== undefined ? `wrapDocuments ${fixed(low.oa, 1)} µs/record` : '-',
      ratio: `${fixed(low.ratio!, 1)}×`,
      goal,
      verdict: verdict(low.ratio! >= 10),
      source: f.file,
      note:
        `commitments: ${low.gateway ? "the gateway's leaf" : "integrity's leaf (the suite has no gateway figure)"} + tree and proofs per record; ` +
        `lowest over N = ${sizes.map((s) => `${int(s.n ?? 0)} (${fixed(s.ratio!, 1)}×)`).join(', ')}${floor}`,
    },
  ];
}

/** The lock of 300 000 records, from src/lock.ts: measured with --full, else projected from its N. */
function lockRows(files: ResultFile[]): Row[] {
  const goal = '< 60 s, RSS < 300 MB';
  return DBS.map((db) => {
    const measure = 'lock of 300 000 records';
    const f = newest(files, 'lock', (d) => arr(at(d, 'results')).some((r) => obj(r)?.backend === db));
    const r = arr(at(f?.data, 'results')).find((x) => obj(x)?.backend === db);
    const n = firstNum(r, 'records');
    const lockMs = firstNum(r, 'run.lockMs');
    if (!f || n === undefined || lockMs === undefined) return missing(measure, db, goal);
    const full = n >= 300_000;
    const seconds = full ? lockMs / 1000 : (firstNum(r, 'projectedSecondsFor300k') ?? (lockMs * 300) / n);
    const rss = firstNum(r, 'run.peakRssMB');
    const baseUs = firstNum(r, 'seed.baseline.nodeUs');
    const ratio = firstNum(r, 'lockOverBaseline') ?? (baseUs ? (lockMs * 1000) / n / baseUs : undefined);
    const timeOk = seconds < 60;
    // Below 300k, memory is not the goal's: only a miss is a verdict.
    const rssOk = rss === undefined ? undefined : rss >= 300 ? false : full ? true : undefined;
    const missed = [...(timeOk ? [] : ['time']), ...(rssOk === false ? ['RSS'] : [])];
    const v: Verdict = missed.length > 0 ? 'MISSED' : rssOk === true ? 'met' : 'partly measured';
    return {
      measure,
      db,
      figure: `${full ? '' : 'projected '}${fixed(seconds, 0)} s${rss !== undefined ? `, RSS ${rss} MB` : ''}`,
      baseline: baseUs !== undefined ? `hash ${fixed((baseUs * 300_000) / 1e6, 0)} s` : '-',
      ratio: ratio !== undefined ? `${fixed(ratio, 2)}×` : '-',
      goal,
      verdict: v,
      ...(missed.length > 0 && { missed }),
      source: f.file,
      ...(!full && {
        note: `lock ${db}: ${int(n)} records measured, time projected linearly to 300 000; RSS at ${int(n)} (HOCBA_BENCH_FULL=1 runs 300 000)`,
      }),
    };
  });
}

/** The gateway settings a school run changed from their defaults (ANCHOR_INTERVAL_MS, LOCK_WORKERS…). */
function settingsNote(r: unknown, what: string): string | undefined {
  const set = Object.entries(obj(at(r, 'settings')) ?? {}).filter(([, v]) => v !== null && v !== undefined);
  return set.length ? `${what} ran with ${set.map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : undefined;
}

/** The school of 2 000 pupils, lock → sign → anchored, from src/school.ts. */
function schoolRows(files: ResultFile[]): Row[] {
  const rows: Row[] = [];
  for (const ledger of ['embedded', 'fabric'] as const) {
    const goalMs = ledger === 'embedded' ? 5000 : 8000;
    const goal = `< ${goalMs / 1000} s`;
    for (const db of DBS) {
      const measure = `school of 2 000: lock → sign → anchored, ${ledger}`;
      const f = newest(files, 'school', (d) =>
        arr(at(d, 'results')).some((r) => obj(r)?.ledger === ledger && obj(r)?.db === db),
      );
      const r = arr(at(f?.data, 'results')).find((x) => obj(x)?.ledger === ledger && obj(x)?.db === db);
      const total = firstNum(r, 'school.totalMs');
      if (!f || total === undefined) {
        rows.push(missing(measure, db, goal));
        continue;
      }
      const one = firstNum(r, 'oneRecord.totalMs');
      const confirmed = at(r, 'ledgerConfirmed.valid') === true;
      const part = (k: string) => firstNum(r, `school.${k}`);
      const pupils = firstNum(r, 'pupils');
      const lockOverHash = firstNum(r, 'ratios.lockOverHash');
      const notes = [
        settingsNote(r, `school ${ledger}/${db}`),
        pupils !== 2000 ? `school ${ledger}/${db}: ${pupils} pupils, not 2 000` : undefined,
      ].filter((x): x is string => x !== undefined);
      rows.push({
        measure,
        db,
        figure: `${fixed(total / 1000, 2)} s (lock ${ms(part('lockMs') ?? Number.NaN)}, sign ${ms(part('signMs') ?? Number.NaN)}, anchor ${ms(part('anchorMs') ?? Number.NaN)})`,
        baseline: one !== undefined ? `1-record batch ${fixed(one / 1000, 2)} s` : '-',
        ratio:
          (one !== undefined ? `${fixed(total / one, 1)}×` : '-') +
          (lockOverHash !== undefined ? ` (lock/hash ${fixed(lockOverHash, 1)}×)` : ''),
        goal,
        verdict: verdict(total < goalMs && confirmed),
        source: f.file,
        ...(notes.length > 0 && { note: notes.join('; ') }),
      });
    }
  }
  return rows;
}

/** The portal verifying one record in Chromium, from src/portal.ts (first run: fresh pages, warmed). */
function portalRows(files: ResultFile[]): Row[] {
  const f = newest(files, 'portal');
  const median = firstNum(f?.data, 'verify.medianMs');
  const first = firstNum(f?.data, 'firstRun.medianMs', 'verify.coldMs');
  const measure = 'portal verifying one record, median / first run';
  const goal = '≤ 8 ms / ≤ 30 ms';
  if (!f || median === undefined) return [missing(measure, '-', goal)];
  const base = firstNum(f.data, 'baseline.medianMs');
  const what = at(f.data, 'baseline.what');
  return [
    {
      measure,
      db: '-',
      figure: `${fixed(median, 1)} / ${first !== undefined ? fixed(first, 1) : '-'} ms`,
      baseline: base !== undefined ? ms(base) : '-',
      ratio:
        base !== undefined
          ? `${fixed(median / base, 1)}× / ${first !== undefined ? fixed(first / base, 1) : '-'}×`
          : '-',
      goal,
      ...byParts([
        ['median', median <= 8],
        ['first run', first !== undefined && first <= 30],
      ]),
      source: f.file,
      ...(typeof what === 'string' && { note: `portal baseline: ${what}` }),
    },
  ];
}

export function summarize(files: ResultFile[]): Row[] {
  return [
    ...verifyRows(files),
    ...bulkRows(files),
    ...commitmentRows(files),
    ...lockRows(files),
    ...schoolRows(files),
    ...portalRows(files),
  ];
}

/** Columns left-aligned: the figures are phrases, not numbers. */
function leftTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function formatSummary(rows: Row[], files: ResultFile[], since?: Date): string {
  const when = (source?: string) => {
    const f = files.find((x) => x.file === source);
    return f ? f.at.toISOString().slice(11, 19) : '-';
  };
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  const lines = [
    `Issue 16's goals — ${since ? `figures from this run (result files since ${since.toISOString()})` : 'the newest result file of each suite'}; ratio = figure / baseline of the same run`,
    leftTable(
      ['measure', 'db', 'figure', 'baseline', 'ratio', 'goal', 'result', 'run (UTC)'],
      rows.map((r) => [
        r.measure,
        r.db,
        r.figure,
        r.baseline,
        r.ratio,
        r.goal,
        r.missed?.length ? `${r.verdict} (${r.missed.join(', ')})` : r.verdict,
        when(r.source),
      ]),
    ),
    `  ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  ];
  for (const r of rows) if (r.note) lines.push(`  note: ${r.note}`);
  return lines.join('\n');
}

function main(): void {
  const argv = process.argv.slice(2);
  let sinceText = process.env.HOCBA_BENCH_SINCE || undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (flag === '--since') sinceText = inline ?? argv[++i];
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: npx tsx bench/src/summary.ts [--since ISO-8601 instant]  (or HOCBA_BENCH_SINCE)');
      return;
    } else {
      console.error(`unknown option ${flag}`);
      process.exit(2);
    }
  }
  const since = sinceText ? new Date(sinceText) : undefined;
  if (since && Number.isNaN(since.getTime())) {
    console.error(`--since: "${sinceText}" is not an instant`);
    process.exit(2);
  }
  const files = readResults(RESULTS, since).filter((f) => f.suite !== 'summary');
  const rows = summarize(files);
  console.log(formatSummary(rows, files, since));
  writeJson('summary', new Date(), {
    since: since?.toISOString() ?? null,
    rows,
    files: files.map((f) => f.file),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
