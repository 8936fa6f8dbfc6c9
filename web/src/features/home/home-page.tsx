import {
  Alert,
  Anchor,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
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
        <EmptyState.Actions>
          <Button component={Link} to="/found" data-testid="empty-found">
            {t('home.found')}
          </Button>
          {session.account ? null : (
            <Button component={Link} to="/sign-up" variant="default">
              {t('home.createAccount')}
            </Button>
          )}
        </EmptyState.Actions>
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      <SimpleGrid
        cols={{ base: 1, sm: 2 }}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {coops.data.map((coop) => (
          <Card component="li" key={coop.id} withBorder padding="md" data-testid="coop-card">
            <Title order={3} size="h4">
              <Anchor component={Link} to={`/c/${coop.slug}`} inherit>
                {coop.name}
              </Anchor>
            </Title>
            <Text size="sm" c="dimmed" mt={2}>
              {t(`sectors.${coop.sector}`, { defaultValue: coop.sector })}
            </Text>
            {coop.mission ? (
              <Text size="sm" mt={4}>
                {coop.mission}
              </Text>
            ) : null}
          </Card>
        ))}
      </SimpleGrid>
      <Group>
        <Button component={Link} to="/found" variant="default">
          {t('home.foundAnother')}
        </Button>
      </Group>
    </Stack>
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
