import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Button,
  Container,
  Group,
  Loader,
  Menu,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigation } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { AccountMenu } from './account-menu.tsx';
import { useHeaderButtonSize } from './header-button-size.ts';
import { LanguageMenu } from './language-menu.tsx';

const HEADER_HEIGHT = 60;

function AuthArea() {
  const size = useHeaderButtonSize();
  const { t } = useTranslation();
  const session = useSession();
  if (session.status === 'loading') return <Loader size="sm" aria-label={t('app.loading')} />;
  if (session.account) return <AccountMenu account={session.account} />;
  return (
    <>
      <Group gap={6} wrap="nowrap" visibleFrom="sm">
        <Button component={Link} to="/sign-in" variant="default" size={size}>
          {t('nav.signIn')}
        </Button>
        <Button component={Link} to="/sign-up" size={size}>
          {t('nav.signUp')}
        </Button>
      </Group>
      <Box hiddenFrom="sm">
        <GuestMenu />
      </Box>
    </>
  );
}

/** From tablets up the header links to the founding wizard; on phones the menus hold the link. */
function FoundLink() {
  const size = useHeaderButtonSize();
  const { t } = useTranslation();
  return (
    <Button
      component={Link}
      to="/found"
      variant="subtle"
      size={size}
      visibleFrom="sm"
      data-testid="header-found"
    >
      {t('nav.found')}
    </Button>
  );
}

/** On phones the header's buttons do not fit next to the name in every language: one menu holds them. */
function GuestMenu() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Menu position="bottom-end" opened={opened} onChange={setOpened}>
      <Menu.Target>
        <Burger opened={opened} size="sm" aria-label={t('nav.menu')} />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to="/sign-in">
          {t('nav.signIn')}
        </Menu.Item>
        <Menu.Item component={Link} to="/sign-up">
          {t('nav.signUp')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item component={Link} to="/found">
          {t('nav.found')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
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
        <Container size="md" h="100%" px={{ base: 'xs', sm: 'lg' }}>
          <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
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
              <FoundLink />
              <LanguageMenu />
              <AuthArea />
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1} style={{ minHeight: 'auto', flex: 1, outline: 'none' }}>
        <Container size="md" py={{ base: 'md', sm: 'xl' }} px={{ base: 'md', sm: 'lg' }}>
          {navigation.state === 'loading' ? <Loader size="sm" aria-label={t('app.loading')} mb="md" /> : null}
          <Outlet />
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
