import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-card.tsx';
import { money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { durationOptions } from './fields.tsx';
import { createService, type MyWorker, type Service, updateService } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { placeMarketError } from './market-errors.ts';
import { amountText, parseAmount } from './money-input.ts';
import { Muted, Section } from './parts.tsx';
import { WorkerArea } from './worker-area.tsx';
import { durationLabel } from './zoned-time.ts';

// The worker's services: what they offer, in which category, at what price. A price below the
// category's pay floor is refused, and the refusal shows on the price with the floor and the version
// of the constitution that set it.

type Form = {
  categoryKey: string;
  title: string;
  description: string;
  pricing: 'hourly' | 'fixed';
  rate: string;
  minDurationMinutes: string;
  active: boolean;
};
type Errors = Partial<Record<keyof Form, string>>;
const FIELDS = ['categoryKey', 'title', 'description', 'pricing', 'rate', 'minDurationMinutes'] as const;

function ServiceForm({
  service,
  onDone,
  onCancel,
}: {
  service: Service | null;
  onDone(): void;
  onCancel?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const { rules, category: categoryOf } = useMarket();
  const locale = i18n.language;
  const currency = profile.currency;
  const [form, setForm] = useState<Form>({
    categoryKey: service?.categoryKey ?? rules.categories[0]?.key ?? '',
    title: service?.title ?? '',
    description: service?.description ?? '',
    pricing: service?.pricing ?? 'hourly',
    rate: service ? amountText(service.rate, currency) : '',
    minDurationMinutes: String(service?.minDurationMinutes ?? 60),
    active: service?.active ?? true,
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const category = categoryOf(form.categoryKey);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const idPrefix = service ? `service-${service.id}` : 'new-service';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (!category) found.categoryKey = t('validation.required');
    if (!form.title.trim()) found.title = t('validation.required');
    const rate = parseAmount(form.rate, currency);
    if (rate === null || rate === '0') found.rate = t('market.fields.amountInvalid');
    if (Object.keys(found).length > 0 || !category || rate === null) return setErrors(found);
    const fields = {
      title: form.title.trim(),
      description: form.description.trim(),
      pricing: form.pricing,
      rate,
      minDurationMinutes: Number(form.minDurationMinutes),
    };
    setSending(true);
    setFormError(null);
    try {
      if (service) await updateService(slug, service.id, { ...fields, active: form.active });
      else await createService(slug, { ...fields, categoryKey: category.key });
      notify(service ? t('market.services.saved') : t('market.services.created'));
      onDone();
    } catch (error) {
      const placed = placeMarketError(t, error, FIELDS, {
        category: category.name,
        floor: money(category.minHourlyRate, currency, locale),
        version: String(rules.constitutionVersion),
      });
      if (placed.field) setErrors((e) => ({ ...e, [placed.field as keyof Form]: placed.message }));
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={
        service ? t('market.services.editLabel', { title: service.title }) : t('market.services.newLabel')
      }
    >
      <Stack gap="sm">
        {service ? null : (
          <Select
            label={t('market.fields.category')}
            data={rules.categories.map((c) => ({ value: c.key, label: c.name }))}
            value={form.categoryKey}
            onChange={(v) => set('categoryKey', v ?? '')}
            error={errors.categoryKey}
            allowDeselect={false}
            required
          />
        )}
        <TextInput
          label={t('market.services.serviceTitle')}
          value={form.title}
          maxLength={120}
          required
          error={errors.title}
          onChange={(e) => set('title', e.currentTarget.value)}
        />
        <Textarea
          label={t('market.services.description')}
          value={form.description}
          maxLength={4000}
          autosize
          minRows={2}
          error={errors.description}
          onChange={(e) => set('description', e.currentTarget.value)}
        />
        <Stack gap={6}>
          <Text component="span" size="sm" fw={500} id={`${idPrefix}-pricing`}>
            {t('market.services.pricing')}
          </Text>
          <SegmentedControl
            aria-labelledby={`${idPrefix}-pricing`}
            value={form.pricing}
            onChange={(v) => set('pricing', v as Form['pricing'])}
            data={[
              { value: 'hourly', label: t('market.services.hourly') },
              { value: 'fixed', label: t('market.services.fixed') },
            ]}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label={
              form.pricing === 'hourly'
                ? t('market.services.rateHourly', { currency })
                : t('market.services.rateFixed', { currency })
            }
            description={
              category
                ? t('market.services.floorHint', {
                    floor: money(category.minHourlyRate, currency, locale),
                    version: rules.constitutionVersion,
                  })
                : undefined
            }
            inputMode="decimal"
            value={form.rate}
            required
            error={errors.rate}
            onChange={(e) => set('rate', e.currentTarget.value)}
            data-testid={`${idPrefix}-rate`}
          />
          <Select
            label={t('market.services.minDuration')}
            data={durationOptions(15)}
            value={form.minDurationMinutes}
            onChange={(v) => set('minDurationMinutes', v ?? '60')}
            error={errors.minDurationMinutes}
            allowDeselect={false}
          />
        </SimpleGrid>
        {service ? (
          <Switch
            label={t('market.services.onOffer')}
            checked={form.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
        ) : null}
        <FormError message={formError} />
        <Group gap="sm">
          <Button type="submit" loading={sending} data-testid={`${idPrefix}-save`}>
            {service ? t('market.services.save') : t('market.services.add')}
          </Button>
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('market.booking.ask.back')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}

function ServiceCard({ service, onChanged }: { service: Service; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const locale = i18n.language;
  const headingId = `service-heading-${service.id}`;
  const amount = money(service.rate, service.currency, locale);
  return (
    <Card component="li" withBorder padding="md" aria-labelledby={headingId} data-testid="my-service">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={headingId}>
            {service.title}
          </Title>
          {service.active ? null : (
            <Badge color="gray" variant="light">
              {t('market.services.offline')}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {service.categoryName} ·{' '}
          {service.pricing === 'hourly'
            ? t('market.rate.hourly', { amount })
            : t('market.rate.fixed', { amount })}{' '}
          · {t('market.book.minimum', { duration: durationLabel(service.minDurationMinutes) })}
        </Text>
        <Muted>{t('market.services.checked', { version: service.checkedVersion })}</Muted>
        {service.belowFloor ? (
          <Alert color="orange" variant="light" data-testid="below-floor">
            {t('market.services.belowFloor', {
              floor: money(service.belowFloor.floor, service.currency, locale),
              version: service.belowFloor.version,
            })}
          </Alert>
        ) : null}
        {editing ? (
          <ServiceForm
            service={service}
            onDone={() => {
              setEditing(false);
              onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <Group>
            <Button variant="default" size="xs" onClick={() => setEditing(true)}>
              {t('market.services.edit')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function Services({ worker, reload }: { worker: MyWorker; reload(): void }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(worker.services.length === 0);
  return (
    <Stack gap="xl">
      <Section id="my-services-heading" title={t('market.services.mine')}>
        {worker.services.length === 0 ? (
          <Text size="sm">{t('market.services.none')}</Text>
        ) : (
          <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {worker.services.map((s) => (
              <ServiceCard key={s.id} service={s} onChanged={reload} />
            ))}
          </Stack>
        )}
      </Section>
      <Section id="new-service-heading" title={t('market.services.newHeading')}>
        {adding ? (
          <Card withBorder padding="md">
            <ServiceForm
              service={null}
              onDone={() => {
                setAdding(false);
                reload();
              }}
              {...(worker.services.length > 0 ? { onCancel: () => setAdding(false) } : {})}
            />
          </Card>
        ) : (
          <Group>
            <Button onClick={() => setAdding(true)}>{t('market.services.addAnother')}</Button>
          </Group>
        )}
      </Section>
    </Stack>
  );
}

export function WorkerServicesPage() {
  const { t } = useTranslation();
  return (
    <WorkerArea title={t('market.services.title')}>
      {(mine) =>
        mine.state === 'done' && mine.data ? <Services worker={mine.data} reload={mine.reload} /> : null
      }
    </WorkerArea>
  );
}
