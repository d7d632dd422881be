/**
 * One file checked: its bundle through integrity's verifyBundle (the same code as the gateway and the
 * portal), offline or with the ledger's facts read from a gateway — never a server's report. The CLI adds
 * two things of its own, both said in the result: without any trust anchor the signer step cannot be
 * checked (unknown, not failed); a PDF's printed content is compared with its attachment (visible.ts).
 */
import {
  type Localized,
  type Outcome,
  pemToDer,
  type StepResult,
  type VerificationReport,
  verifyBundle,
} from '@hocba/integrity';
import { CliError } from './errors.ts';
import { loadFile } from './input.ts';
import { localizeInstants } from './instants.ts';
import { NO_TRUST_ANCHORS } from './labels.ts';
import { fetchLedgerFacts, type LedgerFacts, type OnlineOptions } from './online.ts';
import { checkVisibleContent, type VisibleCheck } from './visible.ts';

export type Verdict = VerificationReport['verdict'];

/** A step of the report as the CLI shows it: integrity's, or the signer step said unknown for want of roots. */
export type CliStep = Omit<StepResult, 'code'> & { code: string };

export interface FileResult {
  file: string;
  kind?: 'pdf' | 'json';
  mode: 'online' | 'offline';
  lookupCode?: string;
  batchId?: string;
  leafIndex?: number;
  report?: Omit<VerificationReport, 'steps'> & { steps: CliStep[] };
  /** PDFs: do the printed rows and content fingerprint match the attachment? */
  visible?: VisibleCheck;
  /** The file's answer: the report's verdict with the CLI's checks folded in, or `error` (not checkable). */
  outcome: Verdict | 'error';
  error?: { code: string; message: Localized; detail?: string };
  exitCode: ExitCode;
}

/** 0 valid · 1 invalid · 2 could not be decided · 3 usage or input error. */
export type ExitCode = 0 | 1 | 2 | 3;
export const EXIT: Readonly<Record<Verdict | 'error', ExitCode>> = {
  valid: 0,
  invalid: 1,
  incomplete: 2,
  error: 3,
};

export interface CheckOptions {
  online?: OnlineOptions;
  /** Roots from --trust-anchors (PEM); else, online, the ledger's. */
  trustAnchors?: string[];
  now?: () => Date;
}

/** The ledger's facts per record, shared by the files of one run (a folder holds copies of one record). */
export type FactsCache = Map<string, Promise<LedgerFacts>>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Where the bundle says it sits: its lookup code (if disclosed), batch and leaf. */
function whereabouts(bundle: unknown): Pick<FileResult, 'lookupCode' | 'batchId' | 'leafIndex'> {
  const b = bundle as {
    manifest?: { batchId?: unknown };
    inclusion?: { leafIndex?: unknown };
    disclosure?: { fields?: unknown };
  };
  const fields = Array.isArray(b.disclosure?.fields)
    ? (b.disclosure.fields as { pointer?: unknown; value?: unknown }[])
    : [];
  const lookupCode = str(fields.find((f) => f?.pointer === '/lookupCode')?.value);
  const batchId = str(b.manifest?.batchId);
  const leafIndex = b.inclusion?.leafIndex;
  return {
    ...(lookupCode && { lookupCode }),
    ...(batchId && { batchId }),
    ...(Number.isSafeInteger(leafIndex) && (leafIndex as number) >= 0 && { leafIndex: leafIndex as number }),
  };
}

/** Without any root, "no path to a trust anchor" means "not checked": the step says so instead of failing. */
function withoutRoots(step: StepResult): CliStep {
  if (step.step !== 'signer' || step.outcome !== 'fail' || step.code !== 'CERT_CHAIN_UNTRUSTED') return step;
  return { ...step, outcome: 'unknown', code: 'TRUST_ANCHORS_MISSING', message: NO_TRUST_ANCHORS };
}

export function verdictOf(outcomes: readonly Outcome[]): Verdict {
  if (outcomes.includes('fail')) return 'invalid';
  return outcomes.every((o) => o === 'pass') ? 'valid' : 'incomplete';
}

async function facts(
  where: Pick<FileResult, 'batchId' | 'leafIndex'>,
  o: OnlineOptions,
  cache: FactsCache,
): Promise<LedgerFacts | undefined> {
  if (where.batchId === undefined || where.leafIndex === undefined) return undefined;
  const key = JSON.stringify([where.batchId, where.leafIndex]);
  let p = cache.get(key);
  if (!p) {
    p = fetchLedgerFacts(where.batchId, where.leafIndex, o);
    cache.set(key, p);
  }
  return p;
}

export async function checkFile(
  file: string,
  o: CheckOptions,
  cache: FactsCache = new Map(),
): Promise<FileResult> {
  const mode = o.online ? 'online' : 'offline';
  let kind: FileResult['kind'];
  let where: ReturnType<typeof whereabouts> = {};
  try {
    const loaded = await loadFile(file);
    kind = loaded.kind;
    where = whereabouts(loaded.bundle);
    const ledger = o.online ? await facts(where, o.online, cache) : undefined;
    const pems = o.trustAnchors ?? ledger?.trustAnchors ?? [];
    const trustAnchors = pems.flatMap((p) => pemToDer(p, 'CERTIFICATE'));
    const report = await verifyBundle(loaded.bundle, {
      trustAnchors,
      // Online, a bundle whose batch or leaf cannot be read gets no facts: the ledger has no such record.
      anchor: o.online ? (ledger?.anchor ?? { found: false, batchId: where.batchId ?? '' }) : undefined,
      now: o.now?.() ?? new Date(),
    });
    const steps = (trustAnchors.length ? report.steps : report.steps.map(withoutRoots)).map((s) => ({
      ...s,
      message: localizeInstants(s.message),
    }));
    const visible =
      loaded.kind === 'pdf' ? checkVisibleContent(loaded.bundle, loaded.pages ?? []) : undefined;
    const verdict = verdictOf([...steps.map((s) => s.outcome), ...(visible ? [visible.outcome] : [])]);
    return {
      file,
      kind,
      mode,
      ...where,
      report: { ...report, verdict, steps },
      ...(visible && { visible }),
      outcome: verdict,
      exitCode: EXIT[verdict],
    };
  } catch (e) {
    // One file's surprise (a bug, a PDF that breaks the reader) must not stop a folder's run.
    const err =
      e instanceof CliError ? e : new CliError('INTERNAL', String((e as Error)?.message ?? e), { cause: e });
    return {
      file,
      ...(kind && { kind }),
      mode,
      ...where,
      outcome: 'error',
      error: { code: err.code, message: err.localized, ...(err.detail && { detail: err.detail }) },
      exitCode: 3,
    };
  }
}

/** The exit code of a run: a record found invalid outranks everything, then a file that could not be read. */
export function worstExit(codes: readonly ExitCode[]): ExitCode {
  for (const c of [1, 3, 2] as const) if (codes.includes(c)) return c;
  return 0;
}
