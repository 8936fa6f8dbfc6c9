import {
  Anchor,
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
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { Loading } from '../../components/load-status.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { dateTime } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { parseTypedAmount } from './amount.ts';
import {
  type ChartView,
  cancelPayout,
  getChart,
  listPayments,
  markPayoutPaid,
  newIdempotencyKey,
  type PaymentView,
  recordPayment,
  requestPayout,
} from './ledger-api.ts';
import { placeLedgerError } from './ledger-errors.ts';
import { amountCell, LedgerFrame, LedgerLoadFailed, ledgerPath, useMoney } from './parts.tsx';

const REFERENCE_MAX = 200;
const DESCRIPTION_MAX = 1000;
const RECEIVED_KINDS = ['payment_received', 'membership_fee', 'booking_payment'] as const;
type ReceivedKind = (typeof RECEIVED_KINDS)[number];

type Errors = Partial<Record<string, string>>;

function useAccountOptions(chart: ChartView, accept: (a: ChartView['accounts'][number]) => boolean) {
  const format = useMoney();
  return chart.accounts
    .filter((a) => !a.placeholder && a.closedAt === null && accept(a))
    .map((a) => ({ value: a.code, label: `${a.code} ${a.name} (${format(a.balance, a.currency)})` }));
}

function RecordReceived({ chart, onDone }: { chart: ChartView; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const currency = chart.currency;
  const options = useAccountOptions(chart, (a) => a.code !== '1000' && a.personal === null);
  const [account, setAccount] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [fee, setFee] = useState('');
  const [reference, setReference] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<ReceivedKind>('payment_received');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);

  const clear = (field: string) => setErrors((e) => ({ ...e, [field]: undefined }));

  async function submit() {
    const found: Errors = {};
    const minor = parseTypedAmount(amount, currency);
    const feeMinor = fee.trim() ? parseTypedAmount(fee, currency) : null;
    if (!account) found.account = t('validation.required');
    if (!minor) found.amount = t('ledger.payments.amountInvalid', { currency });
    if (fee.trim() && !feeMinor) found.fee = t('ledger.payments.amountInvalid', { currency });
    if (!reference.trim()) found.reference = t('validation.required');
    if (!description.trim()) found.description = t('validation.required');
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || !account || !minor) return;
    setSending(true);
    try {
      await recordPayment(slug, {
        idempotencyKey: key,
        account,
        amount: minor,
        reference: reference.trim(),
        description: description.trim(),
        kind,
        ...(feeMinor ? { fee: feeMinor } : {}),
      });
      notify(t('ledger.payments.recorded'));
      setKey(newIdempotencyKey());
      setAmount('');
      setFee('');
      setReference('');
      setDescription('');
      onDone();
    } catch (caught) {
      const placed = placeLedgerError(t, caught, ['account', 'amount', 'fee', 'reference', 'description']);
      if (placed.field) setErrors({ [placed.field]: placed.message });
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="record-heading" data-testid="record-payment">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="record-heading">
            {t('ledger.payments.recordTitle')}
          </Title>
          <Text size="sm">{t('ledger.payments.recordExplain')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('ledger.payments.creditAccount')}
              description={t('ledger.payments.creditAccountHint')}
              data={options}
              value={account}
              onChange={(value) => {
                setAccount(value);
                clear('account');
              }}
              error={errors.account}
              searchable
              required
              nothingFoundMessage={t('ledger.journal.noAccount')}
            />
            <Select
              label={t('ledger.payments.kind')}
              data={RECEIVED_KINDS.map((k) => ({ value: k, label: t(`ledger.kinds.${k}`) }))}
              value={kind}
              onChange={(value) => setKind(RECEIVED_KINDS.find((k) => k === value) ?? 'payment_received')}
              allowDeselect={false}
            />
            <TextInput
              label={t('ledger.payments.amount', { currency })}
              value={amount}
              onChange={(event) => {
                setAmount(event.currentTarget.value);
                clear('amount');
              }}
              error={errors.amount}
              inputMode="decimal"
              required
            />
            <TextInput
              label={t('ledger.payments.fee', { currency })}
              description={t('ledger.payments.feeHint')}
              value={fee}
              onChange={(event) => {
                setFee(event.currentTarget.value);
                clear('fee');
              }}
              error={errors.fee}
              inputMode="decimal"
            />
            <TextInput
              label={t('ledger.payments.reference')}
              description={t('ledger.payments.referenceHint')}
              value={reference}
              onChange={(event) => {
                setReference(event.currentTarget.value);
                clear('reference');
              }}
              error={errors.reference}
              maxLength={REFERENCE_MAX}
              required
            />
            <TextInput
              label={t('ledger.payments.description')}
              value={description}
              onChange={(event) => {
                setDescription(event.currentTarget.value);
                clear('description');
              }}
              error={errors.description}
              maxLength={DESCRIPTION_MAX}
              required
            />
          </SimpleGrid>
          <FormError message={formError} />
          <Group>
            <Button type="submit" loading={sending} data-testid="record-payment-submit">
              {t('ledger.payments.record')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function RequestPayout({ chart, onDone }: { chart: ChartView; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const currency = chart.currency;
  const options = useAccountOptions(chart, (a) => a.type === 'liability' && BigInt(a.balance) > 0n);
  const [account, setAccount] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);

  const clear = (field: string) => setErrors((e) => ({ ...e, [field]: undefined }));

  async function submit() {
    const found: Errors = {};
    const minor = parseTypedAmount(amount, currency);
    if (!account) found.account = t('validation.required');
    if (!minor) found.amount = t('ledger.payments.amountInvalid', { currency });
    if (!description.trim()) found.description = t('validation.required');
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || !account || !minor) return;
    setSending(true);
    try {
      await requestPayout(slug, {
        idempotencyKey: key,
        account,
        amount: minor,
        description: description.trim(),
      });
      notify(t('ledger.payments.requested'));
      setKey(newIdempotencyKey());
      setAmount('');
      setDescription('');
      onDone();
    } catch (caught) {
      const placed = placeLedgerError(t, caught, ['account', 'amount', 'description']);
      if (placed.field) setErrors({ [placed.field]: placed.message });
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="payout-heading" data-testid="request-payout">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="payout-heading">
            {t('ledger.payments.payoutTitle')}
          </Title>
          <Text size="sm">{t('ledger.payments.payoutExplain')}</Text>
          {options.length === 0 ? (
            <Text size="sm" data-testid="nothing-owed">
              {t('ledger.payments.nothingOwed')}
            </Text>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Select
                  label={t('ledger.payments.debitAccount')}
                  description={t('ledger.payments.debitAccountHint')}
                  data={options}
                  value={account}
                  onChange={(value) => {
                    setAccount(value);
                    clear('account');
                  }}
                  error={errors.account}
                  searchable
                  required
                  nothingFoundMessage={t('ledger.journal.noAccount')}
                />
                <TextInput
                  label={t('ledger.payments.amount', { currency })}
                  value={amount}
                  onChange={(event) => {
                    setAmount(event.currentTarget.value);
                    clear('amount');
                  }}
                  error={errors.amount}
                  inputMode="decimal"
                  required
                />
              </SimpleGrid>
              <TextInput
                label={t('ledger.payments.description')}
                value={description}
                onChange={(event) => {
                  setDescription(event.currentTarget.value);
                  clear('description');
                }}
                error={errors.description}
                maxLength={DESCRIPTION_MAX}
                required
              />
              <FormError message={formError} />
              <Group>
                <Button type="submit" loading={sending} data-testid="request-payout-submit">
                  {t('ledger.payments.requestPayout')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Card>
  );
}

function PendingPayout({ payout, onDone }: { payout: PaymentView; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const format = useMoney();
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);

  async function markPaid() {
    const trimmed = reference.trim();
    if (!trimmed) return setError(t('validation.required'));
    setSending(true);
    try {
      await markPayoutPaid(slug, payout.id, { reference: trimmed });
      notify(t('ledger.payments.paidDone'));
      onDone();
    } catch (caught) {
      setError(placeLedgerError(t, caught, ['reference']).message);
    } finally {
      setSending(false);
    }
  }

  async function cancel() {
    const trimmed = reason.trim();
    if (!trimmed) return setReasonError(t('validation.required'));
    setSending(true);
    try {
      await cancelPayout(slug, payout.id, { reason: trimmed });
      notify(t('ledger.payments.cancelledDone'));
      setCancelling(false);
      onDone();
    } catch (caught) {
      setReasonError(placeLedgerError(t, caught, ['reason']).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card component="li" withBorder padding="sm" data-testid="pending-payout">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Text fw={700}>{payout.description}</Text>
          <Text fw={700} style={amountCell}>
            {format(payout.amount, payout.currency)}
          </Text>
        </Group>
        <Text size="sm">{t('ledger.payments.fromAccount', { code: payout.accountCode })}</Text>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('ledger.payments.paidReference')}
            value={reference}
            onChange={(event) => {
              setReference(event.currentTarget.value);
              setError(null);
            }}
            error={error}
            maxLength={REFERENCE_MAX}
            style={{ flex: '1 1 220px' }}
          />
          <Group gap="xs" mt={{ base: 0, xs: 25 }}>
            <Button onClick={() => void markPaid()} loading={sending && !cancelling} data-testid="mark-paid">
              {t('ledger.payments.markPaid')}
            </Button>
            <Button variant="outline" color="red" onClick={() => setCancelling(true)}>
              {t('ledger.payments.cancelPayout')}
            </Button>
          </Group>
        </Group>
      </Stack>
      <Modal
        opened={cancelling}
        onClose={() => setCancelling(false)}
        title={t('ledger.payments.cancelTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        <Stack gap="sm">
          <Textarea
            label={t('ledger.payments.cancelReason')}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setReasonError(null);
            }}
            error={reasonError}
            maxLength={500}
            autosize
            minRows={2}
            required
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setCancelling(false)}>
              {t('ledger.cancel')}
            </Button>
            <Button color="red" onClick={() => void cancel()} loading={sending}>
              {t('ledger.payments.confirmCancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

function PaymentsTable({ payments }: { payments: PaymentView[] }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const format = useMoney();
  return (
    <ScrollTable label={t('ledger.payments.listTitle')} minWidth={760} data-testid="payments">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('ledger.date')}</Table.Th>
          <Table.Th scope="col">{t('ledger.payments.what')}</Table.Th>
          <Table.Th scope="col">{t('ledger.payments.reference')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('ledger.amount')}
          </Table.Th>
          <Table.Th scope="col">{t('ledger.payments.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {payments.map((p) => (
          <Table.Tr key={p.id} data-testid="payment-row">
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {dateTime(p.completedAt ?? p.createdAt, i18n.language, profile.timeZone)}
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {p.entryId ? (
                  <Anchor component={Link} to={ledgerPath(slug, `/entries/${p.entryId}`)}>
                    {p.description}
                  </Anchor>
                ) : (
                  p.description
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {t(p.direction === 'incoming' ? 'ledger.payments.incoming' : 'ledger.payments.outgoing', {
                  code: p.accountCode,
                })}
              </Text>
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{p.reference ?? '—'}</Table.Td>
            <Table.Td ta="right" style={amountCell}>
              {p.direction === 'outgoing' ? '−' : ''}
              {format(p.amount, p.currency)}
            </Table.Td>
            <Table.Td>
              <Badge
                variant="outline"
                tt="none"
                color={p.status === 'completed' ? 'teal.9' : p.status === 'pending' ? 'blue.9' : 'gray.7'}
              >
                {t(`ledger.payments.statuses.${p.status}`)}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

/** Money received by transfer or cash, and payouts: requested, then marked paid with their reference. */
export function LedgerPaymentsPage() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => Promise.all([getChart(slug), listPayments(slug)]), [slug]);
  const data = useLoad(load);
  const pending =
    data.state === 'done'
      ? data.data[1].filter((p) => p.direction === 'outgoing' && p.status === 'pending')
      : [];
  return (
    <LedgerFrame title={t('ledger.payments.title')} intro={t('ledger.payments.intro')}>
      {data.state === 'loading' ? <Loading /> : null}
      {data.state === 'failed' ? (
        <LedgerLoadFailed title={t('ledger.payments.loadFailed')} error={data.error} onRetry={data.reload} />
      ) : null}
      {data.state === 'done' ? (
        <>
          <RecordReceived chart={data.data[0]} onDone={data.reload} />
          <RequestPayout chart={data.data[0]} onDone={data.reload} />
          <Stack gap="sm" component="section" aria-labelledby="pending-heading">
            <Title order={2} size="h4" id="pending-heading">
              {t('ledger.payments.pendingTitle')}
            </Title>
            {pending.length === 0 ? (
              <Text size="sm">{t('ledger.payments.nonePending')}</Text>
            ) : (
              <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
                {pending.map((p) => (
                  <PendingPayout key={p.id} payout={p} onDone={data.reload} />
                ))}
              </Stack>
            )}
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="payments-heading">
            <Title order={2} size="h4" id="payments-heading">
              {t('ledger.payments.listTitle')}
            </Title>
            {data.data[1].length === 0 ? (
              <Text size="sm">{t('ledger.payments.none')}</Text>
            ) : (
              <PaymentsTable payments={data.data[1]} />
            )}
          </Stack>
        </>
      ) : null}
    </LedgerFrame>
  );
}
