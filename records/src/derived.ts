/**
 * One schema, two modes. A `final` record carries every derived value (averages, results, promotion,
 * awards) so that they are signed with it; a `draft` (what the entry UI sends) may leave them out, and
 * deriveRecord fills them in. Building both from one definition keeps them from drifting apart.
 */
import type { z } from 'zod';

export type Mode = 'final' | 'draft';

export type Derived<M extends Mode, T extends z.ZodType> = M extends 'final' ? T : z.ZodOptional<T>;

export function derived<M extends Mode, T extends z.ZodType>(mode: M, schema: T): Derived<M, T> {
  return (mode === 'final' ? schema : schema.optional()) as Derived<M, T>;
}
