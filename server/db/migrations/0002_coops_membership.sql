CREATE TABLE "constitution_versions" (
	"coop_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"document_hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"origin" text NOT NULL,
	"proposal_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "constitution_versions_coop_id_version_pk" PRIMARY KEY("coop_id","version"),
	CONSTRAINT "constitution_versions_origin_check" CHECK ("constitution_versions"."origin" in ('founding', 'proposal'))
);
--> statement-breakpoint
CREATE TABLE "coop_roles" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"role" text NOT NULL,
	"origin" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"term_ends_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "coop_roles_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "coop_roles_role_check" CHECK ("coop_roles"."role" in ('board', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "membership_applications" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"class_key" text NOT NULL,
	"statement" text NOT NULL,
	"agreed_version" integer NOT NULL,
	"status" text NOT NULL,
	"share_price" text NOT NULL,
	"paid_at" timestamp with time zone,
	"payment_reference" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "membership_applications_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "membership_applications_status_check" CHECK ("membership_applications"."status" in ('awaiting_payment', 'awaiting_admission', 'awaiting_vote', 'admitted', 'declined', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"member_number" integer NOT NULL,
	"class_key" text NOT NULL,
	"shares" integer NOT NULL,
	"application_id" uuid,
	"status" text NOT NULL,
	"admitted_at" timestamp with time zone NOT NULL,
	"notice_given_at" timestamp with time zone,
	"leaves_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"left_reason" text,
	CONSTRAINT "memberships_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "memberships_status_check" CHECK ("memberships"."status" in ('active', 'leaving', 'left', 'expelled'))
);
--> statement-breakpoint
ALTER TABLE "coops" ADD COLUMN "sector" text NOT NULL;--> statement-breakpoint
ALTER TABLE "coops" ADD COLUMN "currency" text NOT NULL;--> statement-breakpoint
ALTER TABLE "coops" ADD COLUMN "time_zone" text NOT NULL;--> statement-breakpoint
ALTER TABLE "coops" ADD COLUMN "default_language" text NOT NULL;--> statement-breakpoint
ALTER TABLE "coops" ADD COLUMN "founded_by" uuid;--> statement-breakpoint
ALTER TABLE "coop_roles" ADD CONSTRAINT "coop_roles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coop_roles_current_key" ON "coop_roles" USING btree ("coop_id","account_id","role") WHERE "coop_roles"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "membership_applications_open_key" ON "membership_applications" USING btree ("coop_id","account_id") WHERE "membership_applications"."status" in ('awaiting_payment', 'awaiting_admission', 'awaiting_vote');--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_number_key" ON "memberships" USING btree ("coop_id","member_number");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_current_key" ON "memberships" USING btree ("coop_id","account_id") WHERE "memberships"."status" in ('active', 'leaving');--> statement-breakpoint
CREATE INDEX "memberships_account_idx" ON "memberships" USING btree ("account_id");--> statement-breakpoint
ALTER TABLE "coops" ADD CONSTRAINT "coops_founded_by_accounts_id_fk" FOREIGN KEY ("founded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;