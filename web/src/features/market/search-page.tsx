import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { money, percent } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { durationOptions, LanguageSelect, languageName, PointFields, parseDecimal } from './fields.tsx';
import { type SearchParams, type SearchResult, type SearchResults, searchWorkers } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { placeMarketError } from './market-errors.ts';
import { amountText, parseAmount } from './money-input.ts';
import { ExplanationTable, Muted, RatingText, topFactors } from './parts.tsx';
import { addDays, spanLabel, todayIn, zonedParts, zonedToIso } from './zoned-time.ts';

// Search: who is free for the time asked, where, in which language and at what price, ranked by the
// constitution's weights, each result with the factors that put it where it is. The filters live in the
// address, so a search can be shared, reloaded and come back to.

type Place = 'any' | 'postal' | 'point';

type Form = {
  category: string;
  place: Place;
  postalCode: string;
  lat: string;
  lng: string;
  radiusKm: string;
  fromDate: string;
  fromTime: string;
  toDate: string;
  toTime: string;
  duration: string;
  language: string | null;
  rateMin: string;
  rateMax: string;
};

type FormErrors = Partial<Record<keyof Form, string>>;

const PAGE = 10;

function formFrom(params: URLSearchParams, defaults: Form): Form {
  const get = (key: keyof Form) => params.get(key) ?? (defaults[key] as string);
  return {
    category: get('category'),
    place: (['any', 'postal', 'point'] as const).find((p) => p === params.get('place')) ?? defaults.place,
    postalCode: get('postalCode'),
    lat: get('lat'),
    lng: get('lng'),
    radiusKm: get('radiusKm'),
    fromDate: get('fromDate'),
    fromTime: get('fromTime'),
    toDate: get('toDate'),
    toTime: get('toTime'),
    duration: get('duration'),
    language: params.get('language') || null,
    rateMin: get('rateMin'),
    rateMax: get('rateMax'),
  };
}

/** The API query for a form, or the problems with it. */
function toQuery(
  form: Form,
  timeZone: string,
  currency: string,
  t: TFunction,
): { query: SearchParams } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (!form.category) errors.category = t('market.search.chooseCategory');
  const from = form.fromDate && form.fromTime ? zonedToIso(form.fromDate, form.fromTime, timeZone) : null;
  const to = form.toDate && form.toTime ? zonedToIso(form.toDate, form.toTime, timeZone) : null;
  if (!from) errors.fromDate = t('validation.required');
  if (!to) errors.toDate = t('validation.required');
  if (from && to && Date.parse(to) <= Date.parse(from)) errors.toDate = t('market.search.endAfterStart');
  const query: SearchParams = {
    category: form.category,
    from: from ?? '',
    to: to ?? '',
    durationMinutes: Number(form.duration) || 60,
  };
  if (form.place === 'postal') {
    if (!/^[A-Za-z0-9 -]{2,10}$/.test(form.postalCode.trim()))
      errors.postalCode = t('market.fields.postalInvalid');
    else query.postalCode = form.postalCode.trim();
  }
  if (form.place === 'point') {
    const lat = parseDecimal(form.lat, -90, 90);
    const lng = parseDecimal(form.lng, -180, 180);
    const radius = form.radiusKm.trim() === '' ? undefined : parseDecimal(form.radiusKm, 0.1, 500);
    if (lat === null) errors.lat = t('market.fields.latInvalid');
    if (lng === null) errors.lng = t('market.fields.lngInvalid');
    if (radius === null) errors.radiusKm = t('market.fields.radiusInvalid');
    if (lat !== null && lng !== null) Object.assign(query, { lat, lng });
    if (radius !== null && radius !== undefined) query.radiusKm = radius;
  }
  if (form.language) query.language = form.language;
  for (const key of ['rateMin', 'rateMax'] as const) {
    if (form[key].trim() === '') continue;
    const minor = parseAmount(form[key], currency);
    if (minor === null) errors[key] = t('market.fields.amountInvalid');
    else query[key] = minor;
  }
  if (query.rateMin && query.rateMax && BigInt(query.rateMin) > BigInt(query.rateMax))
    errors.rateMax = t('market.search.maxBelowMin');
  return Object.keys(errors).length > 0 ? { errors } : { query };
}

function ResultCard({
  result,
  rank,
  durationMinutes,
}: {
  result: SearchResult;
  rank: number;
  durationMinutes: number;
}) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const locale = i18n.language;
  const { worker, service } = result;
  const headingId = `result-${worker.id}`;
  const start = zonedParts(result.firstSlot.startsAt, profile.timeZone);
  const to = `/c/${slug}/workers/${worker.id}?${new URLSearchParams({
    service: service.id,
    date: start.date,
    duration: String(durationMinutes),
    start: result.firstSlot.startsAt,
  }).toString()}`;
  const rate =
    service.pricing === 'hourly'
      ? t('market.rate.hourly', { amount: money(service.rate, service.currency, locale) })
      : t('market.rate.fixed', { amount: money(service.rate, service.currency, locale) });
  return (
    <Card component="li" withBorder padding="md" aria-labelledby={headingId} data-testid="search-result">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Stack gap={2}>
            <Title order={3} size="h4" id={headingId}>
              <Text span c="gray.7" fw={700} aria-label={t('market.search.rank', { rank })}>
                {`${rank}. `}
              </Text>
              <Anchor component={Link} to={to} inherit>
                {worker.displayName}
              </Anchor>
            </Title>
            <Text size="sm">{service.title}</Text>
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
              {rate}
            </Text>
            {worker.instantBooking ? (
              <Badge variant="light" color="teal" size="sm">
                {t('market.search.instant')}
              </Badge>
            ) : null}
          </Stack>
        </Group>
        <RatingText rating={worker.rating} />
        <Muted>
          {[
            worker.languages.length > 0
              ? t('market.search.speaks', {
                  languages: worker.languages.map((l) => languageName(l, locale)).join(', '),
                })
              : null,
            result.distanceKm !== null
              ? t('market.search.distance', {
                  km: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(result.distanceKm),
                })
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Muted>
        <Text size="sm" data-testid="first-slot">
          {t('market.search.firstSlot', {
            when: spanLabel(result.firstSlot.startsAt, result.firstSlot.endsAt, locale, profile.timeZone),
          })}
        </Text>
        <Text size="sm" data-testid="estimate">
          {t('market.search.estimate', {
            total: money(result.estimate.total, service.currency, locale),
            subtotal: money(result.estimate.subtotal, service.currency, locale),
            fee: money(result.estimate.fee, service.currency, locale),
          })}
        </Text>
        <Text size="sm" data-testid="why-rank">
          {t('market.search.why', {
            rank,
            score: new Intl.NumberFormat(locale, {
              minimumFractionDigits: 2,
              maximumFractionDigits: 2,
            }).format(result.explanation.score * 100),
            factors: topFactors(result.explanation, t),
          })}
        </Text>
        <details>
          <summary style={{ cursor: 'pointer', fontSize: 14 }}>
            {t('market.search.showWhy', { name: worker.displayName })}
          </summary>
          <ExplanationTable
            explanation={result.explanation}
            label={t('market.search.whyTable', { name: worker.displayName })}
          />
        </details>
        <Group>
          <Button component={Link} to={to} size="sm">
            {t('market.search.book')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Results({
  results,
  offset,
  durationMinutes,
}: {
  results: SearchResults;
  offset: number;
  durationMinutes: number;
}) {
  const { t } = useTranslation();
  if (results.results.length === 0) {
    return (
      <Alert color="gray" variant="light" data-testid="search-empty">
        {t('market.search.none')}
      </Alert>
    );
  }
  return (
    <SimpleGrid
      cols={1}
      component="ol"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label={t('market.search.resultsLabel')}
      data-testid="search-results"
    >
      {results.results.map((r, i) => (
        <ResultCard key={r.worker.id} result={r} rank={offset + i + 1} durationMinutes={durationMinutes} />
      ))}
    </SimpleGrid>
  );
}

export function SearchPage() {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const { rules, booked, dispatched } = useMarket();
  const locale = i18n.language;
  const [params, setParams] = useSearchParams();
  const today = todayIn(profile.timeZone);
  const defaults = useMemo<Form>(
    () => ({
      category: booked[0]?.key ?? '',
      place: 'any',
      postalCode: '',
      lat: '',
      lng: '',
      radiusKm: '',
      fromDate: today,
      fromTime: '08:00',
      toDate: addDays(today, 7),
      toTime: '20:00',
      duration: '60',
      language: null,
      rateMin: '',
      rateMax: '',
    }),
    [booked, today],
  );
  const submitted = params.has('category');
  const [form, setForm] = useState<Form>(() => formFrom(params, defaults));
  const [errors, setErrors] = useState<FormErrors>({});
  const offset = Number(params.get('offset') ?? '0') || 0;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const current = useMemo(() => formFrom(params, defaults), [params, defaults]);
  const load = useCallback(async (): Promise<SearchResults | null> => {
    if (!submitted) return null;
    const built = toQuery(current, profile.timeZone, profile.currency, t);
    if ('errors' in built) return null;
    return searchWorkers(slug, { ...built.query, offset, limit: PAGE });
  }, [submitted, current, profile.timeZone, profile.currency, t, slug, offset]);
  const results = useLoad(load);

  function submit(event: FormEvent) {
    event.preventDefault();
    const built = toQuery(form, profile.timeZone, profile.currency, t);
    if ('errors' in built) return setErrors(built.errors);
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) if (value) next.set(key, String(value));
    setParams(next);
  }

  const failure =
    results.state === 'failed'
      ? placeMarketError(t, results.error, [
          'category',
          'postalCode',
          'lat',
          'lng',
          'radiusKm',
          'to',
          'rateMin',
        ])
      : null;
  const weights = rules.dispatch.weights;
  const totalWeight = Object.values(weights).reduce((s, w) => s + w, 0) || 1;
  const weightText = (['fairness', 'proximity', 'rating', 'skillMatch', 'preference'] as const)
    .map(
      (f) =>
        `${t(`market.factors.${f}`)} ${percent(Math.round((weights[f] / totalWeight) * 10_000), locale)}`,
    )
    .join(', ');
  const duration = Number(current.duration) || 60;
  const title = t('market.search.title');

  return (
    <Stack gap="lg">
      <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
      <Text>{t('market.search.intro')}</Text>
      {dispatched.length > 0 ? (
        <Text size="sm">
          {t('market.search.dispatchedNote', { categories: dispatched.map((c) => c.name).join(', ') })}{' '}
          <Anchor component={Link} to={`/c/${slug}/jobs/new`}>
            {t('market.search.postJob')}
          </Anchor>
        </Text>
      ) : null}

      {booked.length === 0 ? (
        <Alert color="gray">{t('market.search.noCategories')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate aria-label={t('market.search.formLabel')}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label={t('market.fields.category')}
                data={booked.map((c) => ({ value: c.key, label: c.name }))}
                value={form.category || null}
                onChange={(v) => set('category', v ?? '')}
                error={errors.category ?? (failure?.field === 'category' ? failure.message : undefined)}
                allowDeselect={false}
                required
              />
              <Select
                label={t('market.fields.duration')}
                data={durationOptions(15)}
                value={form.duration}
                onChange={(v) => set('duration', v ?? '60')}
                allowDeselect={false}
              />
            </SimpleGrid>

            <Stack gap={6}>
              <Text component="span" size="sm" fw={500} id="place-label">
                {t('market.fields.place')}
              </Text>
              <SegmentedControl
                aria-labelledby="place-label"
                value={form.place}
                onChange={(v) => set('place', v as Place)}
                data={[
                  { value: 'any', label: t('market.fields.placeAny') },
                  { value: 'postal', label: t('market.fields.placePostal') },
                  { value: 'point', label: t('market.fields.placePoint') },
                ]}
                fullWidth
              />
              {form.place === 'postal' ? (
                <TextInput
                  label={t('market.search.postalCode')}
                  value={form.postalCode}
                  error={errors.postalCode ?? (failure?.field === 'postalCode' ? failure.message : undefined)}
                  onChange={(e) => set('postalCode', e.currentTarget.value)}
                  maxLength={10}
                />
              ) : null}
              {form.place === 'point' ? (
                <>
                  <PointFields
                    lat={form.lat}
                    lng={form.lng}
                    onChange={(p) => {
                      setForm((f) => ({ ...f, ...p }));
                      setErrors((e) => ({ ...e, lat: undefined, lng: undefined }));
                    }}
                    errors={{ lat: errors.lat, lng: errors.lng }}
                  />
                  <TextInput
                    label={t('market.fields.radiusKm')}
                    description={t('market.fields.radiusHint', { km: rules.dispatch.maxDistanceKm })}
                    inputMode="decimal"
                    value={form.radiusKm}
                    error={errors.radiusKm}
                    onChange={(e) => set('radiusKm', e.currentTarget.value)}
                  />
                </>
              ) : null}
            </Stack>

            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
              <TextInput
                type="date"
                label={t('market.fields.fromDate')}
                value={form.fromDate}
                error={errors.fromDate}
                onChange={(e) => set('fromDate', e.currentTarget.value)}
              />
              <TextInput
                type="time"
                label={t('market.fields.fromTime')}
                value={form.fromTime}
                onChange={(e) => set('fromTime', e.currentTarget.value)}
              />
              <TextInput
                type="date"
                label={t('market.fields.toDate')}
                value={form.toDate}
                error={errors.toDate ?? (failure?.field === 'to' ? failure.message : undefined)}
                onChange={(e) => set('toDate', e.currentTarget.value)}
              />
              <TextInput
                type="time"
                label={t('market.fields.toTime')}
                value={form.toTime}
                onChange={(e) => set('toTime', e.currentTarget.value)}
              />
            </SimpleGrid>
            <Muted>{t('market.fields.timesIn', { zone: profile.timeZone })}</Muted>

            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <LanguageSelect
                label={t('market.fields.language')}
                value={form.language}
                onChange={(v) => set('language', v)}
              />
              <TextInput
                label={t('market.fields.rateMin', { currency: profile.currency })}
                inputMode="decimal"
                value={form.rateMin}
                error={errors.rateMin ?? (failure?.field === 'rateMin' ? failure.message : undefined)}
                onChange={(e) => set('rateMin', e.currentTarget.value)}
                placeholder={amountText(
                  booked.find((c) => c.key === form.category)?.minHourlyRate ?? '0',
                  profile.currency,
                )}
              />
              <TextInput
                label={t('market.fields.rateMax', { currency: profile.currency })}
                inputMode="decimal"
                value={form.rateMax}
                error={errors.rateMax}
                onChange={(e) => set('rateMax', e.currentTarget.value)}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" data-testid="search-submit">
                {t('market.search.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      <Stack component="section" aria-labelledby="results-heading" gap="sm">
        <Title order={2} id="results-heading" size="h3">
          {t('market.search.resultsHeading')}
        </Title>
        <Muted>
          {t('market.search.ranking', { version: rules.constitutionVersion, weights: weightText })}
        </Muted>
        {!submitted ? (
          <Text>{t('market.search.notYet')}</Text>
        ) : results.state === 'loading' ? (
          <Loading label={t('market.search.searching')} />
        ) : failure && !failure.field ? (
          <FormError message={failure.message} />
        ) : results.state === 'done' && results.data ? (
          <>
            <Results results={results.data} offset={offset} durationMinutes={duration} />
            <Group gap="sm">
              {offset > 0 ? (
                <Button
                  variant="default"
                  onClick={() => {
                    const next = new URLSearchParams(params);
                    next.set('offset', String(Math.max(0, offset - PAGE)));
                    setParams(next);
                  }}
                >
                  {t('market.search.previous')}
                </Button>
              ) : null}
              {results.data.hasMore ? (
                <Button
                  variant="default"
                  onClick={() => {
                    const next = new URLSearchParams(params);
                    next.set('offset', String(offset + PAGE));
                    setParams(next);
                  }}
                >
                  {t('market.search.next')}
                </Button>
              ) : null}
            </Group>
          </>
        ) : null}
      </Stack>
    </Stack>
  );
}
