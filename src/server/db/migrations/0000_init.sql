CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"action" text NOT NULL,
	"subject_type" text,
	"subject_id" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"done_at" timestamp with time zone,
	"dead_at" timestamp with time zone,
	"dedupe_key" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"role" text,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_hash" text NOT NULL,
	"purpose" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"text" text NOT NULL,
	"purpose" text NOT NULL,
	"code" text,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_import_pending" (
	"run_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"record" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_import_pending_run_id_line_pk" PRIMARY KEY("run_id","line")
);
--> statement-breakpoint
CREATE TABLE "registry_licences" (
	"archive_number" text PRIMARY KEY NOT NULL,
	"holder_doc_type" text NOT NULL,
	"holder_doc_number" text NOT NULL,
	"holder_doc_hash" text NOT NULL,
	"person_id" uuid NOT NULL,
	"class" text NOT NULL,
	"first_issued_on" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"status" text NOT NULL,
	"issuing_authority" text NOT NULL,
	"region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_person_documents" (
	"doc_hash" text PRIMARY KEY NOT NULL,
	"doc_type" text NOT NULL,
	"doc_number" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_persons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_rentals" (
	"plate" text NOT NULL,
	"plate_type" text NOT NULL,
	"from" timestamp with time zone NOT NULL,
	"to" timestamp with time zone NOT NULL,
	"company" text NOT NULL,
	"renter_doc_type" text NOT NULL,
	"renter_doc_number" text NOT NULL,
	"renter_doc_hash" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_rentals_plate_plate_type_from_pk" PRIMARY KEY("plate","plate_type","from")
);
--> statement-breakpoint
CREATE TABLE "registry_vehicles" (
	"plate" text NOT NULL,
	"plate_type" text NOT NULL,
	"scheme" text NOT NULL,
	"owner_doc_type" text NOT NULL,
	"owner_doc_number" text NOT NULL,
	"owner_doc_hash" text NOT NULL,
	"person_id" uuid NOT NULL,
	"owner_name" text NOT NULL,
	"vin" text NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"registered_on" date NOT NULL,
	"inspection_valid_to" date NOT NULL,
	"permit_valid_to" date,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_vehicles_plate_plate_type_pk" PRIMARY KEY("plate","plate_type")
);
--> statement-breakpoint
CREATE TABLE "registry_violations" (
	"ref" text PRIMARY KEY NOT NULL,
	"plate" text NOT NULL,
	"plate_type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"code" text NOT NULL,
	"description" text NOT NULL,
	"fine_fen" bigint NOT NULL,
	"points" integer NOT NULL,
	"source" text NOT NULL,
	"driver_doc_type" text,
	"driver_doc_number" text,
	"driver_doc_hash" text,
	"decision_no" text,
	"decided_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "staff_users_username_lower" CHECK ("staff_users"."username" = lower("staff_users"."username")),
	CONSTRAINT "staff_users_role_check" CHECK ("staff_users"."role" in ('reviewer', 'officer', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"applicant_account_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"summary" jsonb NOT NULL,
	"photo_keys" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"reason" text,
	CONSTRAINT "reviews_kind_check" CHECK ("reviews"."kind" in ('identity', 'elicence', 'objection')),
	CONSTRAINT "reviews_status_check" CHECK ("reviews"."status" in ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"doc_type" text NOT NULL,
	"doc_number" text NOT NULL,
	"doc_hash" text NOT NULL,
	"phone" text NOT NULL,
	"phone_hash" text NOT NULL,
	"region_code" text NOT NULL,
	"password_hash" text NOT NULL,
	"status" text NOT NULL,
	"lang" text NOT NULL,
	"rejection_reason" text,
	"upload_token_hash" text,
	"upload_token_expires_at" timestamp with time zone,
	"identity_review_id" uuid,
	"identity_photo_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"activated_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"deletion_reason" text
);
--> statement-breakpoint
CREATE TABLE "gesture_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"device_token_hash" text NOT NULL,
	"pattern_hash" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title_key" text NOT NULL,
	"body_key" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "licence_filings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"archive_number" text NOT NULL,
	"person_id" uuid NOT NULL,
	"filed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "elicence_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text DEFAULT 'pending_review' NOT NULL,
	"source" text NOT NULL,
	"photo_key" text NOT NULL,
	"taken_at" timestamp with time zone,
	"submitted_at" timestamp with time zone NOT NULL,
	"expected_by" timestamp with time zone NOT NULL,
	"review_id" uuid,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	CONSTRAINT "elicence_applications_status_check" CHECK ("elicence_applications"."status" in ('pending_review', 'approved', 'rejected')),
	CONSTRAINT "elicence_applications_source_check" CHECK ("elicence_applications"."source" in ('camera', 'album'))
);
--> statement-breakpoint
CREATE TABLE "elicence_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"private_jwk_encrypted" text,
	"public_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "elicences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"photo_key" text NOT NULL,
	"photo_sha256" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"photo_approved_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "elicences_account_id_unique" UNIQUE("account_id")
);
--> statement-breakpoint
CREATE TABLE "vehicle_filings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"plate" text NOT NULL,
	"plate_type" text NOT NULL,
	"owner_person_id" uuid NOT NULL,
	"owner_account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"code_hash" text,
	"code_expires_at" timestamp with time zone,
	"code_tries" integer DEFAULT 0 NOT NULL,
	"code_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fine_payments" (
	"decision_no" text PRIMARY KEY NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"receipt_no" text NOT NULL,
	"payment_id" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_decision_counters" (
	"region_code" text NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "violation_decision_counters_region_code_day_pk" PRIMARY KEY("region_code","day")
);
--> statement-breakpoint
CREATE TABLE "violation_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"decision_no" text NOT NULL,
	"account_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"plate" text NOT NULL,
	"plate_type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	"description" text NOT NULL,
	"fine_fen" bigint NOT NULL,
	"points" integer NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_idempotency_keys" (
	"account_id" uuid NOT NULL,
	"key" text NOT NULL,
	"ref" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "violation_idempotency_keys_account_id_key_pk" PRIMARY KEY("account_id","key")
);
--> statement-breakpoint
CREATE TABLE "violation_notice_scans" (
	"ref" text PRIMARY KEY NOT NULL,
	"scanned_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "violation_notices" (
	"ref" text NOT NULL,
	"account_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "violation_notices_ref_account_id_pk" PRIMARY KEY("ref","account_id")
);
--> statement-breakpoint
CREATE TABLE "violation_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"account_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"photo_keys" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"reject_reason" text
);
--> statement-breakpoint
CREATE TABLE "violation_withdrawals" (
	"ref" text PRIMARY KEY NOT NULL,
	"objection_id" uuid NOT NULL,
	"withdrawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_idempotency_keys" (
	"account_id" uuid NOT NULL,
	"key" text NOT NULL,
	"payment_id" uuid NOT NULL,
	"decision_no" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_idempotency_keys_account_id_key_pk" PRIMARY KEY("account_id","key")
);
--> statement-breakpoint
CREATE TABLE "payment_receipt_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"decision_no" text NOT NULL,
	"provider" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"redirect_url" text,
	"return_url" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"trade_no" text,
	"receipt_no" text,
	"closed_reason" text,
	CONSTRAINT "payments_receipt_no_unique" UNIQUE("receipt_no"),
	CONSTRAINT "payments_status_check" CHECK ("payments"."status" in ('pending', 'paid', 'failed', 'refunded')),
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_trades" (
	"payment_id" uuid PRIMARY KEY NOT NULL,
	"amount_fen" bigint NOT NULL,
	"subject" text NOT NULL,
	"return_url" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"trade_no" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "sandbox_trades_trade_no_unique" UNIQUE("trade_no"),
	CONSTRAINT "sandbox_trades_status_check" CHECK ("sandbox_trades"."status" in ('open', 'paid', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "registry_licences" ADD CONSTRAINT "registry_licences_person_id_registry_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."registry_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_person_documents" ADD CONSTRAINT "registry_person_documents_person_id_registry_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."registry_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_rentals" ADD CONSTRAINT "registry_rentals_person_id_registry_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."registry_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_vehicles" ADD CONSTRAINT "registry_vehicles_person_id_registry_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."registry_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gesture_credentials" ADD CONSTRAINT "gesture_credentials_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_type","actor_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_key_uq" ON "jobs" USING btree ("dedupe_key") WHERE "jobs"."dedupe_key" is not null;--> statement-breakpoint
CREATE INDEX "jobs_pending_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."done_at" is null and "jobs"."dead_at" is null;--> statement-breakpoint
CREATE INDEX "rate_limit_hits_key_at_idx" ON "rate_limit_hits" USING btree ("key","at");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_at_idx" ON "rate_limit_hits" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_uq" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_subject_idx" ON "sessions" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "sms_codes_phone_idx" ON "sms_codes" USING btree ("phone_hash","created_at");--> statement-breakpoint
CREATE INDEX "sms_codes_phone_purpose_idx" ON "sms_codes" USING btree ("phone_hash","purpose","created_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_to_idx" ON "sms_outbox" USING btree ("to","sent_at");--> statement-breakpoint
CREATE INDEX "registry_import_pending_key_idx" ON "registry_import_pending" USING btree ("run_id","key");--> statement-breakpoint
CREATE INDEX "registry_import_pending_created_idx" ON "registry_import_pending" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "registry_licences_person_idx" ON "registry_licences" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "registry_licences_holder_idx" ON "registry_licences" USING btree ("holder_doc_hash");--> statement-breakpoint
CREATE INDEX "registry_person_documents_person_idx" ON "registry_person_documents" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "registry_rentals_person_idx" ON "registry_rentals" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "registry_vehicles_person_idx" ON "registry_vehicles" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "registry_vehicles_owner_idx" ON "registry_vehicles" USING btree ("owner_doc_hash");--> statement-breakpoint
CREATE INDEX "registry_vehicles_vin_idx" ON "registry_vehicles" USING btree ("vin");--> statement-breakpoint
CREATE INDEX "registry_violations_plate_idx" ON "registry_violations" USING btree ("plate","plate_type","occurred_at");--> statement-breakpoint
CREATE INDEX "registry_violations_driver_idx" ON "registry_violations" USING btree ("driver_doc_hash") WHERE "registry_violations"."driver_doc_hash" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "registry_violations_decision_idx" ON "registry_violations" USING btree ("decision_no") WHERE "registry_violations"."decision_no" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_users_username_key" ON "staff_users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "reviews_queue_idx" ON "reviews" USING btree ("kind","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_one_pending_per_subject" ON "reviews" USING btree ("kind","subject_id") WHERE "reviews"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "reviews_applicant_idx" ON "reviews" USING btree ("applicant_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_live_phone_uq" ON "accounts" USING btree ("phone_hash") WHERE "accounts"."deleted_at" is null and "accounts"."status" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_live_doc_uq" ON "accounts" USING btree ("doc_hash") WHERE "accounts"."deleted_at" is null and "accounts"."status" <> 'rejected';--> statement-breakpoint
CREATE INDEX "accounts_phone_hash_idx" ON "accounts" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "accounts_doc_hash_idx" ON "accounts" USING btree ("doc_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "gesture_credentials_device_uq" ON "gesture_credentials" USING btree ("device_token_hash");--> statement-breakpoint
CREATE INDEX "gesture_credentials_account_idx" ON "gesture_credentials" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "messages_account_created_idx" ON "messages" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_account_unread_idx" ON "messages" USING btree ("account_id") WHERE "messages"."read_at" is null;--> statement-breakpoint
CREATE INDEX "licence_filings_person_idx" ON "licence_filings" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "elicence_applications_one_pending" ON "elicence_applications" USING btree ("account_id") WHERE "elicence_applications"."status" = 'pending_review';--> statement-breakpoint
CREATE INDEX "elicence_applications_account_idx" ON "elicence_applications" USING btree ("account_id","submitted_at");--> statement-breakpoint
CREATE INDEX "elicence_signing_keys_retired_idx" ON "elicence_signing_keys" USING btree ("retired_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicle_filings_live_uq" ON "vehicle_filings" USING btree ("account_id","plate","plate_type") WHERE "vehicle_filings"."status" <> 'ended';--> statement-breakpoint
CREATE INDEX "vehicle_filings_vehicle_idx" ON "vehicle_filings" USING btree ("plate","plate_type");--> statement-breakpoint
CREATE UNIQUE INDEX "violation_decisions_ref_uq" ON "violation_decisions" USING btree ("ref");--> statement-breakpoint
CREATE UNIQUE INDEX "violation_decisions_no_uq" ON "violation_decisions" USING btree ("decision_no");--> statement-breakpoint
CREATE INDEX "violation_decisions_account_idx" ON "violation_decisions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "violation_decisions_person_idx" ON "violation_decisions" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "violation_objections_pending_uq" ON "violation_objections" USING btree ("ref") WHERE "violation_objections"."status" = 'pending_review';--> statement-breakpoint
CREATE INDEX "violation_objections_account_idx" ON "violation_objections" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "payment_events_payment_idx" ON "payment_events" USING btree ("payment_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_pending_per_fine" ON "payments" USING btree ("decision_no") WHERE "payments"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_paid_per_fine" ON "payments" USING btree ("decision_no") WHERE "payments"."status" = 'paid';--> statement-breakpoint
CREATE INDEX "payments_pending_created_idx" ON "payments" USING btree ("created_at") WHERE "payments"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "payments_account_idx" ON "payments" USING btree ("account_id","created_at");