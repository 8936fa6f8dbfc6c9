import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormCard, FormError } from '../../components/form-card.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { placeError } from '../../lib/api-errors.ts';
import { safeNextPath, withNext } from '../../lib/next-path.ts';
import { notify } from '../../lib/notify.ts';
import { useSession } from '../../lib/session.tsx';
import { checkDisplayName, checkEmail, checkNewPassword, PASSWORD_MIN } from './validation.ts';

const FIELDS = ['displayName', 'email', 'password'] as const;

export function SignUpPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { displayName: '', email: '', password: '' },
    validate: {
      displayName: (value) => checkDisplayName(t, value),
      email: (value) => checkEmail(t, value),
      password: (value) => checkNewPassword(t, value),
    },
  });

  async function submit(values: typeof form.values) {
    setFormError(null);
    try {
      const account = await session.signUp({
        displayName: values.displayName.trim(),
        email: values.email.trim(),
        password: values.password,
      });
      notify(t('signUp.welcome', { name: account.displayName }));
      await navigate(next);
    } catch (error) {
      const placed = placeError(t, error, FIELDS);
      if (placed.field) {
        form.setFieldError(placed.field, placed.message);
        form.getInputNode(placed.field)?.focus();
      } else {
        setFormError(placed.message);
      }
    }
  }

  return (
    <FormCard title={t('signUp.title')} intro={t('signUp.intro')}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t('signUp.displayName')}
            description={t('signUp.displayNameHint')}
            autoComplete="name"
            required
            key={form.key('displayName')}
            {...form.getInputProps('displayName')}
          />
          <TextInput
            label={t('signUp.email')}
            type="email"
            autoComplete="email"
            required
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <PasswordField
            label={t('signUp.password')}
            description={t('signUp.passwordHint', { min: PASSWORD_MIN })}
            autoComplete="new-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={form.submitting} fullWidth>
            {t('signUp.submit')}
          </Button>
          <Text size="sm" ta="center">
            {t('signUp.haveAccount')}{' '}
            <Anchor component={Link} to={withNext('/sign-in', next)}>
              {t('signUp.signInLink')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </FormCard>
  );
}
