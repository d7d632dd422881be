/** Argument checks: every argument arrives as a string from a client that may be wrong. */
import { refuse } from './errors.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const YEAR = /^(\d{4})-(\d{4})$/;
const CODE = /^[A-Z0-9_]{2,40}$/;

export function id(value: string, what: string): string {
  if (!ID.test(value)) refuse('INVALID_ARGUMENT', `${what} must be 1–64 of A–Z a–z 0–9 . _ -`);
  return value;
}

export function schoolYear(value: string): string {
  const m = YEAR.exec(value);
  if (!m || Number(m[2]) !== Number(m[1]) + 1)
    refuse('INVALID_ARGUMENT', 'school year must look like 2025-2026');
  return value;
}

/** An ISO 8601 instant in UTC, returned normalised. */
export function instant(value: string, what: string): string {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(value) || Number.isNaN(t)) {
    refuse('INVALID_ARGUMENT', `${what} must be an ISO 8601 UTC time such as 2026-06-30T17:00:00Z`);
  }
  return new Date(t).toISOString();
}

export function reasonCode(value: string): string {
  if (!CODE.test(value)) refuse('INVALID_ARGUMENT', 'reason code must be 2–40 of A–Z 0–9 _');
  return value;
}

/** Legal basis: the number of a decision or circular, e.g. "QĐ 12/QĐ-SGDĐT" — an organisation's act, not a person. */
export function legalBasis(value: string): string {
  const v = value.normalize('NFC').trim();
  if (v.length < 3 || v.length > 200) refuse('INVALID_ARGUMENT', 'legal basis must be 3–200 characters');
  return v;
}

export function name(value: string, what: string): string {
  const v = value.normalize('NFC').trim();
  if (v.length < 2 || v.length > 200) refuse('INVALID_ARGUMENT', `${what} must be 2–200 characters`);
  return v;
}

export function nonNegativeInt(value: string, what: string): number {
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value) || !Number.isSafeInteger(n))
    refuse('INVALID_ARGUMENT', `${what} must be a whole number`);
  return n;
}

export function json<T>(value: string, what: string): T {
  try {
    return JSON.parse(value) as T;
  } catch {
    return refuse('INVALID_ARGUMENT', `${what} is not JSON`);
  }
}
