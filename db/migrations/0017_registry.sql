-- Issue 14 (engineer C): the province's and the Ministry's registry writes go through the outbox like every other
-- ledger write: the calendar, a certificate's revocation, districts and schools (register, move), trust anchors.
ALTER TYPE "public"."outbox_action" ADD VALUE 'setCalendar';--> statement-breakpoint
ALTER TYPE "public"."outbox_action" ADD VALUE 'revokeCertificate';--> statement-breakpoint
ALTER TYPE "public"."outbox_action" ADD VALUE 'registerDistrict';--> statement-breakpoint
ALTER TYPE "public"."outbox_action" ADD VALUE 'registerSchool';--> statement-breakpoint
ALTER TYPE "public"."outbox_action" ADD VALUE 'moveSchool';--> statement-breakpoint
ALTER TYPE "public"."outbox_action" ADD VALUE 'registerTrustAnchor';--> statement-breakpoint
ALTER TYPE "public"."outbox_action" ADD VALUE 'retireTrustAnchor';
