/**
 * What crosses between the lock's threads: a refusal must arrive as the same coded error it was in the
 * worker (ServiceError, IntegrityError), so that the lock's callers and the HTTP layer cannot tell where it
 * was thrown. Anything else arrives as an Error with the worker's message and stack.
 */
import { IntegrityError, type IntegrityErrorCode } from '@hocba/integrity';
import { ServiceError, type ServiceErrorCode } from './errors.ts';
import type { CommittedChunk } from './lock-commit.ts';

export type WireError =
  | { kind: 'service'; code: string; message: string; details?: Record<string, unknown> }
  | { kind: 'integrity'; code: string; message: string; details?: Record<string, unknown> }
  | { kind: 'error'; name: string; message: string; stack?: string };

export type WorkerReply = { n: number } & (({ ok: true } & CommittedChunk) | { ok: false; error: WireError });

/** The message without the `CODE: ` prefix both error classes add. */
const bare = (e: { code: string; message: string }) =>
  e.message.startsWith(`${e.code}: `) ? e.message.slice(e.code.length + 2) : e.message;

export function toWireError(e: unknown): WireError {
  if (e instanceof ServiceError) {
    return {
      kind: 'service',
      code: e.code,
      message: bare(e),
      ...(e.details && { details: { ...e.details } }),
    };
  }
  if (e instanceof IntegrityError) {
    return {
      kind: 'integrity',
      code: e.code,
      message: bare(e),
      ...(e.details && { details: { ...e.details } }),
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'error', name: err.name, message: err.message, ...(err.stack && { stack: err.stack }) };
}

export function fromWireError(w: WireError): Error {
  switch (w.kind) {
    case 'service':
      return new ServiceError(w.code as ServiceErrorCode, w.message, w.details);
    case 'integrity':
      return new IntegrityError(
        w.code as IntegrityErrorCode,
        w.message,
        w.details ? { details: w.details } : undefined,
      );
    default: {
      const e = new Error(w.message);
      e.name = w.name;
      if (w.stack) e.stack = w.stack;
      return e;
    }
  }
}
