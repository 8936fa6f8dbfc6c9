import { Anchor, AppShell, Box, Button, Container, Group, Loader, Text, VisuallyHidden } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigation } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { AccountMenu } from './account-menu.tsx';
import { LanguageMenu } from './language-menu.tsx';

const HEADER_HEIGHT = 60;

function AuthArea() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status === 'loading') return <Loader size="sm" aria-label={t('app.loading')} />;
  if (session.account) return <AccountMenu account={session.account} />;
  return (
    <Group gap={6} wrap="nowrap">
      <Button component={Link} to="/sign-in" variant="default" size="compact-md">
        {t('nav.signIn')}
      </Button>
      <Button component={Link} to="/sign-up" size="compact-md">
        {t('nav.signUp')}
      </Button>
    </Group>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const navigation = useNavigation();

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      padding={0}
      style={{ display: 'flex', flexDirection: 'column', minHeight: '100dvh' }}
    >
      <a href="#main" className="mutual-skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Anchor
            component={Link}
            to="/"
            underline="never"
            c="inherit"
            fw={800}
            fz={{ base: 'lg', sm: 'xl' }}
          >
            {t('app.name')}
            <VisuallyHidden>{` — ${t('home.title')}`}</VisuallyHidden>
          </Anchor>
          <Group gap={6} wrap="nowrap">
            <LanguageMenu />
            <AuthArea />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1} style={{ minHeight: 'auto', flex: 1, outline: 'none' }}>
        <Container size="md" py={{ base: 'md', sm: 'xl' }} px={{ base: 'md', sm: 'lg' }}>
          {navigation.state === 'loading' ? <Loader size="sm" aria-label={t('app.loading')} mb="md" /> : null}
          <Suspense fallback={<Loader aria-label={t('app.loading')} />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
      <Box component="footer" py="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="md" px={{ base: 'md', sm: 'lg' }}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="gray.7">
              {t('app.openSource')}
            </Text>
            <Anchor href="/api/docs" size="sm">
              {t('app.apiDocs')}
            </Anchor>
          </Group>
        </Container>
      </Box>
    </AppShell>
  );
}
