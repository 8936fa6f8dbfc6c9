import { Alert, Button, Card, EmptyState, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../../components/page-heading.tsx';
import { listCoops } from '../../lib/api.ts';
import { errorMessage } from '../../lib/api-errors.ts';
import { useSession } from '../../lib/session.tsx';
import { useLoad } from '../../lib/use-load.ts';

function CoopList() {
  const { t } = useTranslation();
  const session = useSession();
  const coops = useLoad(listCoops);

  if (coops.state === 'loading') {
    return (
      <Stack align="center" py="lg" role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{t('home.coopsLoading')}</Text>
      </Stack>
    );
  }
  if (coops.state === 'failed') {
    return (
      <Alert color="red" title={t('home.coopsError')} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessage(t, coops.error)}</Text>
          <Button size="xs" variant="white" color="red" onClick={coops.reload}>
            {t('home.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (coops.data.length === 0) {
    return (
      <EmptyState data-testid="coops-empty" align="center" py="xl">
        <EmptyState.Title order={3}>{t('home.emptyTitle')}</EmptyState.Title>
        <EmptyState.Description>{t('home.emptyText')}</EmptyState.Description>
        {session.account ? null : (
          <EmptyState.Actions>
            <Button component={Link} to="/sign-up">
              {t('home.createAccount')}
            </Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} component="ul" style={{ listStyle: 'none', padding: 0 }}>
      {coops.data.map((coop) => (
        <Card component="li" key={coop.id} withBorder padding="md">
          <Title order={3} size="h4">
            {coop.name}
          </Title>
          <Text size="sm" mt={4}>
            {coop.mission}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <PageHeading documentTitle={t('home.title')}>{t('home.heading')}</PageHeading>
        <Text size="lg">{t('home.intro1')}</Text>
        <Text size="lg">{t('home.intro2')}</Text>
      </Stack>
      <Stack component="section" aria-labelledby="coops-heading" gap="md">
        <Title order={2} id="coops-heading">
          {t('home.coopsHeading')}
        </Title>
        <CoopList />
      </Stack>
    </Stack>
  );
}
