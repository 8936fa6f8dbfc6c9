import type { TFunction } from 'i18next';
import { diffConstitutions } from '../../../../contracts/constitution.ts';
import { money, percent } from '../../lib/format.ts';

// A readable diff between two versions: each changed field as "path: before → after", with money and
// basis points formatted the way the rules page shows them.

export type ChangeText = { path: string; before: string; after: string };

const MONEY_FIELDS = new Set(['sharePrice', 'minHourlyRate', 'standardPrice']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value of the document as text; `path` tells what it measures (money, basis points, …). */
export function formatValue(
  t: TFunction,
  path: string,
  value: unknown,
  currency: string,
  locale: string,
): string {
  if (value === null || value === undefined) return t('diff.absent');
  const segments = path.split(/[.[\]]+/).filter(Boolean);
  const field = segments.at(-1) ?? '';
  if (typeof value === 'string' && MONEY_FIELDS.has(field) && /^-?\d+$/.test(value))
    return money(value, currency, locale);
  if (typeof value === 'number' && segments.some((s) => s.endsWith('Bps'))) return percent(value, locale);
  if (typeof value === 'boolean') return value ? t('diff.yes') : t('diff.no');
  if (Array.isArray(value))
    return value.length === 0
      ? t('diff.empty')
      : value.map((item) => formatValue(t, path, item, currency, locale)).join(', ');
  // A whole item added or removed (a class, a category): its name says which.
  if (isRecord(value)) return typeof value.name === 'string' ? value.name : JSON.stringify(value);
  return String(value);
}

export function describeChanges(
  t: TFunction,
  before: unknown,
  after: unknown,
  currency: string,
  locale: string,
): ChangeText[] {
  return diffConstitutions(before, after).map((change) => ({
    path: change.path,
    before: formatValue(t, change.path, change.before, currency, locale),
    after: formatValue(t, change.path, change.after, currency, locale),
  }));
}
