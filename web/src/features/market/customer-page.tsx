import { Button, Group, Stack, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { BookingCards, JobCards } from './lists.tsx';
import { myBookings, myJobs } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { Section } from './parts.tsx';

// The customer's side of the market: bookings to come, bookings past, and posted jobs.

function Bookings({ when }: { when: 'upcoming' | 'past' }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => myBookings(slug, { role: 'customer', when, limit: 50 }), [slug, when]);
  const bookings = useLoad(load);
  if (bookings.state === 'loading') return <Loading />;
  if (bookings.state === 'failed')
    return (
      <LoadFailed title={t('market.customer.loadFailed')} error={bookings.error} onRetry={bookings.reload} />
    );
  if (bookings.data.length === 0) return <Text size="sm">{t(`market.customer.none.${when}`)}</Text>;
  return <BookingCards bookings={bookings.data} testId={`bookings-${when}`} />;
}

function Jobs() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => myJobs(slug), [slug]);
  const jobs = useLoad(load);
  if (jobs.state === 'loading') return <Loading />;
  if (jobs.state === 'failed')
    return <LoadFailed title={t('market.customer.loadFailed')} error={jobs.error} onRetry={jobs.reload} />;
  if (jobs.data.length === 0) return <Text size="sm">{t('market.customer.none.jobs')}</Text>;
  return <JobCards jobs={jobs.data} />;
}

export function CustomerPage() {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const { booked, dispatched } = useMarket();
  const title = t('market.customer.title');
  return (
    <RequireAccount reason={t('market.customer.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Group gap="sm">
          {booked.length > 0 ? (
            <Button component={Link} to={`/c/${slug}/market`}>
              {t('market.customer.find')}
            </Button>
          ) : null}
          {dispatched.length > 0 ? (
            <Button component={Link} to={`/c/${slug}/jobs/new`} variant="default">
              {t('market.customer.post')}
            </Button>
          ) : null}
        </Group>
        <Section id="upcoming-heading" title={t('market.customer.upcoming')}>
          <Bookings when="upcoming" />
        </Section>
        {dispatched.length > 0 ? (
          <Section id="jobs-heading" title={t('market.customer.jobs')}>
            <Jobs />
          </Section>
        ) : null}
        <Section id="past-heading" title={t('market.customer.past')}>
          <Bookings when="past" />
        </Section>
      </Stack>
    </RequireAccount>
  );
}
