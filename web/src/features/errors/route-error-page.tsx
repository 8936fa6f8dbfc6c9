import { Alert, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-heading.tsx';

/** Shown when a page fails to load or render, e.g. a code chunk removed by a newer deployment. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" align="flex-start">
      <PageHeading>{t('errors.title')}</PageHeading>
      <Alert color="red" variant="light" role="alert">
        {t('errors.pageFailed')}
      </Alert>
      <Button onClick={() => window.location.reload()}>{t('errors.reload')}</Button>
    </Stack>
  );
}
