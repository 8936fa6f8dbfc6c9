import type { TFunction } from 'i18next';
import { isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/api-errors.ts';

// The ledger's refusals in the reader's language; a code we have no text for shows the server's
// sentence (through the app's shared error texts).

const CODES = new Set([
  'ACCOUNT_CLOSED',
  'ACCOUNT_CODE_INVALID',
  'ACCOUNT_CODE_TAKEN',
  'ACCOUNT_HAS_OPEN_CHILDREN',
  'ACCOUNT_NAME_INVALID',
  'ACCOUNT_NOT_EMPTY',
  'ACCOUNT_NOT_POSTABLE',
  'ACCOUNT_TYPE_INVALID',
  'ACCOUNT_UNKNOWN',
  'AMOUNT_INVALID',
  'AMOUNT_NOT_POSITIVE',
  'AMOUNT_OUT_OF_RANGE',
  'CURRENCY_MISMATCH',
  'CURSOR_INVALID',
  'DATE_INVALID',
  'DATE_IN_FUTURE',
  'ENTRY_ALREADY_REVERSED',
  'ENTRY_UNKNOWN',
  'FEE_INVALID',
  'IDEMPOTENCY_KEY_REUSED',
  'PARENT_MISMATCH',
  'PARENT_NOT_ALLOWED',
  'PAYMENT_REFERENCE_INVALID',
  'PAYMENT_UNKNOWN',
  'PAYOUT_ACCOUNT_INVALID',
  'PAYOUT_CANCELLED',
  'PAYOUT_EXCEEDS_BALANCE',
  'PAYOUT_NOT_PENDING',
  'PAYOUT_UNKNOWN',
  'PERIOD_INVALID',
  'PERIOD_TOO_LONG',
]);

export function ledgerErrorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error) || !CODES.has(error.code)) return errorMessage(t, error);
  const text = t(`ledger.errors.${error.code}`, { defaultValue: error.message });
  return error.requestId ? `${text} ${t('errors.requestId', { id: error.requestId })}` : text;
}

/** Where a refusal shows: on the named field when the form has it, otherwise for the whole form. */
export function placeLedgerError(
  t: TFunction,
  error: unknown,
  fields: readonly string[],
): { field: string | null; message: string } {
  const message = ledgerErrorMessage(t, error);
  if (isApiError(error) && error.field && fields.includes(error.field))
    return { field: error.field, message };
  return { field: null, message };
}
