/**
 * One refusal, for every route, of text the database cannot hold: Postgres (and PGlite) refuse U+0000 in
 * `text` and `jsonb`, so a NUL anywhere in a path parameter, a query or a JSON body (a value or an object
 * key) would fail in the driver as a 500. It is refused before validation with 400 NUL_CHARACTER naming
 * where it was (a JSON Pointer), never echoing the value.
 */
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, type Problem } from '../../http-errors.ts';

const pointer = (segments: readonly string[]) =>
  segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

/** The path of the first NUL in `value` (a string, a key or a value at any depth), or undefined. */
export function findNul(value: unknown, at: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? pointer(at) : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...at, String(i)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return pointer([...at, k.replaceAll('\u0000', '\\u0000')]);
    const found = findNul(v, [...at, k]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Values known to hold no U+0000 (see markChecked): not scanned again. */
const checked = new WeakSet<object>();

/**
 * Marks a value as free of U+0000 — the validated form of a body this guard passed — so that the same object
 * handed out again (routes/v1/verify/known-bodies.ts) is not scanned again (issue 16). Must not be changed.
 */
export function markChecked<T extends object>(value: T): T {
  checked.add(value);
  return value;
}

const PARTS = [
  ['params', (r: FastifyRequest) => r.params],
  ['querystring', (r: FastifyRequest) => r.query],
  ['body', (r: FastifyRequest) => r.body],
] as const;

export default fp(
  async (fastify) => {
    fastify.addHook('preValidation', async (request) => {
      for (const [part, read] of PARTS) {
        const value = read(request);
        if (typeof value === 'object' && value !== null && checked.has(value)) continue;
        const path = findNul(value);
        if (path === undefined) continue;
        const problems: Problem[] = [{ in: part, path, message: 'must not contain U+0000' }];
        throw new ApiError('NUL_CHARACTER', { problems });
      }
    });
  },
  { name: 'input-guard', fastify: '5.x' },
);
