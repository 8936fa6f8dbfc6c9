import {
  Alert,
  Button,
  Card,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { isLanguage, type Language, languages } from '../../i18n/index.ts';
import { placeError } from '../../lib/api-errors.ts';
import { checkSlug, foundCoop, listTemplates, type SectorTemplate } from '../../lib/coops-api.ts';
import { percent } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { admissionRule, sharePrice } from './constitution-text.ts';
import { Facts } from './facts.tsx';
import { isWellFormedSlug, suggestSlug } from './slug.ts';

const NAME_MIN = 2;
const NAME_MAX = 80;
const MISSION_MAX = 280;
const CHECK_DELAY_MS = 300;

const STEPS = ['name', 'mission', 'template', 'settings', 'review'] as const;
type Step = (typeof STEPS)[number];
type Sector = SectorTemplate['sector'];

type Values = {
  name: string;
  slug: string;
  mission: string;
  sector: Sector | null;
  currency: string;
  timeZone: string;
  defaultLanguage: Language;
};

type Availability = { slug: string; state: 'checking' | 'free' | 'taken' | 'invalid' | 'unknown' };

// Which step holds each field, to send the person back to the right place when the server refuses one.
const STEP_OF_FIELD: Record<string, Step> = {
  name: 'name',
  slug: 'name',
  mission: 'mission',
  sector: 'template',
  currency: 'settings',
  timeZone: 'settings',
  defaultLanguage: 'settings',
};

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Checks the slug with the server a moment after typing stops; the latest answer wins. */
function useSlugAvailability(slug: string): Availability {
  const [result, setResult] = useState<Availability>({ slug: '', state: 'unknown' });
  useEffect(() => {
    if (!slug) return setResult({ slug, state: 'unknown' });
    if (!isWellFormedSlug(slug)) return setResult({ slug, state: 'invalid' });
    setResult({ slug, state: 'checking' });
    let current = true;
    const timer = setTimeout(() => {
      checkSlug(slug).then(
        (answer) => current && setResult({ slug, state: answer.available ? 'free' : 'taken' }),
        () => current && setResult({ slug, state: 'unknown' }),
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [slug]);
  return result;
}

function SlugStatus({ availability }: { availability: Availability }) {
  const { t } = useTranslation();
  const messages: Record<Availability['state'], string | null> = {
    checking: t('found.slug.checking'),
    free: t('found.slug.free', { slug: availability.slug }),
    taken: t('found.slug.taken', { slug: availability.slug }),
    invalid: t('found.slug.invalid'),
    unknown: null,
  };
  const color =
    availability.state === 'free' ? 'teal.9' : availability.state === 'checking' ? 'gray.7' : 'red.9';
  return (
    <Text size="sm" c={color} role="status" aria-live="polite" data-testid="slug-status" mih={20}>
      {messages[availability.state] ?? ''}
    </Text>
  );
}

function TemplateSummary({ template, currency }: { template: SectorTemplate; currency: string }) {
  const { t, i18n } = useTranslation();
  const text = { t, locale: i18n.language, currency };
  const doc = template.document;
  return (
    <Stack gap={4}>
      {doc.memberClasses.map((cls) => (
        <Text size="sm" key={cls.key}>
          <strong>{cls.name}</strong> — {sharePrice(text, cls)} {admissionRule(text, cls)}
        </Text>
      ))}
      <Text size="sm">
        {t('rules.market.fee', { share: percent(doc.market.platformFeeBps, i18n.language) })}
      </Text>
      <Text size="sm">
        {doc.market.categories.length > 0
          ? t('found.template.categories', { list: doc.market.categories.map((c) => c.name).join(', ') })
          : t('rules.market.noCategories')}
      </Text>
    </Stack>
  );
}

function currencyOptions(locale: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames(locale, { type: 'currency' });
  return Intl.supportedValuesOf('currency').map((code) => ({
    value: code,
    label: `${code} — ${names.of(code) ?? code}`,
  }));
}

function FoundWizard() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [active, setActive] = useState(0);
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [values, setValues] = useState<Values>(() => ({
    name: '',
    slug: '',
    mission: '',
    sector: null,
    currency: 'EUR',
    timeZone: browserTimeZone(),
    defaultLanguage: isLanguage(i18n.language) ? i18n.language : 'en',
  }));
  const availability = useSlugAvailability(values.slug);
  const loadTemplates = useCallback(() => listTemplates(values.currency), [values.currency]);
  const templates = useLoad(loadTemplates);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const step = STEPS[active] ?? 'name';

  const currencies = useMemo(() => currencyOptions(i18n.language), [i18n.language]);
  const timeZones = useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes(values.timeZone) ? zones : [values.timeZone, ...zones];
  }, [values.timeZone]);

  // Moving between steps announces the new step by focusing its heading.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `active` changes only to move to another step.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    stepHeading.current?.focus();
  }, [active]);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  function checkStep(current: Step): boolean {
    const found: Partial<Record<keyof Values, string>> = {};
    if (current === 'name') {
      const name = values.name.trim();
      if (name.length < NAME_MIN) found.name = t('found.name.tooShort', { min: NAME_MIN });
      else if (name.length > NAME_MAX) found.name = t('validation.tooLong', { max: NAME_MAX });
      if (!values.slug) found.slug = t('validation.required');
      else if (!isWellFormedSlug(values.slug)) found.slug = t('found.slug.invalid');
      else if (availability.slug === values.slug && availability.state === 'taken')
        found.slug = t('found.slug.taken', { slug: values.slug });
    }
    if (current === 'mission' && values.mission.trim().length > MISSION_MAX)
      found.mission = t('validation.tooLong', { max: MISSION_MAX });
    if (current === 'template' && !values.sector) found.sector = t('found.template.choose');
    if (current === 'settings') {
      if (!values.currency) found.currency = t('validation.required');
      if (!values.timeZone) found.timeZone = t('validation.required');
    }
    setErrors(found);
    return Object.keys(found).length === 0;
  }

  const next = () => {
    if (checkStep(step)) setActive((a) => Math.min(a + 1, STEPS.length - 1));
  };
  const back = () => setActive((a) => Math.max(a - 1, 0));

  async function submit() {
    if (!values.sector) return;
    setFormError(null);
    setSending(true);
    try {
      const result = await foundCoop({
        name: values.name.trim(),
        slug: values.slug,
        mission: values.mission.trim(),
        sector: values.sector,
        currency: values.currency,
        timeZone: values.timeZone,
        defaultLanguage: values.defaultLanguage,
      });
      notify(t('found.done', { name: values.name.trim() }));
      await navigate(`/c/${result.slug}`);
    } catch (error) {
      const placed = placeError(t, error, Object.keys(STEP_OF_FIELD));
      if (placed.field) {
        const target = STEP_OF_FIELD[placed.field] ?? 'name';
        setErrors({ [placed.field]: placed.message });
        setActive(STEPS.indexOf(target));
      } else {
        setFormError(placed.message);
      }
    } finally {
      setSending(false);
    }
  }

  const chosen =
    templates.state === 'done' ? templates.data.find((tpl) => tpl.sector === values.sector) : undefined;
  const stepTitle = step === 'settings' ? t('found.settingsTitle') : t(`found.steps.${step}`);

  return (
    <Stack gap="lg">
      <Stepper
        active={active}
        onStepClick={setActive}
        allowNextStepsSelect={false}
        size="sm"
        visibleFrom="sm"
      >
        {STEPS.map((s) => (
          <Stepper.Step key={s} label={t(`found.steps.${s}`)} />
        ))}
      </Stepper>
      <Text size="sm" hiddenFrom="sm">
        {t('found.stepOf', { step: active + 1, total: STEPS.length })}
      </Text>

      <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (step === 'review') void submit();
            else next();
          }}
        >
          <Stack gap="md">
            <Title
              order={2}
              ref={stepHeading}
              tabIndex={-1}
              style={{ outline: 'none' }}
              data-testid="step-heading"
            >
              {stepTitle}
            </Title>
            <FormError message={formError} />

            {step === 'name' ? (
              <>
                <TextInput
                  label={t('found.name.label')}
                  description={t('found.name.hint')}
                  required
                  value={values.name}
                  error={errors.name}
                  maxLength={NAME_MAX}
                  onChange={(event) => {
                    const name = event.currentTarget.value;
                    setValues((v) => ({ ...v, name, ...(slugEdited ? {} : { slug: suggestSlug(name) }) }));
                    setErrors((e) => ({ ...e, name: undefined, ...(slugEdited ? {} : { slug: undefined }) }));
                  }}
                />
                <Stack gap={4}>
                  <TextInput
                    label={t('found.slug.label')}
                    description={t('found.slug.hint')}
                    required
                    leftSection={
                      <Text size="sm" c="dimmed" aria-hidden>
                        /c/
                      </Text>
                    }
                    leftSectionWidth={36}
                    value={values.slug}
                    error={errors.slug}
                    maxLength={40}
                    autoCapitalize="none"
                    spellCheck={false}
                    onChange={(event) => {
                      setSlugEdited(true);
                      set('slug', event.currentTarget.value.toLowerCase());
                    }}
                  />
                  <SlugStatus availability={availability} />
                </Stack>
              </>
            ) : null}

            {step === 'mission' ? (
              <Textarea
                label={t('found.mission.label')}
                description={t('found.mission.hint', { max: MISSION_MAX })}
                autosize
                minRows={3}
                maxLength={MISSION_MAX}
                value={values.mission}
                error={errors.mission}
                onChange={(event) => set('mission', event.currentTarget.value)}
              />
            ) : null}

            {step === 'template' ? (
              templates.state === 'loading' ? (
                <Loading />
              ) : templates.state === 'failed' ? (
                <LoadFailed
                  title={t('found.template.failed')}
                  error={templates.error}
                  onRetry={templates.reload}
                />
              ) : (
                <Radio.Group
                  label={t('found.template.label')}
                  description={t('found.template.hint', { currency: values.currency })}
                  withAsterisk
                  value={values.sector}
                  onChange={(value) =>
                    set('sector', templates.data.find((tpl) => tpl.sector === value)?.sector ?? null)
                  }
                  error={errors.sector}
                >
                  <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                    {templates.data.map((tpl) => (
                      <Radio.Card
                        key={tpl.sector}
                        value={tpl.sector}
                        p="md"
                        radius="md"
                        data-testid={`template-${tpl.sector}`}
                      >
                        <Group wrap="nowrap" align="flex-start" gap="sm">
                          <Radio.Indicator mt={4} />
                          <Stack gap={6}>
                            <Text fw={700}>{t(`sectors.${tpl.sector}`)}</Text>
                            <Text size="sm">{t(`found.template.about.${tpl.sector}`)}</Text>
                            <TemplateSummary template={tpl} currency={values.currency} />
                          </Stack>
                        </Group>
                      </Radio.Card>
                    ))}
                  </SimpleGrid>
                </Radio.Group>
              )
            ) : null}

            {step === 'settings' ? (
              <>
                <Select
                  label={t('found.currency.label')}
                  description={t('found.currency.hint')}
                  data={currencies}
                  searchable
                  required
                  allowDeselect={false}
                  value={values.currency}
                  error={errors.currency}
                  onChange={(value) => value && set('currency', value)}
                  nothingFoundMessage={t('found.nothingFound')}
                />
                <Select
                  label={t('found.timeZone.label')}
                  description={t('found.timeZone.hint')}
                  data={timeZones}
                  searchable
                  required
                  allowDeselect={false}
                  limit={100}
                  value={values.timeZone}
                  error={errors.timeZone}
                  onChange={(value) => value && set('timeZone', value)}
                  nothingFoundMessage={t('found.nothingFound')}
                />
                <Radio.Group
                  label={t('found.language.label')}
                  description={t('found.language.hint')}
                  value={values.defaultLanguage}
                  onChange={(value) => isLanguage(value) && set('defaultLanguage', value)}
                >
                  <Group mt="xs" gap="lg">
                    {languages.map((language) => (
                      <Radio
                        key={language}
                        value={language}
                        label={t(`languages.${language}`)}
                        lang={language}
                      />
                    ))}
                  </Group>
                </Radio.Group>
              </>
            ) : null}

            {step === 'review' ? (
              <Stack gap="md" data-testid="review">
                <Text>{t('found.review.intro')}</Text>
                <Facts
                  items={[
                    { label: t('found.name.label'), value: values.name.trim() },
                    { label: t('found.review.address'), value: `/c/${values.slug}` },
                    {
                      label: t('found.mission.label'),
                      value: values.mission.trim() || t('found.review.noMission'),
                    },
                    {
                      label: t('found.template.label'),
                      value: values.sector ? t(`sectors.${values.sector}`) : '—',
                    },
                    { label: t('found.currency.label'), value: values.currency },
                    { label: t('found.timeZone.label'), value: values.timeZone },
                    { label: t('found.language.label'), value: t(`languages.${values.defaultLanguage}`) },
                  ]}
                />
                {chosen ? (
                  <Card withBorder padding="md">
                    <Text fw={700} mb={4}>
                      {t('found.review.rules')}
                    </Text>
                    <TemplateSummary template={chosen} currency={values.currency} />
                  </Card>
                ) : null}
                <Alert color="teal" variant="light">
                  {t('found.review.founder')}
                </Alert>
              </Stack>
            ) : null}

            <Group justify="space-between" mt="sm">
              {active > 0 ? (
                <Button variant="default" onClick={back} type="button">
                  {t('found.back')}
                </Button>
              ) : (
                <span />
              )}
              {step === 'review' ? (
                <Button type="submit" loading={sending} data-testid="found-submit">
                  {t('found.submit')}
                </Button>
              ) : (
                <Button type="submit">{t('found.next')}</Button>
              )}
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

export function FoundCoopPage() {
  const { t } = useTranslation();
  return (
    <RequireAccount reason={t('found.signInReason')}>
      <Stack gap="md" maw={820} mx="auto" w="100%">
        <PageHeading>{t('found.title')}</PageHeading>
        <Text>{t('found.intro')}</Text>
        <FoundWizard />
      </Stack>
    </RequireAccount>
  );
}
