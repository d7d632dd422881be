-- A reconciliation run says it is alive: heartbeat_at moves on as it works (each batch, each page of members).
-- A run whose heartbeat stopped (its gateway was killed or restarted) is closed as failed, INTERRUPTED, when runs
-- are next read, instead of showing "running" for ever; several gateways may share the database, so a start
-- cannot simply close every running run.
ALTER TABLE "reconciliation_runs" ADD COLUMN "heartbeat_at" timestamp (3) with time zone;
--> statement-breakpoint
UPDATE "reconciliation_runs" SET "heartbeat_at" = "started_at" WHERE "state" = 'running';
