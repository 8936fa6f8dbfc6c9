CREATE TABLE "ledger_accounts" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"currency" text NOT NULL,
	"parent_id" uuid,
	"placeholder" boolean DEFAULT false NOT NULL,
	"owner_kind" text,
	"owner_account_id" uuid,
	"balance" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "ledger_accounts_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "ledger_accounts_type_check" CHECK ("ledger_accounts"."type" in ('asset', 'liability', 'equity', 'revenue', 'expense')),
	CONSTRAINT "ledger_accounts_currency_check" CHECK ("ledger_accounts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "ledger_accounts_code_check" CHECK ("ledger_accounts"."code" ~ '^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$'),
	CONSTRAINT "ledger_accounts_owner_check" CHECK (("ledger_accounts"."owner_kind" is null) = ("ledger_accounts"."owner_account_id" is null) and ("ledger_accounts"."owner_kind" is null or "ledger_accounts"."owner_kind" in ('share_capital', 'worker_payable')))
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"link_type" text,
	"link_id" text,
	"policy_version" integer,
	"reverses_entry_id" uuid,
	CONSTRAINT "ledger_entries_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "ledger_entries_kind_check" CHECK ("ledger_entries"."kind" ~ '^[a-z][a-z0-9_]{0,39}$'),
	CONSTRAINT "ledger_entries_link_check" CHECK (("ledger_entries"."link_type" is null) = ("ledger_entries"."link_id" is null))
);
--> statement-breakpoint
CREATE TABLE "ledger_payments" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"provider" text NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"account_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"reference" text,
	"description" text NOT NULL,
	"link_type" text,
	"link_id" text,
	"entry_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	CONSTRAINT "ledger_payments_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "ledger_payments_direction_check" CHECK ("ledger_payments"."direction" in ('incoming', 'outgoing')),
	CONSTRAINT "ledger_payments_status_check" CHECK ("ledger_payments"."status" in ('pending', 'completed', 'cancelled')),
	CONSTRAINT "ledger_payments_amount_check" CHECK ("ledger_payments"."amount" > 0),
	CONSTRAINT "ledger_payments_provider_check" CHECK ("ledger_payments"."provider" ~ '^[a-z][a-z0-9_]{0,31}$'),
	CONSTRAINT "ledger_payments_link_check" CHECK (("ledger_payments"."link_type" is null) = ("ledger_payments"."link_id" is null)),
	CONSTRAINT "ledger_payments_completed_check" CHECK (("ledger_payments"."status" = 'completed') = ("ledger_payments"."entry_id" is not null and "ledger_payments"."completed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "ledger_postings" (
	"coop_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"line" smallint NOT NULL,
	"account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "ledger_postings_coop_id_entry_id_line_pk" PRIMARY KEY("coop_id","entry_id","line"),
	CONSTRAINT "ledger_postings_amount_check" CHECK ("ledger_postings"."amount" <> 0),
	CONSTRAINT "ledger_postings_currency_check" CHECK ("ledger_postings"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_coop_id_coops_id_fk" FOREIGN KEY ("coop_id") REFERENCES "public"."coops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_account_id_accounts_id_fk" FOREIGN KEY ("owner_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_parent_fk" FOREIGN KEY ("coop_id","parent_id") REFERENCES "public"."ledger_accounts"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_reverses_fk" FOREIGN KEY ("coop_id","reverses_entry_id") REFERENCES "public"."ledger_entries"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_payments" ADD CONSTRAINT "ledger_payments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_payments" ADD CONSTRAINT "ledger_payments_completed_by_accounts_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_payments" ADD CONSTRAINT "ledger_payments_account_fk" FOREIGN KEY ("coop_id","account_id") REFERENCES "public"."ledger_accounts"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_payments" ADD CONSTRAINT "ledger_payments_entry_fk" FOREIGN KEY ("coop_id","entry_id") REFERENCES "public"."ledger_entries"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_entry_fk" FOREIGN KEY ("coop_id","entry_id") REFERENCES "public"."ledger_entries"("coop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_code_key" ON "ledger_accounts" USING btree ("coop_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_owner_key" ON "ledger_accounts" USING btree ("coop_id","owner_kind","owner_account_id") WHERE "ledger_accounts"."owner_kind" is not null;--> statement-breakpoint
CREATE INDEX "ledger_accounts_parent_idx" ON "ledger_accounts" USING btree ("coop_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_idempotency_key" ON "ledger_entries" USING btree ("coop_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_reverses_key" ON "ledger_entries" USING btree ("coop_id","reverses_entry_id") WHERE "ledger_entries"."reverses_entry_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_entries_occurred_idx" ON "ledger_entries" USING btree ("coop_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_link_idx" ON "ledger_entries" USING btree ("coop_id","link_type","link_id") WHERE "ledger_entries"."link_type" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_payments_idempotency_key" ON "ledger_payments" USING btree ("coop_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_payments_status_idx" ON "ledger_payments" USING btree ("coop_id","status","created_at");--> statement-breakpoint
CREATE INDEX "ledger_postings_account_idx" ON "ledger_postings" USING btree ("coop_id","account_id");