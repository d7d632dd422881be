/** Command-line options of `npm run bench -- [options]`. */

export interface BenchOptions {
  sizes: number[];
  /** Repetitions per size (the median is reported); undefined: 5 up to 10⁴ records, 3 up to 10⁵, else 1. */
  reps: number | undefined;
  seed: number;
  /** Records given to OpenAttestation's wrapDocuments at most (it is slow and quadratic). */
  oaCap: number;
  /** Records for the hash-library comparison at most. */
  hashLibCap: number;
  warmup: boolean;
  /** Time budget per phase for its repetitions, in ms. */
  budgetMs: number;
}

export const USAGE = `usage: npm run bench -- [--sizes 10000,100000] [--quick] [--reps N] [--seed N]
                         [--oa-cap N] [--budget S] [--no-warmup]
  --sizes    record counts, comma-separated (10000, 1e5, 1_000_000); default 10000,100000,1000000
  --quick    sizes 10000,100000 (unless --sizes), one repetition, OpenAttestation on 2 000 records
  --reps     most repetitions per phase (median reported); default 5 up to 10⁴, 3 up to 10⁵, 1 above
  --seed     seed of the synthetic records (default 2025)
  --oa-cap   OpenAttestation wrapDocuments on min(N, cap) records (default 10000)
  --budget   seconds per phase for its repetitions: no further run past it (default 25)
  --no-warmup  skip the warm-up round on 2 000 records`;

function count(s: string, what: string): number {
  const n = Number(s.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${what}: "${s}" is not a positive integer`);
  return n;
}

export function parseArgs(argv: readonly string[]): BenchOptions | 'help' {
  let sizes: number[] | undefined;
  let quick = false;
  let reps: number | undefined;
  let seed = 2025;
  let oaCap: number | undefined;
  let warmup = true;
  let budgetMs = 25_000;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--sizes':
        sizes = value()
          .split(',')
          .filter((s) => s.trim() !== '')
          .map((s) => count(s.trim(), '--sizes'));
        if (sizes.length === 0) throw new Error('--sizes needs at least one size');
        break;
      case '--quick':
        quick = true;
        break;
      case '--reps':
        reps = count(value(), '--reps');
        break;
      case '--seed':
        seed = count(value(), '--seed');
        break;
      case '--oa-cap':
        oaCap = count(value(), '--oa-cap');
        break;
      case '--budget':
        budgetMs = count(value(), '--budget') * 1000;
        break;
      case '--no-warmup':
        warmup = false;
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return {
    sizes: sizes ?? (quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]),
    reps: reps ?? (quick ? 1 : undefined),
    seed,
    oaCap: oaCap ?? (quick ? 2_000 : 10_000),
    hashLibCap: 10_000,
    warmup,
    budgetMs,
  };
}

export function defaultReps(n: number): number {
  return n <= 10_000 ? 5 : n <= 100_000 ? 3 : 1;
}
