import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AccountView } from '../lib/api.ts';
import { errorMessage } from '../lib/api-errors.ts';
import { notify } from '../lib/notify.ts';
import { useSession } from '../lib/session.tsx';
import { useHeaderButtonSize } from './header-button-size.ts';

export function AccountMenu({ account }: { account: AccountView }) {
  const size = useHeaderButtonSize();
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();

  async function signOut() {
    try {
      await session.signOut();
      notify(t('signIn.signedOut'));
      await navigate('/');
    } catch (error) {
      notify(errorMessage(t, error), 'error');
    }
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="light"
          size={size}
          aria-label={t('nav.accountMenu', { name: account.displayName })}
          maw={{ base: 140, sm: 260 }}
          data-testid="account-menu"
        >
          {account.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('nav.signedInAs', { email: account.email })}</Menu.Label>
        <Menu.Item component={Link} to="/found" hiddenFrom="sm">
          {t('nav.found')}
        </Menu.Item>
        <Menu.Item onClick={() => void signOut()}>{t('nav.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
