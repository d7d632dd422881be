/**
 * The administrative tiers above the school. The middle tier is `district` in code whatever body fills it
 * (Phòng GD&ĐT until 7/2025, the commune tier since in many provinces): `body` names it, nothing branches
 * on it.
 */
import { foreignKey, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, idFormat, textId, updatedAt } from './columns.ts';

export const provinces = pgTable(
  'provinces',
  {
    id: textId().primaryKey(),
    /** Mã tỉnh, two digits: the record's provinceCode. */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** The Fabric organisation of the province (DoetMSP). */
    mspId: text('msp_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [idFormat('provinces_id_format', t.id)],
);

export const districts = pgTable(
  'districts',
  {
    id: textId().primaryKey(),
    provinceId: text('province_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Which body fills the tier, as people call it ("Phòng GD&ĐT", "UBND xã"); informative only. */
    body: text('body'),
    /** The Fabric organisation whose peer endorses this district's schools (District1MSP…). */
    mspId: text('msp_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    idFormat('districts_id_format', t.id),
    foreignKey({ name: 'districts_province_fk', columns: [t.provinceId], foreignColumns: [provinces.id] }),
    unique('districts_province_code_key').on(t.provinceId, t.code),
    // Target of schools' (district, province) key, which keeps a school's two tiers consistent.
    unique('districts_id_province_key').on(t.id, t.provinceId),
  ],
);
