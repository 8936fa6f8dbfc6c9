import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { money } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { getMyStatement, ledgerDownloads, type PersonalStatementView } from '../ledger/ledger-api.ts';
import { PeriodPicker, usePeriod, usePeriodLabel } from '../ledger/parts.tsx';
import { StatementTable } from '../ledger/statement-table.tsx';
import { useCoop } from './coop-context.tsx';

type AccountStatement = PersonalStatementView['accounts'][number];

function AccountCard({ account }: { account: AccountStatement }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const amount = (minor: string) => money(minor, account.account.currency, locale);
  const title = account.account.personal
    ? t(`statement.accounts.${account.account.personal}`)
    : `${account.account.code} ${account.account.name}`;
  const headingId = `account-${account.account.id}`;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby={headingId}
      data-testid="statement-account"
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" align="baseline">
          <Title order={2} size="h3" id={headingId}>
            {title}
          </Title>
          <Text fw={700} data-testid="statement-balance">
            {amount(account.closing)}
          </Text>
        </Group>
        {account.lines.length === 0 ? <Text size="sm">{t('statement.noLines')}</Text> : null}
        <StatementTable statement={account} label={title} />
      </Stack>
    </Card>
  );
}

function Statement() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [period, setPeriod] = usePeriod();
  const label = usePeriodLabel();
  const { from, to } = period;
  const load = useCallback(() => getMyStatement(slug, { from, to }), [slug, from, to]);
  const statement = useLoad(load);
  return (
    <Stack gap="md">
      <PeriodPicker period={period} onChange={setPeriod} />
      <Group>
        <Button
          component="a"
          href={ledgerDownloads.myStatementCsv(slug, period)}
          download
          variant="default"
          data-testid="statement-csv"
        >
          {t('statement.csv')}
        </Button>
        <Text size="sm">{t('ledger.myStatement.csvHint', { period: label(period) })}</Text>
      </Group>
      {statement.state === 'loading' ? <Loading /> : null}
      {statement.state === 'failed' ? (
        <LoadFailed title={t('statement.loadFailed')} error={statement.error} onRetry={statement.reload} />
      ) : null}
      {statement.state === 'done' && statement.data.accounts.length === 0 ? (
        <Text data-testid="statement-empty">{t('statement.none')}</Text>
      ) : null}
      {statement.state === 'done'
        ? statement.data.accounts.map((a) => <AccountCard key={a.account.id} account={a} />)
        : null}
    </Stack>
  );
}

export function StatementPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const title = t('statement.title');
  return (
    <RequireAccount reason={t('statement.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Text>{t('statement.intro')}</Text>
        <Statement />
      </Stack>
    </RequireAccount>
  );
}
