-- Issue 14 point 1: GET /v1/batches pages through batches by (created_at, id), newest or oldest first, within
-- a school, a district or everything; a keyset cursor is a row comparison on that pair.
CREATE INDEX "batches_created_idx" ON "batches" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "batches_school_created_idx" ON "batches" USING btree ("school_id","created_at","id");
