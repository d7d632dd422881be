-- Issue 13 point 1: the province approves a school's certificate through the outbox, as other ledger writes
-- (a new outbox action), and a correction request carries the changed fields as a diff (RFC 6901 pointer,
-- the locked value and the corrected one), applied to the locked version when it is approved.
ALTER TYPE "public"."outbox_action" ADD VALUE 'approveCertificate';--> statement-breakpoint
ALTER TABLE "correction_requests" ADD COLUMN "changes" jsonb;
