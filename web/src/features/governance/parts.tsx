import { Alert, Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type ConstitutionDocument, committeeKeyOf } from '../../../../contracts/constitution.ts';
import type { ProposalKind, ProposalStatus, ProposalView } from '../../../../contracts/governance.ts';
import { i18n } from '../../i18n/index.ts';
import { isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/api-errors.ts';
import { money } from '../../lib/format.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { roleLabel } from '../coops/roles.ts';

// Small pieces every governance page shares: status and kind badges, error sentences, dates.

const STATUS_COLOR: Record<ProposalStatus, string> = {
  draft: 'gray',
  seconding: 'cyan',
  discussion: 'blue',
  voting: 'grape',
  passed: 'teal',
  failed: 'red',
  elected: 'teal',
  funded: 'teal',
  enacted: 'teal',
  withdrawn: 'gray',
};

export function StatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="outline" data-testid="proposal-status">
      {t(`governance.status.${status}`)}
    </Badge>
  );
}

export function KindBadge({ kind }: { kind: ProposalKind }) {
  const { t } = useTranslation();
  return (
    <Badge color="dark" variant="outline">
      {t(`governance.kind.${kind}`)}
    </Badge>
  );
}

export function SecretBadge({ secret }: { secret: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={secret ? 'indigo' : 'orange'} variant="dot">
      {secret ? t('governance.secret') : t('governance.open')}
    </Badge>
  );
}

/** The server's refusal in the reader's language: governance codes first, then the app's common ones. */
export function governanceError(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    const key = `governance.errors.${error.code}`;
    if (i18n.exists(key)) return t(key);
  }
  return errorMessage(t, error);
}

export function InlineError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert" data-testid="form-error">
      {governanceError(t, error)}
    </Alert>
  );
}

/** Date and time in the co-op's time zone, so every member reads the same close time. */
export function useCoopTime(): { at(iso: string): string; date(iso: string): string } {
  const { i18n } = useTranslation();
  const { profile } = useCoop();
  return {
    at: (iso) =>
      // dateStyle cannot be combined with timeZoneName, so the parts are named one by one.
      new Intl.DateTimeFormat(i18n.language, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: profile.timeZone,
        timeZoneName: 'short',
      }).format(new Date(iso)),
    date: (iso) =>
      new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: profile.timeZone }).format(
        new Date(iso),
      ),
  };
}

export const proposalsPath = (slug: string) => `/c/${slug}/proposals`;
export const proposalPath = (slug: string, id: string) => `/c/${slug}/proposals/${id}`;
export const resultsPath = (slug: string, id: string) => `/c/${slug}/proposals/${id}/results`;

/** Whether and how a decided proposal took effect, in a sentence. */
export function enactmentText(
  t: TFunction,
  enactment: NonNullable<ProposalView['enactment']>,
  at: (iso: string) => string,
  doc: ConstitutionDocument,
): string {
  switch (enactment.status) {
    case 'enacted': {
      const date = enactment.at ? at(enactment.at) : '';
      const details = enactment.details;
      const amount = (minor: string, currency: string) => money(minor, currency, i18n.language);
      switch (details?.kind) {
        case 'policy':
        case 'bylaws':
          return t('governance.enactment.enactedVersion', { version: details.constitutionVersion, date });
        case 'election':
          return committeeKeyOf(details.role) === null
            ? t('governance.enactment.enactedRole', {
                role: t(`roles.${details.role}`),
                end: at(details.termEndsAt),
                date,
              })
            : t('governance.enactment.enactedCommittee', {
                committee: roleLabel(t, details.role, doc),
                end: at(details.termEndsAt),
                date,
              });
        case 'budget':
          return BigInt(details.earmarked) > 0n
            ? t('governance.enactment.enactedBudget', {
                amount: amount(details.earmarked, details.currency),
                date,
              })
            : t('governance.enactment.enactedBudgetNothing', { date });
        case 'admission':
          return details.status === 'admitted'
            ? t('governance.enactment.enactedAdmitted', { number: details.memberNumber, date })
            : t('governance.enactment.enactedDeclined', { date });
        case 'expulsion':
          return t('governance.enactment.enactedExpulsion', {
            number: details.memberNumber,
            amount: amount(details.redeemed, details.currency),
            date,
          });
        default:
          return t('governance.enactment.enacted', { date });
      }
    }
    case 'pending':
      return enactment.reason
        ? t('governance.enactment.waiting', { reason: enactment.reason })
        : t('governance.enactment.pending');
    case 'not_enacted':
      return t('governance.enactment.notEnacted', { reason: enactment.reason ?? '' });
    case 'nothing_to_enact':
      return t('governance.enactment.nothing');
  }
}
