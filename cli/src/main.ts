/**
 * Entry point of the `hocba` command (cli/bin/hocba.mjs): `hocba verify <paths…> [options]`. Returns the
 * exit code (help.ts: 0 valid, 1 invalid, 2 undecided, 3 usage or input error) rather than exiting, so that
 * the tests and the bin share one path.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pemToDer } from '@hocba/integrity';
import {
  type CheckOptions,
  checkFile,
  type ExitCode,
  type FactsCache,
  type FileResult,
  worstExit,
} from './check.ts';
import { writeCsv } from './csv.ts';
import { CliError, cliMessages } from './errors.ts';
import { collect } from './files.ts';
import { HELP } from './help.ts';
import { type Lang, TEXT } from './labels.ts';
import { checkGatewayUrl } from './online.ts';
import { renderOne, renderTable } from './render.ts';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const INTERNAL = cliMessages().INTERNAL;

const stdio: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};

/** Files checked at once: overlaps the gateway's answers without flooding its rate limit. */
const CONCURRENCY = 4;

interface Options {
  paths: string[];
  online?: string;
  trustAnchors?: string;
  json: boolean;
  lang: Lang;
  csv?: string;
  recursive: boolean;
}

function parse(argv: string[]): Options | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof SPEC; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: SPEC, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError('USAGE', (e as Error).message, { cause: e });
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals[0] === 'help') return 'help';
  const [command, ...paths] = positionals;
  if (command !== 'verify')
    throw new CliError('USAGE', command ? `unknown command: ${command}` : 'no command');
  if (!paths.length) throw new CliError('USAGE', 'verify needs a file or a folder');
  if (v.lang !== undefined && v.lang !== 'vi' && v.lang !== 'en')
    throw new CliError('USAGE', '--lang must be vi or en');
  if (v.online !== undefined) checkGatewayUrl(v.online);
  return {
    paths,
    json: v.json ?? false,
    lang: (v.lang as Lang | undefined) ?? 'vi',
    recursive: v.recursive ?? false,
    ...(v.online !== undefined && { online: v.online }),
    ...(v['trust-anchors'] !== undefined && { trustAnchors: v['trust-anchors'] }),
    ...(v.csv !== undefined && { csv: v.csv }),
  };
}

const SPEC = {
  online: { type: 'string' },
  'trust-anchors': { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  csv: { type: 'string' },
  recursive: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function readTrustAnchors(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      path,
      {
        cause: e,
      },
    );
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (!blocks.length || blocks.some((b) => pemToDer(b, 'CERTIFICATE').length !== 1))
      throw new Error('no PEM');
  } catch (e) {
    throw new CliError('TRUST_ANCHORS_INVALID', path, { cause: e });
  }
  return blocks;
}

/** Runs `f` over `items`, at most `limit` at once, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function verify(o: Options, io: Io): Promise<ExitCode> {
  const check: CheckOptions = {
    ...(o.online !== undefined && { online: { gateway: o.online } }),
    ...(o.trustAnchors !== undefined && { trustAnchors: await readTrustAnchors(o.trustAnchors) }),
  };
  const { files, folder } = await collect(o.paths, o.recursive);
  const cache: FactsCache = new Map();
  const results: FileResult[] = await mapLimit(files, CONCURRENCY, (f) => checkFile(f, check, cache));
  const single = !folder && results.length === 1 ? results[0] : undefined;
  if (o.json) {
    io.out(
      `${JSON.stringify(single ?? { results, exitCode: worstExit(results.map((r) => r.exitCode)) }, null, 2)}\n`,
    );
  } else if (single) {
    // A file that could not be checked is an error: said on stderr, as any command's error.
    (single.error ? io.err : io.out)(renderOne(single, o.lang, o.online));
  } else {
    io.out(renderTable(results, o.lang));
  }
  if (o.csv !== undefined) {
    await writeCsv(o.csv, results, o.lang);
    if (!o.json) io.out(`${TEXT.csvWritten[o.lang]} ${o.csv}\n`);
  }
  return worstExit(results.map((r) => r.exitCode));
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  // Before the arguments are read (they may be what is wrong): the language asked for, if any.
  let lang: Lang = argv.includes('--lang=en') || argv[argv.indexOf('--lang') + 1] === 'en' ? 'en' : 'vi';
  try {
    const o = parse(argv);
    if (o === 'help') {
      io.out(HELP);
      return 0;
    }
    lang = o.lang;
    return await verify(o, io);
  } catch (e) {
    // A bug must not exit 1 ("invalid"): whatever went wrong, nothing was decided.
    if (!(e instanceof CliError)) {
      io.err(`hocba: ${INTERNAL[lang]}\n${(e as Error)?.stack ?? String(e)}\n`);
      return 3;
    }
    io.err(`hocba: ${e.localized[lang]}${e.detail ? ` (${e.detail})` : ''} [${e.code}]\n`);
    return 3;
  }
}
