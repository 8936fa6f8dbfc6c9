import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormCard, FormError } from '../../components/form-card.tsx';
import { requestPasswordReset } from '../../lib/api.ts';
import { placeError } from '../../lib/api-errors.ts';
import { checkEmail } from './validation.ts';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    validate: { email: (value) => checkEmail(t, value) },
  });

  async function submit(values: typeof form.values) {
    setFormError(null);
    const email = values.email.trim();
    try {
      // The server answers the same whether or not the account exists, and so does this page.
      await requestPasswordReset({ email });
      setSentTo(email);
    } catch (error) {
      const placed = placeError(t, error, ['email']);
      if (placed.field) form.setFieldError('email', placed.message);
      else setFormError(placed.message);
    }
  }

  return (
    <FormCard title={t('forgot.title')} intro={sentTo ? undefined : t('forgot.intro')}>
      {sentTo ? (
        <Stack gap="md">
          <Alert
            color="teal"
            variant="light"
            title={t('forgot.sentTitle')}
            role="status"
            data-testid="reset-sent"
          >
            {t('forgot.sent', { email: sentTo })}
          </Alert>
          <Anchor component={Link} to="/sign-in">
            {t('forgot.backToSignIn')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack gap="md">
            <FormError message={formError} />
            <TextInput
              label={t('forgot.email')}
              type="email"
              autoComplete="email"
              required
              key={form.key('email')}
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={form.submitting} fullWidth>
              {t('forgot.submit')}
            </Button>
            <Text size="sm" ta="center">
              <Anchor component={Link} to="/sign-in">
                {t('forgot.backToSignIn')}
              </Anchor>
            </Text>
          </Stack>
        </form>
      )}
    </FormCard>
  );
}
