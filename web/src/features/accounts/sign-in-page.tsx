import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { FormCard, FormError } from '../../components/form-card.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { placeError } from '../../lib/api-errors.ts';
import { safeNextPath, withNext } from '../../lib/next-path.ts';
import { useSession } from '../../lib/session.tsx';
import { checkEmail, checkFilled } from './validation.ts';

const FIELDS = ['email', 'password'] as const;

/** Notices other pages can leave for this one (router state), e.g. after a password reset. */
export type SignInNotice = 'passwordChanged';

function noticeOf(state: unknown): SignInNotice | null {
  const notice = (state as { notice?: unknown } | null)?.notice;
  return notice === 'passwordChanged' ? notice : null;
}

export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = noticeOf(location.state);
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => checkEmail(t, value),
      password: (value) => checkFilled(t, value),
    },
  });

  async function submit(values: typeof form.values) {
    setFormError(null);
    try {
      await session.signIn({ email: values.email.trim(), password: values.password });
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
    <FormCard title={t('signIn.title')}>
      {notice ? (
        <Alert color="teal" variant="light" role="status" data-testid="sign-in-notice">
          {t(`signIn.${notice}`)}
        </Alert>
      ) : null}
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <PasswordField
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('signIn.forgot')}
            </Anchor>
          </Group>
          <Button type="submit" loading={form.submitting} fullWidth>
            {t('signIn.submit')}
          </Button>
          <Text size="sm" ta="center">
            {t('signIn.noAccount')}{' '}
            <Anchor component={Link} to={withNext('/sign-up', next)}>
              {t('signIn.signUpLink')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </FormCard>
  );
}
