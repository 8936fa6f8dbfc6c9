import type { TFunction } from 'i18next';
import { isApiError } from './api.ts';

/** A sentence for people in the current language; the server's English sentence if the code is new to us. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.UNEXPECTED_RESPONSE');
  const text = t(`errors.${error.code}`, { defaultValue: error.message });
  return error.requestId ? `${text} ${t('errors.requestId', { id: error.requestId })}` : text;
}

/**
 * Where a failed submit should show: on the named form field when the server points at one the form
 * has, otherwise as a message for the whole form.
 */
export function placeError(
  t: TFunction,
  error: unknown,
  fields: readonly string[],
): { field: string; message: string } | { field: null; message: string } {
  const message = errorMessage(t, error);
  if (isApiError(error) && error.field && fields.includes(error.field))
    return { field: error.field, message };
  return { field: null, message };
}
