-- Governance: links between the tables, and the rules that keep a secret vote secret whatever code
-- or hand-written SQL does (docs/decisions/0007-ballot-secrecy.md).
ALTER TABLE "governance_proposals" ADD CONSTRAINT "governance_proposals_coop_fk" FOREIGN KEY ("coop_id") REFERENCES "coops"("id");
--> statement-breakpoint
ALTER TABLE "governance_options" ADD CONSTRAINT "governance_options_proposal_fk" FOREIGN KEY ("coop_id", "proposal_id") REFERENCES "governance_proposals"("coop_id", "id");
--> statement-breakpoint
ALTER TABLE "governance_seconds" ADD CONSTRAINT "governance_seconds_proposal_fk" FOREIGN KEY ("coop_id", "proposal_id") REFERENCES "governance_proposals"("coop_id", "id");
--> statement-breakpoint
ALTER TABLE "governance_comments" ADD CONSTRAINT "governance_comments_proposal_fk" FOREIGN KEY ("coop_id", "proposal_id") REFERENCES "governance_proposals"("coop_id", "id");
--> statement-breakpoint
ALTER TABLE "governance_comments" ADD CONSTRAINT "governance_comments_parent_fk" FOREIGN KEY ("coop_id", "parent_id") REFERENCES "governance_comments"("coop_id", "id");
--> statement-breakpoint
ALTER TABLE "governance_roll" ADD CONSTRAINT "governance_roll_proposal_fk" FOREIGN KEY ("coop_id", "proposal_id") REFERENCES "governance_proposals"("coop_id", "id");
--> statement-breakpoint
ALTER TABLE "governance_ballots" ADD CONSTRAINT "governance_ballots_proposal_fk" FOREIGN KEY ("coop_id", "proposal_id") REFERENCES "governance_proposals"("coop_id", "id");
--> statement-breakpoint
ALTER TABLE "governance_proxy_escrow" ADD CONSTRAINT "governance_proxy_escrow_roll_fk" FOREIGN KEY ("coop_id", "proposal_id", "member_id") REFERENCES "governance_roll"("coop_id", "proposal_id", "account_id");
--> statement-breakpoint

-- Once a vote is secret it stays secret; once frozen, the ballot kind never goes back to "not set";
-- a published result is final.
CREATE FUNCTION governance_proposal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.secret IS NOT NULL AND NEW.secret IS DISTINCT FROM OLD.secret THEN
    RAISE EXCEPTION 'the ballot of proposal % is % and stays so', OLD.id,
      CASE WHEN OLD.secret THEN 'secret' ELSE 'open' END USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.result_hash IS NOT NULL AND (NEW.result IS DISTINCT FROM OLD.result
      OR NEW.result_hash IS DISTINCT FROM OLD.result_hash
      OR NEW.ballot_file IS DISTINCT FROM OLD.ballot_file
      OR NEW.ballot_file_hash IS DISTINCT FROM OLD.ballot_file_hash
      OR NEW.blt IS DISTINCT FROM OLD.blt
      OR NEW.rules IS DISTINCT FROM OLD.rules) THEN
    RAISE EXCEPTION 'the result of proposal % is published and final', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER governance_proposals_guard BEFORE UPDATE ON governance_proposals
  FOR EACH ROW EXECUTE FUNCTION governance_proposal_guard();
--> statement-breakpoint

-- A ballot may only be written while its proposal's kind of ballot is known: a secret ballot never
-- names its voter, an open one always does.
CREATE FUNCTION governance_ballot_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  is_secret boolean;
BEGIN
  SELECT secret INTO is_secret FROM governance_proposals WHERE coop_id = NEW.coop_id AND id = NEW.proposal_id;
  IF is_secret IS NULL THEN
    RAISE EXCEPTION 'proposal % is not open for voting', NEW.proposal_id USING ERRCODE = 'check_violation';
  END IF;
  IF is_secret AND NEW.voter_id IS NOT NULL THEN
    RAISE EXCEPTION 'a secret ballot cannot name its voter' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT is_secret AND NEW.voter_id IS NULL THEN
    RAISE EXCEPTION 'an open ballot names its voter' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER governance_ballots_guard BEFORE INSERT OR UPDATE ON governance_ballots
  FOR EACH ROW EXECUTE FUNCTION governance_ballot_guard();
--> statement-breakpoint

-- The roll of a secret vote keeps no time of voting.
CREATE FUNCTION governance_roll_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.voted_at IS NOT NULL AND (SELECT secret FROM governance_proposals
      WHERE coop_id = NEW.coop_id AND id = NEW.proposal_id) THEN
    RAISE EXCEPTION 'the roll of a secret vote keeps no time of voting' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER governance_roll_guard BEFORE INSERT OR UPDATE ON governance_roll
  FOR EACH ROW EXECUTE FUNCTION governance_roll_guard();
