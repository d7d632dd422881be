-- The access log (issue 12 point 7; seed 000 Điều 3.2): every staff read of a record or a class and every
-- public lookup, without personal data (a public lookup: the SHA-256 of its code, its outcome, its time).
-- Apart from the hash-chained audit log, whose appends are serialized: lookups are a hot path.
CREATE TABLE "access_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (3) with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" uuid,
	"actor_client_id" uuid,
	"actor_role" "role",
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"school_id" text,
	"district_id" text,
	"province_id" text,
	"code_hash" bytea,
	"outcome" text NOT NULL,
	CONSTRAINT "access_log_kind" CHECK ("access_log"."kind" IN ('staff', 'public')),
	CONSTRAINT "access_log_outcome" CHECK ("access_log"."outcome" IN ('ok', 'valid', 'invalid', 'incomplete', 'notFound', 'invalidCode', 'notSigned', 'refused', 'error')),
	CONSTRAINT "access_log_code_hash_size" CHECK ("access_log"."code_hash" IS NULL OR octet_length("access_log"."code_hash") = 32),
	CONSTRAINT "access_log_actor" CHECK (("access_log"."kind" = 'staff') = ("access_log"."actor_user_id" IS NOT NULL OR "access_log"."actor_client_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX "access_log_entity_idx" ON "access_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "access_log_school_idx" ON "access_log" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "access_log_code_hash_idx" ON "access_log" USING btree ("code_hash");--> statement-breakpoint
-- Append-only, as the audit log (HB004).
CREATE FUNCTION hocba_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP
    USING ERRCODE = 'HB004', HINT = 'The access log is kept as written.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION hocba_access_log_append_only();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION hocba_access_log_append_only();
