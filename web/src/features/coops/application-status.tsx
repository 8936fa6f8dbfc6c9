import { Alert, Code, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../lib/coops-api.ts';
import { dateTime, money } from '../../lib/format.ts';
import { useCoop } from './coop-context.tsx';
import { transferReference } from './transfer-reference.ts';

type ApplicationFacts = Pick<ApplicationView, 'id' | 'status' | 'sharePrice' | 'classKey'>;

/** What happens next for an application, in the words of its status. */
export function NextStep({ application }: { application: ApplicationFacts }) {
  const { t, i18n } = useTranslation();
  const { slug, profile, constitution } = useCoop();
  const cls = constitution.document.memberClasses.find((c) => c.key === application.classKey);
  const className = cls?.name ?? application.classKey;
  switch (application.status) {
    case 'awaiting_payment':
      return (
        <Alert color="blue" variant="light" title={t('nextStep.payTitle')} data-testid="next-step">
          <Stack gap="xs">
            <Text size="sm">
              {t('nextStep.pay', { price: money(application.sharePrice, profile.currency, i18n.language) })}
            </Text>
            <Text size="sm">
              {t('nextStep.reference')}{' '}
              <Code fz="sm" data-testid="transfer-reference">
                {transferReference(slug, application.id)}
              </Code>
            </Text>
            <Text size="sm">{t(`nextStep.afterPayment.${cls?.admission ?? 'board'}`)}</Text>
          </Stack>
        </Alert>
      );
    case 'awaiting_admission':
      return (
        <Alert color="blue" variant="light" title={t('nextStep.boardTitle')} data-testid="next-step">
          {t('nextStep.board', { className })}
        </Alert>
      );
    case 'awaiting_vote':
      return (
        <Alert color="blue" variant="light" title={t('nextStep.voteTitle')} data-testid="next-step">
          {t('nextStep.vote', { className })}
        </Alert>
      );
    case 'admitted':
      return (
        <Alert color="teal" variant="light" title={t('nextStep.admittedTitle')} data-testid="next-step">
          {t('nextStep.admitted', { className, name: profile.name })}
        </Alert>
      );
    case 'declined':
      return (
        <Alert color="red" variant="light" title={t('nextStep.declinedTitle')} data-testid="next-step">
          {t('nextStep.declined')}
        </Alert>
      );
    case 'withdrawn':
      return (
        <Alert color="gray" variant="light" data-testid="next-step">
          {t('nextStep.withdrawn')}
        </Alert>
      );
  }
}

/** The steps an application went through, with their dates, as a timeline. */
export function ApplicationTimeline({ application }: { application: ApplicationView }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  const when = (iso: string) => dateTime(iso, i18n.language, profile.timeZone);
  const owesShare = BigInt(application.sharePrice) > 0n;
  const decided = application.status === 'admitted' || application.status === 'declined';
  const price = money(application.sharePrice, profile.currency, i18n.language);
  const steps: { key: string; title: string; detail: string; at: string | null }[] = [
    {
      key: 'applied',
      title: t('timeline.applied'),
      detail: t('timeline.appliedDetail', {
        date: when(application.createdAt),
        version: application.agreedVersion,
      }),
      at: application.createdAt,
    },
    ...(owesShare
      ? [
          {
            key: 'paid',
            title: t('timeline.paid'),
            detail: application.paidAt
              ? t('timeline.paidDetail', {
                  date: when(application.paidAt),
                  price,
                  reference: application.paymentReference ?? '',
                })
              : t('timeline.notPaid', { price }),
            at: application.paidAt,
          },
        ]
      : []),
    {
      key: 'decided',
      title: application.status === 'declined' ? t('timeline.declined') : t('timeline.admitted'),
      detail:
        decided && application.decidedAt
          ? t('timeline.decidedDetail', {
              date: when(application.decidedAt),
              reason: application.decisionReason || t('timeline.noReason'),
            })
          : t(`timeline.waiting.${application.status}`, { defaultValue: t('timeline.waiting.other') }),
      at: decided ? application.decidedAt : null,
    },
  ];
  // What happened comes first, in the order it happened (a founder is admitted before paying); then what waits.
  const done = steps.filter((s) => s.at !== null).sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
  const ordered = [...done, ...steps.filter((s) => s.at === null)];
  const active = done.length - 1;
  return (
    <Timeline active={active} bulletSize={18} lineWidth={2} data-testid="application-timeline">
      {ordered.map((step) => (
        <Timeline.Item key={step.key} title={step.title}>
          <Text size="sm">{step.detail}</Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
