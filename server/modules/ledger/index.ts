// The ledger's public surface: what other modules (members, market, surplus) call to move money,
// and the read functions their pages use. Everything else in this folder is internal.
export { MAX_AMOUNT, parseAmount, toDecimal } from './amounts.ts';
export {
  type AccountType,
  CHART_CODES,
  createDefaultChart,
  DEFAULT_CHART,
  ensurePersonalAccount,
  type LedgerContext,
  normalSign,
  type PersonalAccountKind,
} from './chart.ts';
export { hledgerJournal, journalCsv, statementCsv } from './exports.ts';
export {
  cancelPayout,
  type IncomingPaymentInput,
  manualProvider,
  markPayoutPaid,
  type PaymentProvider,
  type PaymentResult,
  type PayoutRequestInput,
  paymentProvider,
  recordIncomingPayment,
  registerPaymentProvider,
  requestPayout,
} from './payments.ts';
export {
  type EntryKind,
  type PostEntryInput,
  type PostEntryResult,
  type PostingInput,
  postEntry,
  reverseEntry,
} from './post-entry.ts';
export {
  accountBalance,
  accountStatement,
  balanceSheet,
  entryDetail,
  findAccountByCode,
  incomeStatement,
  journal,
  type LedgerAccount,
  listAccounts,
  personalAccounts,
  personalStatement,
  publicFinances,
  trialBalance,
} from './queries.ts';
export { ledgerRoutes } from './routes.ts';
