import { Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { downloads, getMyStatement, type PersonalStatement } from '../../lib/coops-api.ts';
import { day, money } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from './coop-context.tsx';

type AccountStatement = PersonalStatement['accounts'][number];

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
        {account.lines.length === 0 ? (
          <Text size="sm">{t('statement.noLines')}</Text>
        ) : (
          <ScrollTable label={title} minWidth={520}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('statement.date')}</Table.Th>
                <Table.Th scope="col">{t('statement.description')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('statement.amount')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('statement.balance')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {account.lines.map((line) => (
                <Table.Tr key={`${line.entryId}-${line.balance}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {day(`${line.date}T12:00:00Z`, locale, 'UTC')}
                  </Table.Td>
                  <Table.Td>{line.description}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {amount(line.amount)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {amount(line.balance)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </ScrollTable>
        )}
      </Stack>
    </Card>
  );
}

function Statement() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => getMyStatement(slug), [slug]);
  const statement = useLoad(load);
  if (statement.state === 'loading') return <Loading />;
  if (statement.state === 'failed')
    return (
      <LoadFailed title={t('statement.loadFailed')} error={statement.error} onRetry={statement.reload} />
    );
  return (
    <Stack gap="md">
      <Group>
        <Button component="a" href={downloads.statement(slug)} download variant="default">
          {t('statement.csv')}
        </Button>
      </Group>
      {statement.data.accounts.length === 0 ? (
        <Text data-testid="statement-empty">{t('statement.none')}</Text>
      ) : (
        statement.data.accounts.map((a) => <AccountCard key={a.account.id} account={a} />)
      )}
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
