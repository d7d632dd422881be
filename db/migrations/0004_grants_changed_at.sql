-- When an account's grants last changed: the gateway refuses access tokens issued before it.
ALTER TABLE "users" ADD COLUMN "grants_changed_at" timestamp (3) with time zone;