import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { money } from '../../lib/format.ts';
import { useCoop } from '../coops/coop-context.tsx';
import type { BookingSummary, JobSummary } from './market-api.ts';
import { StatusBadge } from './parts.tsx';
import { spanLabel } from './zoned-time.ts';

// Lists of bookings and jobs, as cards that read well on a phone.

export function BookingCards({ bookings, testId }: { bookings: BookingSummary[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const locale = i18n.language;
  return (
    <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid={testId}>
      {bookings.map((b) => (
        <Card component="li" key={b.id} withBorder padding="sm" data-testid="booking-card">
          <Group justify="space-between" align="flex-start" gap="xs">
            <Stack gap={2}>
              <Anchor component={Link} to={`/c/${slug}/bookings/${b.id}`} fw={600}>
                {b.title}
              </Anchor>
              <Text size="sm">
                {t(b.viewerRole === 'customer' ? 'market.lists.withWorker' : 'market.lists.forCustomer', {
                  name: b.otherParty,
                })}
              </Text>
              <Text size="sm">{spanLabel(b.startsAt, b.endsAt, locale, profile.timeZone)}</Text>
              {b.jobId && b.viewerRole === 'customer' && (
                // What became of the job (offered again, or ended) is told on its page.
                <Anchor component={Link} to={`/c/${slug}/jobs/${b.jobId}`} size="sm">
                  {t('market.lists.fromJob')}
                </Anchor>
              )}
            </Stack>
            <Stack gap={4} align="flex-end">
              <StatusBadge status={b.status} />
              <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {money(b.total, b.currency, locale)}
              </Text>
            </Stack>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

export function JobCards({ jobs }: { jobs: JobSummary[] }) {
  const { i18n } = useTranslation();
  const { slug, profile } = useCoop();
  return (
    <Stack
      component="ul"
      gap="xs"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      data-testid="job-list"
    >
      {jobs.map((j) => (
        <Card component="li" key={j.id} withBorder padding="sm" data-testid="job-card">
          <Group justify="space-between" align="flex-start" gap="xs">
            <Stack gap={2}>
              <Anchor component={Link} to={`/c/${slug}/jobs/${j.id}`} fw={600}>
                {j.title}
              </Anchor>
              <Text size="sm">{spanLabel(j.windowStart, j.windowEnd, i18n.language, profile.timeZone)}</Text>
            </Stack>
            <StatusBadge status={j.status} kind="job" />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
