import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-card.tsx';
import { Loading } from '../../components/load-status.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import {
  type AccountType,
  type ChartView,
  closeAccount,
  getChart,
  type LedgerAccountView,
  openAccount,
} from './ledger-api.ts';
import { placeLedgerError } from './ledger-errors.ts';
import { AccountLink, amountCell, LedgerFrame, LedgerLoadFailed, useMoney } from './parts.tsx';

const TYPES: AccountType[] = ['asset', 'liability', 'equity', 'revenue', 'expense'];
const CODE = /^[0-9]{3,8}(\.[0-9]{1,4})?$/;
const NAME_MAX = 120;

function ChartTable({ chart }: { chart: ChartView }) {
  const { t } = useTranslation();
  const format = useMoney();
  return (
    <ScrollTable label={t('ledger.accounts.chart')} minWidth={620} data-testid="chart">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('ledger.accountColumn')}</Table.Th>
          <Table.Th scope="col">{t('ledger.accounts.type')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('ledger.accounts.balance')}
          </Table.Th>
          <Table.Th scope="col">{t('ledger.accounts.state')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {chart.accounts.map((account) => (
          <Table.Tr key={account.id} data-code={account.code} data-testid="chart-account">
            <Table.Th scope="row" fw={account.parentCode ? 400 : 600}>
              <span style={{ display: 'inline-block', paddingInlineStart: account.parentCode ? 20 : 0 }}>
                <AccountLink code={account.code} name={account.name} />
              </span>
            </Table.Th>
            <Table.Td>{t(`finances.accountTypes.${account.type}`)}</Table.Td>
            <Table.Td ta="right" style={amountCell}>
              {format(account.balance, account.currency)}
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {account.closedAt ? (
                  <Badge variant="outline" color="gray.7" tt="none">
                    {t('ledger.accounts.closed')}
                  </Badge>
                ) : (
                  <Badge variant="outline" color="teal.9" tt="none">
                    {t('ledger.accounts.open')}
                  </Badge>
                )}
                {account.placeholder ? (
                  <Badge variant="outline" color="gray.7" tt="none">
                    {t('ledger.accounts.group')}
                  </Badge>
                ) : null}
                {account.personal ? (
                  <Badge variant="outline" color="gray.7" tt="none">
                    {t(`ledger.accounts.personal.${account.personal}`)}
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

type AddFields = { code: string; name: string; type: AccountType | null; parentCode: string };
const EMPTY: AddFields = { code: '', name: '', type: null, parentCode: '' };
const TOP = 'top';

function AddAccount({ chart, onDone }: { chart: ChartView; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [fields, setFields] = useState<AddFields>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof AddFields, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const parents = chart.accounts.filter(
    (a) => a.type === fields.type && !a.placeholder && a.parentCode === null && a.closedAt === null,
  );

  function set<K extends keyof AddFields>(key: K, value: AddFields[K]) {
    setFields((f) => ({ ...f, [key]: value, ...(key === 'type' ? { parentCode: '' } : {}) }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  }

  async function submit() {
    const code = fields.code.trim();
    const name = fields.name.trim();
    const found: typeof errors = {};
    if (!CODE.test(code)) found.code = t('ledger.accounts.codeInvalid');
    if (!name) found.name = t('validation.required');
    else if (name.length > NAME_MAX) found.name = t('validation.tooLong', { max: NAME_MAX });
    if (!fields.type) found.type = t('validation.required');
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || !fields.type) return;
    setSending(true);
    try {
      const opened = await openAccount(slug, {
        code,
        name,
        type: fields.type,
        ...(fields.parentCode ? { parentCode: fields.parentCode } : {}),
      });
      notify(t('ledger.accounts.added', { code: opened.code, name: opened.name }));
      setFields(EMPTY);
      onDone();
    } catch (caught) {
      const placed = placeLedgerError(t, caught, ['code', 'name', 'type', 'parentCode']);
      if (placed.field) setErrors({ [placed.field]: placed.message });
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="add-account-heading" data-testid="add-account">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="add-account-heading">
            {t('ledger.accounts.addTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('ledger.accounts.code')}
              description={t('ledger.accounts.codeHint')}
              value={fields.code}
              onChange={(event) => set('code', event.currentTarget.value)}
              error={errors.code}
              inputMode="decimal"
              maxLength={13}
              required
            />
            <TextInput
              label={t('ledger.accounts.name')}
              value={fields.name}
              onChange={(event) => set('name', event.currentTarget.value)}
              error={errors.name}
              maxLength={NAME_MAX}
              required
            />
            <Select
              label={t('ledger.accounts.type')}
              data={TYPES.map((type) => ({ value: type, label: t(`finances.accountTypes.${type}`) }))}
              value={fields.type}
              onChange={(value) => set('type', TYPES.find((type) => type === value) ?? null)}
              error={errors.type}
              required
              allowDeselect={false}
            />
            <Select
              label={t('ledger.accounts.parent')}
              description={t('ledger.accounts.parentHint')}
              data={[
                { value: TOP, label: t('ledger.accounts.topLevel') },
                ...parents.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` })),
              ]}
              value={fields.parentCode || TOP}
              onChange={(value) => set('parentCode', value && value !== TOP ? value : '')}
              error={errors.parentCode}
              disabled={!fields.type}
              allowDeselect={false}
            />
          </SimpleGrid>
          <FormError message={formError} />
          <Group>
            <Button type="submit" loading={sending} data-testid="add-account-submit">
              {t('ledger.accounts.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function CloseAccount({ chart, onDone }: { chart: ChartView; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const format = useMoney();
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const open = chart.accounts.filter((a) => a.closedAt === null);
  const chosen: LedgerAccountView | undefined = open.find((a) => a.code === code);

  function ask() {
    if (!chosen) return setError(t('ledger.accounts.chooseToClose'));
    setError(null);
    setConfirming(true);
  }

  async function confirm() {
    if (!chosen) return;
    setSending(true);
    try {
      await closeAccount(slug, chosen.code);
      notify(t('ledger.accounts.closedDone', { code: chosen.code, name: chosen.name }));
      setCode(null);
      onDone();
    } catch (caught) {
      // The server names the code field; whatever it names, the refusal belongs to the chosen account.
      setError(placeLedgerError(t, caught, ['code']).message);
    } finally {
      setSending(false);
      setConfirming(false);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="close-account-heading" data-testid="close-account">
      <Stack gap="sm">
        <Title order={2} size="h4" id="close-account-heading">
          {t('ledger.accounts.closeTitle')}
        </Title>
        <Text size="sm">{t('ledger.accounts.closeExplain')}</Text>
        <Group align="flex-start" gap="sm">
          <Select
            label={t('ledger.accounts.toClose')}
            data={open.map((a) => ({
              value: a.code,
              label: `${a.code} ${a.name} (${format(a.balance, a.currency)})`,
            }))}
            value={code}
            onChange={(value) => {
              setCode(value);
              setError(null);
            }}
            error={error}
            searchable
            nothingFoundMessage={t('ledger.journal.noAccount')}
            style={{ flex: '1 1 260px' }}
            data-testid="close-account-code"
          />
          <Button
            variant="outline"
            color="red"
            onClick={ask}
            mt={{ base: 0, xs: 25 }}
            data-testid="close-account-submit"
          >
            {t('ledger.accounts.close')}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('ledger.accounts.confirmTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        <Stack gap="sm">
          <Text>
            {chosen ? t('ledger.accounts.confirmText', { code: chosen.code, name: chosen.name }) : null}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('ledger.cancel')}
            </Button>
            <Button color="red" onClick={() => void confirm()} loading={sending} data-testid="confirm-close">
              {t('ledger.accounts.confirmClose')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** The chart of accounts with balances; an admin adds accounts and closes empty ones. */
export function LedgerAccountsPage() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => getChart(slug), [slug]);
  const chart = useLoad(load);
  return (
    <LedgerFrame title={t('ledger.accounts.title')} intro={t('ledger.accounts.intro')}>
      {chart.state === 'loading' ? <Loading /> : null}
      {chart.state === 'failed' ? (
        <LedgerLoadFailed
          title={t('ledger.accounts.loadFailed')}
          error={chart.error}
          onRetry={chart.reload}
        />
      ) : null}
      {chart.state === 'done' ? (
        <>
          <ChartTable chart={chart.data} />
          <AddAccount chart={chart.data} onDone={chart.reload} />
          <CloseAccount chart={chart.data} onDone={chart.reload} />
        </>
      ) : null}
    </LedgerFrame>
  );
}
