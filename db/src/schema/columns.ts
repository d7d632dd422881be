/**
 * Column builders shared by every table, so that one kind of value has one SQL type everywhere.
 *
 * Identifiers: those that leave the database — in a record, a batch manifest or a ledger key (schools,
 * classes, record versions, batches, provinces, districts) — are `text` in the format integrity/ and the
 * record schema accept (`Id`: 1–64 of A–Z a–z 0–9 . _ -), so the gateway may use readable ones (a school's
 * code) or let the database draw a UUID. Internal identifiers are `uuid`.
 */
import { type SQL, sql } from 'drizzle-orm';
import { check, customType, type PgColumn, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The `Id` format of integrity's manifest and the gateway's record envelope. */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/** A text identifier that leaves the database; drawn as a UUID when the caller gives none. */
export const textId = (name = 'id') => text(name).default(sql`gen_random_uuid()::text`);

/** An internal identifier. */
export const uuidId = (name = 'id') => uuid(name).defaultRandom();

export const idFormat = (name: string, column: PgColumn) =>
  check(name, sql`${column} ~ ${sql.raw(`'${ID_PATTERN}'`)}`);

/**
 * Instants with millisecond precision: what a JS Date holds and what the manifest and the audit chain
 * hash, so that a value read back is the value that was hashed.
 */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const createdAt = () => tstz('created_at').notNull().defaultNow();
export const updatedAt = () =>
  tstz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** "2025-2026": two consecutive years, as the record and the manifest write them. */
export const schoolYearCheck = (name: string, column: PgColumn): ReturnType<typeof check> =>
  check(
    name,
    sql`${column} ~ '^[0-9]{4}-[0-9]{4}$' AND substr(${column}, 6, 4)::int = substr(${column}, 1, 4)::int + 1`,
  );

/** Exactly `n` bytes (hashes are 32). */
export const byteLength = (column: PgColumn, n: number): SQL =>
  sql`octet_length(${column}) = ${sql.raw(String(n))}`;

/**
 * bytea as a plain Uint8Array. node-postgres returns Buffers and PGlite Uint8Arrays; callers get the same
 * type from both (a Buffer's equality and toString differ from a Uint8Array's, a trap in comparisons).
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => toBuffer(value),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * A list of 32-byte hashes (an inclusion proof) stored as one bytea of their concatenation: compact (a
 * 300k-leaf batch stores 300k proofs) and portable across both drivers, unlike bytea[].
 */
export const hashList = customType<{ data: Uint8Array[]; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (hashes) => {
    const out = Buffer.alloc(hashes.length * 32);
    hashes.forEach((h, i) => {
      if (h.length !== 32) throw new RangeError(`hash ${i} of the list has ${h.length} bytes, not 32`);
      out.set(h, i * 32);
    });
    return out;
  },
  fromDriver: (value) => {
    const bytes = new Uint8Array(value);
    const out: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 32) out.push(bytes.slice(i, i + 32));
    return out;
  },
});

/** A Buffer view of the same bytes (no copy): the one bytea parameter type both drivers accept. */
function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
