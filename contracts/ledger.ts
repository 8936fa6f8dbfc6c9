import { z } from 'zod';
import { currencyCode, minorUnits } from './money.ts';

// The ledger API (docs/decisions/0004-ledger.md). Amounts are strings of integer minor units; signs
// are stated per field. Inputs accept any string of digits so that an amount out of range gets a
// 422 with its own code rather than a generic validation error.

// Zod runs refinements after a failed regex too, so the check must not throw on any string.
function isCalendarDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date');

const signedAmountInput = z
  .string()
  .regex(/^-?\d{1,40}$/, 'must be a whole number of minor units, as a string of digits')
  .describe('Amount in minor units, as a string of digits; debit positive, credit negative');

const amountInput = z
  .string()
  .regex(/^-?\d{1,40}$/, 'must be a whole number of minor units, as a string of digits')
  .describe('Amount in minor units, as a string of digits; must be above zero');

const accountCode = z.string().min(1).max(32).describe('Account code, e.g. 1000 or 3000-0007');
const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .describe(
    'Unique per co-op; repeating a request with the same key returns the first result and posts nothing',
  );

export const accountType = z
  .enum(['asset', 'liability', 'equity', 'revenue', 'expense'])
  .describe('Account type');

export const periodQuery = z
  .object({
    from: calendarDate
      .optional()
      .describe('First day of the period (YYYY-MM-DD, co-op time zone); default: the beginning'),
    to: calendarDate.optional().describe('Last day of the period, inclusive (YYYY-MM-DD); default: no end'),
  })
  .describe('Period');

export const statementQuery = periodQuery
  .extend({ format: z.enum(['json', 'csv']).default('json').describe('csv downloads the statement as CSV') })
  .describe('StatementQuery');

export const link = z
  .object({
    type: z.string().describe('Kind of the linked object, e.g. booking, membership_application'),
    id: z.string().describe('Id of the linked object'),
  })
  .describe('Domain object an entry belongs to');

export const ledgerAccountView = z
  .object({
    id: z.string().uuid().describe('Ledger account id'),
    code: z.string().describe('Account code, unique in the co-op'),
    name: z.string().describe('Account name'),
    type: accountType,
    currency: currencyCode,
    parentCode: z.string().nullable().describe('Code of the parent account, for sub-accounts'),
    placeholder: z.boolean().describe('Only groups sub-accounts; nothing is posted to it directly'),
    personal: z
      .enum(['share_capital', 'worker_payable'])
      .nullable()
      .describe("Whose money: a member's share capital or a worker's payable; null for co-op accounts"),
    balance: minorUnits.describe(
      'Current balance in the account’s normal direction (debit for assets and expenses, credit for the others), sub-accounts included, minor units',
    ),
    closedAt: z.string().nullable().describe('ISO 8601 time the account was closed, or null'),
  })
  .describe('LedgerAccount');

export const chartView = z
  .object({
    currency: currencyCode.describe('The co-op’s currency'),
    accounts: z.array(ledgerAccountView).describe('Every account, ordered by code'),
  })
  .describe('ChartOfAccounts');

export const openAccountInput = z
  .object({
    code: z
      .string()
      .min(1)
      .max(32)
      .describe('3 to 8 digits, optionally .1 to .9999 (dashes are kept for personal sub-accounts)'),
    name: z.string().min(1).max(200).describe('Account name'),
    type: accountType,
    currency: z.string().optional().describe('ISO 4217 code; default: the co-op’s currency'),
    parentCode: z.string().max(32).optional().describe('Code of a top-level account to file it under'),
  })
  .strict()
  .describe('Add an account to the chart');

export const postingInput = z
  .object({
    account: accountCode,
    amount: signedAmountInput,
    currency: z.string().max(8).describe('ISO 4217 code of the amount; must be the account’s currency'),
  })
  .strict()
  .describe('One line of an entry');

export const manualEntryKind = z
  .enum(['adjustment', 'expense', 'opening_balance', 'membership_fee', 'dividend', 'surplus_allocation'])
  .describe('Kind of a hand-made entry');

export const postEntryInput = z
  .object({
    idempotencyKey,
    kind: manualEntryKind,
    description: z.string().max(1000).describe('What happened, for the members and the accountant'),
    occurredAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When it happened (ISO 8601); default: now. May be in the past, not in the future'),
    postings: z.array(postingInput).max(200).describe('Two or more postings summing to zero per currency'),
  })
  .strict()
  .describe('Post a journal entry by hand');

export const postResult = z
  .object({
    entryId: z
      .string()
      .uuid()
      .describe('The entry posted, or the one an earlier request with this key posted'),
    created: z.boolean().describe('False when the idempotency key had been used: nothing new was posted'),
  })
  .describe('PostResult');

export const reverseEntryInput = z
  .object({
    idempotencyKey,
    description: z.string().max(500).optional().describe('Why; default: "Reversal of: <description>"'),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('Date of the reversal; default: now'),
  })
  .strict()
  .describe('Reverse an entry');

export const postingView = z
  .object({
    line: z.number().int().describe('Line number in the entry'),
    accountId: z.string().uuid().describe('Ledger account id'),
    accountCode: z.string().describe('Account code'),
    accountName: z.string().describe('Account name'),
    amount: minorUnits.describe('Minor units, debit positive, credit negative'),
    currency: currencyCode,
  })
  .describe('Posting');

export const entryView = z
  .object({
    id: z.string().uuid().describe('Entry id'),
    date: z.string().describe('Day of the entry in the co-op’s time zone (YYYY-MM-DD)'),
    occurredAt: z.string().describe('ISO 8601 time it happened'),
    recordedAt: z.string().describe('ISO 8601 time it was recorded'),
    kind: z.string().describe('share_purchase, booking_payment, payout, reversal, …'),
    description: z.string().describe('What happened'),
    actorId: z.string().uuid().nullable().describe('Account that recorded it; null for the system'),
    link: link.nullable(),
    policyVersion: z.number().int().nullable().describe('Constitution version whose rules applied, when any'),
    reversesEntryId: z.string().uuid().nullable().describe('The entry this one reverses'),
    reversedByEntryId: z.string().uuid().nullable().describe('The entry that reverses this one'),
    postings: z.array(postingView),
  })
  .describe('JournalEntry');

export const entryDetailView = entryView
  .extend({
    payment: z
      .object({
        id: z.string().uuid().describe('Payment id'),
        provider: z.string().describe('Payment provider'),
        direction: z.enum(['incoming', 'outgoing']).describe('Money received, or a payout'),
        reference: z.string().nullable().describe('Bank or processor reference'),
      })
      .nullable()
      .describe('The payment this entry records, when it records one'),
  })
  .describe('JournalEntryDetail');

export const journalQuery = periodQuery
  .extend({
    kind: z.string().max(40).optional().describe('Only entries of this kind'),
    account: z.string().max(32).optional().describe('Only entries touching this account or its sub-accounts'),
    linkType: z.string().max(40).optional().describe('Only entries linked to objects of this type'),
    linkId: z.string().max(200).optional().describe('Only entries linked to this object (with linkType)'),
    limit: z.coerce.number().int().min(1).max(500).default(100).describe('Entries per page'),
    cursor: z.string().max(100).optional().describe('nextCursor of the previous page'),
  })
  .describe('JournalQuery');

export const journalView = z
  .object({
    entries: z.array(entryView).describe('Newest first'),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  })
  .describe('Journal');

export const trialBalanceLine = z
  .object({
    accountId: z.string().uuid().describe('Ledger account id'),
    code: z.string().describe('Account code'),
    name: z.string().describe('Account name'),
    type: accountType,
    currency: currencyCode,
    parentCode: z.string().nullable().describe('Code of the parent account, for sub-accounts'),
    opening: minorUnits.describe('Balance before the period, debit positive'),
    debits: minorUnits.describe('Sum of debits in the period'),
    credits: minorUnits.describe('Sum of credits in the period, as a positive number'),
    closing: minorUnits.describe('Balance at the end of the period, debit positive'),
  })
  .describe('TrialBalanceLine');

export const trialBalanceView = z
  .object({
    from: z.string().nullable().describe('First day of the period, or null for the beginning'),
    to: z.string().nullable().describe('Last day of the period, or null for now'),
    lines: z.array(trialBalanceLine).describe('Every account that can hold postings, by code'),
    totals: z
      .array(
        z.object({
          currency: currencyCode.describe('Currency of these totals'),
          debits: minorUnits.describe('Total debits of the period'),
          credits: minorUnits.describe('Total credits of the period; equal to debits'),
          closingDebit: minorUnits.describe('Sum of debit closing balances'),
          closingCredit: minorUnits.describe(
            'Sum of credit closing balances, as a positive number; equal to closingDebit',
          ),
        }),
      )
      .describe('One per currency'),
  })
  .describe('TrialBalance');

export const reportLine = z
  .object({
    code: z.string().describe('Account code'),
    name: z.string().describe('Account name'),
    level: z.number().int().describe('0 for top-level accounts, 1 for sub-accounts'),
    amount: minorUnits.describe('In the account’s normal direction, sub-accounts included'),
  })
  .describe('ReportLine');

const section = z
  .object({ total: minorUnits.describe('Sum of the top-level lines'), lines: z.array(reportLine) })
  .describe('ReportSection');

export const balanceSheetQuery = z
  .object({
    at: calendarDate.optional().describe('Balances at the end of this day (YYYY-MM-DD); default: now'),
    currency: z.string().max(8).optional().describe('Default: the co-op’s currency'),
  })
  .describe('BalanceSheetQuery');

export const balanceSheetView = z
  .object({
    at: z.string().nullable().describe('Day whose end the balances are taken at, or null for now'),
    currency: currencyCode.describe('Currency of the report'),
    assets: section.describe('Assets'),
    liabilities: section.describe('Liabilities'),
    equity: section.describe('Equity accounts (the result to date is added in totalEquity)'),
    resultToDate: minorUnits.describe('Revenue minus expenses not yet allocated (part of equity)'),
    totalEquity: minorUnits.describe('Equity accounts plus resultToDate'),
    balanced: z.boolean().describe('assets = liabilities + totalEquity (always true; shown as a check)'),
  })
  .describe('BalanceSheet');

export const incomeStatementQuery = periodQuery
  .extend({ currency: z.string().max(8).optional().describe('Default: the co-op’s currency') })
  .describe('IncomeStatementQuery');

export const incomeStatementView = z
  .object({
    from: z.string().nullable().describe('First day of the period, or null for the beginning'),
    to: z.string().nullable().describe('Last day of the period, or null for now'),
    currency: currencyCode.describe('Currency of the report'),
    revenue: section.describe('Revenue of the period'),
    expenses: section.describe('Expenses of the period'),
    result: minorUnits.describe('Revenue minus expenses; negative for a loss'),
  })
  .describe('IncomeStatement');

export const statementLine = z
  .object({
    date: z.string().describe('Day in the co-op’s time zone'),
    occurredAt: z.string().describe('ISO 8601 time it happened'),
    entryId: z.string().uuid().describe('Journal entry of this line'),
    kind: z.string().describe('Kind of the entry'),
    description: z.string().describe('What happened'),
    amount: minorUnits.describe('Change of the balance, in the account’s normal direction'),
    balance: minorUnits.describe('Running balance after this line, in the account’s normal direction'),
  })
  .describe('StatementLine');

export const accountStatementView = z
  .object({
    account: z
      .object({
        id: z.string().uuid().describe('Ledger account id'),
        code: z.string().describe('Account code'),
        name: z.string().describe('Account name'),
        type: accountType,
        currency: currencyCode,
        personal: z
          .enum(['share_capital', 'worker_payable'])
          .nullable()
          .describe('Whose money, for a personal sub-account'),
      })
      .describe('The account'),
    from: z.string().nullable().describe('First day of the period, or null for the beginning'),
    to: z.string().nullable().describe('Last day of the period, or null for now'),
    opening: minorUnits.describe('Balance before the period, normal direction'),
    closing: minorUnits.describe('Balance at the end of the period, normal direction'),
    lines: z.array(statementLine).describe('Oldest first'),
  })
  .describe('AccountStatement');

export const personalStatementView = z
  .object({
    from: z.string().nullable().describe('First day of the period, or null for the beginning'),
    to: z.string().nullable().describe('Last day of the period, or null for now'),
    accounts: z
      .array(accountStatementView)
      .describe('Share capital (what you own of the co-op) and, for workers, earnings owed to you'),
  })
  .describe('PersonalStatement');

export const paymentView = z
  .object({
    id: z.string().uuid().describe('Payment id'),
    provider: z.string().describe('manual, or a payment processor'),
    direction: z.enum(['incoming', 'outgoing']).describe('Money received, or a payout'),
    status: z
      .enum(['pending', 'completed', 'cancelled'])
      .describe('Payouts are pending until paid; received money is completed'),
    amount: minorUnits.describe('Positive minor units'),
    currency: currencyCode,
    accountCode: z.string().describe('Account credited (incoming) or debited (payout)'),
    reference: z.string().nullable().describe('Bank transfer reference, receipt number or processor id'),
    description: z.string().describe('What the money is for'),
    link: link.nullable(),
    entryId: z.string().uuid().nullable().describe('Entry posted when completed'),
    createdAt: z.string().describe('ISO 8601 time it was recorded or requested'),
    completedAt: z.string().nullable().describe('ISO 8601 time it was completed'),
  })
  .describe('Payment');

export const paymentListQuery = z
  .object({
    status: z.enum(['pending', 'completed', 'cancelled']).optional().describe('Only payments in this state'),
    direction: z.enum(['incoming', 'outgoing']).optional().describe('Only money received, or only payouts'),
  })
  .describe('PaymentListQuery');

export const paymentList = z
  .object({ payments: z.array(paymentView).describe('Newest first') })
  .describe('PaymentList');

export const recordPaymentInput = z
  .object({
    idempotencyKey,
    account: accountCode.describe('Account the money is for (credited), e.g. 1100 or 4100'),
    amount: amountInput,
    reference: z.string().max(200).describe('Bank transfer reference or receipt number'),
    description: z.string().max(1000).describe('What the money is for'),
    kind: z
      .enum(['payment_received', 'membership_fee', 'booking_payment'])
      .default('payment_received')
      .describe('Kind of the entry'),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('When the money arrived; default: now'),
    fee: z
      .string()
      .regex(/^\d{1,40}$/)
      .optional()
      .describe('What the bank or processor kept, minor units (booked to 5000 Payment processing)'),
  })
  .strict()
  .describe('Record money received by bank transfer or cash (manual provider)');

export const paymentResult = z
  .object({
    paymentId: z.string().uuid().describe('Payment id'),
    entryId: z.string().uuid().nullable().describe('Entry posted, once the money moved'),
    created: z.boolean().describe('False when the idempotency key had been used'),
  })
  .describe('PaymentResult');

export const requestPayoutInput = z
  .object({
    idempotencyKey,
    account: accountCode.describe('Liability paid out: a worker’s payable sub-account, 2100 or 2200'),
    amount: amountInput,
    description: z.string().max(1000).describe('What is paid out'),
  })
  .strict()
  .describe('Queue a payout; it is posted when marked paid');

export const payoutPaidInput = z
  .object({
    reference: z.string().max(200).describe('Bank transfer reference of the payout'),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('When it was paid; default: now'),
  })
  .strict()
  .describe('Mark a payout as paid (manual provider)');

export const cancelPayoutInput = z
  .object({ reason: z.string().max(500).describe('Why the payout is withdrawn') })
  .strict()
  .describe('Cancel a pending payout');

const monthFigure = z
  .object({
    month: z.string().describe('YYYY-MM, co-op time zone'),
    revenue: minorUnits.describe('Revenue of the month'),
    expenses: minorUnits.describe('Expenses of the month'),
    surplus: minorUnits.describe('Revenue minus expenses; negative for a loss'),
    assets: minorUnits.describe('Total assets at the end of the month'),
    liabilities: minorUnits.describe('Total liabilities at the end of the month'),
    equity: minorUnits.describe('Total equity at the end of the month, accumulated surplus included'),
    payouts: minorUnits
      .nullable()
      .describe('Money paid out to workers and members in the month; null when too few people to publish'),
  })
  .describe('MonthFigures');

export const financesView = z
  .object({
    coop: z
      .object({ slug: z.string().describe('URL name'), name: z.string().describe('Name of the co-op') })
      .describe('The co-op'),
    currency: currencyCode.describe('Currency of every figure'),
    from: z.string().describe('First day covered'),
    to: z.string().describe('Last day covered'),
    minGroupSize: z
      .number()
      .int()
      .describe('Figures about fewer people than this are withheld, so that no individual can be read off'),
    months: z.array(monthFigure).describe('Income statement and balance sheet totals per month'),
    accounts: z
      .array(
        z.object({
          code: z.string().describe('Account code'),
          name: z.string().describe('Account name'),
          type: accountType,
          suppressed: z.boolean().describe('True when this line concerns too few people to publish'),
          months: z
            .array(
              z.object({
                month: z.string().describe('YYYY-MM'),
                movement: minorUnits.describe('Change in the month, normal direction'),
                balance: minorUnits.describe('Balance at the end of the month, normal direction'),
              }),
            )
            .describe('Empty when suppressed'),
        }),
      )
      .describe('Top-level accounts with their sub-accounts summed: fees, reserves, community fund, …'),
  })
  .describe('CoopFinances');

export type LedgerAccountView = z.infer<typeof ledgerAccountView>;
export type ChartView = z.infer<typeof chartView>;
export type OpenAccountInput = z.infer<typeof openAccountInput>;
export type PostEntryBody = z.infer<typeof postEntryInput>;
export type EntryView = z.infer<typeof entryView>;
export type EntryDetailView = z.infer<typeof entryDetailView>;
export type JournalQuery = z.infer<typeof journalQuery>;
export type JournalView = z.infer<typeof journalView>;
export type TrialBalanceView = z.infer<typeof trialBalanceView>;
export type ReportLine = z.infer<typeof reportLine>;
export type BalanceSheetView = z.infer<typeof balanceSheetView>;
export type IncomeStatementView = z.infer<typeof incomeStatementView>;
export type AccountStatementView = z.infer<typeof accountStatementView>;
export type PersonalStatementView = z.infer<typeof personalStatementView>;
export type PaymentView = z.infer<typeof paymentView>;
export type FinancesView = z.infer<typeof financesView>;
