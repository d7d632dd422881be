/** Fixtures and small editing helpers shared by the record tests. */
import { readFileSync } from 'node:fs';
import { checkRecord, type RecordData, type RecordErrorCode, type RecordProblem } from '../src/index.ts';

export type FixtureName = 'primary-grade5' | 'thcs-grade8' | 'thpt-grade11' | 'gdtx-grade10';
export const FIXTURES: readonly FixtureName[] = [
  'primary-grade5',
  'thcs-grade8',
  'thpt-grade11',
  'gdtx-grade10',
];

/** A fresh, mutable copy of a fixture as plain JSON. */
export function fixture(name: FixtureName): Json {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Json;
}

// Records are edited as loose JSON in tests, precisely to be able to make them wrong.
// biome-ignore lint/suspicious/noExplicitAny: test data is edited freely, then validated.
export type Json = any;

export const asRecord = (r: RecordData): Json => JSON.parse(JSON.stringify(r)) as Json;

/** The problems of a record, as [code, path] pairs — what most assertions are about. */
export function codes(input: unknown): [RecordErrorCode, string][] {
  return checkRecord(input).map((p) => [p.code, p.path]);
}

export function only(input: unknown): RecordProblem {
  const problems = checkRecord(input);
  if (problems.length !== 1) {
    throw new Error(
      `expected exactly one problem, got ${problems.length}: ${JSON.stringify(problems, null, 1)}`,
    );
  }
  return problems[0]!;
}

/** A value of the 10-point scale from tenths. */
export const t = (tenths: number) => tenths / 10;
