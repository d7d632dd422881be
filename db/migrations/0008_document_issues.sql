-- The document issue log (issue 15 point 2; the draft circular on học bạ số: every electronic copy or extract
-- issued is logged): who, when, which record version (batch and leaf), which kind, which fields (JSON
-- Pointers only, never the content). Append-only, as the access log.
CREATE TABLE "document_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"issuer" text NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"actor_role" "role" NOT NULL,
	"kind" text NOT NULL,
	"record_version_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"leaf_index" integer NOT NULL,
	"school_id" text NOT NULL,
	"pointers" jsonb,
	CONSTRAINT "document_issues_kind" CHECK ("document_issues"."kind" IN ('full', 'extract')),
	CONSTRAINT "document_issues_issuer" CHECK ("document_issues"."issuer" IN ('staff', 'holder')),
	CONSTRAINT "document_issues_leaf_index" CHECK ("document_issues"."leaf_index" >= 0),
	CONSTRAINT "document_issues_pointers" CHECK (("document_issues"."kind" = 'full') = ("document_issues"."pointers" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "document_issues_record_idx" ON "document_issues" USING btree ("record_version_id");--> statement-breakpoint
CREATE INDEX "document_issues_school_idx" ON "document_issues" USING btree ("school_id");--> statement-breakpoint
-- Append-only (HB005): an issued copy stays logged as it was issued.
CREATE FUNCTION hocba_document_issues_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'document_issues is append-only: % refused', TG_OP
    USING ERRCODE = 'HB005', HINT = 'The document issue log is kept as written.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER document_issues_append_only BEFORE UPDATE OR DELETE ON document_issues
  FOR EACH ROW EXECUTE FUNCTION hocba_document_issues_append_only();
--> statement-breakpoint
CREATE TRIGGER document_issues_no_truncate BEFORE TRUNCATE ON document_issues
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_document_issues_append_only();
