import {
  Alert,
  Avatar,
  Badge,
  Button,
  Card,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { isApiError } from '../../lib/api.ts';
import { dateTime, money, percent } from '../../lib/format.ts';
import { withNext } from '../../lib/next-path.ts';
import { notify } from '../../lib/notify.ts';
import { useSession } from '../../lib/session.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { durationOptions, languageName } from './fields.tsx';
import {
  getSlots,
  getWorker,
  getWorkerReviews,
  type Quote,
  quoteBooking,
  requestBooking,
  type Service,
  type Worker,
} from './market-api.ts';
import { marketErrorMessage, placeMarketError } from './market-errors.ts';
import { Muted, PriceBreakdown, RatingText, Section } from './parts.tsx';
import { ReviewCard } from './reviews.tsx';
import { addDays, dayLabel, durationLabel, timeLabel, todayIn, zonedToIso } from './zoned-time.ts';

// A worker's public profile: who they are, their services, their reviews, and the way to book them:
// pick a service, a duration and a free slot, see the price broken down, and send the request.

function rateText(service: Service, t: TFunction, locale: string) {
  const amount = money(service.rate, service.currency, locale);
  return service.pricing === 'hourly'
    ? t('market.rate.hourly', { amount })
    : t('market.rate.fixed', { amount });
}

function Booker({ worker }: { worker: Worker }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const locale = i18n.language;
  const zone = profile.timeZone;
  const services = worker.services.filter((s) => s.active && !s.belowFloor);
  const [serviceId, setServiceId] = useState(
    services.find((s) => s.id === params.get('service'))?.id ?? services[0]?.id ?? '',
  );
  const service = services.find((s) => s.id === serviceId);
  const minimum = service?.minDurationMinutes ?? 60;
  const [duration, setDuration] = useState(() => {
    const asked = Number(params.get('duration'));
    return String(Number.isFinite(asked) && asked >= minimum ? asked : minimum);
  });
  const [date, setDate] = useState(params.get('date') ?? todayIn(zone));
  const [startsAt, setStartsAt] = useState<string | null>(params.get('start'));
  const [note, setNote] = useState('');
  const [address, setAddress] = useState('');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const durationMinutes =
    service?.pricing === 'fixed' ? minimum : Math.max(Number(duration) || minimum, minimum);

  const loadSlots = useCallback(
    () =>
      service
        ? getSlots(slug, worker.id, {
            serviceId: service.id,
            from: zonedToIso(date, '00:00', zone),
            to: zonedToIso(addDays(date, 1), '00:00', zone),
            durationMinutes,
          })
        : Promise.resolve(null),
    [slug, worker.id, service, date, zone, durationMinutes],
  );
  const slots = useLoad(loadSlots);

  // A slot chosen before the service, day or duration changed may no longer be free: ask again.
  const [slotGone, setSlotGone] = useState(false);
  useEffect(() => {
    if (slots.state !== 'done' || !slots.data || !startsAt) return;
    if (!slots.data.slots.some((s) => s.startsAt === startsAt)) {
      setStartsAt(null);
      setSlotGone(true);
    }
  }, [slots, startsAt]);

  const signedIn = Boolean(session.account);
  useEffect(() => {
    setQuote(null);
    setQuoteError(null);
    if (!service || !startsAt || !signedIn) return;
    let current = true;
    quoteBooking(slug, {
      serviceId: service.id,
      startsAt,
      durationMinutes,
      note: '',
      address: '',
    }).then(
      (q) => current && setQuote(q),
      (error: unknown) => current && setQuoteError(marketErrorMessage(t, error)),
    );
    return () => {
      current = false;
    };
  }, [slug, service, startsAt, durationMinutes, signedIn, t]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!service || !startsAt) return;
    setSending(true);
    setFormError(null);
    try {
      const result = await requestBooking(slug, {
        serviceId: service.id,
        startsAt,
        durationMinutes,
        note: note.trim(),
        address: address.trim(),
      });
      notify(result.status === 'accepted' ? t('market.book.accepted') : t('market.book.requested'));
      await navigate(`/c/${slug}/bookings/${result.bookingId}`);
    } catch (error) {
      setFormError(placeMarketError(t, error, []).message);
      if (isApiError(error) && error.code === 'BOOKING_OVERLAP') {
        setStartsAt(null);
        slots.reload();
      }
    } finally {
      setSending(false);
    }
  }

  if (services.length === 0) return <Text>{t('market.worker.noServices')}</Text>;

  return (
    <form onSubmit={submit} noValidate aria-label={t('market.book.formLabel', { name: worker.displayName })}>
      <Stack gap="md">
        <Radio.Group
          label={t('market.book.service')}
          value={serviceId}
          onChange={(v) => {
            setServiceId(v);
            setStartsAt(null);
          }}
        >
          <Stack gap="xs" mt={6}>
            {services.map((s) => (
              <Radio.Card key={s.id} value={s.id} p="sm" radius="md" data-testid={`service-${s.categoryKey}`}>
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator />
                  <Stack gap={2}>
                    <Text fw={600}>{s.title}</Text>
                    <Text size="sm">
                      {s.categoryName} · {rateText(s, t, locale)} ·{' '}
                      {t('market.book.minimum', { duration: durationLabel(s.minDurationMinutes) })}
                    </Text>
                    {s.description ? <Muted>{s.description}</Muted> : null}
                  </Stack>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>

        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          {service?.pricing === 'hourly' ? (
            <Select
              label={t('market.fields.duration')}
              data={durationOptions(minimum)}
              value={String(durationMinutes)}
              onChange={(v) => {
                setDuration(v ?? String(minimum));
                setStartsAt(null);
              }}
              allowDeselect={false}
            />
          ) : (
            <TextInput label={t('market.fields.duration')} value={durationLabel(minimum)} readOnly />
          )}
          <TextInput
            type="date"
            label={t('market.book.day')}
            value={date}
            min={todayIn(zone)}
            onChange={(e) => {
              if (e.currentTarget.value) setDate(e.currentTarget.value);
              setStartsAt(null);
            }}
          />
        </SimpleGrid>

        <Stack gap={6}>
          <Group justify="space-between" gap="xs">
            <Text component="h3" fw={600} id="slots-heading" m={0}>
              {t('market.book.slots', { day: dayLabel(date, locale, { weekday: 'long', month: 'long' }) })}
            </Text>
            <Group gap={6}>
              <Button
                variant="default"
                size="compact-sm"
                disabled={date <= todayIn(zone)}
                onClick={() => {
                  setDate(addDays(date, -1));
                  setStartsAt(null);
                }}
              >
                {t('market.book.previousDay')}
              </Button>
              <Button
                variant="default"
                size="compact-sm"
                onClick={() => {
                  setDate(addDays(date, 1));
                  setStartsAt(null);
                }}
              >
                {t('market.book.nextDay')}
              </Button>
            </Group>
          </Group>
          <Muted>{t('market.fields.timesIn', { zone })}</Muted>
          {slotGone ? (
            <Text size="sm" role="status" data-testid="slot-gone">
              {t('market.book.slotGone')}
            </Text>
          ) : null}
          {slots.state === 'loading' ? (
            <Loading />
          ) : slots.state === 'failed' ? (
            <LoadFailed title={t('market.book.slotsFailed')} error={slots.error} onRetry={slots.reload} />
          ) : slots.data && slots.data.slots.length > 0 ? (
            <Group gap={6} role="group" aria-labelledby="slots-heading" data-testid="slots">
              {slots.data.slots.map((slot) => {
                const chosen = slot.startsAt === startsAt;
                return (
                  <UnstyledButton
                    key={slot.startsAt}
                    onClick={() => {
                      setStartsAt(chosen ? null : slot.startsAt);
                      setSlotGone(false);
                    }}
                    aria-pressed={chosen}
                    px="sm"
                    py={6}
                    style={{
                      border: '1px solid var(--mantine-color-teal-9)',
                      borderRadius: 6,
                      background: chosen ? 'var(--mantine-color-teal-9)' : 'transparent',
                      color: chosen ? 'white' : 'var(--mantine-color-teal-9)',
                      fontWeight: 600,
                    }}
                  >
                    {timeLabel(slot.startsAt, locale, zone)}
                  </UnstyledButton>
                );
              })}
            </Group>
          ) : (
            <Text size="sm" data-testid="no-slots">
              {t('market.book.noSlots')}
            </Text>
          )}
        </Stack>

        {startsAt && service ? (
          <Card withBorder padding="md" data-testid="quote">
            <Stack gap="sm">
              <Text fw={600}>
                {t('market.book.chosen', {
                  when: `${dateTime(startsAt, locale, zone)} · ${durationLabel(durationMinutes)}`,
                })}
              </Text>
              {!signedIn ? (
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{t('market.book.signInToBook')}</Text>
                  <Button
                    component={Link}
                    to={withNext(
                      '/sign-in',
                      `/c/${slug}/workers/${worker.id}?${new URLSearchParams({ service: service.id, date, duration: String(durationMinutes), start: startsAt }).toString()}`,
                    )}
                  >
                    {t('nav.signIn')}
                  </Button>
                </Stack>
              ) : quoteError ? (
                <Alert color="red" role="alert">
                  {quoteError}
                </Alert>
              ) : !quote ? (
                <Loading label={t('market.book.pricing')} />
              ) : (
                <>
                  <PriceBreakdown price={quote} />
                  <Muted>
                    {t('market.book.cancellation', {
                      date: dateTime(quote.cancellation.freeUntil, locale, zone),
                      fee: percent(quote.cancellation.feeBps, locale),
                    })}
                  </Muted>
                  <TextInput
                    label={t('market.book.address')}
                    value={address}
                    maxLength={300}
                    onChange={(e) => setAddress(e.currentTarget.value)}
                  />
                  <Textarea
                    label={t('market.book.note')}
                    value={note}
                    maxLength={2000}
                    autosize
                    minRows={2}
                    onChange={(e) => setNote(e.currentTarget.value)}
                  />
                  <FormError message={formError} />
                  <Group>
                    <Button type="submit" loading={sending} data-testid="request-booking">
                      {quote.instantBooking ? t('market.book.bookNow') : t('market.book.request')}
                    </Button>
                  </Group>
                  <Muted>
                    {quote.instantBooking ? t('market.book.instantNote') : t('market.book.requestNote')}
                  </Muted>
                </>
              )}
            </Stack>
          </Card>
        ) : null}
      </Stack>
    </form>
  );
}

function Reviews({ worker }: { worker: Worker }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const session = useSession();
  const load = useCallback(() => getWorkerReviews(slug, worker.id), [slug, worker.id]);
  const reviews = useLoad(load);
  if (reviews.state === 'loading') return <Loading />;
  if (reviews.state === 'failed')
    return (
      <LoadFailed title={t('market.reviews.loadFailed')} error={reviews.error} onRetry={reviews.reload} />
    );
  const own = session.account?.id === worker.accountId;
  return (
    <Stack gap="sm" data-testid="worker-reviews">
      <RatingText rating={reviews.data.rating} />
      {reviews.data.reviews.map((review) => (
        <ReviewCard key={review.id} review={review} canReply={own} onReplied={reviews.reload} />
      ))}
    </Stack>
  );
}

export function WorkerPage() {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const session = useSession();
  const workerId = useParams().workerId ?? '';
  const load = useCallback(() => getWorker(slug, workerId), [slug, workerId]);
  const worker = useLoad(load);
  const locale = i18n.language;

  if (worker.state === 'loading') return <Loading />;
  if (worker.state === 'failed') {
    const missing = isApiError(worker.error) && worker.error.code === 'WORKER_NOT_FOUND';
    return (
      <Stack gap="md">
        <PageHeading>{t('market.worker.notFound')}</PageHeading>
        {missing ? (
          <Text>{marketErrorMessage(t, worker.error)}</Text>
        ) : (
          <LoadFailed title={t('market.worker.loadFailed')} error={worker.error} onRetry={worker.reload} />
        )}
      </Stack>
    );
  }
  const w = worker.data;
  const own = session.account?.id === w.accountId;
  const area =
    w.area?.kind === 'postal'
      ? t('market.worker.areaPostal', { codes: w.area.postalCodes.join(', ') })
      : w.area?.kind === 'radius'
        ? t('market.worker.areaRadius', { km: w.area.radiusKm })
        : null;

  return (
    <Stack gap="lg">
      <Group gap="md" wrap="nowrap" align="center">
        <Avatar src={w.photoUrl} alt="" size={72} radius="xl" color="teal">
          {w.displayName.slice(0, 1)}
        </Avatar>
        <Stack gap={2}>
          <PageHeading documentTitle={`${w.displayName} · ${profile.name}`}>{w.displayName}</PageHeading>
          <RatingText rating={w.rating} />
        </Stack>
      </Group>
      {own ? (
        <Alert color="blue" variant="light">
          <Group gap="sm" justify="space-between">
            <Text size="sm">{t('market.worker.ownProfile')}</Text>
            <Button component={Link} to={`/c/${slug}/worker/profile`} size="xs" variant="white">
              {t('market.worker.edit')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      {w.bio ? <Text style={{ whiteSpace: 'pre-line' }}>{w.bio}</Text> : null}
      <Group gap={6}>
        {w.languages.map((l) => (
          <Badge key={l} variant="outline" color="gray" radius="sm">
            {languageName(l, locale)}
          </Badge>
        ))}
        {w.skills.map((s) => (
          <Badge key={s} variant="light" color="grape" radius="sm">
            {s}
          </Badge>
        ))}
        {w.instantBooking ? (
          <Badge variant="light" color="teal" radius="sm">
            {t('market.search.instant')}
          </Badge>
        ) : null}
      </Group>
      {area ? <Muted>{area}</Muted> : null}

      <Section
        id="book-heading"
        title={own ? t('market.worker.servicesHeading') : t('market.worker.bookHeading')}
      >
        {own ? (
          <Stack gap="xs">
            {w.services.map((s) => (
              <Text key={s.id}>
                {s.title} · {rateText(s, t, locale)}
              </Text>
            ))}
          </Stack>
        ) : (
          <Booker worker={w} />
        )}
      </Section>

      <Section id="reviews-heading" title={t('market.reviews.heading')}>
        <Reviews worker={w} />
      </Section>
    </Stack>
  );
}
