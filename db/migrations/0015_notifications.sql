-- Issue 14 point 3 (seed 000 Điều 11.1): notifications, stored once per (recipient, kind, subject), with
-- their e-mail's state; and an optional e-mail address per account.
ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"title_vi" text NOT NULL,
	"title_en" text NOT NULL,
	"link" text NOT NULL,
	"due_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"read_at" timestamp (3) with time zone,
	"email_state" text,
	"email_attempts" integer DEFAULT 0 NOT NULL,
	"email_next_at" timestamp (3) with time zone,
	"email_sent_at" timestamp (3) with time zone,
	"email_error" text,
	CONSTRAINT "notifications_once_key" UNIQUE("user_id","kind","subject"),
	CONSTRAINT "notifications_kind" CHECK ("notifications"."kind" IN ('windowOpened', 'windowClosed', 'lockOpened', 'lockClosed', 'batchAwaitingAcceptance', 'correctionAwaitingCheck', 'correctionAwaitingApproval', 'recallAwaiting', 'transferAwaiting', 'deadlineNear')),
	CONSTRAINT "notifications_email_state" CHECK ("notifications"."email_state" IS NULL OR "notifications"."email_state" IN ('pending', 'sent', 'failed'))
);--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_email_due_idx" ON "notifications" USING btree ("email_next_at") WHERE "notifications"."email_state" = 'pending';
