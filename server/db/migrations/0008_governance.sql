CREATE TABLE "governance_ballots" (
	"coop_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"receipt" text NOT NULL,
	"class_key" text NOT NULL,
	"content" jsonb NOT NULL,
	"voter_id" uuid,
	"cast_by_id" uuid,
	CONSTRAINT "governance_ballots_coop_id_proposal_id_receipt_pk" PRIMARY KEY("coop_id","proposal_id","receipt"),
	CONSTRAINT "governance_ballots_receipt_check" CHECK ("governance_ballots"."receipt" ~ '^[A-Za-z0-9_-]{16,64}$'),
	CONSTRAINT "governance_ballots_open_check" CHECK (("governance_ballots"."voter_id" is null) = ("governance_ballots"."cast_by_id" is null))
);
--> statement-breakpoint
CREATE TABLE "governance_notices" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"digest_pending" boolean DEFAULT false NOT NULL,
	CONSTRAINT "governance_notices_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "governance_notices_kind_check" CHECK ("governance_notices"."kind" in ('discussion', 'voting_opened', 'reminder', 'result'))
);
--> statement-breakpoint
CREATE TABLE "governance_notification_prefs" (
	"coop_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"last_digest_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "governance_notification_prefs_coop_id_account_id_pk" PRIMARY KEY("coop_id","account_id"),
	CONSTRAINT "governance_notification_prefs_mode_check" CHECK ("governance_notification_prefs"."mode" in ('everything', 'votes', 'digest'))
);
--> statement-breakpoint
CREATE TABLE "governance_comments" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"parent_id" uuid,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"amendment" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone,
	"hidden_at" timestamp with time zone,
	"hidden_by" uuid,
	"hidden_reason" text,
	CONSTRAINT "governance_comments_coop_id_id_pk" PRIMARY KEY("coop_id","id")
);
--> statement-breakpoint
CREATE TABLE "governance_options" (
	"coop_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"account_id" uuid,
	"cost" text,
	"proposed_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "governance_options_coop_id_proposal_id_key_pk" PRIMARY KEY("coop_id","proposal_id","key"),
	CONSTRAINT "governance_options_cost_check" CHECK ("governance_options"."cost" is null or "governance_options"."cost" ~ '^[0-9]{1,18}$')
);
--> statement-breakpoint
CREATE TABLE "governance_seconds" (
	"coop_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "governance_seconds_coop_id_proposal_id_account_id_pk" PRIMARY KEY("coop_id","proposal_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "governance_proposals" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"decision_kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"proposer_id" uuid,
	"payload" jsonb NOT NULL,
	"subject_id" uuid,
	"secret_requested" boolean DEFAULT false NOT NULL,
	"live_results" boolean DEFAULT false NOT NULL,
	"requested_opens_at" timestamp with time zone,
	"requested_closes_at" timestamp with time zone,
	"base_version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"discussion_started_at" timestamp with time zone,
	"voting_opens_at" timestamp with time zone,
	"voting_closes_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"rules" jsonb,
	"secret" boolean,
	"result" jsonb,
	"result_hash" text,
	"ballot_file" text,
	"ballot_file_hash" text,
	"blt" text,
	"effective_at" timestamp with time zone,
	"enactment" jsonb,
	"enacted_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	CONSTRAINT "governance_proposals_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "governance_proposals_kind_check" CHECK ("governance_proposals"."kind" in ('resolution', 'policy', 'bylaws', 'admission', 'expulsion', 'election', 'budget')),
	CONSTRAINT "governance_proposals_status_check" CHECK ("governance_proposals"."status" in ('draft', 'seconding', 'discussion', 'voting', 'passed', 'failed', 'elected', 'funded', 'enacted', 'withdrawn')),
	CONSTRAINT "governance_proposals_secret_live_check" CHECK (not (coalesce("governance_proposals"."secret", false) and "governance_proposals"."live_results"))
);
--> statement-breakpoint
CREATE TABLE "governance_proxies" (
	"coop_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"proxy_id" uuid NOT NULL,
	"proposal_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "governance_proxies_coop_id_id_pk" PRIMARY KEY("coop_id","id"),
	CONSTRAINT "governance_proxies_self_check" CHECK ("governance_proxies"."member_id" <> "governance_proxies"."proxy_id")
);
--> statement-breakpoint
CREATE TABLE "governance_proxy_escrow" (
	"coop_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"ballot_key" text NOT NULL,
	CONSTRAINT "governance_proxy_escrow_coop_id_proposal_id_member_id_pk" PRIMARY KEY("coop_id","proposal_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "governance_roll" (
	"coop_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"class_key" text NOT NULL,
	"class_weight_bps" integer,
	"voted" boolean DEFAULT false NOT NULL,
	"cast_by" text,
	"proxy_id" uuid,
	"ballot_lock" text,
	"voted_at" timestamp with time zone,
	CONSTRAINT "governance_roll_coop_id_proposal_id_account_id_pk" PRIMARY KEY("coop_id","proposal_id","account_id"),
	CONSTRAINT "governance_roll_cast_check" CHECK (("governance_roll"."voted" = ("governance_roll"."cast_by" is not null)) and ("governance_roll"."cast_by" is null or "governance_roll"."cast_by" in ('self', 'proxy')) and (("governance_roll"."cast_by" = 'proxy') = ("governance_roll"."proxy_id" is not null)))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "governance_ballots_voter_key" ON "governance_ballots" USING btree ("coop_id","proposal_id","voter_id") WHERE "governance_ballots"."voter_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "governance_notices_once_key" ON "governance_notices" USING btree ("coop_id","proposal_id","account_id","kind");--> statement-breakpoint
CREATE INDEX "governance_notices_account_idx" ON "governance_notices" USING btree ("coop_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "governance_comments_proposal_idx" ON "governance_comments" USING btree ("coop_id","proposal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "governance_options_candidate_key" ON "governance_options" USING btree ("coop_id","proposal_id","account_id") WHERE "governance_options"."account_id" is not null and "governance_options"."withdrawn_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "governance_proposals_number_key" ON "governance_proposals" USING btree ("coop_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "governance_proposals_subject_key" ON "governance_proposals" USING btree ("coop_id","kind","subject_id") WHERE "governance_proposals"."subject_id" is not null and "governance_proposals"."status" in ('draft', 'seconding', 'discussion', 'voting');--> statement-breakpoint
CREATE INDEX "governance_proposals_status_idx" ON "governance_proposals" USING btree ("status","voting_opens_at");--> statement-breakpoint
CREATE INDEX "governance_proposals_coop_idx" ON "governance_proposals" USING btree ("coop_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "governance_proxies_standing_key" ON "governance_proxies" USING btree ("coop_id","member_id") WHERE "governance_proxies"."proposal_id" is null and "governance_proxies"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "governance_proxies_proposal_key" ON "governance_proxies" USING btree ("coop_id","member_id","proposal_id") WHERE "governance_proxies"."proposal_id" is not null and "governance_proxies"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "governance_proxies_holder_idx" ON "governance_proxies" USING btree ("coop_id","proxy_id");--> statement-breakpoint
CREATE INDEX "governance_roll_proxy_idx" ON "governance_roll" USING btree ("coop_id","proposal_id","proxy_id");