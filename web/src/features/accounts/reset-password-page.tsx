import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormCard, FormError } from '../../components/form-card.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { confirmPasswordReset } from '../../lib/api.ts';
import { placeError } from '../../lib/api-errors.ts';
import { useSession } from '../../lib/session.tsx';
import type { SignInNotice } from './sign-in-page.tsx';
import { checkNewPassword, PASSWORD_MIN } from './validation.ts';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (value) => checkNewPassword(t, value),
      confirm: (value, values) => (value === values.password ? null : t('validation.passwordsDiffer')),
    },
  });

  async function submit(values: typeof form.values) {
    setFormError(null);
    try {
      await confirmPasswordReset({ token, password: values.password });
      // The server closed every session of the account, this browser's included.
      session.forget();
      const notice: SignInNotice = 'passwordChanged';
      await navigate('/sign-in', { replace: true, state: { notice } });
    } catch (error) {
      const placed = placeError(t, error, ['password']);
      if (placed.field) form.setFieldError('password', placed.message);
      else setFormError(placed.message);
    }
  }

  const requestNew = (
    <Text size="sm" ta="center">
      <Anchor component={Link} to="/forgot-password">
        {t('reset.requestNew')}
      </Anchor>
    </Text>
  );

  if (!token) {
    return (
      <FormCard title={t('reset.title')}>
        <Alert color="yellow" variant="light" role="alert">
          {t('reset.missingToken')}
        </Alert>
        {requestNew}
      </FormCard>
    );
  }

  return (
    <FormCard title={t('reset.title')} intro={t('reset.intro')}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <PasswordField
            label={t('reset.password')}
            description={t('signUp.passwordHint', { min: PASSWORD_MIN })}
            autoComplete="new-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('reset.confirm')}
            autoComplete="new-password"
            required
            key={form.key('confirm')}
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={form.submitting} fullWidth>
            {t('reset.submit')}
          </Button>
          {requestNew}
        </Stack>
      </form>
    </FormCard>
  );
}
