import { Alert, Anchor, Button, Card, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { isApiError } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { Facts } from '../coops/facts.tsx';
import { cancelJob, getJob, type Job } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { marketErrorMessage, placeMarketError } from './market-errors.ts';
import { MessageThreadView } from './messages.tsx';
import { ExplanationTable, PriceBreakdown, Section, StatusBadge } from './parts.tsx';
import { durationLabel, spanLabel } from './zoned-time.ts';

// A posted job and where its dispatch stands: offered to a worker (and until when), timed out or
// declined and passed on, accepted (with its booking), or unfilled with the reason.

// While a worker is being asked, the page looks again now and then so the customer sees it move on.
const REFRESH_MS = 15_000;

function Reason({ reason }: { reason: string | null }) {
  const { t } = useTranslation();
  if (!reason) return null;
  // The reason is in the words of whoever gave it, in their language.
  return (
    <Text size="sm" data-testid="job-reason">
      {t('market.job.reasonGiven')} <q>{reason}</q>
    </Text>
  );
}

const EXCLUSIONS = ['not_available', 'too_far', 'outside_worker_area', 'daily_limit'] as const;

/** Why nobody took the job, in the reader's language; jobs closed before the codes existed say it in English. */
function UnfilledReason({ job }: { job: Job }) {
  const { t } = useTranslation();
  const note = job.statusNote;
  if (!note) {
    return (
      <Text size="sm" lang="en" data-testid="unfilled-reason">
        {job.statusText}
      </Text>
    );
  }
  // The alert already says nobody took it; no_worker adds who was asked and who was left out, and why.
  const text =
    note.code === 'no_worker'
      ? [
          (note.params.asked ?? 0) > 0
            ? t('market.job.unfilledNote.asked', { count: note.params.asked })
            : t('market.job.unfilledNote.nobodyAsked'),
          ...EXCLUSIONS.filter((r) => (note.params[r] ?? 0) > 0).map((r) =>
            t(`market.job.excluded.${r}`, { count: note.params[r] }),
          ),
        ].join(' ')
      : t(`market.job.unfilledNote.${note.code}`);
  return (
    <Text size="sm" data-testid="unfilled-reason">
      {text}
    </Text>
  );
}

function StatusSentence({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const pending = job.offers.find((o) => o.status === 'pending');
  const passedOn = job.offers.filter((o) => o.status === 'expired' || o.status === 'declined').length;
  const lastCancelled = job.cancelledBookings.at(-1);
  if (job.status === 'dispatching') {
    const again = lastCancelled?.cancelledBy === 'worker';
    return (
      <Alert color={again ? 'orange' : 'blue'} variant="light" data-testid="job-status">
        <Stack gap={4}>
          {again ? (
            <Text size="sm" fw={600}>
              {t('market.job.workerCancelled', { name: lastCancelled.workerDisplayName })}
            </Text>
          ) : null}
          {again ? <Reason reason={lastCancelled.reason} /> : null}
          <Text size="sm">
            {pending
              ? t('market.job.offered', {
                  round: pending.round,
                  date: dateTime(pending.expiresAt, i18n.language, profile.timeZone),
                })
              : t('market.job.looking')}
            {passedOn > 0 ? ` ${t('market.job.passedOn', { count: passedOn })}` : ''}
          </Text>
        </Stack>
      </Alert>
    );
  }
  if (job.status === 'assigned') {
    return (
      <Alert color="teal" variant="light" data-testid="job-status">
        <Stack gap={4}>
          <Text size="sm">
            {t('market.job.assigned', {
              name: job.booking?.workerDisplayName ?? '',
              status: job.booking ? t(`market.status.booking.${job.booking.status}`) : '',
            })}
          </Text>
          {job.booking ? (
            <Anchor component={Link} to={`/c/${slug}/bookings/${job.booking.id}`} size="sm">
              {t('market.job.openBooking')}
            </Anchor>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  if (job.status === 'unfilled') {
    return (
      <Alert color="orange" variant="light" data-testid="job-status">
        <Text size="sm">{t('market.job.unfilled')}</Text>
        <UnfilledReason job={job} />
      </Alert>
    );
  }
  // Cancelled: withdrawn while nobody held it, or ended with its booking.
  const withBooking = job.booking?.status === 'cancelled' && lastCancelled?.id === job.booking.id;
  return (
    <Alert color="gray" variant="light" data-testid="job-status">
      <Stack gap={4}>
        <Text size="sm">
          {withBooking
            ? t(`market.job.endedWithBooking.${lastCancelled.cancelledBy}`)
            : job.viewerRole === 'customer'
              ? t('market.job.cancelled')
              : t('market.job.cancelledByCustomer')}
        </Text>
        <Reason reason={job.statusReason} />
      </Stack>
    </Alert>
  );
}

function CancelledBookings({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  if (job.cancelledBookings.length === 0) return null;
  return (
    <Stack gap={4} data-testid="cancelled-bookings">
      <Text size="sm" fw={600}>
        {t('market.job.cancelledBookings')}
      </Text>
      <Stack component="ul" gap={4} style={{ paddingLeft: 20, margin: 0 }}>
        {job.cancelledBookings.map((b) => (
          <Text component="li" size="sm" key={b.id}>
            {t(`market.job.cancelledBookingLine.${b.cancelledBy}`, {
              name: b.workerDisplayName,
              date: dateTime(b.cancelledAt, i18n.language, profile.timeZone),
            })}
            {b.reason ? (
              <>
                {' '}
                <q>{b.reason}</q>
              </>
            ) : null}
          </Text>
        ))}
      </Stack>
    </Stack>
  );
}

function Offers({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  const locale = i18n.language;
  const zone = profile.timeZone;
  if (job.offers.length === 0) return <Text size="sm">{t('market.job.noOffers')}</Text>;
  return (
    <Stack component="ol" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="offers">
      {job.offers.map((o) => (
        <Card component="li" key={o.round} withBorder padding="sm" data-testid="offer-round">
          <Stack gap={4}>
            <Group gap="xs" justify="space-between">
              <Text fw={600}>
                {o.worker
                  ? t('market.job.roundNamed', { round: o.round, name: o.worker.displayName })
                  : t('market.job.round', { round: o.round })}
              </Text>
              <StatusBadge status={o.status} kind="offer" />
            </Group>
            <Text size="sm">
              {t(`market.job.offerLine.${o.status}`, {
                offered: dateTime(o.offeredAt, locale, zone),
                expires: dateTime(o.expiresAt, locale, zone),
                responded: o.respondedAt ? dateTime(o.respondedAt, locale, zone) : '',
              })}
            </Text>
            {o.explanation ? (
              <details>
                <summary style={{ cursor: 'pointer', fontSize: 14 }}>
                  {t('market.job.whyAsked', { round: o.round })}
                </summary>
                <ExplanationTable
                  explanation={o.explanation}
                  label={t('market.job.whyAsked', { round: o.round })}
                />
              </details>
            ) : null}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function Withdraw({ job, onDone }: { job: Job; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    try {
      await cancelJob(slug, job.id, reason.trim());
      notify(t('market.job.withdrawn'));
      setOpen(false);
      onDone();
    } catch (caught) {
      setError(placeMarketError(t, caught, []).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <Group>
        <Button color="red" variant="outline" onClick={() => setOpen(true)}>
          {t('market.job.withdraw')}
        </Button>
      </Group>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('market.job.withdrawTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Textarea
              label={t('market.job.withdrawReason')}
              value={reason}
              maxLength={1000}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-autofocus
            />
            <FormError message={error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('market.booking.ask.back')}
              </Button>
              <Button type="submit" color="red" loading={sending}>
                {t('market.job.withdrawConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function JobContent() {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const { category } = useMarket();
  const jobId = useParams().jobId ?? '';
  const load = useCallback(() => getJob(slug, jobId), [slug, jobId]);
  const job = useLoad(load);
  const locale = i18n.language;
  const dispatching = job.state === 'done' && job.data.status === 'dispatching';
  const reload = job.reload;

  useEffect(() => {
    if (!dispatching) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [dispatching, reload]);

  if (job.state === 'loading') return <Loading />;
  if (job.state === 'failed') {
    const missing = isApiError(job.error) && job.error.code === 'JOB_NOT_FOUND';
    return (
      <Stack gap="md">
        <PageHeading>{t('market.job.notFound')}</PageHeading>
        {missing ? (
          <Text>{marketErrorMessage(t, job.error)}</Text>
        ) : (
          <LoadFailed title={t('market.job.loadFailed')} error={job.error} onRetry={job.reload} />
        )}
      </Stack>
    );
  }
  const j = job.data;
  const mine = j.viewerRole === 'customer';
  // The job's own thread: its customer and the worker who holds it (a booking has its own thread too).
  const live = j.booking && j.booking.status !== 'cancelled' ? j.booking : null;
  const inThread = mine || j.viewerRole === 'worker';
  const other = mine ? (live?.workerDisplayName ?? null) : j.customerDisplayName;
  return (
    <Stack gap="lg">
      <PageHeading documentTitle={`${j.title} · ${profile.name}`}>{j.title}</PageHeading>
      <Group gap="sm">
        <StatusBadge status={j.status} kind="job" />
        <Button variant="default" size="compact-sm" onClick={job.reload}>
          {t('market.job.refresh')}
        </Button>
      </Group>
      <StatusSentence job={j} />
      {j.status === 'dispatching' && mine ? <Withdraw job={j} onDone={job.reload} /> : null}

      <Section id="job-heading" title={t('market.job.what')}>
        <Facts
          testId="job-facts"
          items={[
            { label: t('market.fields.category'), value: category(j.categoryKey)?.name ?? j.categoryKey },
            {
              label: t('market.job.window'),
              value: spanLabel(j.windowStart, j.windowEnd, locale, profile.timeZone),
            },
            { label: t('market.job.duration'), value: durationLabel(j.durationMinutes) },
            ...(j.address ? [{ label: t('market.booking.address'), value: j.address }] : []),
            ...(j.requiredSkills.length > 0
              ? [{ label: t('market.job.skills'), value: j.requiredSkills.join(', ') }]
              : []),
            {
              label: t('market.job.priceSource'),
              value: t(`market.job.source.${j.price.source}`),
            },
          ]}
        />
        {j.description ? <Text style={{ whiteSpace: 'pre-line' }}>{j.description}</Text> : null}
        <PriceBreakdown
          price={{ ...j.price, pricing: 'fixed', rate: j.price.subtotal, durationMinutes: j.durationMinutes }}
        />
      </Section>

      <Section id="offers-heading" title={t('market.job.offersHeading')}>
        <Text size="sm">{t('market.job.offersIntro')}</Text>
        <Offers job={j} />
        <CancelledBookings job={j} />
      </Section>

      {inThread ? (
        <Section id="job-messages-heading" title={t('market.messages.heading')} testId="job-messages">
          <MessageThreadView
            thread={{ kind: 'job', id: j.id }}
            canWrite={j.status === 'dispatching' || j.status === 'assigned'}
            other={other}
          />
        </Section>
      ) : null}
    </Stack>
  );
}

export function JobPage() {
  const { t } = useTranslation();
  return (
    <RequireAccount reason={t('market.job.signInReason')}>
      <JobContent />
    </RequireAccount>
  );
}
