ALTER TABLE "market_workers" ADD COLUMN "work_weekdays" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "market_workers" ADD COLUMN "extra_hours_until" date;--> statement-breakpoint
-- Kept by the database, whoever writes the hours: a superset is only slower, never wrong, and these
-- are recomputed from the rows themselves after every change.
CREATE FUNCTION market_refresh_work_weekdays() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE market_workers w
     SET work_weekdays = coalesce((SELECT bit_or(1 << r.weekday) FROM market_availability_rules r
                                    WHERE r.coop_id = w.coop_id AND r.worker_id = w.id), 0)
   WHERE (w.coop_id, w.id) IN (SELECT DISTINCT coop_id, worker_id FROM changed);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION market_refresh_extra_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE market_workers w
     SET extra_hours_until = (SELECT max(e.on_date) FROM market_availability_exceptions e
                               WHERE e.coop_id = w.coop_id AND e.worker_id = w.id AND e.kind = 'extra')
   WHERE (w.coop_id, w.id) IN (SELECT DISTINCT coop_id, worker_id FROM changed);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER market_rules_inserted AFTER INSERT ON market_availability_rules
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION market_refresh_work_weekdays();
--> statement-breakpoint
CREATE TRIGGER market_rules_updated AFTER UPDATE ON market_availability_rules
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION market_refresh_work_weekdays();
--> statement-breakpoint
CREATE TRIGGER market_rules_deleted AFTER DELETE ON market_availability_rules
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION market_refresh_work_weekdays();
--> statement-breakpoint
CREATE TRIGGER market_exceptions_inserted AFTER INSERT ON market_availability_exceptions
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION market_refresh_extra_hours();
--> statement-breakpoint
CREATE TRIGGER market_exceptions_updated AFTER UPDATE ON market_availability_exceptions
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION market_refresh_extra_hours();
--> statement-breakpoint
CREATE TRIGGER market_exceptions_deleted AFTER DELETE ON market_availability_exceptions
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION market_refresh_extra_hours();
--> statement-breakpoint
UPDATE market_workers w
   SET work_weekdays = coalesce((SELECT bit_or(1 << r.weekday) FROM market_availability_rules r
                                  WHERE r.coop_id = w.coop_id AND r.worker_id = w.id), 0),
       extra_hours_until = (SELECT max(e.on_date) FROM market_availability_exceptions e
                             WHERE e.coop_id = w.coop_id AND e.worker_id = w.id AND e.kind = 'extra');
