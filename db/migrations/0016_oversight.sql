-- Issue 14 point 1: GET /v1/oversight/waiting?kind=acceptance lists anchored batches oldest first by
-- (anchored_at, id), a keyset cursor being a row comparison on that pair; without this index every page
-- sorted all anchored batches of the remit (EXPLAIN over 10^5 batches: bench/src/lists.ts).
CREATE INDEX "batches_state_anchored_idx" ON "batches" USING btree ("state","anchored_at","id");
