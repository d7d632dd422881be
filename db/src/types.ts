/** The database types every helper accepts, whichever driver is underneath. */
import type { Assume, ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;

/**
 * What a raw `execute(sql)` returns on both drivers: node-postgres' QueryResult and PGlite's Results
 * share `rows` (and little else), so that is all a caller may rely on.
 */
export interface QueryResultHKT extends PgQueryResultHKT {
  type: RawResult<Assume<this['row'], Record<string, unknown>>>;
}

export interface RawResult<Row> {
  rows: Row[];
}

/** A Drizzle database on node-postgres or on PGlite: the same query API, the same schema. */
export type Database = PgDatabase<QueryResultHKT, Schema>;

export type Transaction = PgTransaction<QueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Either: helpers that need a transaction open one on a Database, or join the caller's. */
export type Executor = Database | Transaction;

export type Dialect = 'postgres' | 'pglite';
