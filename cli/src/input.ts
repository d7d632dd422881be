/**
 * One input file as the verifier needs it: the proof bundle (a .json is the bundle itself; a .pdf carries it
 * as an embedded file) and, for a PDF, its visible text. Anything that is not a bundle is an input error
 * (exit 3), before any check: a report is only made for something that claims to be a học bạ bundle.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { BUNDLE_VERSION } from '@hocba/integrity';
import { CliError } from './errors.ts';
import { readPdf } from './pdf.ts';

/** A học bạ PDF is a few hundred kB, a bundle a few kB: anything far larger is not one. */
const MAX_BYTES = 32 * 1024 * 1024;

export interface LoadedFile {
  kind: 'pdf' | 'json';
  /** The bundle as parsed JSON, not yet checked beyond its version: verifyBundle checks the rest. */
  bundle: unknown;
  /** A PDF's visible text, page by page. */
  pages?: string[];
}

export const isCheckable = (path: string) => ['.pdf', '.json'].includes(extname(path).toLowerCase());

function parseBundle(bytes: Uint8Array, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new CliError('NOT_A_BUNDLE', `${what} is not JSON`, { cause: e });
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof value !== 'object' || value === null || version !== BUNDLE_VERSION)
    throw new CliError('NOT_A_BUNDLE', `${what} has no "version": "${BUNDLE_VERSION}"`);
  return value;
}

export async function loadFile(file: string): Promise<LoadedFile> {
  const ext = extname(file).toLowerCase();
  if (!isCheckable(file)) throw new CliError('UNSUPPORTED_FILE');
  let bytes: Uint8Array;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new CliError('FILE_UNREADABLE', 'not a file');
    if (s.size > MAX_BYTES) throw new CliError('FILE_UNREADABLE', 'larger than 32 MB');
    bytes = await readFile(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE', code, { cause: e });
  }
  if (ext === '.json') return { kind: 'json', bundle: parseBundle(bytes, 'the file') };
  const pdf = await readPdf(bytes);
  if (!pdf.bundle) throw new CliError('PDF_NO_BUNDLE');
  return { kind: 'pdf', bundle: parseBundle(pdf.bundle, 'the attachment'), pages: pdf.pages };
}
