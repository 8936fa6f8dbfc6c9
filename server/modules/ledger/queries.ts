import { type SQL, sql } from 'drizzle-orm';
import type {
  AccountStatementView,
  BalanceSheetView,
  EntryDetailView,
  EntryView,
  FinancesView,
  IncomeStatementView,
  JournalView,
  LedgerAccountView,
  PaymentView,
  PersonalStatementView,
  ReportLine,
  TrialBalanceView,
} from '../../../contracts/ledger.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { checkCurrency, money } from './amounts.ts';
import { type AccountType, normalSign, type PersonalAccountKind } from './chart.ts';
import { type CoopBooks, checkPeriod, coopBooks, type Period, periodBounds } from './periods.ts';
import { UUID } from './post-entry.ts';

// Read side of the ledger: balances, statements, journal and reports. Every money value is read
// as text and summed as bigint; nothing on this path is a float.

const isoUtc = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type AccountRow = {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  parent_id: string | null;
  parent_code: string | null;
  placeholder: boolean;
  owner_kind: PersonalAccountKind | null;
  owner_account_id: string | null;
  balance: string;
  closed_at: string | null;
};

async function accountRows(db: Executor, coopId: string, where: SQL = sql`true`): Promise<AccountRow[]> {
  return queryRows<AccountRow>(
    db,
    sql`select a.id, a.code, a.name, a.type, a.currency, a.parent_id, p.code as parent_code, a.placeholder,
          a.owner_kind, a.owner_account_id, a.balance::text as balance, ${isoUtc(sql`a.closed_at`)} as closed_at
        from ledger_accounts a
        left join ledger_accounts p on p.coop_id = a.coop_id and p.id = a.parent_id
        where a.coop_id = ${coopId} and ${where}
        order by a.code`,
  );
}

/** Current balance of one account, debit positive (share capital and payables are negative). */
export async function accountBalance(
  db: Executor,
  account: string | { coopId: string; accountId: string },
): Promise<bigint> {
  const ref = typeof account === 'string' ? { coopId: null, accountId: account } : account;
  if (!UUID.test(ref.accountId)) throw unknownAccount();
  const [row] = await queryRows<{ balance: string }>(
    db,
    sql`select balance::text as balance from ledger_accounts
        where id = ${ref.accountId} ${ref.coopId ? sql`and coop_id = ${ref.coopId}` : sql``}`,
  );
  if (!row) throw unknownAccount();
  return money(row.balance);
}

function unknownAccount(field?: string): AppError {
  return new AppError(
    'not_found',
    'ACCOUNT_UNKNOWN',
    'This co-op has no such account.',
    field ? { field } : {},
  );
}

/** The chart of accounts with current balances, sub-accounts summed into their parents. */
export async function listAccounts(db: Executor, coopId: string): Promise<LedgerAccountView[]> {
  const rows = await accountRows(db, coopId);
  const rolled = new Map<string, bigint>(rows.map((r) => [r.id, money(r.balance)]));
  for (const r of rows) {
    if (r.parent_id) rolled.set(r.parent_id, (rolled.get(r.parent_id) ?? 0n) + money(r.balance));
  }
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.type,
    currency: r.currency,
    parentCode: r.parent_code,
    placeholder: r.placeholder,
    personal: r.owner_kind,
    balance: (rolled.get(r.id)! * normalSign(r.type)).toString(),
    closedAt: r.closed_at,
  }));
}

export type LedgerAccount = {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  parentId: string | null;
  placeholder: boolean;
  personal: PersonalAccountKind | null;
  ownerAccountId: string | null;
  closed: boolean;
};

function toAccount(r: AccountRow): LedgerAccount {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.type,
    currency: r.currency,
    parentId: r.parent_id,
    placeholder: r.placeholder,
    personal: r.owner_kind,
    ownerAccountId: r.owner_account_id,
    closed: r.closed_at !== null,
  };
}

export async function findAccountByCode(
  db: Executor,
  coopId: string,
  code: string,
): Promise<LedgerAccount | null> {
  const [row] = await accountRows(db, coopId, sql`a.code = ${code}`);
  return row ? toAccount(row) : null;
}

/** A person's own sub-accounts in one co-op (share capital, worker payable). */
export async function personalAccounts(
  db: Executor,
  coopId: string,
  ownerAccountId: string,
): Promise<LedgerAccount[]> {
  if (!UUID.test(ownerAccountId)) return [];
  const rows = await accountRows(db, coopId, sql`a.owner_account_id = ${ownerAccountId}`);
  return rows.map(toAccount);
}

async function statementOf(
  db: Executor,
  books: CoopBooks,
  account: AccountRow,
  period: Period,
): Promise<AccountStatementView> {
  const { from, to } = checkPeriod(period);
  const { start, end } = periodBounds(period, books.timeZone);
  const sign = normalSign(account.type);
  const [opening] = await queryRows<{ total: string }>(
    db,
    sql`select coalesce(sum(p.amount), 0)::text as total
        from ledger_postings p join ledger_entries e on e.coop_id = p.coop_id and e.id = p.entry_id
        where p.coop_id = ${books.id} and p.account_id = ${account.id} and e.occurred_at < ${start}`,
  );
  const rows = await queryRows<{
    entry_id: string;
    occurred_at: string;
    date: string;
    kind: string;
    description: string;
    amount: string;
  }>(
    db,
    sql`select e.id as entry_id, ${isoUtc(sql`e.occurred_at`)} as occurred_at,
          to_char(e.occurred_at at time zone ${books.timeZone}, 'YYYY-MM-DD') as date,
          e.kind, e.description, p.amount::text as amount
        from ledger_postings p join ledger_entries e on e.coop_id = p.coop_id and e.id = p.entry_id
        where p.coop_id = ${books.id} and p.account_id = ${account.id}
          and e.occurred_at >= ${start} and e.occurred_at < ${end}
        order by e.occurred_at, e.id, p.line`,
  );
  let balance = money(opening?.total) * sign;
  const openingNatural = balance;
  const lines = rows.map((r) => {
    const amount = money(r.amount) * sign;
    balance += amount;
    return {
      date: r.date,
      occurredAt: r.occurred_at,
      entryId: r.entry_id,
      kind: r.kind,
      description: r.description,
      amount: amount.toString(),
      balance: balance.toString(),
    };
  });
  return {
    account: {
      id: account.id,
      code: account.code,
      name: account.name,
      type: account.type,
      currency: account.currency,
      personal: account.owner_kind,
    },
    from,
    to,
    opening: openingNatural.toString(),
    closing: balance.toString(),
    lines,
  };
}

/** One account's lines in a period with a running balance, in the account's normal direction. */
export async function accountStatement(
  db: Executor,
  input: { coopId: string; accountId?: string; code?: string } & Period,
): Promise<AccountStatementView> {
  const books = await coopBooks(db, input.coopId);
  const where = input.accountId
    ? UUID.test(input.accountId)
      ? sql`a.id = ${input.accountId}`
      : null
    : sql`a.code = ${input.code ?? ''}`;
  const [row] = where ? await accountRows(db, input.coopId, where) : [];
  if (!row) throw unknownAccount('code');
  return statementOf(db, books, row, input);
}

/** A person's statement: each of their own accounts with opening, lines, running and closing balance. */
export async function personalStatement(
  db: Executor,
  input: { coopId: string; ownerAccountId: string } & Period,
): Promise<PersonalStatementView> {
  const { from, to } = checkPeriod(input);
  const books = await coopBooks(db, input.coopId);
  const rows = UUID.test(input.ownerAccountId)
    ? await accountRows(db, input.coopId, sql`a.owner_account_id = ${input.ownerAccountId}`)
    : [];
  const accounts = [];
  for (const row of rows) accounts.push(await statementOf(db, books, row, input));
  return { from, to, accounts };
}

type EntryRow = {
  id: string;
  occurred_at: string;
  recorded_at: string;
  cursor_at: string;
  date: string;
  kind: string;
  description: string;
  actor_id: string | null;
  link_type: string | null;
  link_id: string | null;
  policy_version: number | null;
  reverses_entry_id: string | null;
  reversed_by: string | null;
};

type EntryWithCursor = EntryView & { cursorAt: string };

async function entriesWhere(
  db: Executor,
  books: CoopBooks,
  where: SQL,
  order: SQL,
  limit: number,
): Promise<EntryWithCursor[]> {
  const rows = await queryRows<EntryRow>(
    db,
    sql`select e.id, ${isoUtc(sql`e.occurred_at`)} as occurred_at, ${isoUtc(sql`e.recorded_at`)} as recorded_at,
          to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
          to_char(e.occurred_at at time zone ${books.timeZone}, 'YYYY-MM-DD') as date,
          e.kind, e.description, e.actor_id, e.link_type, e.link_id, e.policy_version, e.reverses_entry_id,
          (select r.id from ledger_entries r where r.coop_id = e.coop_id and r.reverses_entry_id = e.id) as reversed_by
        from ledger_entries e
        where e.coop_id = ${books.id} and ${where}
        order by ${order}
        limit ${limit}`,
  );
  if (rows.length === 0) return [];
  const postings = await queryRows<{
    entry_id: string;
    line: number;
    account_id: string;
    code: string;
    name: string;
    amount: string;
    currency: string;
  }>(
    db,
    sql`select p.entry_id, p.line, p.account_id, a.code, a.name, p.amount::text as amount, p.currency
        from ledger_postings p join ledger_accounts a on a.coop_id = p.coop_id and a.id = p.account_id
        where p.coop_id = ${books.id}
          and p.entry_id in (${sql.join(
            rows.map((r) => sql`${r.id}::uuid`),
            sql`, `,
          )})
        order by p.entry_id, p.line`,
  );
  const byEntry = new Map<string, EntryView['postings']>();
  for (const p of postings) {
    const list = byEntry.get(p.entry_id) ?? [];
    list.push({
      line: Number(p.line),
      accountId: p.account_id,
      accountCode: p.code,
      accountName: p.name,
      amount: money(p.amount).toString(),
      currency: p.currency,
    });
    byEntry.set(p.entry_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    kind: r.kind,
    description: r.description,
    actorId: r.actor_id,
    link: r.link_type && r.link_id ? { type: r.link_type, id: r.link_id } : null,
    policyVersion: r.policy_version === null ? null : Number(r.policy_version),
    reversesEntryId: r.reverses_entry_id,
    reversedByEntryId: r.reversed_by,
    postings: byEntry.get(r.id) ?? [],
    cursorAt: r.cursor_at,
  }));
}

export type JournalFilter = Period & {
  coopId: string;
  kind?: string | undefined;
  account?: string | undefined;
  linkType?: string | undefined;
  linkId?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
};

function decodeCursor(cursor: string): { at: string; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [at, id] = text.split('|');
  if (!at || !id || !UUID.test(id) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at)) {
    throw new AppError('rule', 'CURSOR_INVALID', 'This cursor is not one the journal gave out.', {
      field: 'cursor',
    });
  }
  return { at, id };
}

/** The journal, newest first, filtered by period, kind, account (with sub-accounts) and linked object. */
export async function journal(db: Executor, filter: JournalFilter): Promise<JournalView> {
  const books = await coopBooks(db, filter.coopId);
  const { start, end } = periodBounds(filter, books.timeZone);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 500);
  const conditions: SQL[] = [sql`e.occurred_at >= ${start}`, sql`e.occurred_at < ${end}`];
  if (filter.kind) conditions.push(sql`e.kind = ${filter.kind}`);
  if (filter.linkType) conditions.push(sql`e.link_type = ${filter.linkType}`);
  if (filter.linkId) conditions.push(sql`e.link_id = ${filter.linkId}`);
  if (filter.account) {
    const account = await findAccountByCode(db, books.id, filter.account);
    if (!account)
      throw new AppError('rule', 'ACCOUNT_UNKNOWN', 'This co-op has no such account.', { field: 'account' });
    conditions.push(
      sql`exists (select 1 from ledger_postings p join ledger_accounts a on a.coop_id = p.coop_id and a.id = p.account_id
                  where p.coop_id = e.coop_id and p.entry_id = e.id and (a.id = ${account.id} or a.parent_id = ${account.id}))`,
    );
  }
  if (filter.cursor) {
    const c = decodeCursor(filter.cursor);
    conditions.push(sql`(e.occurred_at, e.id) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await entriesWhere(
    db,
    books,
    sql.join(conditions, sql` and `),
    sql`e.occurred_at desc, e.id desc`,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map(withoutCursor),
    nextCursor:
      rows.length > limit && last ? Buffer.from(`${last.cursorAt}|${last.id}`).toString('base64url') : null,
  };
}

function withoutCursor(entry: EntryWithCursor): EntryView {
  const { cursorAt: _cursor, ...rest } = entry;
  return rest;
}

/** All entries of a period, oldest first (for exports). */
export async function entriesInPeriod(
  db: Executor,
  input: { coopId: string } & Period,
): Promise<EntryView[]> {
  const books = await coopBooks(db, input.coopId);
  const { start, end } = periodBounds(input, books.timeZone);
  const rows = await entriesWhere(
    db,
    books,
    sql`e.occurred_at >= ${start} and e.occurred_at < ${end}`,
    sql`e.occurred_at, e.id`,
    1_000_000,
  );
  return rows.map(withoutCursor);
}

/** One entry with its postings, what it links to, and the payment it records. */
export async function entryDetail(
  db: Executor,
  input: { coopId: string; entryId: string },
): Promise<EntryDetailView | null> {
  if (!UUID.test(input.entryId)) return null;
  const books = await coopBooks(db, input.coopId);
  const [entry] = await entriesWhere(db, books, sql`e.id = ${input.entryId}`, sql`e.id`, 1);
  if (!entry) return null;
  const [payment] = await queryRows<{
    id: string;
    provider: string;
    direction: 'incoming' | 'outgoing';
    reference: string | null;
  }>(
    db,
    sql`select id, provider, direction, reference from ledger_payments
        where coop_id = ${input.coopId} and entry_id = ${input.entryId}`,
  );
  return { ...withoutCursor(entry), payment: payment ?? null };
}

type Movement = { opening: bigint; debits: bigint; credits: bigint };

/** Per account: balance before `start`, debits and credits in [start, end). */
async function movements(db: Executor, coopId: string, start: SQL, end: SQL): Promise<Map<string, Movement>> {
  const rows = await queryRows<{ account_id: string; opening: string; debits: string; credits: string }>(
    db,
    sql`select p.account_id,
          coalesce(sum(p.amount) filter (where e.occurred_at < ${start}), 0)::text as opening,
          coalesce(sum(p.amount) filter (where e.occurred_at >= ${start} and p.amount > 0), 0)::text as debits,
          coalesce(-sum(p.amount) filter (where e.occurred_at >= ${start} and p.amount < 0), 0)::text as credits
        from ledger_postings p join ledger_entries e on e.coop_id = p.coop_id and e.id = p.entry_id
        where p.coop_id = ${coopId} and e.occurred_at < ${end}
        group by p.account_id`,
  );
  return new Map(
    rows.map((r) => [
      r.account_id,
      { opening: money(r.opening), debits: money(r.debits), credits: money(r.credits) },
    ]),
  );
}

const NO_MOVEMENT: Movement = { opening: 0n, debits: 0n, credits: 0n };

/** Every postable account's opening balance, debits, credits and closing balance for a period. */
export async function trialBalance(
  db: Executor,
  input: { coopId: string } & Period,
): Promise<TrialBalanceView> {
  const { from, to } = checkPeriod(input);
  const books = await coopBooks(db, input.coopId);
  const { start, end } = periodBounds(input, books.timeZone);
  const [rows, moves] = [await accountRows(db, books.id), await movements(db, books.id, start, end)];
  const totals = new Map<
    string,
    { debits: bigint; credits: bigint; closingDebit: bigint; closingCredit: bigint }
  >();
  const lines = rows
    .filter((r) => !r.placeholder)
    .map((r) => {
      const m = moves.get(r.id) ?? NO_MOVEMENT;
      const closing = m.opening + m.debits - m.credits;
      const t = totals.get(r.currency) ?? { debits: 0n, credits: 0n, closingDebit: 0n, closingCredit: 0n };
      t.debits += m.debits;
      t.credits += m.credits;
      if (closing > 0n) t.closingDebit += closing;
      else t.closingCredit -= closing;
      totals.set(r.currency, t);
      return {
        accountId: r.id,
        code: r.code,
        name: r.name,
        type: r.type,
        currency: r.currency,
        parentCode: r.parent_code,
        opening: m.opening.toString(),
        debits: m.debits.toString(),
        credits: m.credits.toString(),
        closing: closing.toString(),
      };
    });
  return {
    from,
    to,
    lines,
    totals: [...totals]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, t]) => ({
        currency,
        debits: t.debits.toString(),
        credits: t.credits.toString(),
        closingDebit: t.closingDebit.toString(),
        closingCredit: t.closingCredit.toString(),
      })),
  };
}

type Section = { total: string; lines: ReportLine[] };

/**
 * Report lines of one account type: each top-level account with its sub-accounts summed in, then
 * the sub-accounts people opened. Personal sub-accounts are summed but not listed one by one.
 */
function section(rows: AccountRow[], type: AccountType, amountOf: (row: AccountRow) => bigint): Section {
  const sign = normalSign(type);
  const ofType = rows.filter((r) => r.type === type);
  const lines: ReportLine[] = [];
  let total = 0n;
  for (const top of ofType.filter((r) => r.parent_id === null)) {
    const children = ofType.filter((r) => r.parent_id === top.id);
    const amount = (amountOf(top) + children.reduce((s, c) => s + amountOf(c), 0n)) * sign;
    total += amount;
    lines.push({ code: top.code, name: top.name, level: 0, amount: amount.toString() });
    for (const child of children.filter((c) => c.owner_kind === null)) {
      lines.push({
        code: child.code,
        name: child.name,
        level: 1,
        amount: (amountOf(child) * sign).toString(),
      });
    }
  }
  return { total: total.toString(), lines };
}

function reportCurrency(books: CoopBooks, currency: string | undefined): string {
  return currency ? checkCurrency(currency, 'currency') : books.currency;
}

/** Assets, liabilities and equity at the end of a day (or now), in one currency. */
export async function balanceSheet(
  db: Executor,
  input: { coopId: string; at?: string | null; currency?: string | undefined },
): Promise<BalanceSheetView> {
  const books = await coopBooks(db, input.coopId);
  const currency = reportCurrency(books, input.currency);
  const at = checkPeriod({ to: input.at ?? null }).to;
  const rows = (await accountRows(db, books.id)).filter((r) => r.currency === currency);
  let closingOf: (r: AccountRow) => bigint;
  if (at === null) {
    // Now: the running balances kept with each account.
    closingOf = (r) => money(r.balance);
  } else {
    const { start, end } = periodBounds({ to: at }, books.timeZone);
    const moves = await movements(db, books.id, start, end);
    closingOf = (r) => {
      const m = moves.get(r.id) ?? NO_MOVEMENT;
      return m.opening + m.debits - m.credits;
    };
  }
  const assets = section(rows, 'asset', closingOf);
  const liabilities = section(rows, 'liability', closingOf);
  const equity = section(rows, 'equity', closingOf);
  const revenue = BigInt(section(rows, 'revenue', closingOf).total);
  const expenses = BigInt(section(rows, 'expense', closingOf).total);
  const resultToDate = revenue - expenses;
  const totalEquity = BigInt(equity.total) + resultToDate;
  return {
    at,
    currency,
    assets,
    liabilities,
    equity,
    resultToDate: resultToDate.toString(),
    totalEquity: totalEquity.toString(),
    balanced: BigInt(assets.total) === BigInt(liabilities.total) + totalEquity,
  };
}

/** Revenue and expenses of a period, in one currency. */
export async function incomeStatement(
  db: Executor,
  input: { coopId: string; currency?: string | undefined } & Period,
): Promise<IncomeStatementView> {
  const { from, to } = checkPeriod(input);
  const books = await coopBooks(db, input.coopId);
  const currency = reportCurrency(books, input.currency);
  const { start, end } = periodBounds(input, books.timeZone);
  const rows = (await accountRows(db, books.id)).filter((r) => r.currency === currency);
  const moves = await movements(db, books.id, start, end);
  const movementOf = (r: AccountRow) => {
    const m = moves.get(r.id) ?? NO_MOVEMENT;
    return m.debits - m.credits;
  };
  const revenue = section(rows, 'revenue', movementOf);
  const expenses = section(rows, 'expense', movementOf);
  return {
    from,
    to,
    currency,
    revenue,
    expenses,
    result: (BigInt(revenue.total) - BigInt(expenses.total)).toString(),
  };
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

export const MAX_FINANCE_MONTHS = 120;

/**
 * The public transparency figures: per month, income statement and balance sheet totals and the
 * top-level accounts (sub-accounts summed). Figures that concern fewer than `minGroupSize` people
 * are withheld, so no member's or worker's own money can be read off.
 */
export async function publicFinances(
  db: Executor,
  input: { coopId: string; from: string; to: string; minGroupSize: number },
): Promise<FinancesView> {
  const { from, to } = checkPeriod(input) as { from: string; to: string };
  const months = monthsBetween(from, to);
  if (months.length > MAX_FINANCE_MONTHS) {
    throw new AppError('rule', 'PERIOD_TOO_LONG', `Ask for at most ${MAX_FINANCE_MONTHS} months at a time.`, {
      field: 'from',
    });
  }
  const books = await coopBooks(db, input.coopId);
  const { start, end } = periodBounds({ from, to }, books.timeZone);
  const tops = await queryRows<{
    id: string;
    code: string;
    name: string;
    type: AccountType;
    people: number | string;
  }>(
    db,
    sql`select a.id, a.code, a.name, a.type,
          (select count(*) from ledger_accounts c
            where c.coop_id = a.coop_id and c.parent_id = a.id and c.owner_kind is not null) as people
        from ledger_accounts a
        where a.coop_id = ${books.id} and a.parent_id is null and a.currency = ${books.currency}
        order by a.code`,
  );
  const flows = await queryRows<{ month: string | null; top_id: string; total: string }>(
    db,
    sql`select case when e.occurred_at < ${start} then null
                    else to_char(e.occurred_at at time zone ${books.timeZone}, 'YYYY-MM') end as month,
               coalesce(a.parent_id, a.id) as top_id, sum(p.amount)::text as total
        from ledger_postings p
        join ledger_entries e on e.coop_id = p.coop_id and e.id = p.entry_id
        join ledger_accounts a on a.coop_id = p.coop_id and a.id = p.account_id
        where p.coop_id = ${books.id} and e.occurred_at < ${end} and a.currency = ${books.currency}
        group by 1, 2`,
  );
  const payouts = await queryRows<{ month: string; total: string; payees: number | string }>(
    db,
    sql`select to_char(e.occurred_at at time zone ${books.timeZone}, 'YYYY-MM') as month,
               coalesce(sum(-p.amount) filter (where a.type = 'asset'), 0)::text as total,
               count(distinct p.account_id) filter (where a.type = 'liability') as payees
        from ledger_postings p
        join ledger_entries e on e.coop_id = p.coop_id and e.id = p.entry_id
        join ledger_accounts a on a.coop_id = p.coop_id and a.id = p.account_id
        where p.coop_id = ${books.id} and e.kind = 'payout' and a.currency = ${books.currency}
          and e.occurred_at >= ${start} and e.occurred_at < ${end}
        group by 1`,
  );

  const movement = new Map<string, bigint>(); // `${topId}|${month or ''}` → debit-positive sum
  for (const f of flows) movement.set(`${f.top_id}|${f.month ?? ''}`, money(f.total));
  const running = new Map<string, bigint>(tops.map((t) => [t.id, movement.get(`${t.id}|`) ?? 0n]));
  const accountMonths = new Map<string, { month: string; movement: string; balance: string }[]>(
    tops.map((t) => [t.id, []]),
  );
  const payoutByMonth = new Map(payouts.map((p) => [p.month, p]));
  const figures = months.map((month) => {
    const byType: Record<AccountType, { flow: bigint; balance: bigint }> = {
      asset: { flow: 0n, balance: 0n },
      liability: { flow: 0n, balance: 0n },
      equity: { flow: 0n, balance: 0n },
      revenue: { flow: 0n, balance: 0n },
      expense: { flow: 0n, balance: 0n },
    };
    for (const top of tops) {
      const sign = normalSign(top.type);
      const moved = movement.get(`${top.id}|${month}`) ?? 0n;
      const balance = (running.get(top.id) ?? 0n) + moved;
      running.set(top.id, balance);
      byType[top.type].flow += moved * sign;
      byType[top.type].balance += balance * sign;
      accountMonths
        .get(top.id)!
        .push({ month, movement: (moved * sign).toString(), balance: (balance * sign).toString() });
    }
    const accumulatedResult = byType.revenue.balance - byType.expense.balance;
    const paid = payoutByMonth.get(month);
    const payees = Number(paid?.payees ?? 0);
    return {
      month,
      revenue: byType.revenue.flow.toString(),
      expenses: byType.expense.flow.toString(),
      surplus: (byType.revenue.flow - byType.expense.flow).toString(),
      assets: byType.asset.balance.toString(),
      liabilities: byType.liability.balance.toString(),
      equity: (byType.equity.balance + accumulatedResult).toString(),
      payouts: payees === 0 ? '0' : payees >= input.minGroupSize ? money(paid?.total).toString() : null,
    };
  });
  return {
    coop: { slug: books.slug, name: books.name },
    currency: books.currency,
    from,
    to,
    minGroupSize: input.minGroupSize,
    months: figures,
    accounts: tops.map((t) => {
      const people = Number(t.people);
      const suppressed = people > 0 && people < input.minGroupSize;
      return {
        code: t.code,
        name: t.name,
        type: t.type,
        suppressed,
        months: suppressed ? [] : accountMonths.get(t.id)!,
      };
    }),
  };
}

type PaymentRow = {
  id: string;
  provider: string;
  direction: 'incoming' | 'outgoing';
  status: 'pending' | 'completed' | 'cancelled';
  amount: string;
  currency: string;
  account_code: string;
  reference: string | null;
  description: string;
  link_type: string | null;
  link_id: string | null;
  entry_id: string | null;
  created_at: string;
  completed_at: string | null;
};

export async function listPayments(
  db: Executor,
  input: { coopId: string; status?: string | undefined; direction?: string | undefined; paymentId?: string },
): Promise<PaymentView[]> {
  const conditions: SQL[] = [sql`p.coop_id = ${input.coopId}`];
  if (input.status) conditions.push(sql`p.status = ${input.status}`);
  if (input.direction) conditions.push(sql`p.direction = ${input.direction}`);
  if (input.paymentId) conditions.push(sql`p.id = ${input.paymentId}`);
  const rows = await queryRows<PaymentRow>(
    db,
    sql`select p.id, p.provider, p.direction, p.status, p.amount::text as amount, p.currency, a.code as account_code,
          p.reference, p.description, p.link_type, p.link_id, p.entry_id,
          ${isoUtc(sql`p.created_at`)} as created_at, ${isoUtc(sql`p.completed_at`)} as completed_at
        from ledger_payments p join ledger_accounts a on a.coop_id = p.coop_id and a.id = p.account_id
        where ${sql.join(conditions, sql` and `)}
        order by p.created_at desc, p.id desc
        limit 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    direction: r.direction,
    status: r.status,
    amount: money(r.amount).toString(),
    currency: r.currency,
    accountCode: r.account_code,
    reference: r.reference,
    description: r.description,
    link: r.link_type && r.link_id ? { type: r.link_type, id: r.link_id } : null,
    entryId: r.entry_id,
    createdAt: r.created_at,
    completedAt: r.completed_at,
  }));
}
