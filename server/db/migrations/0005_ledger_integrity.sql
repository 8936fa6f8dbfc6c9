-- The ledger's rules, enforced by the database whoever writes the SQL (docs/decisions/0004-ledger.md).

-- Entries and postings are append-only; a correction is a reversing entry. Accounts are closed, never deleted.
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION mutual_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION mutual_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION mutual_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
  FOR EACH STATEMENT EXECUTE FUNCTION mutual_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION mutual_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION mutual_refuse_change();
--> statement-breakpoint

-- An entry balances when it has postings and they sum to zero in each currency.
CREATE FUNCTION ledger_assert_entry_balanced(p_coop uuid, p_entry uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  lines bigint;
  off text;
BEGIN
  SELECT coalesce(sum(n), 0), string_agg(CASE WHEN total <> 0 THEN total::text || ' ' || currency END, ', ')
    INTO lines, off
    FROM (SELECT currency, sum(amount) AS total, count(*) AS n
            FROM ledger_postings WHERE coop_id = p_coop AND entry_id = p_entry
           GROUP BY currency) per_currency;
  IF lines < 2 THEN
    RAISE EXCEPTION 'ledger entry % has % posting(s); an entry needs at least two', p_entry, lines
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_balanced';
  END IF;
  IF off IS NOT NULL THEN
    RAISE EXCEPTION 'ledger entry % does not balance: its postings sum to % instead of zero', p_entry, off
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_balanced';
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_check_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_entry_balanced(NEW.coop_id, NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_check_posting_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_entry_balanced(NEW.coop_id, NEW.entry_id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Checked at commit, once the whole entry is written: the entry row catches an entry without
-- postings, the posting rows catch postings added to an entry later.
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_postings_balanced AFTER INSERT ON ledger_postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_posting_entry();
--> statement-breakpoint

-- Each posting moves its account's balance under the account's row lock (held to commit, so
-- concurrent postings to one account queue and none is lost), and may only go to an open,
-- postable account of the same co-op and currency.
CREATE FUNCTION ledger_apply_posting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  acct_currency text;
  acct_closed timestamptz;
  acct_placeholder boolean;
BEGIN
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
CREATE TRIGGER ledger_postings_apply AFTER INSERT ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_apply_posting();
--> statement-breakpoint

-- An account's identity never changes; its balance moves only through postings (the trigger above
-- runs one level down); it closes only when empty.
CREATE FUNCTION ledger_guard_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.balance <> 0 THEN
      RAISE EXCEPTION 'a ledger account starts at zero; post an opening entry instead'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_account_balance';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.coop_id <> OLD.coop_id OR NEW.id <> OLD.id OR NEW.code <> OLD.code OR NEW.type <> OLD.type
     OR NEW.currency <> OLD.currency OR NEW.parent_id IS DISTINCT FROM OLD.parent_id
     OR NEW.placeholder <> OLD.placeholder OR NEW.owner_kind IS DISTINCT FROM OLD.owner_kind
     OR NEW.owner_account_id IS DISTINCT FROM OLD.owner_account_id OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'the code, type, currency, parent and owner of a ledger account never change'
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_account_identity';
  END IF;
  IF NEW.balance <> OLD.balance AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'a ledger account balance changes only by posting an entry'
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'ledger_account_balance';
  END IF;
  IF NEW.closed_at IS NOT NULL AND OLD.closed_at IS NULL AND NEW.balance <> 0 THEN
    RAISE EXCEPTION 'ledger account % has a balance of % and cannot be closed', NEW.code, NEW.balance
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_account_closed_empty';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_accounts_guard BEFORE INSERT OR UPDATE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_guard_account();
