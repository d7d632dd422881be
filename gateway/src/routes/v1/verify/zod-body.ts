/**
 * A Fastify validator for a body checked by a zod schema: integrity's ProofBundle is the wire format's one
 * definition, so the gateway validates with it rather than with a JSON Schema copy. zod's issues become
 * the VALIDATION error, one problem per path.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { ApiError, type Problem } from '../../../http-errors.ts';

export function zodProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((i) => ({
    in: 'body',
    path: `/${i.path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
    message: i.message,
  }));
}

/**
 * For the route's `validatorCompiler`: the body through `schema`, other parts have no schema here. A value
 * `known` says it handed out (bundle.ts: the very value these bytes were validated to) passes as it is.
 */
export function zodBody(
  schema: z.ZodType,
  known?: { has(value: unknown): boolean },
): FastifySchemaCompiler<unknown> {
  return ({ httpPart }) =>
    (data: unknown) => {
      if (httpPart !== 'body' || known?.has(data)) return { value: data };
      const parsed = schema.safeParse(data);
      return parsed.success
        ? { value: parsed.data }
        : { error: new ApiError('VALIDATION', { problems: zodProblems(parsed.error.issues) }) };
    };
}
