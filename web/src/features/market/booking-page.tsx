import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { isApiError } from '../../lib/api.ts';
import { dateTime, money, percent } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { Facts } from '../coops/facts.tsx';
import { type Booking, bookingCalendarUrl, getBooking, moveBooking, type Transition } from './market-api.ts';
import { marketErrorMessage, placeMarketError } from './market-errors.ts';
import { MessageThreadView } from './messages.tsx';
import { Muted, PriceBreakdown, Section, StatusBadge } from './parts.tsx';
import { ReviewCard, ReviewForm } from './reviews.tsx';
import { durationLabel, spanLabel } from './zoned-time.ts';

// One booking for its customer, its worker, or the co-op's board: what was booked and at what price,
// where it stands, what the viewer can do now, the reviews once the work is done, and the messages.

type Ask = { transition: Transition; field: 'reason' | 'reference'; required: boolean };

const ASKS: Partial<Record<Transition, Ask>> = {
  decline: { transition: 'decline', field: 'reason', required: false },
  cancel: { transition: 'cancel', field: 'reason', required: false },
  dispute: { transition: 'dispute', field: 'reason', required: true },
  payment: { transition: 'payment', field: 'reference', required: true },
};

/** What happens next, for the person looking. */
function NextStep({ booking }: { booking: Booking }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  const role = booking.viewerRole;
  const key = `market.booking.next.${booking.status}.${role}`;
  const when = booking.autoConfirmAt ? dateTime(booking.autoConfirmAt, i18n.language, profile.timeZone) : '';
  return (
    <Alert color="blue" variant="light" data-testid="next-step">
      {t(key, {
        worker: booking.worker.displayName,
        customer: booking.customer.displayName,
        total: money(booking.price.total, booking.price.currency, i18n.language),
        date: when,
      })}
    </Alert>
  );
}

function Actions({ booking, onChanged }: { booking: Booking; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const locale = i18n.language;
  const [ask, setAsk] = useState<Ask | null>(null);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Transition | null>(null);
  const can = new Set(booking.actions);

  async function run(transition: Transition, body?: Record<string, string>) {
    setBusy(transition);
    setError(null);
    try {
      await moveBooking(slug, booking.id, transition, body);
      notify(t(`market.booking.done.${transition}`));
      setAsk(null);
      setText('');
      onChanged();
    } catch (caught) {
      const placed = placeMarketError(t, caught, ['reason', 'reference']);
      if (ask && placed.field) setFieldError(placed.message);
      else setError(placed.message);
    } finally {
      setBusy(null);
    }
  }

  function submitAsk(event: FormEvent) {
    event.preventDefault();
    if (!ask) return;
    const value = text.trim();
    if (ask.required && !value) return setFieldError(t('validation.required'));
    void run(ask.transition, { [ask.field]: value });
  }

  // Only a customer cancelling a paid booking inside the window pays the fee; anyone else cancels free.
  const lateCancel =
    booking.viewerRole === 'customer' &&
    booking.status === 'confirmed' &&
    Date.now() > Date.parse(booking.cancellation.freeUntil);
  const buttons: { transition: Transition; label: string; color?: string; variant?: string }[] = [];
  if (can.has('accept')) buttons.push({ transition: 'accept', label: t('market.booking.actions.accept') });
  if (can.has('decline'))
    buttons.push({ transition: 'decline', label: t('market.booking.actions.decline'), variant: 'default' });
  if (can.has('record_payment'))
    buttons.push({ transition: 'payment', label: t('market.booking.actions.payment') });
  if (can.has('complete'))
    buttons.push({ transition: 'complete', label: t('market.booking.actions.complete') });
  if (can.has('confirm')) buttons.push({ transition: 'confirm', label: t('market.booking.actions.confirm') });
  if (can.has('cancel'))
    buttons.push({
      transition: 'cancel',
      label: t('market.booking.actions.cancel'),
      color: 'red',
      variant: 'outline',
    });
  if (can.has('report_dispute'))
    buttons.push({
      transition: 'dispute',
      label: t('market.booking.actions.dispute'),
      variant: 'subtle',
      color: 'red',
    });
  if (buttons.length === 0) return null;

  return (
    <Stack gap="xs">
      <Group gap="sm" data-testid="booking-actions">
        {buttons.map((b) => (
          <Button
            key={b.transition}
            color={b.color}
            variant={b.variant ?? 'filled'}
            loading={busy === b.transition}
            onClick={() => {
              const needs = ASKS[b.transition];
              setError(null);
              if (needs) {
                setFieldError(null);
                setText('');
                setAsk(needs);
              } else void run(b.transition);
            }}
          >
            {b.label}
          </Button>
        ))}
      </Group>
      <FormError message={error} />
      <Modal
        opened={ask !== null}
        onClose={() => setAsk(null)}
        title={ask ? t(`market.booking.ask.${ask.transition}.title`) : ''}
        closeButtonProps={{ 'aria-label': t('app.close') }}
        centered
      >
        {ask ? (
          <form onSubmit={submitAsk} noValidate>
            <Stack gap="md">
              {ask.transition === 'cancel' ? (
                <Text size="sm" data-testid="cancel-terms">
                  {lateCancel
                    ? t('market.booking.ask.cancel.late', {
                        rate: percent(booking.cancellation.feeBps, locale),
                      })
                    : booking.status === 'confirmed' && booking.viewerRole !== 'customer'
                      ? t('market.booking.ask.cancel.refund')
                      : t('market.booking.ask.cancel.free', {
                          date: dateTime(booking.cancellation.freeUntil, locale, profile.timeZone),
                        })}
                </Text>
              ) : (
                <Text size="sm">
                  {t(`market.booking.ask.${ask.transition}.text`, {
                    total: money(booking.price.total, booking.price.currency, locale),
                    customer: booking.customer.displayName,
                  })}
                </Text>
              )}
              {ask.field === 'reference' ? (
                <TextInput
                  label={t('market.booking.ask.payment.reference')}
                  value={text}
                  maxLength={140}
                  required
                  error={fieldError}
                  onChange={(e) => {
                    setText(e.currentTarget.value);
                    setFieldError(null);
                  }}
                  data-autofocus
                />
              ) : (
                <Textarea
                  label={t(`market.booking.ask.${ask.transition}.reason`)}
                  value={text}
                  maxLength={ask.transition === 'dispute' ? 2000 : 1000}
                  required={ask.required}
                  error={fieldError}
                  autosize
                  minRows={2}
                  onChange={(e) => {
                    setText(e.currentTarget.value);
                    setFieldError(null);
                  }}
                  data-autofocus
                />
              )}
              <FormError message={error} />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={() => setAsk(null)}>
                  {t('market.booking.ask.back')}
                </Button>
                <Button
                  type="submit"
                  color={ask.transition === 'payment' ? undefined : 'red'}
                  loading={busy === ask.transition}
                  data-testid="confirm-action"
                >
                  {t(`market.booking.ask.${ask.transition}.confirm`)}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Modal>
    </Stack>
  );
}

function BookingTimeline({ booking }: { booking: Booking }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  return (
    <Timeline
      active={booking.timeline.length - 1}
      bulletSize={14}
      lineWidth={2}
      data-testid="booking-timeline"
    >
      {booking.timeline.map((e) => (
        <Timeline.Item
          key={`${e.event}-${e.at}`}
          title={t(`market.timeline.${e.event}`, { defaultValue: e.event })}
        >
          <Text size="sm" c="gray.7">
            {dateTime(e.at, i18n.language, profile.timeZone)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function BookingDetails({ booking, onChanged }: { booking: Booking; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const locale = i18n.language;
  const zone = profile.timeZone;
  const other = booking.viewerRole === 'worker' ? booking.customer.displayName : booking.worker.displayName;
  const { byCustomer, byWorker } = booking.reviews;
  const showCalendar = ['requested', 'accepted', 'confirmed'].includes(booking.status);
  const thread = booking.actions.includes('message') || (booking.viewerRole === 'admin' && booking.dispute);

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Group gap="sm">
          <StatusBadge status={booking.status} />
          {booking.jobId ? (
            <Anchor component={Link} to={`/c/${slug}/jobs/${booking.jobId}`} size="sm">
              {t('market.booking.fromJob')}
            </Anchor>
          ) : null}
        </Group>
        <NextStep booking={booking} />
        <Actions booking={booking} onChanged={onChanged} />
      </Stack>

      <Section id="what-heading" title={t('market.booking.what')}>
        <Facts
          testId="booking-facts"
          items={[
            {
              label: t('market.booking.worker'),
              value: (
                <Anchor component={Link} to={`/c/${slug}/workers/${booking.worker.workerId}`} inherit>
                  {booking.worker.displayName}
                </Anchor>
              ),
            },
            { label: t('market.booking.customer'), value: booking.customer.displayName },
            {
              label: t('market.booking.when'),
              value: spanLabel(booking.startsAt, booking.endsAt, locale, zone),
            },
            { label: t('market.booking.duration'), value: durationLabel(booking.durationMinutes) },
            ...(booking.address ? [{ label: t('market.booking.address'), value: booking.address }] : []),
            ...(booking.note ? [{ label: t('market.booking.note'), value: booking.note }] : []),
            ...(booking.viewerRole !== 'customer' && booking.customerRating.count > 0
              ? [
                  {
                    label: t('market.booking.customerRating'),
                    value: t('market.rating.summary', {
                      average: booking.customerRating.average,
                      count: booking.customerRating.count,
                    }),
                  },
                ]
              : []),
          ]}
        />
        <PriceBreakdown price={{ ...booking.price, durationMinutes: booking.durationMinutes }} />
        <Muted>{t('market.booking.pricedUnder', { version: booking.price.constitutionVersion })}</Muted>
        {showCalendar ? (
          <Group>
            <Button
              component="a"
              href={bookingCalendarUrl(slug, booking.id)}
              download
              variant="default"
              size="xs"
            >
              {t('market.booking.ics')}
            </Button>
          </Group>
        ) : null}
      </Section>

      <Section id="status-heading" title={t('market.booking.history')}>
        <BookingTimeline booking={booking} />
        {booking.declineReason ? (
          <Text size="sm">{t('market.booking.declineReason', { reason: booking.declineReason })}</Text>
        ) : null}
        {booking.cancellation.cancelledBy ? (
          <Text size="sm" data-testid="cancellation">
            {t(`market.booking.cancelledBy.${booking.cancellation.cancelledBy}`)}
            {booking.cancellation.reason
              ? ` ${t('market.booking.reason', { reason: booking.cancellation.reason })}`
              : ''}
            {booking.cancellation.cancellationFee
              ? ` ${t('market.booking.cancellationFee', {
                  fee: money(booking.cancellation.cancellationFee, booking.price.currency, locale),
                })}`
              : ''}
            {booking.cancellation.refund
              ? ` ${t('market.booking.refund', { refund: money(booking.cancellation.refund, booking.price.currency, locale) })}`
              : ''}
          </Text>
        ) : ['requested', 'accepted', 'confirmed'].includes(booking.status) ? (
          <Muted>
            {t('market.booking.cancellationTerms', {
              date: dateTime(booking.cancellation.freeUntil, locale, zone),
              rate: percent(booking.cancellation.feeBps, locale),
            })}
          </Muted>
        ) : null}
        {booking.dispute ? (
          <Alert color="orange" variant="light" data-testid="dispute">
            {t('market.booking.disputeReported', {
              date: dateTime(booking.dispute.reportedAt, locale, zone),
              reason: booking.dispute.reason,
            })}
          </Alert>
        ) : null}
      </Section>

      {['completed', 'settled'].includes(booking.status) || byCustomer || byWorker ? (
        <Section id="reviews-heading" title={t('market.reviews.heading')} testId="booking-reviews">
          {byCustomer ? (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('market.reviews.ofWorker', { name: booking.worker.displayName })}
              </Text>
              <ReviewCard
                review={byCustomer}
                canReply={booking.viewerRole === 'worker'}
                onReplied={onChanged}
              />
            </Stack>
          ) : null}
          {byWorker ? (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('market.reviews.ofCustomer', { name: booking.customer.displayName })}
              </Text>
              <ReviewCard review={byWorker} canReply={false} onReplied={onChanged} />
            </Stack>
          ) : null}
          {booking.actions.includes('review') ? (
            <Card withBorder padding="md">
              <ReviewForm bookingId={booking.id} otherName={other} onDone={onChanged} />
            </Card>
          ) : null}
        </Section>
      ) : null}

      {thread ? (
        <Section id="messages-heading" title={t('market.messages.heading')}>
          <MessageThreadView
            thread={{ kind: 'booking', id: booking.id }}
            canWrite={booking.actions.includes('message')}
            other={other}
          />
        </Section>
      ) : null}
    </Stack>
  );
}

function BookingContent() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const bookingId = useParams().bookingId ?? '';
  const load = useCallback(() => getBooking(slug, bookingId), [slug, bookingId]);
  const booking = useLoad(load);

  if (booking.state === 'loading') return <Loading />;
  if (booking.state === 'failed') {
    const missing = isApiError(booking.error) && booking.error.code === 'BOOKING_NOT_FOUND';
    return (
      <Stack gap="md">
        <PageHeading>{t('market.booking.notFound')}</PageHeading>
        {missing ? (
          <Text>{marketErrorMessage(t, booking.error)}</Text>
        ) : (
          <LoadFailed title={t('market.booking.loadFailed')} error={booking.error} onRetry={booking.reload} />
        )}
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <PageHeading>{booking.data.title}</PageHeading>
      <BookingDetails booking={booking.data} onChanged={booking.reload} />
    </Stack>
  );
}

export function BookingPage() {
  const { t } = useTranslation();
  return (
    <RequireAccount reason={t('market.booking.signInReason')}>
      <BookingContent />
    </RequireAccount>
  );
}
