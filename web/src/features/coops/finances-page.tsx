import { Stack, Table, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { type Finances, getFinances } from '../../lib/coops-api.ts';
import { money, month } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from './coop-context.tsx';
import { Facts } from './facts.tsx';

const FIGURES = ['revenue', 'expenses', 'surplus', 'assets', 'liabilities', 'equity'] as const;

function FinanceFigures({ finances }: { finances: Finances }) {
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

export function FinancesPage() {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const load = useCallback(() => getFinances(slug), [slug]);
  const finances = useLoad(load);
  const title = t('finances.title');
  return (
    <Stack gap="lg">
      <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
      {finances.state === 'done' ? (
        <>
          <Text>{t('finances.intro', { count: finances.data.minGroupSize })}</Text>
          <FinanceFigures finances={finances.data} />
        </>
      ) : finances.state === 'failed' ? (
        <LoadFailed title={t('finances.loadFailed')} error={finances.error} onRetry={finances.reload} />
      ) : (
        <Loading />
      )}
    </Stack>
  );
}
