import { Alert, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from './page-heading.tsx';

/** The frame shared by the account pages: heading, an optional introduction and the form. */
export function FormCard({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }} maw={460} mx="auto" w="100%">
      <Stack gap="md">
        <PageHeading>{title}</PageHeading>
        {intro ? <Text>{intro}</Text> : null}
        {children}
      </Stack>
    </Paper>
  );
}

/** A failure that belongs to no single field; announced as soon as it appears. */
export function FormError({ message }: { message: string | null }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <Alert color="red" variant="light" title={t('errors.title')} role="alert" data-testid="form-error">
      {message}
    </Alert>
  );
}
