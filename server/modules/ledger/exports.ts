import type {
  AccountStatementView,
  EntryView,
  LedgerAccountView,
  PersonalStatementView,
} from '../../../contracts/ledger.ts';
import { currencyExponent } from '../../../contracts/money.ts';
import type { Executor } from '../../db/client.ts';
import { toDecimal } from './amounts.ts';
import type { AccountType } from './chart.ts';
import { coopBooks, type Period } from './periods.ts';
import { entriesInPeriod, listAccounts, trialBalance } from './queries.ts';

// Exports for accountants and members: CSV (RFC 4180) and an hledger journal. Amounts are written
// exactly, in major units with the currency's decimals (e.g. 12.50), next to the currency code.

/** A text cell: quoted when needed; a leading = + - @ is neutralised so office software shows it as text. */
function textCell(value: string | null): string {
  let s = value ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows whose text cells went through textCell; numbers and ids are written as they are. */
function csv(header: string[], rows: string[][]): string {
  return `${[header.join(','), ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`;
}

/** The journal of a period as CSV, one row per posting. */
export async function journalCsv(db: Executor, input: { coopId: string } & Period): Promise<string> {
  const entries = await entriesInPeriod(db, input);
  const rows: string[][] = [];
  for (const e of entries) {
    for (const p of e.postings) {
      const amount = BigInt(p.amount);
      rows.push([
        e.date,
        e.occurredAt,
        e.id,
        textCell(e.kind),
        textCell(e.description),
        String(p.line),
        textCell(p.accountCode),
        textCell(p.accountName),
        amount > 0n ? toDecimal(amount, p.currency) : '',
        amount < 0n ? toDecimal(-amount, p.currency) : '',
        p.currency,
        p.amount,
        textCell(e.link?.type ?? null),
        textCell(e.link?.id ?? null),
        e.reversesEntryId ?? '',
      ]);
    }
  }
  return csv(
    [
      'date',
      'occurred_at',
      'entry_id',
      'kind',
      'description',
      'line',
      'account_code',
      'account_name',
      'debit',
      'credit',
      'currency',
      'amount_minor',
      'link_type',
      'link_id',
      'reverses_entry_id',
    ],
    rows,
  );
}

/** Statements as CSV: per account an opening row, the lines with running balance, a closing row. */
export function statementCsv(statement: PersonalStatementView | AccountStatementView): string {
  const statements = 'accounts' in statement ? statement.accounts : [statement];
  const rows: string[][] = [];
  for (const s of statements) {
    const cur = s.account.currency;
    const account = [textCell(s.account.code), textCell(s.account.name)];
    rows.push([
      s.from ?? '',
      ...account,
      '',
      '',
      textCell('Opening balance'),
      '',
      toDecimal(BigInt(s.opening), cur),
      cur,
    ]);
    for (const l of s.lines) {
      rows.push([
        l.date,
        ...account,
        l.entryId,
        textCell(l.kind),
        textCell(l.description),
        toDecimal(BigInt(l.amount), cur),
        toDecimal(BigInt(l.balance), cur),
        cur,
      ]);
    }
    rows.push([
      s.to ?? '',
      ...account,
      '',
      '',
      textCell('Closing balance'),
      '',
      toDecimal(BigInt(s.closing), cur),
      cur,
    ]);
  }
  return csv(
    [
      'date',
      'account_code',
      'account_name',
      'entry_id',
      'kind',
      'description',
      'amount',
      'balance',
      'currency',
    ],
    rows,
  );
}

const HLEDGER_ROOT: Record<AccountType, string> = {
  asset: 'assets',
  liability: 'liabilities',
  equity: 'equity',
  revenue: 'revenues',
  expense: 'expenses',
};
const HLEDGER_TYPE: Record<AccountType, string> = {
  asset: 'A',
  liability: 'L',
  equity: 'E',
  revenue: 'R',
  expense: 'X',
};

// hledger ends an account name at two spaces and reads ':' as a level and ';' as a comment.
function hledgerName(text: string): string {
  return text
    .replace(/[:;\t\r\n]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function hledgerText(text: string): string {
  return text
    .replace(/[\r\n\t]/g, ' ')
    .replaceAll(';', ',')
    .replaceAll('|', '/')
    .replace(/\s+/g, ' ')
    .trim();
}

function hledgerTag(text: string): string {
  return text.replace(/[,;\s]/g, '_');
}

function hledgerAmount(minor: bigint, currency: string): string {
  return `${toDecimal(minor, currency)} ${currency}`;
}

/** Account names as they appear in the hledger export, by ledger account id. */
function hledgerAccountNames(accounts: LedgerAccountView[]): Map<string, string> {
  const byCode = new Map(accounts.map((a) => [a.code, a]));
  const names = new Map<string, string>();
  for (const a of accounts) {
    const own = `${a.code} ${hledgerName(a.name)}`;
    const parent = a.parentCode ? byCode.get(a.parentCode) : undefined;
    const path = parent ? `${parent.code} ${hledgerName(parent.name)}:${own}` : own;
    names.set(a.id, `${HLEDGER_ROOT[a.type]}:${path}`);
  }
  return names;
}

/**
 * The journal of a period in hledger's format (hledger.org), which ledger-likes and accountants
 * read. With a start date, the balances before it open the file as one balanced transaction, so
 * `hledger balance` on the export gives the balances at the period's end.
 */
export async function hledgerJournal(db: Executor, input: { coopId: string } & Period): Promise<string> {
  const books = await coopBooks(db, input.coopId);
  const accounts = await listAccounts(db, input.coopId);
  const names = hledgerAccountNames(accounts);
  const entries = await entriesInPeriod(db, input);
  const out: string[] = [
    `; ${hledgerText(books.name)} (${books.slug}): journal exported by Mutual`,
    `; period: ${input.from ?? 'beginning'} to ${input.to ?? 'now'}; dates in ${books.timeZone}`,
    '',
  ];
  const currencies = [...new Set(accounts.map((a) => a.currency))].sort();
  for (const c of currencies) {
    const exp = currencyExponent(c);
    out.push(`commodity 1000${exp > 0 ? `.${'0'.repeat(exp)}` : ''} ${c}`);
  }
  out.push('');
  for (const a of accounts) {
    out.push(`account ${names.get(a.id)}  ; type:${HLEDGER_TYPE[a.type]}, code:${a.code}`);
  }
  out.push('');
  if (input.from) {
    const trial = await trialBalance(db, { coopId: input.coopId, to: null, from: input.from });
    const opening = trial.lines.filter((l) => BigInt(l.opening) !== 0n);
    if (opening.length > 0) {
      out.push(`${input.from} Opening balances  ; kind:opening_balances`);
      for (const l of opening)
        out.push(`    ${names.get(l.accountId)}  ${hledgerAmount(BigInt(l.opening), l.currency)}`);
      out.push('');
    }
  }
  for (const e of entries) out.push(...hledgerTransaction(e, names), '');
  return `${out.join('\n')}\n`;
}

function hledgerTransaction(e: EntryView, names: Map<string, string>): string[] {
  const tags = [`kind:${hledgerTag(e.kind)}`, `entry:${e.id}`];
  if (e.link) tags.push(`link:${hledgerTag(`${e.link.type}/${e.link.id}`)}`);
  if (e.reversesEntryId) tags.push(`reverses:${e.reversesEntryId}`);
  return [
    `${e.date} * (${e.id}) ${hledgerText(e.description)}  ; ${tags.join(', ')}`,
    ...e.postings.map((p) => `    ${names.get(p.accountId)}  ${hledgerAmount(BigInt(p.amount), p.currency)}`),
  ];
}
