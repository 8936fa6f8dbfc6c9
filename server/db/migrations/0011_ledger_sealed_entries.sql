-- A committed entry takes no more postings, and the ledger's checks cost less
-- (docs/decisions/0004-ledger.md).

-- The balance check runs once per entry at commit instead of once per posting: a full check leaves
-- a transaction-local marker naming the entry, and every posting inserted afterwards (the only way
-- an entry can change; savepoint rollbacks undo the marker with the rows) clears it again.
CREATE OR REPLACE FUNCTION ledger_check_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_entry_balanced(NEW.coop_id, NEW.id);
  PERFORM set_config('mutual.ledger_checked_entry', NEW.coop_id::text || '/' || NEW.id::text, true);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_check_posting_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry_key text := NEW.coop_id::text || '/' || NEW.entry_id::text;
BEGIN
  IF current_setting('mutual.ledger_checked_entry', true) IS DISTINCT FROM entry_key THEN
    PERFORM ledger_assert_entry_balanced(NEW.coop_id, NEW.entry_id);
    PERFORM set_config('mutual.ledger_checked_entry', entry_key, true);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_apply_posting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  acct_currency text;
  acct_closed timestamptz;
  acct_placeholder boolean;
BEGIN
  -- An entry is sealed when its transaction commits: postings join it only in that transaction.
  IF NOT EXISTS (SELECT 1 FROM ledger_entries
                  WHERE coop_id = NEW.coop_id AND id = NEW.entry_id
                    AND txid = (pg_current_xact_id()::text)::bigint) THEN
    RAISE EXCEPTION 'ledger entry % was recorded by an earlier transaction and takes no more postings', NEW.entry_id
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_entry_sealed';
  END IF;
  PERFORM set_config('mutual.ledger_checked_entry', '', true);
  UPDATE ledger_accounts SET balance = balance + NEW.amount
   WHERE coop_id = NEW.coop_id AND id = NEW.account_id
   RETURNING currency, closed_at, placeholder INTO acct_currency, acct_closed, acct_placeholder;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger account % does not exist in this co-op', NEW.account_id
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'ledger_posting_account';
  END IF;
  IF acct_currency <> NEW.currency THEN
    RAISE EXCEPTION 'ledger account % keeps %, not %', NEW.account_id, acct_currency, NEW.currency
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_posting_currency';
  END IF;
  IF acct_closed IS NOT NULL THEN
    RAISE EXCEPTION 'ledger account % is closed', NEW.account_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_posting_open_account';
  END IF;
  IF acct_placeholder THEN
    RAISE EXCEPTION 'ledger account % only holds sub-accounts; post to one of them', NEW.account_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_posting_postable_account';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The account guard is skipped for the posting trigger's own balance update (trigger depth 1),
-- which changes nothing but the balance; every other update is still checked.
DROP TRIGGER ledger_accounts_guard ON ledger_accounts;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_guard_insert BEFORE INSERT ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_guard_account();
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_guard_update BEFORE UPDATE ON ledger_accounts
  FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION ledger_guard_account();
