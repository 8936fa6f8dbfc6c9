import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { money, month } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { Facts } from '../coops/facts.tsx';
import { BookingCards } from './lists.tsx';
import { type BookingSummary, getEarnings, type MyWorker, myBookings, myOffers } from './market-api.ts';
import { Section, StatusBadge } from './parts.tsx';
import { WorkerArea } from './worker-area.tsx';
import { addDays, dayLabel, mondayOf, timeLabel, todayIn, zonedParts } from './zoned-time.ts';

// The worker's overview: requests to answer, job offers open, the week's bookings, and this month's
// earnings as the ledger has them.

const ACTIVE = new Set(['requested', 'accepted', 'confirmed', 'completed', 'settled']);

function Requests() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(
    async () =>
      (await myBookings(slug, { role: 'worker', when: 'upcoming', limit: 200 })).filter(
        (b) => b.status === 'requested',
      ),
    [slug],
  );
  const requests = useLoad(load);
  if (requests.state === 'loading') return <Loading />;
  if (requests.state === 'failed')
    return (
      <LoadFailed title={t('market.dashboard.loadFailed')} error={requests.error} onRetry={requests.reload} />
    );
  if (requests.data.length === 0) return <Text size="sm">{t('market.dashboard.noRequests')}</Text>;
  return <BookingCards bookings={requests.data} testId="requests" />;
}

function OpenOffers() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(async () => (await myOffers(slug)).filter((o) => o.status === 'pending'), [slug]);
  const offers = useLoad(load);
  if (offers.state === 'loading') return <Loading />;
  if (offers.state === 'failed')
    return (
      <LoadFailed title={t('market.dashboard.loadFailed')} error={offers.error} onRetry={offers.reload} />
    );
  return (
    <Group gap="sm" data-testid="open-offers">
      <Text size="sm">{t('market.dashboard.openOffers', { count: offers.data.length })}</Text>
      <Anchor component={Link} to={`/c/${slug}/worker/offers`} size="sm">
        {t('market.dashboard.seeOffers')}
      </Anchor>
    </Group>
  );
}

function Week({ bookings }: { bookings: BookingSummary[] }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const locale = i18n.language;
  const zone = profile.timeZone;
  const thisWeek = mondayOf(todayIn(zone));
  const [monday, setMonday] = useState(thisWeek);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const byDay = new Map<string, BookingSummary[]>(days.map((d) => [d, []]));
  for (const b of bookings) {
    if (!ACTIVE.has(b.status)) continue;
    byDay.get(zonedParts(b.startsAt, zone).date)?.push(b);
  }
  const today = todayIn(zone);
  const headingId = 'week-heading';

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs">
        <Title order={2} size="h3" id={headingId}>
          {t('market.dashboard.week', {
            from: dayLabel(days[0]!, locale, { weekday: undefined }),
            to: dayLabel(days[6]!, locale, { weekday: undefined, year: 'numeric' }),
          })}
        </Title>
        <Group gap={6}>
          <Button variant="default" size="compact-sm" onClick={() => setMonday(addDays(monday, -7))}>
            {t('market.dashboard.previousWeek')}
          </Button>
          {monday !== thisWeek ? (
            <Button variant="default" size="compact-sm" onClick={() => setMonday(thisWeek)}>
              {t('market.dashboard.thisWeek')}
            </Button>
          ) : null}
          <Button variant="default" size="compact-sm" onClick={() => setMonday(addDays(monday, 7))}>
            {t('market.dashboard.nextWeek')}
          </Button>
        </Group>
      </Group>
      <SimpleGrid
        cols={{ base: 1, sm: 7 }}
        spacing={6}
        component="ol"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-labelledby={headingId}
        data-testid="week"
      >
        {days.map((d) => {
          const list = byDay.get(d) ?? [];
          return (
            <Card
              component="li"
              key={d}
              withBorder
              padding={6}
              radius="sm"
              bg={d === today ? 'teal.0' : undefined}
              data-testid="week-day"
            >
              <Text component="h3" size="sm" fw={700} m={0}>
                {dayLabel(d, locale)}
              </Text>
              {list.length === 0 ? (
                <Text size="xs" c="gray.7">
                  {t('market.dashboard.free')}
                </Text>
              ) : (
                <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {list.map((b) => (
                    <li key={b.id}>
                      <Anchor component={Link} to={`/c/${slug}/bookings/${b.id}`} size="xs" fw={600}>
                        <Text span inherit display="block">
                          {`${timeLabel(b.startsAt, locale, zone)}–${timeLabel(b.endsAt, locale, zone)}`}
                        </Text>
                        {b.title}
                      </Anchor>
                      <Group gap={4}>
                        <Text size="xs">{b.otherParty}</Text>
                        <StatusBadge status={b.status} />
                      </Group>
                    </li>
                  ))}
                </Stack>
              )}
            </Card>
          );
        })}
      </SimpleGrid>
      <Text size="xs" c="gray.7">
        {t('market.fields.timesIn', { zone })}
      </Text>
    </Stack>
  );
}

function Calendar() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  // The week view draws on the bookings to come and the last ones past.
  const load = useCallback(async () => {
    const [upcoming, past] = await Promise.all([
      myBookings(slug, { role: 'worker', when: 'upcoming', limit: 200 }),
      myBookings(slug, { role: 'worker', when: 'past', limit: 100 }),
    ]);
    return [...past, ...upcoming];
  }, [slug]);
  const bookings = useLoad(load);
  if (bookings.state === 'loading') return <Loading />;
  if (bookings.state === 'failed')
    return (
      <LoadFailed title={t('market.dashboard.loadFailed')} error={bookings.error} onRetry={bookings.reload} />
    );
  return <Week bookings={bookings.data} />;
}

function Earnings() {
  const { t, i18n } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => getEarnings(slug), [slug]);
  const earnings = useLoad(load);
  if (earnings.state === 'loading') return <Loading />;
  if (earnings.state === 'failed')
    return (
      <LoadFailed title={t('market.dashboard.loadFailed')} error={earnings.error} onRetry={earnings.reload} />
    );
  const e = earnings.data;
  const locale = i18n.language;
  const amount = (minor: string) => money(minor, e.currency, locale);
  return (
    <Stack gap="sm">
      <Text size="sm">{t('market.dashboard.earningsIntro', { month: month(e.month, locale) })}</Text>
      <Facts
        testId="earnings"
        items={[
          { label: t('market.dashboard.earned'), value: amount(e.earned) },
          { label: t('market.dashboard.paidOut'), value: amount(e.paidOut) },
          { label: t('market.dashboard.owed'), value: amount(e.owed) },
          {
            label: t('market.dashboard.settled'),
            value: t('market.dashboard.settledValue', {
              count: e.settledBookings,
              hours: new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(
                Number(e.hoursWorked),
              ),
            }),
          },
        ]}
      />
      <Anchor component={Link} to={`/c/${slug}/me/statement`} size="sm">
        {t('market.dashboard.statement')}
      </Anchor>
    </Stack>
  );
}

function Overview({ worker }: { worker: MyWorker }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  return (
    <Stack gap="xl">
      {worker.flaggedServices > 0 ? (
        <Alert color="orange" variant="light" data-testid="flagged-services">
          <Group gap="sm" justify="space-between">
            <Text size="sm">{t('market.dashboard.flagged', { count: worker.flaggedServices })}</Text>
            <Button component={Link} to={`/c/${slug}/worker/services`} size="xs" variant="white">
              {t('market.dashboard.fixServices')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      {!worker.active ? <Alert color="gray">{t('market.dashboard.inactive')}</Alert> : null}
      {worker.services.length === 0 ? (
        <Alert color="blue" variant="light">
          <Group gap="sm" justify="space-between">
            <Text size="sm">{t('market.dashboard.noServices')}</Text>
            <Button component={Link} to={`/c/${slug}/worker/services`} size="xs" variant="white">
              {t('market.dashboard.addService')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      <Section id="requests-heading" title={t('market.dashboard.requests')}>
        <Requests />
      </Section>
      <Section id="offers-heading" title={t('market.dashboard.offers')}>
        <OpenOffers />
      </Section>
      <Stack component="section" aria-labelledby="week-heading">
        <Calendar />
      </Stack>
      <Section id="earnings-heading" title={t('market.dashboard.earnings')}>
        <Earnings />
      </Section>
      <Anchor component={Link} to={`/c/${slug}/workers/${worker.id}`} size="sm">
        {t('market.dashboard.publicProfile')}
      </Anchor>
    </Stack>
  );
}

export function WorkerDashboardPage() {
  const { t } = useTranslation();
  return (
    <WorkerArea title={t('market.dashboard.title')}>
      {(mine) => (mine.state === 'done' && mine.data ? <Overview worker={mine.data} /> : null)}
    </WorkerArea>
  );
}
