-- A correction request names the subject it concerns (null: the record as a whole), so that a subject
-- teacher's or subject group's remit is checked against what was requested, not what a later caller claims.
ALTER TABLE "correction_requests" ADD COLUMN "subject" text;