/**
 * World-state helpers. Values are written as JCS bytes (integrity's canonicalize), so that every endorser
 * produces byte-identical write sets. Time is always the transaction's timestamp, never the clock: every
 * endorser must compute the same result.
 */
import { canonicalBytes, fromUtf8 } from '@hocba/integrity';
import type { Context } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { refuse } from './errors.ts';

export const txTime = (ctx: Context): Date => ctx.stub.getDateTimestamp();
export const txIso = (ctx: Context): string => txTime(ctx).toISOString();

export async function getJson<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(key);
  // Fabric returns an empty buffer for an absent key.
  return bytes && bytes.length > 0 ? (JSON.parse(fromUtf8(bytes)) as T) : undefined;
}

export async function mustGet<T>(ctx: Context, key: string, what: string): Promise<T> {
  const v = await getJson<T>(ctx, key);
  return v ?? refuse('NOT_FOUND', `${what} does not exist`);
}

export async function putJson(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, canonicalBytes(value));
}

export const compositeKey = (ctx: Context, type: string, attrs: string[]): string =>
  ctx.stub.createCompositeKey(type, attrs);

/** Sets a key-level endorsement policy: every listed organisation's peer must endorse writes to `key`. */
export async function requireEndorsers(ctx: Context, key: string, mspIds: string[]): Promise<void> {
  const ep = new KeyEndorsementPolicy();
  ep.addOrgs('PEER', ...mspIds);
  await ctx.stub.setStateValidationParameter(key, ep.getPolicy());
}

export interface Page<T> {
  items: T[];
  bookmark: string;
}

export async function pageByPartialKey<T>(
  ctx: Context,
  type: string,
  attrs: string[],
  pageSize: number,
  bookmark: string,
): Promise<Page<T>> {
  const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
    type,
    attrs,
    pageSize,
    bookmark,
  );
  const items: T[] = [];
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      items.push(JSON.parse(fromUtf8(r.value.value)) as T);
    }
  } finally {
    await iterator.close();
  }
  // A Fabric peer sends no metadata with an empty last page (fabric-shim leaves it undefined).
  return { items, bookmark: metadata?.bookmark ?? '' };
}

export async function allByPartialKey<T>(ctx: Context, type: string, attrs: string[]): Promise<T[]> {
  const out: T[] = [];
  const iterator = await ctx.stub.getStateByPartialCompositeKey(type, attrs);
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      out.push(JSON.parse(fromUtf8(r.value.value)) as T);
    }
  } finally {
    await iterator.close();
  }
  return out;
}

/** Parses a page size argument: 1..100, default 20. */
export function pageSizeOf(arg: string): number {
  if (arg === '') return 20;
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1 || n > 100) refuse('INVALID_ARGUMENT', 'page size must be 1 to 100');
  return n;
}
