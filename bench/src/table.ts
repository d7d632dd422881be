/** Shared by the lock and gateway benchmarks: number formats, a plain text table, the JSON results file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export const int = (x: number): string => Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');

export const fixed = (x: number, d: number): string => {
  const [a, b] = x.toFixed(d).split('.');
  return `${int(Number(a))}${b ? `.${b}` : ''}`;
};

export const loadAverage = (): number[] => loadavg().map((x) => Math.round(x * 100) / 100);

/** Columns right-aligned except the first. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [line(head), ...rows.map(line)].join('\n');
}

const RESULTS = new URL('../results/', import.meta.url);

/** Writes bench/results/<name>-<timestamp>.json and <name>-latest.json; returns their paths. */
export function writeJson(name: string, started: Date, data: unknown): string[] {
  mkdirSync(RESULTS, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = `${JSON.stringify(data, null, 2)}\n`;
  const files = [new URL(`${name}-${stamp}.json`, RESULTS), new URL(`${name}-latest.json`, RESULTS)];
  for (const f of files) writeFileSync(f, json);
  return files.map((f) => f.pathname);
}
