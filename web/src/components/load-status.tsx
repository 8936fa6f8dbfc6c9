import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/api-errors.ts';

/** A spinner with a sentence, announced politely to screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="lg" role="status" gap="xs">
      <Loader size="sm" aria-hidden />
      <Text size="sm">{label ?? t('app.loading')}</Text>
    </Stack>
  );
}

/** A failed load with the server's reason and, when it may help, a retry button. */
export function LoadFailed({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(t, error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('home.retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
