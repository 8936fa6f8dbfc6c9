import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { isApiError } from '../../lib/api.ts';
import { downloads, getRegister, type RegisterEntry } from '../../lib/coops-api.ts';
import { day, integer } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop, useCoopRoles } from './coop-context.tsx';
import { roleLabel } from './roles.ts';

function RegisterTable({ members }: { members: RegisterEntry[] }) {
  const { t, i18n } = useTranslation();
  const { profile, constitution } = useCoop();
  const locale = i18n.language;
  const className = (key: string) =>
    constitution.document.memberClasses.find((c) => c.key === key)?.name ?? key;
  const date = (iso: string | null) => (iso ? day(iso, locale, profile.timeZone) : '—');
  return (
    <ScrollTable label={t('register.title')} minWidth={760} data-testid="register">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('register.number')}</Table.Th>
          <Table.Th scope="col">{t('register.name')}</Table.Th>
          <Table.Th scope="col">{t('register.class')}</Table.Th>
          <Table.Th scope="col">{t('register.shares')}</Table.Th>
          <Table.Th scope="col">{t('register.status')}</Table.Th>
          <Table.Th scope="col">{t('register.roles')}</Table.Th>
          <Table.Th scope="col">{t('register.admitted')}</Table.Th>
          <Table.Th scope="col">{t('register.left')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {members.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>{m.memberNumber}</Table.Td>
            <Table.Td>{m.displayName}</Table.Td>
            <Table.Td>{className(m.classKey)}</Table.Td>
            <Table.Td>{integer(m.shares, locale)}</Table.Td>
            <Table.Td>
              <Badge
                variant="outline"
                color={m.status === 'active' ? 'teal' : m.status === 'leaving' ? 'grape' : 'gray'}
              >
                {t(`memberStatus.${m.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td data-testid="member-roles">
              {m.roles.length > 0
                ? m.roles.map((r) => roleLabel(t, r, constitution.document)).join(', ')
                : '—'}
            </Table.Td>
            <Table.Td>{date(m.admittedAt)}</Table.Td>
            <Table.Td>
              {m.status === 'leaving' && m.leavesAt
                ? t('register.leaving', { date: date(m.leavesAt) })
                : date(m.leftAt)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

function Register() {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const roles = useCoopRoles();
  const load = useCallback(() => getRegister(slug), [slug]);
  const members = useLoad(load);
  if (members.state === 'loading') return <Loading />;
  if (members.state === 'failed') {
    if (isApiError(members.error) && members.error.code === 'FORBIDDEN')
      return (
        <Alert color="yellow" variant="light" role="alert" data-testid="members-only">
          {t('register.membersOnly', { name: profile.name })}
        </Alert>
      );
    return <LoadFailed title={t('register.loadFailed')} error={members.error} onRetry={members.reload} />;
  }
  const current = members.data.filter((m) => m.status === 'active' || m.status === 'leaving').length;
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Text>{t('register.count', { count: current, total: members.data.length })}</Text>
        {roles.board ? (
          <Button
            component="a"
            href={downloads.register(slug)}
            download
            variant="default"
            data-testid="register-csv"
          >
            {t('register.csv')}
          </Button>
        ) : null}
      </Group>
      <RegisterTable members={members.data} />
    </Stack>
  );
}

export function RegisterPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const title = t('register.title');
  return (
    <RequireAccount reason={t('register.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Text>{t('register.intro')}</Text>
        <Register />
      </Stack>
    </RequireAccount>
  );
}
