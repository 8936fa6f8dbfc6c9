import type { TFunction } from 'i18next';
import { displayName, email, password } from '../../../../contracts/accounts.ts';

// The limits come from the API's own contract, so the form and the server never disagree.
export const PASSWORD_MIN = password.minLength ?? 10;
const PASSWORD_MAX = password.maxLength ?? 200;
const NAME_MAX = displayName.maxLength ?? 80;

export function checkEmail(t: TFunction, value: string): string | null {
  if (!value.trim()) return t('validation.required');
  return email.safeParse(value).success ? null : t('validation.emailInvalid');
}

export function checkNewPassword(t: TFunction, value: string): string | null {
  if (!value) return t('validation.required');
  if (value.length < PASSWORD_MIN) return t('validation.passwordTooShort', { min: PASSWORD_MIN });
  if (value.length > PASSWORD_MAX) return t('validation.tooLong', { max: PASSWORD_MAX });
  return null;
}

export function checkDisplayName(t: TFunction, value: string): string | null {
  if (!value.trim()) return t('validation.required');
  return value.trim().length > NAME_MAX ? t('validation.tooLong', { max: NAME_MAX }) : null;
}

export function checkFilled(t: TFunction, value: string): string | null {
  return value ? null : t('validation.required');
}
