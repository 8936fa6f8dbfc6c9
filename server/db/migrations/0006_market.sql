CREATE TABLE "market_availability_exceptions" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"kind" text NOT NULL,
	"start_minute" smallint,
	"end_minute" smallint,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "market_availability_exceptions_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_availability_exceptions_kind_check" CHECK ("market_availability_exceptions"."kind" in ('off', 'extra')),
	CONSTRAINT "market_availability_exceptions_minutes_check" CHECK ((("market_availability_exceptions"."start_minute" is null) = ("market_availability_exceptions"."end_minute" is null))
        and ("market_availability_exceptions"."kind" = 'off' or "market_availability_exceptions"."start_minute" is not null)
        and ("market_availability_exceptions"."start_minute" is null or ("market_availability_exceptions"."start_minute" >= 0 and "market_availability_exceptions"."start_minute" < "market_availability_exceptions"."end_minute" and "market_availability_exceptions"."end_minute" <= 1440)))
);
--> statement-breakpoint
CREATE TABLE "market_availability_rules" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	CONSTRAINT "market_availability_rules_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_availability_rules_weekday_check" CHECK ("market_availability_rules"."weekday" between 1 and 7),
	CONSTRAINT "market_availability_rules_minutes_check" CHECK ("market_availability_rules"."start_minute" >= 0 and "market_availability_rules"."start_minute" < "market_availability_rules"."end_minute" and "market_availability_rules"."end_minute" <= 1440)
);
--> statement-breakpoint
CREATE TABLE "market_bookings" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"worker_account_id" uuid NOT NULL,
	"customer_account_id" uuid NOT NULL,
	"service_id" uuid,
	"job_id" uuid,
	"category_key" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"blocked_from" timestamp with time zone NOT NULL,
	"buffer_minutes" integer NOT NULL,
	"duration_minutes" integer NOT NULL,
	"status" text NOT NULL,
	"pricing" text NOT NULL,
	"rate" bigint NOT NULL,
	"subtotal" bigint NOT NULL,
	"fee_bps" integer NOT NULL,
	"fee" bigint NOT NULL,
	"total" bigint NOT NULL,
	"currency" text NOT NULL,
	"policy_version" integer NOT NULL,
	"cancel_window_hours" integer NOT NULL,
	"cancel_fee_bps" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"decline_reason" text,
	"confirmed_at" timestamp with time zone,
	"payment_provider" text,
	"payment_reference" text,
	"payment_entry_id" uuid,
	"completed_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"settled_how" text,
	"settlement_entry_id" uuid,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text,
	"cancellation_fee" bigint,
	"refund_amount" bigint,
	"refund_payment_id" uuid,
	"dispute_reported_at" timestamp with time zone,
	"dispute_reported_by" uuid,
	"dispute_reason" text,
	"reminder_sent_at" timestamp with time zone,
	CONSTRAINT "market_bookings_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_bookings_status_check" CHECK ("market_bookings"."status" in ('requested', 'accepted', 'confirmed', 'completed', 'settled', 'declined', 'cancelled', 'expired')),
	CONSTRAINT "market_bookings_time_check" CHECK ("market_bookings"."starts_at" < "market_bookings"."ends_at" and "market_bookings"."blocked_from" = "market_bookings"."starts_at" - make_interval(mins => "market_bookings"."buffer_minutes")),
	CONSTRAINT "market_bookings_money_check" CHECK ("market_bookings"."subtotal" > 0 and "market_bookings"."fee" >= 0 and "market_bookings"."total" = "market_bookings"."subtotal" + "market_bookings"."fee"
        and "market_bookings"."fee_bps" between 0 and 10000 and "market_bookings"."cancel_fee_bps" between 0 and 10000),
	CONSTRAINT "market_bookings_pricing_check" CHECK ("market_bookings"."pricing" in ('hourly', 'fixed')),
	CONSTRAINT "market_bookings_source_check" CHECK (("market_bookings"."service_id" is null) <> ("market_bookings"."job_id" is null))
);
--> statement-breakpoint
CREATE TABLE "market_job_offers" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"worker_account_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"score" double precision NOT NULL,
	"explanation" jsonb NOT NULL,
	"policy_version" integer NOT NULL,
	"status" text NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "market_job_offers_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_job_offers_status_check" CHECK ("market_job_offers"."status" in ('pending', 'accepted', 'declined', 'expired', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "market_jobs" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_account_id" uuid NOT NULL,
	"category_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"postal_code" text,
	"address" text DEFAULT '' NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"required_skills" text[] DEFAULT '{}' NOT NULL,
	"price" bigint NOT NULL,
	"price_source" text NOT NULL,
	"currency" text NOT NULL,
	"policy_version" integer NOT NULL,
	"fee_bps" integer NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"booking_id" uuid,
	"offers_made" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "market_jobs_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_jobs_status_check" CHECK ("market_jobs"."status" in ('dispatching', 'assigned', 'unfilled', 'cancelled')),
	CONSTRAINT "market_jobs_window_check" CHECK ("market_jobs"."window_start" < "market_jobs"."window_end"),
	CONSTRAINT "market_jobs_duration_check" CHECK ("market_jobs"."duration_minutes" between 15 and 1440),
	CONSTRAINT "market_jobs_price_check" CHECK ("market_jobs"."price" > 0),
	CONSTRAINT "market_jobs_price_source_check" CHECK ("market_jobs"."price_source" in ('budget', 'standard'))
);
--> statement-breakpoint
CREATE TABLE "market_messages" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"booking_id" uuid,
	"job_id" uuid,
	"author_account_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "market_messages_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_messages_thread_check" CHECK (("market_messages"."booking_id" is null) <> ("market_messages"."job_id" is null)),
	CONSTRAINT "market_messages_body_check" CHECK (length("market_messages"."body") between 1 and 4000)
);
--> statement-breakpoint
CREATE TABLE "market_payout_batches" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"total" bigint NOT NULL,
	"item_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"paid_by" uuid,
	"reference" text,
	CONSTRAINT "market_payout_batches_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_payout_batches_status_check" CHECK ("market_payout_batches"."status" in ('pending', 'paid'))
);
--> statement-breakpoint
CREATE TABLE "market_payout_items" (
	"coop_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"worker_account_id" uuid NOT NULL,
	"ledger_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "market_payout_items_coop_id_batch_id_payment_id_pk" PRIMARY KEY("coop_id","batch_id","payment_id"),
	CONSTRAINT "market_payout_items_amount_check" CHECK ("market_payout_items"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "market_reviews" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"author_account_id" uuid NOT NULL,
	"subject_account_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"stars" smallint NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"reply" text,
	"replied_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "market_reviews_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_reviews_direction_check" CHECK ("market_reviews"."direction" in ('by_customer', 'by_worker')),
	CONSTRAINT "market_reviews_stars_check" CHECK ("market_reviews"."stars" between 1 and 5),
	CONSTRAINT "market_reviews_reply_check" CHECK (("market_reviews"."reply" is null) = ("market_reviews"."replied_at" is null))
);
--> statement-breakpoint
CREATE TABLE "market_services" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"category_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"pricing" text NOT NULL,
	"rate" bigint NOT NULL,
	"currency" text NOT NULL,
	"min_duration_minutes" integer NOT NULL,
	"checked_version" integer NOT NULL,
	"below_floor_version" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "market_services_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_services_pricing_check" CHECK ("market_services"."pricing" in ('hourly', 'fixed')),
	CONSTRAINT "market_services_rate_check" CHECK ("market_services"."rate" > 0),
	CONSTRAINT "market_services_duration_check" CHECK ("market_services"."min_duration_minutes" between 15 and 1440)
);
--> statement-breakpoint
CREATE TABLE "market_workers" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"time_zone" text NOT NULL,
	"area_lat" double precision,
	"area_lng" double precision,
	"area_radius_km" double precision,
	"area_postal_codes" text[] DEFAULT '{}' NOT NULL,
	"buffer_minutes" integer DEFAULT 0 NOT NULL,
	"instant_booking" boolean DEFAULT false NOT NULL,
	"preferred_categories" text[] DEFAULT '{}' NOT NULL,
	"photo_file" text,
	"photo_type" text,
	"calendar_token_hash" text,
	"rating_total" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "market_workers_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "market_workers_buffer_check" CHECK ("market_workers"."buffer_minutes" between 0 and 240),
	CONSTRAINT "market_workers_area_check" CHECK (("market_workers"."area_lat" is null) = ("market_workers"."area_lng" is null) and ("market_workers"."area_lat" is null) = ("market_workers"."area_radius_km" is null)
        and ("market_workers"."area_lat" is null or ("market_workers"."area_lat" between -90 and 90 and "market_workers"."area_lng" between -180 and 180 and "market_workers"."area_radius_km" > 0))),
	CONSTRAINT "market_workers_rating_check" CHECK ("market_workers"."rating_count" >= 0 and "market_workers"."rating_total" >= "market_workers"."rating_count")
);
--> statement-breakpoint
ALTER TABLE "market_availability_exceptions" ADD CONSTRAINT "market_availability_exceptions_worker_fk" FOREIGN KEY ("coop_id","worker_id") REFERENCES "public"."market_workers"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_availability_rules" ADD CONSTRAINT "market_availability_rules_worker_fk" FOREIGN KEY ("coop_id","worker_id") REFERENCES "public"."market_workers"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_bookings" ADD CONSTRAINT "market_bookings_worker_account_id_accounts_id_fk" FOREIGN KEY ("worker_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_bookings" ADD CONSTRAINT "market_bookings_customer_account_id_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_bookings" ADD CONSTRAINT "market_bookings_worker_fk" FOREIGN KEY ("coop_id","worker_id") REFERENCES "public"."market_workers"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_job_offers" ADD CONSTRAINT "market_job_offers_job_fk" FOREIGN KEY ("coop_id","job_id") REFERENCES "public"."market_jobs"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_jobs" ADD CONSTRAINT "market_jobs_customer_account_id_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_messages" ADD CONSTRAINT "market_messages_author_account_id_accounts_id_fk" FOREIGN KEY ("author_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_payout_batches" ADD CONSTRAINT "market_payout_batches_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_payout_batches" ADD CONSTRAINT "market_payout_batches_paid_by_accounts_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_payout_items" ADD CONSTRAINT "market_payout_items_batch_fk" FOREIGN KEY ("coop_id","batch_id") REFERENCES "public"."market_payout_batches"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_reviews" ADD CONSTRAINT "market_reviews_booking_fk" FOREIGN KEY ("coop_id","booking_id") REFERENCES "public"."market_bookings"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_services" ADD CONSTRAINT "market_services_worker_fk" FOREIGN KEY ("coop_id","worker_id") REFERENCES "public"."market_workers"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_workers" ADD CONSTRAINT "market_workers_coop_id_coops_id_fk" FOREIGN KEY ("coop_id") REFERENCES "public"."coops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_workers" ADD CONSTRAINT "market_workers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "market_availability_exceptions_worker_idx" ON "market_availability_exceptions" USING btree ("coop_id","worker_id","on_date");--> statement-breakpoint
CREATE INDEX "market_availability_rules_worker_idx" ON "market_availability_rules" USING btree ("coop_id","worker_id");--> statement-breakpoint
CREATE INDEX "market_bookings_worker_idx" ON "market_bookings" USING btree ("coop_id","worker_id","starts_at");--> statement-breakpoint
CREATE INDEX "market_bookings_customer_idx" ON "market_bookings" USING btree ("coop_id","customer_account_id","starts_at");--> statement-breakpoint
CREATE INDEX "market_bookings_worker_account_idx" ON "market_bookings" USING btree ("coop_id","worker_account_id","starts_at");--> statement-breakpoint
CREATE INDEX "market_bookings_due_idx" ON "market_bookings" USING btree ("coop_id","status","starts_at") WHERE "market_bookings"."status" in ('requested', 'accepted', 'confirmed', 'completed');--> statement-breakpoint
CREATE UNIQUE INDEX "market_bookings_job_key" ON "market_bookings" USING btree ("coop_id","job_id") WHERE "market_bookings"."job_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "market_job_offers_worker_key" ON "market_job_offers" USING btree ("coop_id","job_id","worker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "market_job_offers_pending_key" ON "market_job_offers" USING btree ("coop_id","job_id") WHERE "market_job_offers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "market_job_offers_due_idx" ON "market_job_offers" USING btree ("coop_id","expires_at") WHERE "market_job_offers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "market_job_offers_worker_idx" ON "market_job_offers" USING btree ("coop_id","worker_account_id","status");--> statement-breakpoint
CREATE INDEX "market_jobs_customer_idx" ON "market_jobs" USING btree ("coop_id","customer_account_id","created_at");--> statement-breakpoint
CREATE INDEX "market_jobs_open_idx" ON "market_jobs" USING btree ("coop_id","window_start") WHERE "market_jobs"."status" = 'dispatching';--> statement-breakpoint
CREATE INDEX "market_messages_booking_idx" ON "market_messages" USING btree ("coop_id","booking_id","created_at") WHERE "market_messages"."booking_id" is not null;--> statement-breakpoint
CREATE INDEX "market_messages_job_idx" ON "market_messages" USING btree ("coop_id","job_id","created_at") WHERE "market_messages"."job_id" is not null;--> statement-breakpoint
CREATE INDEX "market_payout_batches_created_idx" ON "market_payout_batches" USING btree ("coop_id","created_at");--> statement-breakpoint
CREATE INDEX "market_payout_items_worker_idx" ON "market_payout_items" USING btree ("coop_id","worker_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "market_reviews_side_key" ON "market_reviews" USING btree ("coop_id","booking_id","direction");--> statement-breakpoint
CREATE INDEX "market_reviews_subject_idx" ON "market_reviews" USING btree ("coop_id","subject_account_id","created_at");--> statement-breakpoint
CREATE INDEX "market_reviews_worker_idx" ON "market_reviews" USING btree ("coop_id","worker_id","created_at");--> statement-breakpoint
CREATE INDEX "market_services_worker_idx" ON "market_services" USING btree ("coop_id","worker_id");--> statement-breakpoint
CREATE INDEX "market_services_category_idx" ON "market_services" USING btree ("coop_id","category_key") WHERE "market_services"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "market_workers_account_key" ON "market_workers" USING btree ("coop_id","account_id");--> statement-breakpoint
CREATE INDEX "market_workers_area_idx" ON "market_workers" USING btree ("coop_id","area_lat","area_lng");