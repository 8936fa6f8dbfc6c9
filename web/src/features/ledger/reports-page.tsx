import { Alert, Stack, Table, Tabs, Text } from '@mantine/core';
import { type ReactNode, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Loading } from '../../components/load-status.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import {
  type BalanceSheetView,
  getBalanceSheet,
  getIncomeStatement,
  getTrialBalance,
  type IncomeStatementView,
  type Period,
  type ReportLine,
  type TrialBalanceView,
} from './ledger-api.ts';
import {
  AccountLink,
  amountCell,
  calendarDay,
  JournalDownloads,
  LedgerFrame,
  LedgerLoadFailed,
  PeriodPicker,
  useMoney,
  usePeriod,
} from './parts.tsx';

const REPORTS = ['trial-balance', 'balance-sheet', 'income-statement'] as const;
type Report = (typeof REPORTS)[number];

function isReport(value: string | null): value is Report {
  return REPORTS.some((r) => r === value);
}

/** Indents sub-accounts under their parent. */
function Indented({ level, children }: { level: number; children: ReactNode }) {
  return <span style={{ display: 'inline-block', paddingInlineStart: level > 0 ? 20 : 0 }}>{children}</span>;
}

function TrialBalance({ report, period }: { report: TrialBalanceView; period: Period }) {
  const { t } = useTranslation();
  const format = useMoney();
  const amount = (minor: string, currency: string) => (BigInt(minor) === 0n ? '—' : format(minor, currency));
  const signed = (minor: string, currency: string) => {
    const value = BigInt(minor);
    if (value === 0n) return '—';
    const abs = (value < 0n ? -value : value).toString();
    return `${format(abs, currency)} ${value < 0n ? t('ledger.cr') : t('ledger.dr')}`;
  };
  return (
    <Stack gap="sm">
      {report.totals.length === 0 ? (
        <Text data-testid="trial-balance-check">{t('ledger.trial.empty')}</Text>
      ) : (
        report.totals.map((total) => {
          const balanced = total.debits === total.credits && total.closingDebit === total.closingCredit;
          return (
            <Alert
              key={total.currency}
              color={balanced ? 'teal' : 'red'}
              variant="light"
              data-testid="trial-balance-check"
              data-balanced={balanced}
              title={balanced ? t('ledger.trial.balancedTitle') : t('ledger.trial.unbalancedTitle')}
            >
              {t(balanced ? 'ledger.trial.balanced' : 'ledger.trial.unbalanced', {
                debits: format(total.debits, total.currency),
                credits: format(total.credits, total.currency),
                closing: format(total.closingDebit, total.currency),
              })}
            </Alert>
          );
        })
      )}
      <ScrollTable label={t('ledger.reports.trialBalance')} minWidth={760} data-testid="trial-balance">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('ledger.accountColumn')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('ledger.trial.opening')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('ledger.trial.debits')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('ledger.trial.credits')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('ledger.trial.closing')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.lines.map((line) => (
            <Table.Tr key={line.accountId} data-code={line.code}>
              <Table.Th scope="row" fw={line.parentCode ? 400 : 600}>
                <AccountLink code={line.code} name={line.name} period={period} />
              </Table.Th>
              <Table.Td ta="right" style={amountCell}>
                {signed(line.opening, line.currency)}
              </Table.Td>
              <Table.Td ta="right" style={amountCell}>
                {amount(line.debits, line.currency)}
              </Table.Td>
              <Table.Td ta="right" style={amountCell}>
                {amount(line.credits, line.currency)}
              </Table.Td>
              <Table.Td ta="right" style={amountCell}>
                {signed(line.closing, line.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          {report.totals.map((total) => (
            <Table.Tr key={total.currency} fw={700} data-testid="trial-balance-totals">
              <Table.Th scope="row">{t('ledger.trial.totals', { currency: total.currency })}</Table.Th>
              <Table.Td />
              <Table.Td ta="right" style={amountCell} data-testid="total-debits">
                {format(total.debits, total.currency)}
              </Table.Td>
              <Table.Td ta="right" style={amountCell} data-testid="total-credits">
                {format(total.credits, total.currency)}
              </Table.Td>
              <Table.Td ta="right" style={amountCell}>
                {t('ledger.trial.closingTotals', {
                  debit: format(total.closingDebit, total.currency),
                  credit: format(total.closingCredit, total.currency),
                })}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </ScrollTable>
      <Text size="sm">{t('ledger.trial.explain')}</Text>
    </Stack>
  );
}

/** One part of a report (assets, revenue, …) as a two-column table with its total. */
function Section({
  id,
  title,
  lines,
  total,
  currency,
  period,
  extra = [],
}: {
  id: string;
  title: string;
  lines: ReportLine[];
  total: string;
  currency: string;
  period: Period;
  extra?: { label: string; amount: string; testId?: string }[];
}) {
  const { t } = useTranslation();
  const format = useMoney();
  return (
    <ScrollTable label={title} minWidth={320} data-testid={`section-${id}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{title}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('ledger.amount')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.length === 0 && extra.length === 0 ? (
          <Table.Tr>
            <Table.Td colSpan={2}>{t('ledger.reports.noLines')}</Table.Td>
          </Table.Tr>
        ) : null}
        {lines.map((line) => (
          <Table.Tr key={line.code} data-code={line.code}>
            <Table.Th scope="row" fw={line.level > 0 ? 400 : 600}>
              <Indented level={line.level}>
                <AccountLink code={line.code} name={line.name} period={period} />
              </Indented>
            </Table.Th>
            <Table.Td ta="right" style={amountCell} data-testid={`amount-${line.code}`}>
              {format(line.amount, currency)}
            </Table.Td>
          </Table.Tr>
        ))}
        {extra.map((row) => (
          <Table.Tr key={row.label}>
            <Table.Th scope="row" fw={600}>
              {row.label}
            </Table.Th>
            <Table.Td ta="right" style={amountCell} data-testid={row.testId}>
              {format(row.amount, currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr fw={700}>
          <Table.Th scope="row">{t('ledger.reports.total', { section: title })}</Table.Th>
          <Table.Td ta="right" style={amountCell} data-testid={`total-${id}`}>
            {format(total, currency)}
          </Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </ScrollTable>
  );
}

function BalanceSheet({ report, period }: { report: BalanceSheetView; period: Period }) {
  const { t, i18n } = useTranslation();
  const format = useMoney();
  const liabilitiesAndEquity = (BigInt(report.liabilities.total) + BigInt(report.totalEquity)).toString();
  return (
    <Stack gap="md">
      <Text data-testid="balance-sheet-at">
        {report.at
          ? t('ledger.balance.at', { date: calendarDay(report.at, i18n.language) })
          : t('ledger.balance.now')}
      </Text>
      <Section
        id="assets"
        title={t('ledger.balance.assets')}
        lines={report.assets.lines}
        total={report.assets.total}
        currency={report.currency}
        period={period}
      />
      <Section
        id="liabilities"
        title={t('ledger.balance.liabilities')}
        lines={report.liabilities.lines}
        total={report.liabilities.total}
        currency={report.currency}
        period={period}
      />
      <Section
        id="equity"
        title={t('ledger.balance.equity')}
        lines={report.equity.lines}
        total={report.totalEquity}
        currency={report.currency}
        period={period}
        extra={[
          { label: t('ledger.balance.resultToDate'), amount: report.resultToDate, testId: 'result-to-date' },
        ]}
      />
      <Alert
        color={report.balanced ? 'teal' : 'red'}
        variant="light"
        data-testid="balance-sheet-check"
        data-balanced={report.balanced}
        title={report.balanced ? t('ledger.balance.balancedTitle') : t('ledger.balance.unbalancedTitle')}
      >
        {t('ledger.balance.check', {
          assets: format(report.assets.total, report.currency),
          both: format(liabilitiesAndEquity, report.currency),
        })}
      </Alert>
    </Stack>
  );
}

function IncomeStatement({ report, period }: { report: IncomeStatementView; period: Period }) {
  const { t } = useTranslation();
  const format = useMoney();
  const loss = BigInt(report.result) < 0n;
  return (
    <Stack gap="md">
      <Section
        id="revenue"
        title={t('ledger.income.revenue')}
        lines={report.revenue.lines}
        total={report.revenue.total}
        currency={report.currency}
        period={period}
      />
      <Section
        id="expenses"
        title={t('ledger.income.expenses')}
        lines={report.expenses.lines}
        total={report.expenses.total}
        currency={report.currency}
        period={period}
      />
      <Text fw={700} size="lg" data-testid="income-result">
        {loss
          ? t('ledger.income.loss', { amount: format((-BigInt(report.result)).toString(), report.currency) })
          : t('ledger.income.surplus', { amount: format(report.result, report.currency) })}
      </Text>
    </Stack>
  );
}

function TrialBalancePanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const { from, to } = period;
  const load = useCallback(() => getTrialBalance(slug, { from, to }), [slug, from, to]);
  const report = useLoad(load);
  if (report.state === 'loading') return <Loading />;
  if (report.state === 'failed')
    return (
      <LedgerLoadFailed title={t('ledger.reports.loadFailed')} error={report.error} onRetry={report.reload} />
    );
  return <TrialBalance report={report.data} period={period} />;
}

function BalanceSheetPanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const { to } = period;
  const load = useCallback(() => getBalanceSheet(slug, to), [slug, to]);
  const report = useLoad(load);
  if (report.state === 'loading') return <Loading />;
  if (report.state === 'failed')
    return (
      <LedgerLoadFailed title={t('ledger.reports.loadFailed')} error={report.error} onRetry={report.reload} />
    );
  return <BalanceSheet report={report.data} period={period} />;
}

function IncomeStatementPanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const { from, to } = period;
  const load = useCallback(() => getIncomeStatement(slug, { from, to }), [slug, from, to]);
  const report = useLoad(load);
  if (report.state === 'loading') return <Loading />;
  if (report.state === 'failed')
    return (
      <LedgerLoadFailed title={t('ledger.reports.loadFailed')} error={report.error} onRetry={report.reload} />
    );
  return <IncomeStatement report={report.data} period={period} />;
}

/** Trial balance, balance sheet and income statement of a chosen period, one tab each. */
export function LedgerReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [period, setPeriod] = usePeriod();
  const raw = params.get('report');
  const report: Report = isReport(raw) ? raw : 'trial-balance';
  const titles: Record<Report, string> = {
    'trial-balance': t('ledger.reports.trialBalance'),
    'balance-sheet': t('ledger.reports.balanceSheet'),
    'income-statement': t('ledger.reports.incomeStatement'),
  };

  return (
    <LedgerFrame title={t('ledger.reports.title')} intro={t('ledger.reports.intro')}>
      <PeriodPicker period={period} onChange={setPeriod} />
      <Tabs
        value={report}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          if (value && value !== 'trial-balance') next.set('report', value);
          else next.delete('report');
          setParams(next, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('ledger.reports.choose')}>
          {REPORTS.map((r) => (
            <Tabs.Tab key={r} value={r} data-testid={`tab-${r}`}>
              {titles[r]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="trial-balance" pt="md">
          <Stack gap="sm">
            <Text size="sm">{t('ledger.trial.intro')}</Text>
            <TrialBalancePanel period={period} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="balance-sheet" pt="md">
          <Stack gap="sm">
            <Text size="sm">{t('ledger.balance.intro')}</Text>
            <BalanceSheetPanel period={period} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="income-statement" pt="md">
          <IncomeStatementPanel period={period} />
        </Tabs.Panel>
      </Tabs>
      <JournalDownloads period={period} />
    </LedgerFrame>
  );
}
