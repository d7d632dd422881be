-- Import jobs (issue 13 point 2): a school's Excel file parsed into a preview (nothing else written), then
-- committed all or nothing. One row per upload: what was uploaded (kind, school, options, the file's
-- SHA-256), where it stands, the counts and the row-level problems. The parsed rows wait here between the
-- preview and the commit and are cleared once committed (they hold pupils' personal data; the pupils'
-- tables keep what was committed). Progress while a job runs is the gateway's (imports/jobs.ts).
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"school_id" text NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"file_name" text,
	"file_sha256" bytea NOT NULL,
	"state" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rows" jsonb,
	"summary" jsonb,
	"created_by" uuid NOT NULL,
	"committed_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp (3) with time zone,
	CONSTRAINT "import_jobs_state" CHECK ("import_jobs"."state" IN ('parsing', 'previewed', 'committing', 'committed', 'failed')),
	CONSTRAINT "import_jobs_file_sha256" CHECK (octet_length("import_jobs"."file_sha256") = 32),
	CONSTRAINT "import_jobs_counts" CHECK ("import_jobs"."total_rows" >= 0 AND "import_jobs"."problem_count" >= 0),
	CONSTRAINT "import_jobs_committed" CHECK (("import_jobs"."state" = 'committed') = ("import_jobs"."committed_at" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_school_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_committed_by_fk" FOREIGN KEY ("committed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_jobs_school_idx" ON "import_jobs" USING btree ("school_id", "kind");--> statement-breakpoint
CREATE INDEX "import_jobs_file_idx" ON "import_jobs" USING btree ("file_sha256");
