import type { z } from 'zod';
import {
  type AccountStatementView,
  accountStatementView,
  type BalanceSheetView,
  balanceSheetView,
  type ChartView,
  chartView,
  type EntryDetailView,
  type EntryView,
  entryDetailView,
  type FinancesView,
  financesView,
  type IncomeStatementView,
  incomeStatementView,
  type JournalView,
  journalView,
  type LedgerAccountView,
  ledgerAccountView,
  type PaymentView,
  type PersonalStatementView,
  paymentList,
  paymentResult,
  personalStatementView,
  postResult,
  type ReportLine,
  type TrialBalanceView,
  trialBalanceView,
} from '../../../../contracts/ledger.ts';
import { parseBody, request } from '../../lib/api.ts';

// The ledger calls of the web app; every answer is checked against its contract.

export type {
  AccountStatementView,
  BalanceSheetView,
  ChartView,
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
};
export type AccountType = LedgerAccountView['type'];

/** A period of calendar days in the co-op's time zone; a missing end is open. */
export type Period = { from?: string | undefined; to?: string | undefined };

const coopPath = (slug: string, rest: string) => `/api/coops/${encodeURIComponent(slug)}${rest}`;

/** `?from=…&to=…` with only the values that are set, or ''. */
export function queryString(values: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const ledger = (slug: string, rest: string) => coopPath(slug, `/ledger${rest}`);

export async function getFinances(slug: string, period: Period = {}): Promise<FinancesView> {
  const path = coopPath(slug, `/finances${queryString(period)}`);
  return parseBody(await request('GET', path), financesView);
}

export async function getMyStatement(slug: string, period: Period): Promise<PersonalStatementView> {
  const path = coopPath(slug, `/me/statement${queryString(period)}`);
  return parseBody(await request('GET', path), personalStatementView);
}

export async function getChart(slug: string): Promise<ChartView> {
  return parseBody(await request('GET', ledger(slug, '/accounts')), chartView);
}

export async function openAccount(
  slug: string,
  input: { code: string; name: string; type: AccountType; parentCode?: string },
): Promise<LedgerAccountView> {
  return parseBody(await request('POST', ledger(slug, '/accounts'), input), ledgerAccountView);
}

export async function closeAccount(slug: string, code: string): Promise<void> {
  await request('POST', ledger(slug, `/accounts/${encodeURIComponent(code)}/close`));
}

export async function getAccountStatement(
  slug: string,
  code: string,
  period: Period,
): Promise<AccountStatementView> {
  const path = ledger(slug, `/accounts/${encodeURIComponent(code)}/statement${queryString(period)}`);
  return parseBody(await request('GET', path), accountStatementView);
}

export type JournalFilter = Period & {
  kind?: string | undefined;
  account?: string | undefined;
  linkType?: string | undefined;
  linkId?: string | undefined;
};

export async function getJournal(
  slug: string,
  filter: JournalFilter & { limit?: number; cursor?: string | null },
): Promise<JournalView> {
  const { limit, cursor, ...rest } = filter;
  const query = queryString({
    ...rest,
    limit: limit ? String(limit) : undefined,
    cursor: cursor ?? undefined,
  });
  return parseBody(await request('GET', ledger(slug, `/entries${query}`)), journalView);
}

export async function getEntry(slug: string, entryId: string): Promise<EntryDetailView> {
  const path = ledger(slug, `/entries/${encodeURIComponent(entryId)}`);
  return parseBody(await request('GET', path), entryDetailView);
}

export async function reverseEntry(
  slug: string,
  entryId: string,
  input: { idempotencyKey: string; description: string },
): Promise<{ entryId: string; created: boolean }> {
  const path = ledger(slug, `/entries/${encodeURIComponent(entryId)}/reversal`);
  return parseBody(await request('POST', path, input), postResult);
}

export async function getTrialBalance(slug: string, period: Period): Promise<TrialBalanceView> {
  return parseBody(
    await request('GET', ledger(slug, `/trial-balance${queryString(period)}`)),
    trialBalanceView,
  );
}

export async function getBalanceSheet(slug: string, at: string | undefined): Promise<BalanceSheetView> {
  return parseBody(
    await request('GET', ledger(slug, `/balance-sheet${queryString({ at })}`)),
    balanceSheetView,
  );
}

export async function getIncomeStatement(slug: string, period: Period): Promise<IncomeStatementView> {
  const path = ledger(slug, `/income-statement${queryString(period)}`);
  return parseBody(await request('GET', path), incomeStatementView);
}

export async function listPayments(slug: string): Promise<PaymentView[]> {
  return (await parseBody(await request('GET', ledger(slug, '/payments')), paymentList)).payments;
}

type PaymentResult = z.infer<typeof paymentResult>;

export async function recordPayment(
  slug: string,
  input: {
    idempotencyKey: string;
    account: string;
    amount: string;
    reference: string;
    description: string;
    kind: 'payment_received' | 'membership_fee' | 'booking_payment';
    occurredAt?: string;
    fee?: string;
  },
): Promise<PaymentResult> {
  return parseBody(await request('POST', ledger(slug, '/payments'), input), paymentResult);
}

export async function requestPayout(
  slug: string,
  input: { idempotencyKey: string; account: string; amount: string; description: string },
): Promise<PaymentResult> {
  return parseBody(await request('POST', ledger(slug, '/payouts'), input), paymentResult);
}

export async function markPayoutPaid(
  slug: string,
  paymentId: string,
  input: { reference: string },
): Promise<PaymentResult> {
  const path = ledger(slug, `/payouts/${encodeURIComponent(paymentId)}/paid`);
  return parseBody(await request('POST', path, input), paymentResult);
}

export async function cancelPayout(
  slug: string,
  paymentId: string,
  input: { reason: string },
): Promise<void> {
  await request('POST', ledger(slug, `/payouts/${encodeURIComponent(paymentId)}/cancel`), input);
}

/** Addresses the browser downloads directly (the session cookie goes with them). */
export const ledgerDownloads = {
  journalCsv: (slug: string, period: Period) => ledger(slug, `/journal.csv${queryString(period)}`),
  journalHledger: (slug: string, period: Period) => ledger(slug, `/journal.hledger${queryString(period)}`),
  accountCsv: (slug: string, code: string, period: Period) =>
    ledger(slug, `/accounts/${encodeURIComponent(code)}/statement.csv${queryString(period)}`),
  myStatementCsv: (slug: string, period: Period) => coopPath(slug, `/me/statement.csv${queryString(period)}`),
};

/** A fresh key for one intended write; the form keeps it until the write succeeds, so a retry posts once. */
export function newIdempotencyKey(): string {
  // getRandomValues works on plain-http deployments too, where randomUUID is not offered.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
