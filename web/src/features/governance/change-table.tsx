import { Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConstitutionChange, ConstitutionDocument } from '../../../../contracts/constitution.ts';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { formatValue } from '../coops/constitution-diff.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { fieldSpecs } from './fields.ts';

/** A change to the constitution as a table: the rule in words, its value now and as proposed. */
export function ChangeTable({
  changes,
  document,
  testId,
}: {
  changes: ConstitutionChange[];
  document: ConstitutionDocument;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  const fields = [...fieldSpecs('policy', document), ...fieldSpecs('bylaws', document)];
  const show = (path: string, value: unknown) => {
    const field = fields.find((f) => f.id === path);
    if (field?.kind === 'method' && typeof value === 'string') return t(`methods.${value}`);
    return formatValue(t, path, value, profile.currency, i18n.language);
  };
  return (
    <ScrollTable label={t('governance.diff.label')} minWidth={420} data-testid={testId ?? 'change-table'}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('governance.diff.rule')}</Table.Th>
          <Table.Th scope="col">{t('governance.diff.before')}</Table.Th>
          <Table.Th scope="col">{t('governance.diff.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((change) => {
          const field = fields.find((f) => f.id === change.path);
          return (
            <Table.Tr key={change.path}>
              <Table.Th scope="row" fw={500}>
                {field ? <Text inherit>{field.label(t)}</Text> : null}
                <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
                  {change.path}
                </Code>
              </Table.Th>
              <Table.Td>
                <del>{show(change.path, change.before)}</del>
              </Table.Td>
              <Table.Td>
                <ins style={{ textDecoration: 'none', fontWeight: 700 }}>
                  {show(change.path, change.after)}
                </ins>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ScrollTable>
  );
}
