/**
 * A province of the list benchmark's size, written by set-based SQL (INSERT … SELECT generate_series: one
 * statement per table, not the lock path): 1 province, 20 districts, 1 000 schools with a class each,
 * `batches` batches over two school years in every state a list shows (the signed ones with placeholder
 * manifest bytes: nothing here is verified), `records` record versions in the states before lock, and what
 * waits for someone — correction requests, transfers, recall requests.
 */
import type { Database } from '@hocba/db';
import { sql } from 'drizzle-orm';

export const DISTRICTS = 20;
export const SCHOOLS = 1000;

export interface SeedSize {
  batches: number;
  records: number;
  corrections: number;
  transfers: number;
}

/** The user every waiting row names as its requester. */
export async function seedLists(db: Database, size: SeedSize, userId: string): Promise<void> {
  await db.execute(sql`INSERT INTO provinces (id, code, name) VALUES ('P1', '91', 'Tỉnh Thử nghiệm')`);
  await db.execute(sql`INSERT INTO districts (id, province_id, code, name)
    SELECT 'D' || d, 'P1', 'D' || d, 'Phòng GD&ĐT ' || d FROM generate_series(1, ${DISTRICTS}) d`);
  await db.execute(sql`INSERT INTO schools (id, code, name, level, district_id, province_id)
    SELECT 'S' || s, 'S' || s, 'Trường Tiểu học ' || s, 'TH', 'D' || (s % ${DISTRICTS} + 1), 'P1'
    FROM generate_series(1, ${SCHOOLS}) s`);
  await db.execute(sql`INSERT INTO classes (id, school_id, school_year, grade, name)
    SELECT 'C' || s, 'S' || s, '2025-2026', 5, '5A' FROM generate_series(1, ${SCHOOLS}) s`);
  // One batch a minute back from now; states by residue: most accepted, a fifth anchored (the district's
  // queue), some signed, assembling, reported and recall requested; a tenth supplementary; a third of the
  // year before. A school's batches are 20 in a row (b / 20), so that every school has every state.
  await db.execute(sql`INSERT INTO batches (id, school_id, school_year, class_id, kind, state, manifest_text,
      manifest_hash, cms, root, leaf_count, signer_cert_fingerprint, locked_at, ledger_tx_id, block_number,
      anchored_at, created_at)
    SELECT 'B' || lpad(b::text, 7, '0'), 'S' || ((b / 20) % ${SCHOOLS} + 1),
      CASE WHEN b % 3 = 0 THEN '2024-2025' ELSE '2025-2026' END,
      CASE WHEN b % 3 = 0 THEN NULL ELSE 'C' || ((b / 20) % ${SCHOOLS} + 1) END,
      (CASE WHEN b % 10 = 0 THEN 'supplementary' ELSE 'regular' END)::batch_kind,
      st.state::batch_state,
      CASE WHEN st.state = 'assembling' THEN NULL ELSE '{}' END,
      CASE WHEN st.state = 'assembling' THEN NULL ELSE decode(md5(b::text) || md5(b::text), 'hex') END,
      CASE WHEN st.state = 'assembling' THEN NULL ELSE '\\x30'::bytea END,
      CASE WHEN st.state = 'assembling' THEN NULL ELSE decode(md5('r' || b) || md5(b::text), 'hex') END,
      30,
      CASE WHEN st.state = 'assembling' THEN NULL ELSE repeat('ab', 32) END,
      now() - (b || ' minutes')::interval,
      CASE WHEN st.state IN ('assembling', 'signed') THEN NULL ELSE 'tx' || b END,
      CASE WHEN st.state IN ('assembling', 'signed') THEN NULL ELSE b END,
      CASE WHEN st.state IN ('assembling', 'signed') THEN NULL ELSE now() - (b || ' minutes')::interval + interval '5 seconds' END,
      now() - (b || ' minutes')::interval
    FROM generate_series(1, ${size.batches}) b,
      LATERAL (SELECT CASE
        WHEN b % 20 IN (1, 2, 3, 4) THEN 'anchored'
        WHEN b % 20 = 5 THEN 'signed'
        WHEN b % 20 = 6 THEN 'assembling'
        WHEN b % 20 = 7 THEN 'reported'
        WHEN b % 200 = 8 THEN 'recallRequested'
        ELSE 'accepted' END AS state) st`);
  await db.execute(sql`INSERT INTO status_events (kind, batch_id, reason_code, legal_basis, requested_by,
      created_at)
    SELECT 'recallRequest', id, 'WRONG_CLASS', 'QĐ thử nghiệm', ${userId}::uuid, created_at + interval '1 day'
    FROM batches WHERE state = 'recallRequested'`);
  // Students, their enrolment in their school's class (5 in a row: each class has every state), and
  // version 1 of their record.
  await db.execute(sql`INSERT INTO students (id, national_id, student_code)
    SELECT md5('st' || s)::uuid, lpad(s::text, 12, '0'), 'HS' || s FROM generate_series(1, ${size.records}) s`);
  await db.execute(sql`INSERT INTO enrolments (id, student_id, class_id, school_year, custody_school_id)
    SELECT md5('en' || s)::uuid, md5('st' || s)::uuid, 'C' || ((s / 5) % ${SCHOOLS} + 1), '2025-2026',
      'S' || ((s / 5) % ${SCHOOLS} + 1)
    FROM generate_series(1, ${size.records}) s`);
  await db.execute(sql`INSERT INTO record_versions (id, enrolment_id, version, state, record)
    SELECT 'REC-' || s, md5('en' || s)::uuid, 1,
      (ARRAY['draft', 'entered', 'reviewed', 'confirmed', 'approved'])[s % 5 + 1]::record_state, '{}'::jsonb
    FROM generate_series(1, ${size.records}) s`);
  await db.execute(sql`INSERT INTO correction_requests (record_version_id, requested_by, legal_basis, reason,
      state, checked_by, checked_at, created_at)
    SELECT 'REC-' || c, ${userId}::uuid, 'Điều 15', 'Thử nghiệm',
      (CASE WHEN c % 2 = 0 THEN 'checked' ELSE 'requested' END)::correction_state,
      CASE WHEN c % 2 = 0 THEN ${userId}::uuid END,
      CASE WHEN c % 2 = 0 THEN now() - (c || ' minutes')::interval END,
      now() - (c || ' minutes')::interval - interval '1 day'
    FROM generate_series(1, ${size.corrections}) c`);
  await db.execute(sql`INSERT INTO transfers (student_id, from_school_id, to_school_id, requested_by,
      requested_at)
    SELECT md5('st' || t)::uuid, 'S' || ((t / 5) % ${SCHOOLS} + 1), 'S' || ((t / 5 + 7) % ${SCHOOLS} + 1),
      ${userId}::uuid, now() - (t || ' minutes')::interval
    FROM generate_series(1, ${size.transfers}) t`);
  // Every table the lists read: PGlite runs no autovacuum, so nothing else gathers the planner's statistics.
  await db.execute(sql`ANALYZE`);
}
