/**
 * Issue 15's "Done when" as people meet it: the demo of `npm start` (gateway/src/server.ts, the seeded demo
 * province on the embedded ledger and PGlite) run as a process of its own on a temporary data folder and a
 * free port, PUBLIC_URL set to that port so that a PDF's QR code leads back to it; the PDFs read with
 * poppler (pdftoppm, pdftotext) and jsQR, tools independent of the ones that wrote them; and the real
 * `hocba verify` bin run as a child process.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  killLeftovers,
  type Ready,
  ROOT,
  type ServerRun,
  spawnServer,
  stopServer,
  waitReady,
} from '@hocba/gateway/testing/process/server.ts';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { ARTIFACTS } from './chromium.ts';

export interface DemoServer extends Ready {
  run: ServerRun;
  /** The class the seed anchored (5A of Kim Đồng), from the banner's homeroom teacher line. */
  anchoredClassId: string;
  stop(): Promise<void>;
}

/** A port nobody listens on now (the server is told it before it starts: PUBLIC_URL must name it). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as { port: number };
  await new Promise((done) => s.close(done));
  return port;
}

export async function startDemo(): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocba-e2e-'));
  const port = await freePort();
  const run = spawnServer({
    HOCBA_DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    RATE_LIMIT_MAX: '1000',
  });
  const stop = async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) await stopServer(run);
    killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const ready = await waitReady(run, 150_000);
    const cls = /gvcn\.5a\.kimdong\s+\S+\s+(\S+-5A)\b/.exec(run.output());
    if (!cls) throw new Error(`no anchored class in the banner:\n${run.output()}`);
    return { ...ready, run, anchoredClassId: cls[1]!, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export const E2E = join(ARTIFACTS, 'e2e');

/** Writes a downloaded PDF to test/artifacts/e2e/<name>.pdf; its path. */
export function savePdf(pdf: Uint8Array, name: string): string {
  mkdirSync(E2E, { recursive: true });
  const path = join(E2E, `${name}.pdf`);
  writeFileSync(path, pdf);
  return path;
}

/** The first page rendered by pdftoppm to test/artifacts/e2e-<name>.png; its path. */
export function renderFirstPage(pdfPath: string, name: string, dpi = 100): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const prefix = join(ARTIFACTS, `e2e-${name}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', pdfPath, prefix]);
  return `${prefix}.png`;
}

// jsqr is CommonJS whose typings describe an ES default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** The text of the QR code in a PNG, or undefined when jsQR finds none. */
export function decodeQr(pngPath: string): string | undefined {
  const png = PNG.sync.read(readFileSync(pngPath));
  const data = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return jsQR(data, png.width, png.height)?.data;
}

/** Every page's text as poppler's pdftotext reads it. */
export const pdfText = (pdfPath: string): string =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });

/** The content codes printed as "Mã nội dung" (labelled; whitespace between label and code as it comes). */
export const printedFingerprints = (text: string): string[] => [
  ...new Set([...text.matchAll(/Mã nội dung:?\s+([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/g)].map((m) => m[1]!)),
];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node_modules/.bin/hocba verify <args>` as a user runs it, from the repository's root. */
export function hocbaVerify(args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      join(ROOT, 'node_modules/.bin/hocba'),
      ['verify', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Whitespace collapsed: pdftotext breaks a wrapped sentence anywhere between words. */
export const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();
