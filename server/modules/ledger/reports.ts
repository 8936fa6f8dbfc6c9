import type {
  AccountStatementView,
  BalanceSheetView,
  ChartView,
  EntryDetailView,
  FinancesView,
  IncomeStatementView,
  JournalView,
  PaymentView,
  PersonalStatementView,
  TrialBalanceView,
} from '../../../contracts/ledger.ts';
import type { Context } from '../../context.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, type CoopAccess, type CoopAction, loadCoopAccess, policyAt } from '../coops/index.ts';
import { hledgerJournal, journalCsv, statementCsv } from './exports.ts';
import { checkPeriod, type Period } from './periods.ts';
import {
  accountStatement,
  balanceSheet,
  entryDetail,
  incomeStatement,
  type JournalFilter,
  journal,
  listAccounts,
  listPayments,
  personalStatement,
  publicFinances,
  trialBalance,
} from './queries.ts';

// Read use cases: who may see what is decided here, before any ledger row is read.

async function access(ctx: Context, actor: Actor, slug: string, action: CoopAction): Promise<CoopAccess> {
  const result = await loadCoopAccess(ctx.db, slug, actor);
  authorize(result, action);
  return result;
}

export async function viewChart(ctx: Context, actor: Actor, slug: string): Promise<ChartView> {
  const { coop } = await access(ctx, actor, slug, 'coop.view_ledger');
  return { currency: coop.currency, accounts: await listAccounts(ctx.db, coop.id) };
}

export async function viewJournal(
  ctx: Context,
  actor: Actor,
  slug: string,
  filter: Omit<JournalFilter, 'coopId'>,
): Promise<JournalView> {
  const { coop } = await access(ctx, actor, slug, 'coop.view_ledger');
  return journal(ctx.db, { ...filter, coopId: coop.id });
}

export async function viewEntry(
  ctx: Context,
  actor: Actor,
  slug: string,
  entryId: string,
): Promise<EntryDetailView> {
  const { coop } = await access(ctx, actor, slug, 'coop.view_ledger');
  const entry = await entryDetail(ctx.db, { coopId: coop.id, entryId });
  if (!entry) throw new AppError('not_found', 'ENTRY_UNKNOWN', 'No such entry in this co-op’s journal.');
  return entry;
}

export async function viewTrialBalance(
  ctx: Context,
  actor: Actor,
  slug: string,
  period: Period,
): Promise<TrialBalanceView> {
  const { coop } = await access(ctx, actor, slug, 'coop.view_ledger');
  return trialBalance(ctx.db, { coopId: coop.id, ...period });
}

export async function viewBalanceSheet(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: { at?: string | undefined; currency?: string | undefined },
): Promise<BalanceSheetView> {
  const { coop } = await access(ctx, actor, slug, 'coop.view_ledger');
  return balanceSheet(ctx.db, { coopId: coop.id, at: input.at ?? null, currency: input.currency });
}

export async function viewIncomeStatement(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: Period & { currency?: string | undefined },
): Promise<IncomeStatementView> {
  const { coop } = await access(ctx, actor, slug, 'coop.view_ledger');
  return incomeStatement(ctx.db, { coopId: coop.id, ...input });
}

export async function viewAccountStatement(
  ctx: Context,
  actor: Actor,
  slug: string,
  code: string,
  period: Period,
): Promise<AccountStatementView> {
  const { coop } = await access(ctx, actor, slug, 'coop.view_ledger');
  return accountStatement(ctx.db, { coopId: coop.id, code, ...period });
}

/** A member's own statement: their share capital and, for workers, what the co-op owes them. */
export async function viewOwnStatement(
  ctx: Context,
  actor: Actor,
  slug: string,
  period: Period,
): Promise<PersonalStatementView> {
  const { coop, accountId } = await access(ctx, actor, slug, 'coop.view_own_statement');
  return personalStatement(ctx.db, { coopId: coop.id, ownerAccountId: accountId!, ...period });
}

export function statementAsCsv(statement: PersonalStatementView | AccountStatementView): string {
  return statementCsv(statement);
}

export async function viewPayments(
  ctx: Context,
  actor: Actor,
  slug: string,
  filter: { status?: string | undefined; direction?: string | undefined },
): Promise<PaymentView[]> {
  const { coop } = await access(ctx, actor, slug, 'coop.record_payments');
  return listPayments(ctx.db, { coopId: coop.id, ...filter });
}

export async function viewPayment(
  ctx: Context,
  actor: Actor,
  slug: string,
  paymentId: string,
): Promise<PaymentView> {
  const { coop } = await access(ctx, actor, slug, 'coop.record_payments');
  const [payment] = await listPayments(ctx.db, { coopId: coop.id, paymentId });
  if (!payment) throw new AppError('not_found', 'PAYMENT_UNKNOWN', 'No such payment.');
  return payment;
}

export type JournalExport = { format: 'csv' | 'hledger'; filename: string; body: string };

/** The journal for an accountant; the export is recorded in the audit log, as it holds personal data. */
export async function exportJournal(
  ctx: Context,
  actor: Actor,
  slug: string,
  format: 'csv' | 'hledger',
  period: Period,
): Promise<JournalExport> {
  const { coop, accountId } = await access(ctx, actor, slug, 'coop.view_ledger');
  const { from, to } = checkPeriod(period);
  const input = { coopId: coop.id, from, to };
  const body = format === 'csv' ? await journalCsv(ctx.db, input) : await hledgerJournal(ctx.db, input);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      coopId: coop.id,
      actorId: accountId,
      action: 'ledger.journal_exported',
      subjectType: 'ledger',
      subjectId: coop.id,
      data: { format, from, to },
      visibility: 'admins',
      at: ctx.clock(),
    }),
  );
  const span = `${from ?? 'start'}_${to ?? 'now'}`;
  return { format, filename: `${coop.slug}-journal-${span}.${format === 'csv' ? 'csv' : 'journal'}`, body };
}

// Used where a co-op has no constitution yet (and as the templates' own default).
const DEFAULT_MIN_GROUP_SIZE = 5;

function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The public transparency figures; anyone may read them, signed in or not. Default: the last 12 months. */
export async function viewFinances(ctx: Context, slug: string, period: Period): Promise<FinancesView> {
  const { coop } = await loadCoopAccess(ctx.db, slug, { kind: 'anonymous' });
  const now = ctx.clock();
  const checked = checkPeriod(period);
  const to = checked.to ?? localDate(now, coop.timeZone);
  let from = checked.from;
  if (!from) {
    const y = Number(to.slice(0, 4));
    const m = Number(to.slice(5, 7)) - 11;
    from = m > 0 ? `${y}-${String(m).padStart(2, '0')}-01` : `${y - 1}-${String(m + 12).padStart(2, '0')}-01`;
  }
  let minGroupSize = DEFAULT_MIN_GROUP_SIZE;
  try {
    minGroupSize = (await policyAt(ctx.db, coop.id, now)).document.openData.minGroupSize;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NO_CONSTITUTION')) throw error;
  }
  return publicFinances(ctx.db, { coopId: coop.id, from, to, minGroupSize });
}
