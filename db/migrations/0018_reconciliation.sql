-- Issue 14: the Ministry's audit reconciliation. A run and what it found stay for the audit: a run is closed
-- once (running → done or failed) and never reopened, its findings are append-only (SQLSTATE HB018, named after this migration so that parallel migrations do not collide; not in src/errors.ts: no route meets it).
CREATE TABLE "reconciliation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_user_id" uuid,
	"actor_role" "role",
	"scope" jsonb NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"checked_batches" integer DEFAULT 0 NOT NULL,
	"checked_records" integer DEFAULT 0 NOT NULL,
	"finding_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_runs_state" CHECK ("reconciliation_runs"."state" IN ('running', 'done', 'failed')),
	CONSTRAINT "reconciliation_runs_finished" CHECK (("reconciliation_runs"."state" = 'running') = ("reconciliation_runs"."finished_at" IS NULL)),
	CONSTRAINT "reconciliation_runs_counts" CHECK ("reconciliation_runs"."checked_batches" >= 0 AND "reconciliation_runs"."checked_records" >= 0 AND "reconciliation_runs"."finding_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reconciliation_findings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reconciliation_findings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"school_id" text,
	"batch_id" text,
	"record_id" text,
	"leaf_index" integer,
	"class_id" text,
	"expected" text,
	"actual" text,
	"message_vi" text NOT NULL,
	"message_en" text NOT NULL,
	CONSTRAINT "reconciliation_findings_seq" CHECK ("reconciliation_findings"."seq" >= 1)
);
--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_actor_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_findings" ADD CONSTRAINT "reconciliation_findings_run_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reconciliation_runs_started_idx" ON "reconciliation_runs" USING btree ("started_at","id");--> statement-breakpoint
CREATE INDEX "reconciliation_findings_run_idx" ON "reconciliation_findings" USING btree ("run_id","seq");--> statement-breakpoint
CREATE FUNCTION hocba_reconciliation_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'reconciliation_runs' AND TG_OP = 'UPDATE' AND OLD.state = 'running' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% of % refused: a reconciliation''s result is kept for the audit', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'HB018', HINT = 'Run the reconciliation again; every run is kept.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER reconciliation_runs_kept BEFORE UPDATE OR DELETE ON reconciliation_runs
  FOR EACH ROW EXECUTE FUNCTION hocba_reconciliation_kept();
--> statement-breakpoint
CREATE TRIGGER reconciliation_findings_kept BEFORE UPDATE OR DELETE ON reconciliation_findings
  FOR EACH ROW EXECUTE FUNCTION hocba_reconciliation_kept();
