import { Anchor, Button, Checkbox, Group, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { isApiError } from '../../lib/api.ts';
import { placeError } from '../../lib/api-errors.ts';
import { type ApplicationStatus, applyToCoop } from '../../lib/coops-api.ts';
import { NextStep } from './application-status.tsx';
import { admissionRule, classRights, sharePrice } from './constitution-text.ts';
import { useCoop } from './coop-context.tsx';

const STATEMENT_MAX = 2000;
const OPEN = new Set<ApplicationStatus>(['awaiting_payment', 'awaiting_admission', 'awaiting_vote']);

type Submitted = { id: string; status: ApplicationStatus; classKey: string; sharePrice: string };

function JoinForm() {
  const { t, i18n } = useTranslation();
  const { slug, profile, constitution, me, refresh } = useCoop();
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const classes = constitution.document.memberClasses.filter((c) => c.openToApplicants);
  const version = constitution.version;
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      classKey: classes.length === 1 ? (classes[0]?.key ?? '') : '',
      statement: '',
      agreed: false,
    },
    validate: {
      classKey: (value) => (value ? null : t('join.chooseClass')),
      statement: (value) =>
        value.length > STATEMENT_MAX ? t('validation.tooLong', { max: STATEMENT_MAX }) : null,
      agreed: (value) => (value ? null : t('join.mustAgree')),
    },
  });
  const text = { t, locale: i18n.language, currency: profile.currency };
  const base = `/c/${slug}`;

  if (submitted) {
    return (
      <Stack gap="md" align="flex-start">
        <NextStep application={submitted} />
        <Button component={Link} to={`${base}/me`} variant="default">
          {t('join.seeApplication')}
        </Button>
      </Stack>
    );
  }
  if (me.state === 'loading') return <Loading />;
  const mine = me.state === 'done' ? me.data : null;
  if (mine?.membership) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>{t('join.alreadyMember', { number: mine.membership.memberNumber })}</Text>
        <Button component={Link} to={`${base}/me`}>
          {t('coop.home.myMembership')}
        </Button>
      </Stack>
    );
  }
  if (mine?.application && OPEN.has(mine.application.status)) {
    return (
      <Stack gap="md" align="flex-start">
        <Text>{t('join.pending')}</Text>
        <NextStep application={mine.application} />
        <Button component={Link} to={`${base}/me`} variant="default">
          {t('join.seeApplication')}
        </Button>
      </Stack>
    );
  }
  if (classes.length === 0) return <Text>{t('join.noClasses')}</Text>;

  async function submit(values: typeof form.values) {
    setFormError(null);
    try {
      const result = await applyToCoop(slug, {
        classKey: values.classKey,
        statement: values.statement.trim(),
        agreedVersion: version,
      });
      const cls = classes.find((c) => c.key === values.classKey);
      setSubmitted({
        id: result.applicationId,
        status: result.status,
        classKey: values.classKey,
        sharePrice: cls?.sharePrice ?? '0',
      });
      refresh();
    } catch (error) {
      // A newer constitution came into force while the person was reading: load it and ask again.
      if (isApiError(error) && error.code === 'CONSTITUTION_CHANGED') {
        form.setFieldValue('agreed', false);
        refresh();
      }
      const placed = placeError(t, error, ['classKey', 'statement']);
      if (placed.field) form.setFieldError(placed.field, placed.message);
      else setFormError(placed.message);
    }
  }

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="lg">
        <FormError message={formError} />
        <Radio.Group
          label={t('join.classLabel')}
          description={t('join.classHint')}
          withAsterisk
          {...form.getInputProps('classKey')}
        >
          <Stack gap="sm" mt="xs">
            {classes.map((cls) => (
              <Radio.Card key={cls.key} value={cls.key} p="md" radius="md" data-testid={`class-${cls.key}`}>
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={4} />
                  <Stack gap={2}>
                    <Text fw={700}>{cls.name}</Text>
                    {cls.description ? <Text size="sm">{cls.description}</Text> : null}
                    <Text size="sm">{sharePrice(text, cls)}</Text>
                    <Text size="sm">{classRights(text, cls)}</Text>
                    <Text size="sm">{admissionRule(text, cls)}</Text>
                  </Stack>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={t('join.statement')}
          description={t('join.statementHint')}
          autosize
          minRows={3}
          maxLength={STATEMENT_MAX}
          {...form.getInputProps('statement')}
        />
        <Stack gap={4}>
          <Checkbox
            label={t('join.agree', { version })}
            {...form.getInputProps('agreed', { type: 'checkbox' })}
          />
          <Text size="sm" pl={32}>
            <Anchor component={Link} to={`${base}/constitution`} target="_blank" rel="noopener">
              {t('join.readConstitution', { version })}
            </Anchor>
          </Text>
        </Stack>
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('join.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function JoinPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const title = t('join.title');
  return (
    <RequireAccount reason={t('join.signInReason', { name: profile.name })}>
      <Stack gap="md" maw={720}>
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Text>{t('join.intro', { name: profile.name })}</Text>
        <JoinForm />
      </Stack>
    </RequireAccount>
  );
}
