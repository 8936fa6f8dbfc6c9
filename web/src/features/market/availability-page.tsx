import {
  ActionIcon,
  Alert,
  Button,
  Card,
  CopyButton,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import {
  type Availability,
  addException,
  getMyAvailability,
  type MyWorker,
  removeException,
  renewCalendarFeed,
  revokeCalendarFeed,
  setWeeklyHours,
} from './market-api.ts';
import { marketErrorMessage, placeMarketError } from './market-errors.ts';
import { Muted, Section } from './parts.tsx';
import { WorkerArea } from './worker-area.tsx';
import { dayLabel, todayIn } from './zoned-time.ts';

// When the worker works: weekly hours in their own time zone, dated exceptions (time off, extra
// hours), and the private calendar feed that puts their bookings in any calendar app.

type Range = { key: number; start: string; end: string };
type Week = Record<number, Range[]>;

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
// 2024-01-01 was a Monday: weekday names come from Intl in the reader's language.
const weekdayName = (weekday: number, locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );

let nextKey = 1;

function weekFrom(availability: Availability): Week {
  const week: Week = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
  for (const r of availability.rules) week[r.weekday]?.push({ key: nextKey++, start: r.start, end: r.end });
  return week;
}

function WeeklyHours({
  availability,
  onSaved,
}: {
  availability: Availability;
  onSaved(next: Availability): void;
}) {
  const { t, i18n } = useTranslation();
  const { slug } = useCoop();
  const [week, setWeek] = useState<Week>(() => weekFrom(availability));
  const [problem, setProblem] = useState<{ weekday: number; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const locale = i18n.language;

  const update = (weekday: number, ranges: Range[]) => {
    setWeek((w) => ({ ...w, [weekday]: ranges }));
    setProblem(null);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    for (const weekday of WEEKDAYS) {
      const bad = (week[weekday] ?? []).find(
        (r) => !r.start || !r.end || (r.end <= r.start && r.end !== '00:00'),
      );
      if (bad) return setProblem({ weekday, message: t('market.availability.rangeInvalid') });
    }
    const rules = WEEKDAYS.flatMap((weekday) =>
      (week[weekday] ?? []).map((r) => ({
        weekday,
        start: r.start,
        end: r.end === '00:00' ? '24:00' : r.end,
      })),
    );
    setSending(true);
    setError(null);
    try {
      const next = await setWeeklyHours(slug, rules);
      notify(t('market.availability.saved'));
      onSaved(next);
    } catch (caught) {
      setError(placeMarketError(t, caught, []).message);
    } finally {
      setSending(false);
    }
  }

  const monday = week[1] ?? [];
  return (
    <form onSubmit={save} noValidate aria-label={t('market.availability.weekly')}>
      <Stack gap="sm">
        <Muted>{t('market.availability.weeklyIntro', { zone: availability.timeZone })}</Muted>
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {WEEKDAYS.map((weekday) => {
            const ranges = week[weekday] ?? [];
            const name = weekdayName(weekday, locale);
            return (
              <Card component="li" key={weekday} withBorder padding="xs" data-testid={`weekday-${weekday}`}>
                <Stack gap={6}>
                  <Group justify="space-between" gap="xs">
                    <Text fw={600} tt="capitalize">
                      {name}
                    </Text>
                    <Button
                      variant="default"
                      size="compact-sm"
                      onClick={() =>
                        update(weekday, [
                          ...ranges,
                          {
                            key: nextKey++,
                            start: ranges.length ? ranges.at(-1)!.end : '09:00',
                            end: ranges.length ? '20:00' : '17:00',
                          },
                        ])
                      }
                    >
                      {t('market.availability.addHours', { day: name })}
                    </Button>
                  </Group>
                  {ranges.length === 0 ? (
                    <Text size="sm" c="gray.7">
                      {t('market.availability.dayOff')}
                    </Text>
                  ) : (
                    ranges.map((r, i) => (
                      <Group key={r.key} gap="xs" align="flex-end" wrap="nowrap">
                        <TextInput
                          type="time"
                          label={t('market.availability.from', { day: name, n: i + 1 })}
                          value={r.start}
                          onChange={(e) => {
                            const start = e.currentTarget.value;
                            update(
                              weekday,
                              ranges.map((x) => (x.key === r.key ? { ...x, start } : x)),
                            );
                          }}
                          style={{ flex: 1 }}
                        />
                        <TextInput
                          type="time"
                          label={t('market.availability.to', { day: name, n: i + 1 })}
                          value={r.end}
                          onChange={(e) => {
                            const end = e.currentTarget.value;
                            update(
                              weekday,
                              ranges.map((x) => (x.key === r.key ? { ...x, end } : x)),
                            );
                          }}
                          style={{ flex: 1 }}
                        />
                        <ActionIcon
                          variant="default"
                          color="red"
                          size="lg"
                          aria-label={t('market.availability.removeHours', { day: name, n: i + 1 })}
                          onClick={() =>
                            update(
                              weekday,
                              ranges.filter((x) => x.key !== r.key),
                            )
                          }
                        >
                          <span aria-hidden>×</span>
                        </ActionIcon>
                      </Group>
                    ))
                  )}
                  {problem?.weekday === weekday ? (
                    <Text size="sm" c="red.9" role="alert">
                      {problem.message}
                    </Text>
                  ) : null}
                </Stack>
              </Card>
            );
          })}
        </Stack>
        <Muted>{t('market.availability.midnight')}</Muted>
        <FormError message={error} />
        <Group gap="sm">
          <Button type="submit" loading={sending} data-testid="save-hours">
            {t('market.availability.save')}
          </Button>
          <Button
            variant="default"
            disabled={monday.length === 0}
            onClick={() => {
              const copy = () => monday.map((r) => ({ ...r, key: nextKey++ }));
              setWeek({ 1: monday, 2: copy(), 3: copy(), 4: copy(), 5: copy(), 6: copy(), 7: copy() });
            }}
          >
            {t('market.availability.copyMonday')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Exceptions({
  availability,
  onChanged,
}: {
  availability: Availability;
  onChanged(next: Availability): void;
}) {
  const { t, i18n } = useTranslation();
  const { slug } = useCoop();
  const locale = i18n.language;
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'extra'>('off');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ date?: string; start?: string; end?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function add(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!date) found.date = t('validation.required');
    if (kind === 'extra' && !start) found.start = t('validation.required');
    if ((start || end) && (!start || !end || end <= start)) found.end = t('market.availability.rangeInvalid');
    if (Object.keys(found).length > 0) return setErrors(found);
    setSending(true);
    setError(null);
    try {
      const next = await addException(slug, {
        date,
        kind,
        note: note.trim(),
        ...(start && end ? { start, end } : {}),
      });
      notify(t('market.availability.exceptionAdded'));
      setDate('');
      setStart('');
      setEnd('');
      setNote('');
      onChanged(next);
    } catch (caught) {
      const placed = placeMarketError(t, caught, ['date', 'start', 'end']);
      if (placed.field) setErrors({ [placed.field]: placed.message });
      else setError(placed.message);
    } finally {
      setSending(false);
    }
  }

  async function remove(id: string) {
    try {
      onChanged(await removeException(slug, id));
      notify(t('market.availability.exceptionRemoved'));
    } catch (caught) {
      notify(marketErrorMessage(t, caught), 'error');
    }
  }

  return (
    <Stack gap="md">
      {availability.exceptions.length === 0 ? (
        <Text size="sm">{t('market.availability.noExceptions')}</Text>
      ) : (
        <Stack
          component="ul"
          gap="xs"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="exceptions"
        >
          {availability.exceptions.map((x) => (
            <Card component="li" key={x.id} withBorder padding="xs">
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm">
                  {t(`market.availability.kind.${x.kind}`)}: {dayLabel(x.date, locale, { year: 'numeric' })}
                  {x.start && x.end ? `, ${x.start}–${x.end}` : ''}
                  {x.note ? ` — ${x.note}` : ''}
                </Text>
                <Button variant="default" color="red" size="compact-sm" onClick={() => void remove(x.id)}>
                  {t('market.availability.remove')}
                </Button>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <Card withBorder padding="md">
        <form onSubmit={add} noValidate aria-label={t('market.availability.addException')}>
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('market.availability.addException')}
            </Title>
            <SegmentedControl
              aria-label={t('market.availability.kindLabel')}
              value={kind}
              onChange={(v) => setKind(v as 'off' | 'extra')}
              data={[
                { value: 'off', label: t('market.availability.kind.off') },
                { value: 'extra', label: t('market.availability.kind.extra') },
              ]}
            />
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <TextInput
                type="date"
                label={t('market.availability.date')}
                value={date}
                min={todayIn(availability.timeZone)}
                error={errors.date}
                onChange={(e) => {
                  setDate(e.currentTarget.value);
                  setErrors({});
                }}
              />
              <TextInput
                type="time"
                label={kind === 'off' ? t('market.availability.offFrom') : t('market.availability.extraFrom')}
                value={start}
                error={errors.start}
                onChange={(e) => {
                  setStart(e.currentTarget.value);
                  setErrors({});
                }}
              />
              <TextInput
                type="time"
                label={t('market.availability.until')}
                value={end}
                error={errors.end}
                onChange={(e) => {
                  setEnd(e.currentTarget.value);
                  setErrors({});
                }}
              />
            </SimpleGrid>
            {kind === 'off' ? <Muted>{t('market.availability.wholeDay')}</Muted> : null}
            <TextInput
              label={t('market.availability.note')}
              value={note}
              maxLength={200}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <FormError message={error} />
            <Group>
              <Button type="submit" variant="default" loading={sending}>
                {t('market.availability.addException')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

function CalendarFeed({ worker, onChanged }: { worker: MyWorker; onChanged(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const enabled = worker.calendarFeed.enabled || url !== null;

  async function renew() {
    setBusy(true);
    try {
      const feed = await renewCalendarFeed(slug);
      setUrl(feed.url);
      notify(t('market.feed.made'));
      onChanged();
    } catch (caught) {
      notify(marketErrorMessage(t, caught), 'error');
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    setBusy(true);
    try {
      await revokeCalendarFeed(slug);
      setUrl(null);
      setConfirming(false);
      notify(t('market.feed.revoked'));
      onChanged();
    } catch (caught) {
      notify(marketErrorMessage(t, caught), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm" data-testid="calendar-feed">
      <Text size="sm">{t('market.feed.intro')}</Text>
      <Text size="sm" fw={600} data-testid="feed-status">
        {enabled ? t('market.feed.on') : t('market.feed.off')}
      </Text>
      {url ? (
        <Alert color="teal" variant="light">
          <Stack gap="xs">
            <Text size="sm">{t('market.feed.once')}</Text>
            <TextInput
              label={t('market.feed.url')}
              value={url}
              readOnly
              onFocus={(e) => e.currentTarget.select()}
              data-testid="feed-url"
            />
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Group>
                  <Button size="xs" variant="white" onClick={copy}>
                    {copied ? t('market.feed.copied') : t('market.feed.copy')}
                  </Button>
                </Group>
              )}
            </CopyButton>
          </Stack>
        </Alert>
      ) : null}
      <Group gap="sm">
        <Button
          variant="default"
          loading={busy && !confirming}
          onClick={() => void renew()}
          data-testid="renew-feed"
        >
          {enabled ? t('market.feed.renew') : t('market.feed.make')}
        </Button>
        {enabled ? (
          <Button variant="outline" color="red" onClick={() => setConfirming(true)} data-testid="revoke-feed">
            {t('market.feed.revoke')}
          </Button>
        ) : null}
      </Group>
      {enabled && !url ? <Muted>{t('market.feed.renewNote')}</Muted> : null}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('market.feed.revokeTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('market.feed.revokeText')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('market.booking.ask.back')}
            </Button>
            <Button color="red" loading={busy} onClick={() => void revoke()} data-testid="confirm-revoke">
              {t('market.feed.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function AvailabilityContent({ worker, reload }: { worker: MyWorker; reload(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => getMyAvailability(slug), [slug]);
  const availability = useLoad(load);
  const [fresh, setFresh] = useState<Availability | null>(null);
  if (availability.state === 'loading') return <Loading />;
  if (availability.state === 'failed')
    return (
      <LoadFailed
        title={t('market.availability.loadFailed')}
        error={availability.error}
        onRetry={availability.reload}
      />
    );
  const current = fresh ?? availability.data;
  return (
    <Stack gap="xl">
      <Section id="weekly-heading" title={t('market.availability.weekly')}>
        <WeeklyHours availability={current} onSaved={setFresh} />
      </Section>
      <Section id="exceptions-heading" title={t('market.availability.exceptions')}>
        <Exceptions availability={current} onChanged={setFresh} />
      </Section>
      <Section id="feed-heading" title={t('market.feed.heading')}>
        <CalendarFeed worker={worker} onChanged={reload} />
      </Section>
    </Stack>
  );
}

export function AvailabilityPage() {
  const { t } = useTranslation();
  return (
    <WorkerArea title={t('market.availability.title')}>
      {(mine) =>
        mine.state === 'done' && mine.data ? (
          <AvailabilityContent worker={mine.data} reload={mine.reload} />
        ) : null
      }
    </WorkerArea>
  );
}
