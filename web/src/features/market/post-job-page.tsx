import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { money, percent } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { durationOptions, PointFields, parseDecimal } from './fields.tsx';
import { type JobFields, postJob } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { placeMarketError } from './market-errors.ts';
import { parseAmount } from './money-input.ts';
import { Muted } from './parts.tsx';
import { addDays, todayIn, zonedToIso } from './zoned-time.ts';

// Posting a job the co-op dispatches: what, where, the time window, and the price (a budget, or the
// category's standard price). The co-op then offers it to one worker at a time.

type Form = {
  categoryKey: string;
  title: string;
  description: string;
  lat: string;
  lng: string;
  postalCode: string;
  address: string;
  date: string;
  start: string;
  end: string;
  duration: string;
  budget: string;
  skills: string;
};
type Errors = Partial<Record<keyof Form | 'windowStart' | 'windowEnd' | 'durationMinutes', string>>;

const FIELDS = [
  'categoryKey',
  'title',
  'postalCode',
  'address',
  'windowStart',
  'windowEnd',
  'durationMinutes',
  'budget',
] as const;

function PostJobForm() {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const { rules, dispatched } = useMarket();
  const navigate = useNavigate();
  const locale = i18n.language;
  const zone = profile.timeZone;
  const [form, setForm] = useState<Form>({
    categoryKey: dispatched[0]?.key ?? '',
    title: '',
    description: '',
    lat: '',
    lng: '',
    postalCode: '',
    address: '',
    date: addDays(todayIn(zone), 1),
    start: '09:00',
    end: '12:00',
    duration: '30',
    budget: '',
    skills: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const category = dispatched.find((c) => c.key === form.categoryKey);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (!category) found.categoryKey = t('validation.required');
    if (!form.title.trim()) found.title = t('validation.required');
    const lat = parseDecimal(form.lat, -90, 90);
    const lng = parseDecimal(form.lng, -180, 180);
    if (lat === null) found.lat = t('market.fields.latInvalid');
    if (lng === null) found.lng = t('market.fields.lngInvalid');
    if (form.postalCode.trim() && !/^[A-Za-z0-9 -]{2,10}$/.test(form.postalCode.trim()))
      found.postalCode = t('market.fields.postalInvalid');
    if (!form.date) found.date = t('validation.required');
    const budget = form.budget.trim() ? parseAmount(form.budget, profile.currency) : undefined;
    if (budget === null || budget === '0') found.budget = t('market.fields.amountInvalid');
    if (form.end <= form.start) found.end = t('market.search.endAfterStart');
    if (Object.keys(found).length > 0 || !category || lat === null || lng === null) return setErrors(found);
    const fields: JobFields = {
      categoryKey: category.key,
      title: form.title.trim(),
      description: form.description.trim(),
      location: { lat, lng },
      address: form.address.trim(),
      windowStart: zonedToIso(form.date, form.start, zone),
      windowEnd: zonedToIso(form.date, form.end, zone),
      durationMinutes: Number(form.duration),
      requiredSkills: form.skills
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      ...(form.postalCode.trim() ? { postalCode: form.postalCode.trim() } : {}),
      ...(budget ? { budget } : {}),
    };
    setSending(true);
    setFormError(null);
    try {
      const job = await postJob(slug, fields);
      notify(t('market.postJob.posted'));
      await navigate(`/c/${slug}/jobs/${job.id}`);
    } catch (error) {
      const placed = placeMarketError(t, error, FIELDS, {
        category: category.name,
        floor: money(category.minHourlyRate, profile.currency, locale),
        version: String(rules.constitutionVersion),
      });
      const field =
        placed.field === 'windowStart'
          ? 'start'
          : placed.field === 'windowEnd'
            ? 'end'
            : placed.field === 'durationMinutes'
              ? 'duration'
              : placed.field;
      if (field) setErrors((e) => ({ ...e, [field]: placed.message }));
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  if (dispatched.length === 0) return <Alert color="gray">{t('market.postJob.noCategories')}</Alert>;

  return (
    <form onSubmit={submit} noValidate aria-label={t('market.postJob.title')}>
      <Stack gap="md">
        <Select
          label={t('market.fields.category')}
          data={dispatched.map((c) => ({ value: c.key, label: c.name }))}
          value={form.categoryKey}
          onChange={(v) => set('categoryKey', v ?? '')}
          error={errors.categoryKey}
          allowDeselect={false}
          required
        />
        {category ? (
          <Muted>
            {[
              category.standardPrice
                ? t('market.postJob.standardPrice', {
                    price: money(category.standardPrice, profile.currency, locale),
                  })
                : t('market.postJob.noStandardPrice'),
              t('market.postJob.floor', {
                floor: money(category.minHourlyRate, profile.currency, locale),
                version: rules.constitutionVersion,
              }),
              t('market.postJob.fee', { rate: percent(rules.platformFeeBps, locale) }),
            ].join(' ')}
          </Muted>
        ) : null}
        <TextInput
          label={t('market.postJob.jobTitle')}
          value={form.title}
          maxLength={120}
          required
          error={errors.title}
          onChange={(e) => set('title', e.currentTarget.value)}
        />
        <Textarea
          label={t('market.postJob.description')}
          value={form.description}
          maxLength={4000}
          autosize
          minRows={2}
          onChange={(e) => set('description', e.currentTarget.value)}
        />
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('market.postJob.where')}
          </Text>
          <PointFields
            lat={form.lat}
            lng={form.lng}
            onChange={(p) => {
              setForm((f) => ({ ...f, ...p }));
              setErrors((e) => ({ ...e, lat: undefined, lng: undefined }));
            }}
            errors={{ lat: errors.lat, lng: errors.lng }}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label={t('market.fields.postalCode')}
            value={form.postalCode}
            maxLength={10}
            error={errors.postalCode}
            onChange={(e) => set('postalCode', e.currentTarget.value)}
          />
          <TextInput
            label={t('market.postJob.address')}
            description={t('market.postJob.addressHint')}
            value={form.address}
            maxLength={300}
            error={errors.address}
            onChange={(e) => set('address', e.currentTarget.value)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
          <TextInput
            type="date"
            label={t('market.postJob.date')}
            value={form.date}
            min={todayIn(zone)}
            error={errors.date}
            onChange={(e) => set('date', e.currentTarget.value)}
          />
          <TextInput
            type="time"
            label={t('market.postJob.start')}
            value={form.start}
            error={errors.start}
            onChange={(e) => set('start', e.currentTarget.value)}
          />
          <TextInput
            type="time"
            label={t('market.postJob.end')}
            value={form.end}
            error={errors.end}
            onChange={(e) => set('end', e.currentTarget.value)}
          />
        </SimpleGrid>
        <Muted>{t('market.postJob.windowHint', { zone })}</Muted>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Select
            label={t('market.postJob.duration')}
            data={durationOptions(15)}
            value={form.duration}
            onChange={(v) => set('duration', v ?? '30')}
            error={errors.duration}
            allowDeselect={false}
          />
          <TextInput
            label={t('market.postJob.budget', { currency: profile.currency })}
            description={t('market.postJob.budgetHint')}
            inputMode="decimal"
            value={form.budget}
            error={errors.budget}
            onChange={(e) => set('budget', e.currentTarget.value)}
          />
        </SimpleGrid>
        <TextInput
          label={t('market.postJob.skills')}
          description={t('market.postJob.skillsHint')}
          value={form.skills}
          onChange={(e) => set('skills', e.currentTarget.value)}
        />
        <FormError message={formError} />
        <Group>
          <Button type="submit" loading={sending} data-testid="post-job">
            {t('market.postJob.submit')}
          </Button>
        </Group>
        <Muted>{t('market.postJob.how', { minutes: rules.dispatch.offerTimeoutMinutes })}</Muted>
      </Stack>
    </form>
  );
}

export function PostJobPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const title = t('market.postJob.title');
  return (
    <RequireAccount reason={t('market.postJob.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <PostJobForm />
      </Stack>
    </RequireAccount>
  );
}
