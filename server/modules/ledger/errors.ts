import { AppError } from '../../lib/errors.ts';

// The ledger's database rules (migrations 0005) raise errors naming a constraint; a use case that
// races past its own checks (an account closed meanwhile) still answers with the same clear code.
type DbError = { code?: string; constraint?: string; message?: string; cause?: DbError };

function dbErrorOf(error: unknown): DbError | undefined {
  const e = error as DbError | null;
  if (!e || typeof e !== 'object') return undefined;
  return e.cause && typeof e.cause === 'object' && e.cause.code ? e.cause : e;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = dbErrorOf(error);
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

const byConstraint: Record<string, () => AppError> = {
  ledger_posting_account: () =>
    new AppError('rule', 'ACCOUNT_UNKNOWN', 'A posting names an account this co-op does not have.', {
      field: 'postings',
    }),
  ledger_posting_currency: () =>
    new AppError('rule', 'CURRENCY_MISMATCH', "A posting's currency differs from its account's.", {
      field: 'postings',
    }),
  ledger_posting_open_account: () =>
    new AppError('rule', 'ACCOUNT_CLOSED', 'A posting goes to a closed account.', { field: 'postings' }),
  ledger_posting_postable_account: () =>
    new AppError(
      'rule',
      'ACCOUNT_NOT_POSTABLE',
      'A posting goes to an account that only groups sub-accounts.',
      {
        field: 'postings',
      },
    ),
  ledger_entry_balanced: () =>
    new AppError('rule', 'ENTRY_UNBALANCED', 'The postings of an entry must sum to zero in each currency.', {
      field: 'postings',
    }),
  ledger_account_closed_empty: () =>
    new AppError('rule', 'ACCOUNT_NOT_EMPTY', 'Only an account with a zero balance can be closed.'),
  ledger_entries_reverses_key: () =>
    new AppError('conflict', 'ENTRY_ALREADY_REVERSED', 'This entry has already been reversed.'),
};

/** The domain error for a ledger rule the database enforced, or the original error. */
export function ledgerDbError(error: unknown): unknown {
  const e = dbErrorOf(error);
  if (e?.code === '22003') {
    return new AppError(
      'rule',
      'AMOUNT_OUT_OF_RANGE',
      'This would take a balance beyond the range the ledger keeps.',
      {
        field: 'postings',
      },
    );
  }
  const make = e?.constraint ? byConstraint[e.constraint] : undefined;
  return make ? make() : error;
}
