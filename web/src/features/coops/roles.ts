import type { TFunction } from 'i18next';
import { type ConstitutionDocument, committeeKeyOf } from '../../../../contracts/constitution.ts';

// A role as people read it: the board and admins by their translated names, a committee seat by the
// committee's name in the constitution (the co-op's own words, in its language).

export function roleLabel(t: TFunction, role: string, doc: ConstitutionDocument): string {
  const key = committeeKeyOf(role);
  if (key === null) return t(`roles.${role}`);
  return doc.committees?.find((c) => c.key === key)?.name ?? t('roles.committee', { key });
}
