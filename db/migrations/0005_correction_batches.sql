-- Corrections (issue 12 point 6; DESIGN.md §4.6): a correction batch holds only the corrected records' new
-- versions, each naming the record (batch and leaf) it supersedes; the rest of the old batch stays valid.
ALTER TYPE "public"."batch_kind" ADD VALUE 'correction';--> statement-breakpoint
-- A lookup code names the pupil's record of one school year (an enrolment) and stays the same across its
-- versions: unique per version number, and never shared with another enrolment (the trigger below).
ALTER TABLE "record_versions" DROP CONSTRAINT "record_versions_lookup_code_unique";--> statement-breakpoint
ALTER TABLE "record_versions" ADD CONSTRAINT "record_versions_lookup_code_version_key" UNIQUE("lookup_code","version");--> statement-breakpoint
-- Another enrolment's code is refused as the unique constraint it replaces was: same SQLSTATE, same name.
CREATE FUNCTION hocba_lookup_code_one_enrolment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
--> statement-breakpoint
CREATE TRIGGER record_versions_lookup_code BEFORE INSERT OR UPDATE OF lookup_code, enrolment_id ON record_versions
  FOR EACH ROW EXECUTE FUNCTION hocba_lookup_code_one_enrolment();
