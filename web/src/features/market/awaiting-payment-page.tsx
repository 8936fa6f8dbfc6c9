import { Alert, Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { dateTime, money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { type AwaitingPayment, bookingsAwaitingPayment, moveBooking } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { placeMarketError } from './market-errors.ts';
import { Muted } from './parts.tsx';
import { spanLabel } from './zoned-time.ts';

// Payments due: bookings a worker accepted whose customer has not been recorded as paying. The board
// or an admin matches each against the bank (or the cash received) and records it with its reference;
// the booking is then confirmed and both parties get their calendar file. Unpaid, a booking lapses
// at its start.

type Due = AwaitingPayment['bookings'][number];

/** "3 hours ago", "2 days ago", in the interface language, from the server's own measure. */
function ago(minutes: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (minutes < 60) return format.format(-minutes, 'minute');
  if (minutes < 48 * 60) return format.format(-Math.floor(minutes / 60), 'hour');
  return format.format(-Math.floor(minutes / 1440), 'day');
}

function RecordPayment({ booking, onDone }: { booking: Due; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const { slug } = useCoop();
  const [reference, setReference] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const amount = money(booking.total, booking.currency, i18n.language);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reference.trim()) return setFieldError(t('validation.required'));
    setSending(true);
    setFormError(null);
    try {
      await moveBooking(slug, booking.id, 'payment', { reference: reference.trim() });
      notify(t('market.awaiting.recorded', { total: amount, customer: booking.customer.displayName }));
      onDone();
    } catch (caught) {
      const placed = placeMarketError(t, caught, ['reference']);
      if (placed.field) setFieldError(placed.message);
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('market.awaiting.formLabel', { title: booking.title })}>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('market.booking.ask.payment.reference')}
            value={reference}
            maxLength={140}
            error={fieldError}
            onChange={(e) => {
              setReference(e.currentTarget.value);
              setFieldError(null);
            }}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button type="submit" loading={sending} data-testid="record-payment">
            {t('market.awaiting.record', { total: amount })}
          </Button>
        </Group>
        <FormError message={formError} />
      </Stack>
    </form>
  );
}

function DueCard({ booking, onChanged }: { booking: Due; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const locale = i18n.language;
  const headingId = `due-${booking.id}`;
  return (
    <Card component="li" withBorder padding="md" aria-labelledby={headingId} data-testid="awaiting-payment">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" align="baseline">
          <Title order={3} size="h4" id={headingId}>
            <Anchor component={Link} to={`/c/${slug}/bookings/${booking.id}`} inherit>
              {booking.title}
            </Anchor>
          </Title>
          <Text fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="awaiting-amount">
            {money(booking.total, booking.currency, locale)}
          </Text>
        </Group>
        <Text size="sm">
          {t('market.awaiting.parties', {
            customer: booking.customer.displayName,
            worker: booking.worker.displayName,
          })}
        </Text>
        <Text size="sm" data-testid="awaiting-age">
          {t('market.awaiting.since', {
            ago: ago(booking.waitingMinutes, locale),
            date: dateTime(booking.acceptedAt, locale, profile.timeZone),
          })}
        </Text>
        <Muted>
          {t('market.awaiting.when', {
            when: spanLabel(booking.startsAt, booking.endsAt, locale, profile.timeZone),
          })}
        </Muted>
        <RecordPayment booking={booking} onDone={onChanged} />
      </Stack>
    </Card>
  );
}

function DueList() {
  const { t, i18n } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => bookingsAwaitingPayment(slug), [slug]);
  const due = useLoad(load);
  if (due.state === 'loading') return <Loading />;
  if (due.state === 'failed')
    return <LoadFailed title={t('market.awaiting.loadFailed')} error={due.error} onRetry={due.reload} />;
  const { bookings } = due.data;
  if (bookings.length === 0) return <Text data-testid="awaiting-none">{t('market.awaiting.none')}</Text>;
  return (
    <Stack gap="md">
      <Text data-testid="awaiting-summary">
        {t('market.awaiting.summary', {
          count: bookings.length,
          total: money(due.data.total, due.data.currency, i18n.language),
        })}
      </Text>
      <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {bookings.map((b) => (
          <DueCard key={b.id} booking={b} onChanged={due.reload} />
        ))}
      </Stack>
    </Stack>
  );
}

export function AwaitingPaymentPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const { moderator } = useMarket();
  const title = t('market.awaiting.title');
  return (
    <RequireAccount reason={t('market.awaiting.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Text>{t('market.awaiting.intro')}</Text>
        {moderator ? <DueList /> : <Alert color="gray">{t('errors.FORBIDDEN')}</Alert>}
      </Stack>
    </RequireAccount>
  );
}
