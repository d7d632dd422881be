-- How a version's field salts were derived from its record salt (issue 16, DESIGN.md §4.2; the schemes are
-- written down in gateway/src/salts.ts). Every version locked before this migration was salted by the HMAC:
-- the default keeps it so. A later disclosure derives the salts by the scheme stored here.
ALTER TABLE "record_versions" ADD COLUMN "salt_scheme" text DEFAULT 'hmac-sha256' NOT NULL;
--> statement-breakpoint
ALTER TABLE "record_versions" ADD CONSTRAINT "record_versions_salt_scheme" CHECK ("record_versions"."salt_scheme" IN ('hmac-sha256', 'aes-256-ctr'));
--> statement-breakpoint

-- From lock on, the scheme is frozen with the salt (HB002): another scheme would give other field salts, and
-- the stored leaf could no longer be disclosed. The function of 0001, with salt_scheme in the frozen tuple.
CREATE OR REPLACE FUNCTION hocba_record_version_committed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state NOT IN ('locked', 'revoked', 'superseded') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'record version % is %: it cannot be deleted', OLD.id, OLD.state
      USING ERRCODE = 'HB002', HINT = 'Revoke it, or correct it with a new version.';
  END IF;
  IF (NEW.id, NEW.enrolment_id, NEW.version, NEW.supersedes_id, NEW.record, NEW.canonical_text, NEW.salt,
      NEW.salt_scheme, NEW.leaf_hash, NEW.lookup_code, NEW.effective_at, NEW.created_by)
     IS DISTINCT FROM
     (OLD.id, OLD.enrolment_id, OLD.version, OLD.supersedes_id, OLD.record, OLD.canonical_text, OLD.salt,
      OLD.salt_scheme, OLD.leaf_hash, OLD.lookup_code, OLD.effective_at, OLD.created_by) THEN
    RAISE EXCEPTION 'record version % is %: its content cannot change', OLD.id, OLD.state
      USING ERRCODE = 'HB002', HINT = 'A correction after lock makes a new version that supersedes this one.';
  END IF;
  IF NEW.state <> OLD.state AND NOT (OLD.state = 'locked' AND NEW.state IN ('revoked', 'superseded')) THEN
    RAISE EXCEPTION 'record version % is %: it cannot become %', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'HB002', HINT = 'A locked version can only be revoked or superseded.';
  END IF;
  RETURN NEW;
END
$$;
