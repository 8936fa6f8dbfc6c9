ALTER TABLE "market_workers" ADD COLUMN "recent_work_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "market_workers" ADD COLUMN "recent_work_as_of" timestamp with time zone;