import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { type Loaded, useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { getMyWorker, type MyWorker } from './market-api.ts';
import { useMarket } from './market-context.tsx';

// The frame of the worker's pages: a heading, the worker's own menu, and the profile they all need.

function WorkerTabs() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const base = `/c/${slug}/worker`;
  const tabs = [
    { to: base, label: t('market.workerArea.overview'), end: true },
    { to: `${base}/offers`, label: t('market.workerArea.offers') },
    { to: `${base}/profile`, label: t('market.workerArea.profile') },
    { to: `${base}/services`, label: t('market.workerArea.services') },
    { to: `${base}/availability`, label: t('market.workerArea.availability') },
  ];
  return (
    <Box component="nav" aria-label={t('market.workerArea.menu')}>
      <Group gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end ?? false} style={{ textDecoration: 'none' }}>
              {({ isActive }) => (
                <Button
                  component="span"
                  size="compact-sm"
                  variant={isActive ? 'light' : 'subtle'}
                  color="teal"
                >
                  {tab.label}
                </Button>
              )}
            </NavLink>
          </li>
        ))}
      </Group>
    </Box>
  );
}

export type WorkerProfileState = Loaded<MyWorker | null> & { reload(): void };

/**
 * A worker page: for members who may sell, with the worker's own profile loaded (null before they make
 * one). `needsProfile` pages send people to make their profile first.
 */
export function WorkerArea({
  title,
  needsProfile = true,
  children,
}: {
  title: string;
  needsProfile?: boolean;
  children: (profile: WorkerProfileState) => ReactNode;
}) {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const { seller } = useMarket();
  const load = useCallback(() => getMyWorker(slug), [slug]);
  const mine = useLoad(load);

  let body: ReactNode;
  if (!seller) {
    body = (
      <Alert color="gray" data-testid="not-a-seller">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('market.workerArea.notSeller', { name: profile.name })}</Text>
          <Button component={Link} to={`/c/${slug}`} size="xs" variant="white">
            {t('market.workerArea.coopHome')}
          </Button>
        </Stack>
      </Alert>
    );
  } else if (mine.state === 'loading') body = <Loading />;
  else if (mine.state === 'failed')
    body = <LoadFailed title={t('market.workerArea.loadFailed')} error={mine.error} onRetry={mine.reload} />;
  else if (needsProfile && mine.data === null)
    body = (
      <Alert color="blue" variant="light" data-testid="no-profile">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('market.workerArea.noProfile')}</Text>
          <Button component={Link} to={`/c/${slug}/worker/profile`} size="xs">
            {t('market.workerArea.makeProfile')}
          </Button>
        </Stack>
      </Alert>
    );
  else body = children(mine);

  return (
    <RequireAccount reason={t('market.workerArea.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <Stack gap="xs">
          <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
          {seller ? <WorkerTabs /> : null}
        </Stack>
        {body}
      </Stack>
    </RequireAccount>
  );
}
