import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { kindLabel } from './kinds.ts';
import type { AccountStatementView } from './ledger-api.ts';
import { amountCell, calendarDay, useMoney } from './parts.tsx';

/**
 * An account's movements in a period with the balance after each, between an opening and a closing
 * line. `entryHref` links each line to its journal entry where the reader may open it.
 */
export function StatementTable({
  statement,
  label,
  entryHref,
}: {
  statement: AccountStatementView;
  label: string;
  entryHref?: (entryId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const format = useMoney();
  const currency = statement.account.currency;
  const locale = i18n.language;
  return (
    <ScrollTable label={label} minWidth={560} data-testid="statement-table">
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
        <Table.Tr data-testid="statement-opening">
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {statement.from ? calendarDay(statement.from, locale) : ''}
          </Table.Td>
          <Table.Td fw={600}>
            {statement.from ? t('ledger.statement.opening') : t('ledger.statement.openingStart')}
          </Table.Td>
          <Table.Td />
          <Table.Td ta="right" style={amountCell} fw={600}>
            {format(statement.opening, currency)}
          </Table.Td>
        </Table.Tr>
        {statement.lines.map((line, index) => (
          // A line has no id of its own (one entry can move an account twice) and the order is fixed.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Table.Tr key={`${line.entryId}-${index}`} data-testid="statement-line">
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{calendarDay(line.date, locale)}</Table.Td>
            <Table.Td>
              {entryHref ? (
                <Anchor component={Link} to={entryHref(line.entryId)}>
                  {line.description || kindLabel(t, line.kind)}
                </Anchor>
              ) : (
                line.description || kindLabel(t, line.kind)
              )}
              <Text size="xs" c="dimmed" component="span" display="block">
                {kindLabel(t, line.kind)}
              </Text>
            </Table.Td>
            <Table.Td ta="right" style={amountCell}>
              {BigInt(line.amount) > 0n ? '+' : ''}
              {format(line.amount, currency)}
            </Table.Td>
            <Table.Td ta="right" style={amountCell} data-testid="statement-running">
              {format(line.balance, currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr fw={700} data-testid="statement-closing">
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {statement.to ? calendarDay(statement.to, locale) : ''}
          </Table.Td>
          <Table.Th scope="row">{t('ledger.statement.closing')}</Table.Th>
          <Table.Td />
          <Table.Td ta="right" style={amountCell}>
            {format(statement.closing, currency)}
          </Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </ScrollTable>
  );
}
