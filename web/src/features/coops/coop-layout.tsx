import { Anchor, Box, Button, Group, Stack } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useMatch, useParams } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { isApiError } from '../../lib/api.ts';
import { getConstitution, getCoop, getMyMembership } from '../../lib/coops-api.ts';
import { useSession } from '../../lib/session.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { NotFoundPage } from '../errors/not-found-page.tsx';
import { useMarketNavLinks } from '../market/market-nav.ts';
import { CoopContext, type CoopData, useCoop, useCoopRoles } from './coop-context.tsx';

function CoopNav() {
  const { t } = useTranslation();
  const { slug, profile, me } = useCoop();
  const roles = useCoopRoles();
  const marketLinks = useMarketNavLinks();
  const signedIn = me.state === 'done' && me.data !== null;
  const base = `/c/${slug}`;
  const links: { to: string; label: string; end?: boolean; testId: string }[] = [
    { to: base, label: t('coop.nav.home'), end: true, testId: 'nav-home' },
    { to: `${base}/constitution`, label: t('coop.nav.constitution'), testId: 'nav-constitution' },
    { to: `${base}/finances`, label: t('coop.nav.finances'), testId: 'nav-finances' },
  ];
  if (roles.member || (signedIn && me.data?.application))
    links.push({ to: `${base}/me`, label: t('coop.nav.me'), testId: 'nav-me' });
  if (roles.member)
    links.push({ to: `${base}/members`, label: t('coop.nav.register'), testId: 'nav-register' });
  if (roles.member)
    links.push(
      { to: `${base}/proposals`, label: t('governance.nav.proposals'), testId: 'nav-proposals' },
      { to: `${base}/votes`, label: t('governance.nav.votes'), testId: 'nav-votes' },
    );
  if (roles.board || roles.admin)
    links.push({
      to: `${base}/admin/applications`,
      label: t('coop.nav.applications'),
      testId: 'nav-applications',
    });
  if (roles.board || roles.admin)
    links.push({ to: `${base}/admin/ledger`, label: t('ledger.nav.ledger'), testId: 'nav-ledger' });
  links.push(...marketLinks);

  return (
    <Box component="nav" aria-label={t('coop.nav.label', { name: profile.name })}>
      <Group gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink
              to={link.to}
              end={link.end ?? false}
              data-testid={link.testId}
              style={{ textDecoration: 'none' }}
            >
              {({ isActive }) => (
                <Button component="span" size="compact-sm" variant={isActive ? 'filled' : 'subtle'}>
                  {link.label}
                </Button>
              )}
            </NavLink>
          </li>
        ))}
      </Group>
    </Box>
  );
}

/** The frame of every `/c/:slug` page: loads the co-op once, names it, and links its pages. */
export function CoopLayout() {
  const { t } = useTranslation();
  const slug = useParams().slug ?? '';
  const session = useSession();
  const accountId = session.account?.id ?? null;
  const atHome = useMatch('/c/:slug') !== null;

  const loadPublic = useCallback(
    () =>
      Promise.all([getCoop(slug), getConstitution(slug)]).then(([profile, constitution]) => ({
        profile,
        constitution,
      })),
    [slug],
  );
  const loadMe = useCallback(
    () => (accountId ? getMyMembership(slug) : Promise.resolve(null)),
    // Signing in or out changes the account id, which reloads the visitor's standing.
    [slug, accountId],
  );
  const coop = useLoad(loadPublic);
  const me = useLoad(loadMe);
  const reloadCoop = coop.reload;
  const reloadMe = me.reload;
  const refresh = useCallback(() => {
    reloadCoop();
    reloadMe();
  }, [reloadCoop, reloadMe]);

  const data = useMemo<CoopData | null>(
    () =>
      coop.state === 'done'
        ? {
            slug,
            profile: coop.data.profile,
            constitution: coop.data.constitution,
            me: session.status === 'loading' ? { state: 'loading' } : me,
            refresh,
          }
        : null,
    [coop, me, slug, refresh, session.status],
  );

  if (coop.state === 'failed') {
    if (isApiError(coop.error) && coop.error.code === 'COOP_NOT_FOUND') return <NotFoundPage />;
    return (
      <Stack gap="md">
        <PageHeading>{t('coop.loadFailed')}</PageHeading>
        <LoadFailed title={t('coop.loadFailed')} error={coop.error} onRetry={coop.reload} />
      </Stack>
    );
  }
  if (!data) return <Loading label={t('coop.loading')} />;

  return (
    <CoopContext value={data}>
      <Stack gap="lg">
        <Stack gap="xs">
          {atHome ? null : (
            <Anchor component={Link} to={`/c/${slug}`} fw={700} c="dark" data-testid="coop-name">
              {data.profile.name}
            </Anchor>
          )}
          <CoopNav />
        </Stack>
        <Outlet />
      </Stack>
    </CoopContext>
  );
}
