/**
 * Worker threads that start light: a worker's TypeScript entry and everything it imports, bundled by
 * esbuild into one CommonJS script the first time it is needed (once per process), then run with `eval`.
 * A worker started through ts-worker.mjs registers tsx and loads its sources again: +46 MB resident and
 * ~1.3 s under load for the lock's worker, against +7 MB and ~0.4 s bundled (issue 16, measured).
 *
 * esbuild is present wherever the gateway runs from its sources (tsx depends on it). Should it be missing
 * or the bundle fail, the worker starts through ts-worker.mjs as before, with one process warning.
 * Only for entries whose dependencies read no files beside their own code (a bundle moves the code; pdfkit's
 * fonts, for one, would not follow).
 */
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const BOOT = new URL('./ts-worker.mjs', import.meta.url);

const bundles = new Map<string, Promise<string | undefined>>();

/** The bundled script of `entry` (a module URL), or undefined when esbuild cannot make it. */
export function workerBundle(entry: URL): Promise<string | undefined> {
  let bundle = bundles.get(entry.href);
  if (bundle === undefined) {
    bundle = buildBundle(entry).catch((e: unknown) => {
      process.emitWarning(
        `worker ${entry.pathname} not bundled (${(e as Error).message}): started through tsx instead`,
      );
      return undefined;
    });
    bundles.set(entry.href, bundle);
  }
  return bundle;
}

async function buildBundle(entry: URL): Promise<string> {
  const esbuild = await import('esbuild');
  try {
    const out = await esbuild.build({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const [file] = out.outputFiles;
    if (!file) throw new Error('esbuild wrote nothing');
    return file.text;
  } finally {
    // Its service process is not needed again: the script is kept here.
    await esbuild.stop();
  }
}

/** A worker running `entry`: its bundle when there is one, else the TypeScript through ts-worker.mjs. */
export async function startWorker(
  entry: URL,
  options: Omit<WorkerOptions, 'eval' | 'workerData'> = {},
): Promise<Worker> {
  const script = await workerBundle(entry);
  return script === undefined
    ? new Worker(BOOT, { ...options, workerData: { entry: entry.href } })
    : new Worker(script, { ...options, eval: true });
}
