import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { withNext } from '../lib/next-path.ts';
import { useSession } from '../lib/session.tsx';
import { FormCard } from './form-card.tsx';
import { Loading } from './load-status.tsx';

/** Shows `children` to a signed-in person; anyone else is asked to sign in and comes back here after. */
export function RequireAccount({ reason, children }: { reason: string; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading />;
  if (session.account) return children;
  const here = `${location.pathname}${location.search}`;
  return (
    <FormCard title={t('signInFirst.title')} intro={reason}>
      <Group gap="sm" data-testid="sign-in-first">
        <Button component={Link} to={withNext('/sign-in', here)}>
          {t('nav.signIn')}
        </Button>
        <Button component={Link} to={withNext('/sign-up', here)} variant="default">
          {t('home.createAccount')}
        </Button>
      </Group>
    </FormCard>
  );
}
