-- The lock's storage cost per version (issue 16): a lock rewrites every version's row once — its record
-- gains effectiveAt, its canonical text is stored — and each of those ~2–3 kB values is compressed on the way
-- in. pglz, the default, is most of the database's CPU in that write; lz4 compresses ~4× faster (measured on
-- a 30 000-record lock, Postgres 15) and decompresses faster for every later read. Only values written from
-- now on are lz4; older ones stay readable as they are. PGlite is built without lz4 (SQLSTATE 0A000): there
-- the columns keep the default, and nothing else changes.
DO $$
BEGIN
  ALTER TABLE "record_versions"
    ALTER COLUMN "record" SET COMPRESSION lz4,
    ALTER COLUMN "canonical_text" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;
--> statement-breakpoint

-- The guard of committed versions (HB002, migrations/0001 and 0009) has nothing to check while a version is
-- not yet committed: its function returns at once. Saying so in the trigger's WHEN spares the call for every
-- version a lock updates (same function, same refusals).
DROP TRIGGER "record_versions_committed" ON "record_versions";
--> statement-breakpoint
CREATE TRIGGER "record_versions_committed" BEFORE UPDATE OR DELETE ON "record_versions"
  FOR EACH ROW WHEN (OLD.state IN ('locked', 'revoked', 'superseded'))
  EXECUTE FUNCTION hocba_record_version_committed();
--> statement-breakpoint

-- A lookup code is never shared with another enrolment (migrations/0005). An update that keeps the code and
-- the enrolment cannot break that — it held when they were written — so it skips the search: the lock
-- sets lookup_code on every version, mostly to the code it already has.
CREATE OR REPLACE FUNCTION hocba_lookup_code_one_enrolment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.lookup_code IS NOT DISTINCT FROM OLD.lookup_code
     AND NEW.enrolment_id = OLD.enrolment_id THEN
    RETURN NEW;
  END IF;
  IF NEW.lookup_code IS NOT NULL AND EXISTS (
    SELECT 1 FROM record_versions r
    WHERE r.lookup_code = NEW.lookup_code AND r.enrolment_id <> NEW.enrolment_id
  ) THEN
    RAISE EXCEPTION 'lookup code already names another record'
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'record_versions_lookup_code_unique';
  END IF;
  RETURN NEW;
END
$$;
