-- Custom migration (drizzle-kit generate --custom): what Drizzle's schema cannot express.
-- Committed facts must never change, whatever the application does: the audit log is append-only, a
-- locked record version keeps its content, a signed batch keeps what it committed to. Each refusal raises
-- a project SQLSTATE of class HB (see src/errors.ts, HOCBA_SQLSTATE) with a message a person can act on.
-- These triggers guard against application bugs and casual edits; a superuser can still disable them,
-- which is why the audit log is also hash-chained (src/audit.ts) and batches are anchored on the ledger.

-- audit_log: append-only (HB001).
CREATE FUNCTION hocba_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    RAISE EXCEPTION 'audit_log is append-only: % of entry % refused', TG_OP, OLD.seq
      USING ERRCODE = 'HB001', HINT = 'Correct the log by appending an entry, never by changing one.';
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'HB001', HINT = 'Correct the log by appending an entry, never by changing one.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION hocba_audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_audit_log_append_only();
--> statement-breakpoint

-- record_versions: from lock on, the content the leaf commits to is frozen (HB002). The state may still
-- move from locked to revoked or superseded (a correction makes a new version); nothing else.
CREATE FUNCTION hocba_record_version_committed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state NOT IN ('locked', 'revoked', 'superseded') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'record version % is %: it cannot be deleted', OLD.id, OLD.state
      USING ERRCODE = 'HB002', HINT = 'Revoke it, or correct it with a new version.';
  END IF;
  IF (NEW.id, NEW.enrolment_id, NEW.version, NEW.supersedes_id, NEW.record, NEW.canonical_text, NEW.salt,
      NEW.leaf_hash, NEW.lookup_code, NEW.effective_at, NEW.created_by)
     IS DISTINCT FROM
     (OLD.id, OLD.enrolment_id, OLD.version, OLD.supersedes_id, OLD.record, OLD.canonical_text, OLD.salt,
      OLD.leaf_hash, OLD.lookup_code, OLD.effective_at, OLD.created_by) THEN
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
--> statement-breakpoint
CREATE TRIGGER record_versions_committed BEFORE UPDATE OR DELETE ON record_versions
  FOR EACH ROW EXECUTE FUNCTION hocba_record_version_committed();
--> statement-breakpoint

-- batches: once signed, what the signature and the anchor cover is frozen (HB003): the manifest, the CMS,
-- the root and everything the manifest names; the ledger's coordinates are written once. The state moves
-- on (anchored, accepted, recalled…) but never back to assembling.
CREATE FUNCTION hocba_batch_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'assembling' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'batch % is %: it cannot be deleted', OLD.id, OLD.state
      USING ERRCODE = 'HB003', HINT = 'Recall it, and replace it with a new batch.';
  END IF;
  IF NEW.state = 'assembling' THEN
    RAISE EXCEPTION 'batch % is %: it cannot go back to assembling', OLD.id, OLD.state
      USING ERRCODE = 'HB003', HINT = 'Recall it, and replace it with a new batch.';
  END IF;
  IF (NEW.id, NEW.school_id, NEW.school_year, NEW.class_id, NEW.kind, NEW.supersedes_id, NEW.manifest_text,
      NEW.manifest_hash, NEW.cms, NEW.root, NEW.leaf_count, NEW.signer_cert_fingerprint, NEW.locked_at)
     IS DISTINCT FROM
     (OLD.id, OLD.school_id, OLD.school_year, OLD.class_id, OLD.kind, OLD.supersedes_id, OLD.manifest_text,
      OLD.manifest_hash, OLD.cms, OLD.root, OLD.leaf_count, OLD.signer_cert_fingerprint, OLD.locked_at) THEN
    RAISE EXCEPTION 'batch % is %: what it signed cannot change', OLD.id, OLD.state
      USING ERRCODE = 'HB003', HINT = 'Recall it, and replace it with a new batch.';
  END IF;
  IF (OLD.ledger_tx_id IS NOT NULL AND NEW.ledger_tx_id IS DISTINCT FROM OLD.ledger_tx_id)
     OR (OLD.block_number IS NOT NULL AND NEW.block_number IS DISTINCT FROM OLD.block_number)
     OR (OLD.anchored_at IS NOT NULL AND NEW.anchored_at IS DISTINCT FROM OLD.anchored_at) THEN
    RAISE EXCEPTION 'batch % is anchored in transaction %: its anchor cannot change', OLD.id, OLD.ledger_tx_id
      USING ERRCODE = 'HB003';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER batches_signed BEFORE UPDATE OR DELETE ON batches
  FOR EACH ROW EXECUTE FUNCTION hocba_batch_signed();
--> statement-breakpoint

-- batch_members: the leaves and proofs of a signed batch are frozen too (HB003). Statement-level triggers
-- with transition tables: a lock of 300k records inserts its members in a few statements, and each
-- statement is checked with one join instead of 300k lookups.
CREATE FUNCTION hocba_batch_members_signed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  signed_batch text;
BEGIN
  SELECT b.id INTO signed_batch FROM changed_members m JOIN batches b ON b.id = m.batch_id
    WHERE b.state <> 'assembling' LIMIT 1;
  -- An UPDATE could also move a member into a signed batch.
  IF signed_batch IS NULL AND TG_OP = 'UPDATE' THEN
    SELECT b.id INTO signed_batch FROM new_members m JOIN batches b ON b.id = m.batch_id
      WHERE b.state <> 'assembling' LIMIT 1;
  END IF;
  IF signed_batch IS NOT NULL THEN
    RAISE EXCEPTION 'batch % is signed: its members cannot change (%)', signed_batch, TG_OP
      USING ERRCODE = 'HB003', HINT = 'Recall it, and replace it with a new batch.';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER batch_members_signed_insert AFTER INSERT ON batch_members
  REFERENCING NEW TABLE AS changed_members
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_batch_members_signed();
--> statement-breakpoint
CREATE TRIGGER batch_members_signed_update AFTER UPDATE ON batch_members
  REFERENCING OLD TABLE AS changed_members NEW TABLE AS new_members
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_batch_members_signed();
--> statement-breakpoint
CREATE TRIGGER batch_members_signed_delete AFTER DELETE ON batch_members
  REFERENCING OLD TABLE AS changed_members
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_batch_members_signed();
