-- Refresh tokens (issue 12 point 5): opaque secrets kept only as their SHA-256; one family per login,
-- each refresh rotates to a new row of the family. A row presented after it was rotated revokes the family.
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "role" NOT NULL,
	"token_hash" text NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"family_issued_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"rotated_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"revoked_reason" text,
	CONSTRAINT "refresh_tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
	CONSTRAINT "refresh_tokens_hash_format" CHECK ("token_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" ("family_id");
--> statement-breakpoint
CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens" ("user_id") WHERE "revoked_at" IS NULL;
--> statement-breakpoint
-- The yearly report (issue 12 point 8): the listed batches still waiting for their district's acceptance.
ALTER TABLE "year_reports" ADD COLUMN "waiting_batch_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;
