import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor, Transaction } from './types.ts';

/**
 * Runs `fn` in the caller's transaction when given one (so that what it writes commits or rolls back with
 * the caller's own writes), else in a new transaction.
 */
export function inTransaction<T>(exec: Executor, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (exec instanceof PgTransaction) return fn(exec as Transaction);
  return exec.transaction(fn);
}
