/**
 * The portal's benchmark (issue 7 point 6): the gzipped size of what the browser downloads (portal/dist JS and
 * CSS; goal < 300 kB), and the time Chromium takes to verify one record once the page is loaded (goal < 50 ms):
 * the lookup answer fetched once, then `window.hocba.verifyOnline` — the page's own check — timed N times with
 * performance.now() inside the page; the first run (cold: JIT, WebCrypto key import) is reported apart.
 *
 *   npx tsx bench/src/portal.ts [--runs 50]
 *
 * Builds the portal, starts the browser suite's province (test/browser/world.ts) and Debian's Chromium
 * (scripts/browser.sh). Table to stdout, figures to bench/results/portal-<timestamp>.json and portal-latest.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launch } from '@hocba/test/browser/chromium.ts';
import type { BrowserWorld } from '@hocba/test/browser/world.ts';

const PORTAL_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../portal/dist');

const GOALS = { gzippedKbAtMost: 300, verifyMsAtMost: 50 } as const;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 50;
if (!Number.isInteger(RUNS) || RUNS < 3) throw new Error('--runs takes an integer ≥ 3');

/** What the page exposes (portal/src/main.ts). */
type PageWindow = {
  hocba?: { verifyOnline(bundle: unknown, ledger: unknown): Promise<{ verdict: string }> };
};

const log = (s: string) => process.stderr.write(`[portal bench] ${s}\n`);
const kb = (n: number) => (n / 1000).toFixed(1);

log('building portal/');
execFileSync('npm', ['run', 'build', '-w', 'portal', '--silent'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const assets = join(PORTAL_DIST, 'assets');
const files = readdirSync(assets)
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((f) => {
    const bytes = readFileSync(join(assets, f));
    return { file: f, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
const total = { bytes: 0, gzipped: 0 };
for (const f of files) {
  total.bytes += f.bytes;
  total.gzipped += f.gzipped;
}

log('starting the province and Chromium');
const loadAtStart = loadavg();
// The province and gateway in a process of their own (test/browser/serve.ts): the page talks to it over HTTP,
// as it would to a real gateway, and the two do not share this process's event loop.
const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/browser/serve.ts')], {
  cwd: ROOT,
  env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'critical' },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const world = await new Promise<Pick<BrowserWorld, 'base' | 'seats'>>((resolve, reject) => {
  let buf = '';
  server.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const nl = buf.indexOf('\n');
    if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)));
  });
  server.on('exit', (code) => reject(new Error(`the province stopped (${code})`)));
});
const browser = await launch();
let timing: { coldMs: number; runsMs: number[]; verdicts: string[] };
let chromiumVersion: string;
try {
  chromiumVersion = browser.version();
  const page = await browser.newPage();
  await page.goto(`${world.base}/`);
  await page.waitForFunction(() => typeof (window as PageWindow).hocba?.verifyOnline === 'function');
  const seat = world.seats.valid;
  // Plain source, not a function: tsx would add its own helpers to a function's text, unknown in the page.
  const measure = `(async () => {
    const res = await fetch('/v1/verify/${seat.code}?dob=${seat.dob}');
    const answer = await res.json();
    const times = [];
    const verdicts = [];
    for (let i = 0; i <= ${RUNS}; i++) {
      const t0 = performance.now();
      const r = await window.hocba.verifyOnline(answer.bundle, answer.ledger);
      times.push(performance.now() - t0);
      verdicts.push(r.verdict);
    }
    return { coldMs: times[0], runsMs: times.slice(1), verdicts };
  })()`;
  timing = (await page.evaluate(measure)) as typeof timing;
} finally {
  await browser.close();
  server.stdin.end();
}
if (timing.verdicts.some((v) => v !== 'valid'))
  throw new Error(`a run did not verify: ${timing.verdicts.join(',')}`);

const sorted = [...timing.runsMs].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const median =
  sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]!
    : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

const lines = [
  `Portal (Chromium ${chromiumVersion}; load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')})`,
  '  what the browser downloads                      bytes      gzipped',
  ...files.map((f) => `  ${f.file.padEnd(44)} ${kb(f.bytes).padStart(8)} kB ${kb(f.gzipped).padStart(8)} kB`),
  `  ${'total JS + CSS'.padEnd(44)} ${kb(total.bytes).padStart(8)} kB ${kb(total.gzipped).padStart(8)} kB   goal < ${GOALS.gzippedKbAtMost} kB: ${total.gzipped / 1000 < GOALS.gzippedKbAtMost ? 'met' : 'NOT met'}`,
  `  verify one record in the page, ${RUNS} runs: median ${median.toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, min ${sorted[0]!.toFixed(2)} ms; first (cold) run ${timing.coldMs.toFixed(2)} ms   goal < ${GOALS.verifyMsAtMost} ms: ${median < GOALS.verifyMsAtMost ? 'met' : 'NOT met'}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = join(ROOT, 'bench/results');
mkdirSync(out, { recursive: true });
const result = {
  at: new Date().toISOString(),
  chromium: chromiumVersion,
  loadAvgAtStart: loadAtStart,
  goals: GOALS,
  bundle: { files, total },
  verify: {
    runs: RUNS,
    medianMs: median,
    p95Ms: q(0.95),
    minMs: sorted[0],
    coldMs: timing.coldMs,
    runsMs: timing.runsMs,
  },
};
writeFileSync(join(out, `portal-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(out, 'portal-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
log(`figures in bench/results/portal-${stamp}.json`);
