import type { TFunction } from 'i18next';
import { isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/api-errors.ts';

// The market's refusals in the reader's language. A text that needs figures the server put in its
// English sentence (a pay floor, a version) takes them from what the page already knows, passed in
// `values`; a code we have no text for shows the server's sentence.

const CODES = new Set([
  'ALREADY_REPLIED',
  'BOOKING_NOT_FOUND',
  'BOOKING_OVERLAP',
  'BOOKING_STARTED',
  'BOOKING_STATE',
  'BUDGET_BELOW_FLOOR',
  'BUDGET_REQUIRED',
  'CANNOT_BOOK_SELF',
  'CATEGORY_CLOSED',
  'CATEGORY_DISPATCHED',
  'CATEGORY_NOT_DISPATCHED',
  'DATE_IN_PAST',
  'DATE_TOO_FAR',
  'DISPUTE_ALREADY_REPORTED',
  'DURATION_TOO_LONG',
  'JOB_ASSIGNED',
  'JOB_CLOSED',
  'JOB_NOT_FOUND',
  'LOCATION_INCOMPLETE',
  'MAY_NOT_BUY',
  'NOTHING_TO_PAY',
  'NOT_A_SELLER',
  'NO_WORKER_PROFILE',
  'OFFER_CLOSED',
  'OFFER_EXPIRED',
  'OFFER_NOT_FOUND',
  'OUTSIDE_AVAILABILITY',
  'PAYOUT_BATCH_OPEN',
  'PHOTO_NOT_AN_IMAGE',
  'PHOTO_TOO_LARGE',
  'REVIEW_EXISTS',
  'REVIEW_TOO_EARLY',
  'SERVICE_NOT_FOUND',
  'SLOT_IN_PAST',
  'TIME_RANGE_INVALID',
  'TIME_REQUIRED',
  'TIME_ZONE_INVALID',
  'TOO_EARLY_TO_COMPLETE',
  'TOO_LATE_TO_CANCEL',
  'WINDOW_IN_PAST',
  'WINDOW_INVALID',
  'WORKER_NOT_FOUND',
  'WORKER_UNAVAILABLE',
]);

// Texts that need figures only the caller knows; without them the server's sentence is clearer.
const NEEDS_VALUES: Record<string, string[]> = {
  RATE_BELOW_FLOOR: ['category', 'floor', 'version'],
  BUDGET_BELOW_FLOOR: ['category', 'floor', 'version'],
};

export function marketErrorMessage(
  t: TFunction,
  error: unknown,
  values: Record<string, string> = {},
): string {
  if (!isApiError(error)) return errorMessage(t, error);
  const needed = NEEDS_VALUES[error.code];
  const known = CODES.has(error.code) || needed?.every((key) => key in values) === true;
  if (!known) return errorMessage(t, error);
  return t(`market.errors.${error.code}`, { ...values, defaultValue: error.message });
}

/** Where a refusal shows: on the named field when the form has it, otherwise for the whole form. */
export function placeMarketError(
  t: TFunction,
  error: unknown,
  fields: readonly string[],
  values: Record<string, string> = {},
): { field: string | null; message: string } {
  const message = marketErrorMessage(t, error, values);
  if (isApiError(error) && error.field && fields.includes(error.field))
    return { field: error.field, message };
  return { field: null, message };
}
