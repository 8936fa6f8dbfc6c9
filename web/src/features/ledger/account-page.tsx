import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/load-status.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { getAccountStatement, ledgerDownloads } from './ledger-api.ts';
import { LedgerFrame, LedgerLoadFailed, ledgerPath, PeriodPicker, useMoney, usePeriod } from './parts.tsx';
import { StatementTable } from './statement-table.tsx';

/** One account's movements in a period, with running balance and a CSV of them. */
export function LedgerAccountPage() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const code = useParams().code ?? '';
  const [period, setPeriod] = usePeriod();
  const { from, to } = period;
  const format = useMoney();
  const load = useCallback(() => getAccountStatement(slug, code, { from, to }), [slug, code, from, to]);
  const statement = useLoad(load);
  return (
    <LedgerFrame title={t('ledger.account.title', { code })}>
      <Anchor component={Link} to={ledgerPath(slug, '/accounts')}>
        {t('ledger.account.back')}
      </Anchor>
      <PeriodPicker period={period} onChange={setPeriod} />
      {statement.state === 'loading' ? <Loading /> : null}
      {statement.state === 'failed' ? (
        <LedgerLoadFailed
          title={t('ledger.account.loadFailed')}
          error={statement.error}
          onRetry={statement.reload}
        />
      ) : null}
      {statement.state === 'done' ? (
        <Stack gap="sm">
          <Text fw={700} size="lg" data-testid="account-name">
            {statement.data.account.code} {statement.data.account.name}
          </Text>
          <Text>
            {t('ledger.account.summary', {
              type: t(`finances.accountTypes.${statement.data.account.type}`),
              closing: format(statement.data.closing, statement.data.account.currency),
            })}
          </Text>
          <Group>
            <Button
              component="a"
              href={ledgerDownloads.accountCsv(slug, code, period)}
              download
              variant="default"
              data-testid="download-account-csv"
            >
              {t('ledger.downloads.accountCsv')}
            </Button>
            <Button
              component={Link}
              to={`${ledgerPath(slug, '/journal', period)}${period.from || period.to ? '&' : '?'}account=${encodeURIComponent(code)}`}
              variant="subtle"
            >
              {t('ledger.account.inJournal')}
            </Button>
          </Group>
          <StatementTable
            statement={statement.data}
            label={t('ledger.account.tableLabel', { code })}
            entryHref={(entryId) => ledgerPath(slug, `/entries/${entryId}`)}
          />
        </Stack>
      ) : null}
    </LedgerFrame>
  );
}
