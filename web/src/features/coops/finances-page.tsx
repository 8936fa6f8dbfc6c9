import { Select, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { money, month } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { FinanceCharts } from '../ledger/finance-charts.tsx';
import { type FinancesView, getFinances } from '../ledger/ledger-api.ts';
import { todayIn } from '../ledger/period.ts';
import { useCoop } from './coop-context.tsx';
import { Facts } from './facts.tsx';

const FIGURES = ['revenue', 'expenses', 'surplus', 'assets', 'liabilities', 'equity'] as const;

function FinanceFigures({ finances }: { finances: FinancesView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const amount = (minor: string | null) =>
    minor === null ? t('finances.withheld') : money(minor, finances.currency, locale);
  const months = [...finances.months].reverse();
  const latest = months[0];
  const lastBalances = finances.accounts.map((a) => ({ ...a, last: a.months.at(-1) ?? null }));

  return (
    <Stack gap="xl">
      {latest ? (
        <Stack component="section" aria-labelledby="latest-heading" gap="sm">
          <Title order={2} id="latest-heading">
            {t('finances.latest', { month: month(latest.month, locale) })}
          </Title>
          <Facts
            testId="finances-latest"
            items={[
              ...FIGURES.map((f) => ({ label: t(`finances.figures.${f}`), value: amount(latest[f]) })),
              { label: t('finances.figures.payouts'), value: amount(latest.payouts) },
            ]}
          />
        </Stack>
      ) : null}

      <Stack component="section" aria-labelledby="charts-heading" gap="sm">
        <Title order={2} id="charts-heading">
          {t('ledger.charts.heading')}
        </Title>
        <Text>{t('ledger.charts.intro')}</Text>
        <FinanceCharts finances={finances} />
      </Stack>

      <Stack component="section" aria-labelledby="months-heading" gap="sm">
        <Title order={2} id="months-heading">
          {t('finances.monthsHeading')}
        </Title>
        <ScrollTable label={t('finances.monthsHeading')} minWidth={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('finances.month')}</Table.Th>
              {FIGURES.map((f) => (
                <Table.Th scope="col" key={f} ta="right">
                  {t(`finances.figures.${f}`)}
                </Table.Th>
              ))}
              <Table.Th scope="col" ta="right">
                {t('finances.figures.payouts')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Th scope="row" fw={500}>
                  {month(m.month, locale)}
                </Table.Th>
                {FIGURES.map((f) => (
                  <Table.Td key={f} ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {amount(m[f])}
                  </Table.Td>
                ))}
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {amount(m.payouts)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      </Stack>

      <Stack component="section" aria-labelledby="accounts-heading" gap="sm">
        <Title order={2} id="accounts-heading">
          {t('finances.accountsHeading')}
        </Title>
        <Text>{t('finances.accountsIntro')}</Text>
        <ScrollTable label={t('finances.accountsHeading')} minWidth={420}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('finances.account')}</Table.Th>
              <Table.Th scope="col">{t('finances.type')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('finances.balance')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lastBalances.map((a) => (
              <Table.Tr key={a.code}>
                <Table.Td>
                  {a.code} {a.name}
                </Table.Td>
                <Table.Td>{t(`finances.accountTypes.${a.type}`)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {a.suppressed ? t('finances.withheld') : amount(a.last?.balance ?? '0')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      </Stack>
    </Stack>
  );
}

const LAST_12 = 'last12';

/** The periods anyone can pick: the last twelve months, or a calendar year since the founding. */
function usePeriodChoice() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const [params, setParams] = useSearchParams();
  const today = todayIn(profile.timeZone);
  const thisYear = Number(today.slice(0, 4));
  const founded = Math.min(
    Number(todayIn(profile.timeZone, new Date(profile.createdAt)).slice(0, 4)),
    thisYear,
  );
  const years: string[] = [];
  for (let y = thisYear; y >= founded; y--) years.push(String(y));
  const raw = params.get('year');
  const year = raw && years.includes(raw) ? raw : null;
  const period = year
    ? { from: `${year}-01-01`, to: year === String(thisYear) ? today : `${year}-12-31` }
    : { from: undefined, to: undefined };
  const options = [
    { value: LAST_12, label: t('ledger.charts.last12') },
    ...years.map((y) => ({ value: y, label: t('ledger.charts.year', { year: y }) })),
  ];
  const choose = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && value !== LAST_12) next.set('year', value);
    else next.delete('year');
    setParams(next, { replace: true });
  };
  return { value: year ?? LAST_12, options, period, choose };
}

export function FinancesPage() {
  const { t } = useTranslation();
  const { slug, profile, constitution } = useCoop();
  const choice = usePeriodChoice();
  const { from, to } = choice.period;
  const load = useCallback(() => getFinances(slug, { from, to }), [slug, from, to]);
  const finances = useLoad(load);
  const title = t('finances.title');
  return (
    <Stack gap="lg">
      <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
      <Text>{t('finances.intro', { count: constitution.document.openData.minGroupSize })}</Text>
      <Select
        label={t('ledger.charts.period')}
        data={choice.options}
        value={choice.value}
        onChange={choice.choose}
        allowDeselect={false}
        maw={280}
        data-testid="finances-period"
      />
      {finances.state === 'done' ? (
        <FinanceFigures finances={finances.data} />
      ) : finances.state === 'failed' ? (
        <LoadFailed title={t('finances.loadFailed')} error={finances.error} onRetry={finances.reload} />
      ) : (
        <Loading />
      )}
    </Stack>
  );
}
