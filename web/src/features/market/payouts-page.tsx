import { Alert, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { dateTime, money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { createPayoutBatch, listPayoutBatches, markBatchPaid, type PayoutBatch } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { marketErrorMessage, placeMarketError } from './market-errors.ts';
import { Muted, StatusBadge } from './parts.tsx';

// Paying workers: the board or an admin gathers what the co-op owes each worker into one batch, sends
// the transfers, and marks the batch paid with the bank's reference; the ledger posts each payout.

function MarkPaid({ batch, onDone }: { batch: PayoutBatch; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reference.trim()) return setError(t('validation.required'));
    setSending(true);
    try {
      await markBatchPaid(slug, batch.id, reference.trim());
      notify(t('market.payouts.paid'));
      onDone();
    } catch (caught) {
      const placed = placeMarketError(t, caught, ['reference']);
      if (placed.field) setError(placed.message);
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('market.payouts.markPaid')}>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('market.payouts.reference')}
            value={reference}
            maxLength={140}
            error={error}
            onChange={(e) => {
              setReference(e.currentTarget.value);
              setError(null);
            }}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button type="submit" loading={sending}>
            {t('market.payouts.markPaid')}
          </Button>
        </Group>
        <FormError message={formError} />
      </Stack>
    </form>
  );
}

function BatchCard({ batch, onChanged }: { batch: PayoutBatch; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  const locale = i18n.language;
  const headingId = `batch-${batch.id}`;
  return (
    <Card component="li" withBorder padding="md" aria-labelledby={headingId} data-testid="payout-batch">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h4" id={headingId}>
            {t('market.payouts.batchTitle', { date: dateTime(batch.createdAt, locale, profile.timeZone) })}
          </Title>
          <StatusBadge status={batch.status} kind="batch" />
        </Group>
        <Text size="sm">
          {t('market.payouts.summary', {
            count: batch.itemCount,
            total: money(batch.total, batch.currency, locale),
          })}
        </Text>
        {batch.paidAt ? (
          <Muted>
            {t('market.payouts.paidOn', {
              date: dateTime(batch.paidAt, locale, profile.timeZone),
              reference: batch.reference ?? '',
            })}
          </Muted>
        ) : null}
        <ScrollTable label={t('market.payouts.itemsLabel')} minWidth={320}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('market.payouts.worker')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('market.payouts.amount')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {batch.items.map((item) => (
              <Table.Tr key={item.paymentId}>
                <Table.Td>{item.displayName}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(item.amount, batch.currency, locale)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
        {batch.status === 'pending' ? <MarkPaid batch={batch} onDone={onChanged} /> : null}
      </Stack>
    </Card>
  );
}

function Batches() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => listPayoutBatches(slug), [slug]);
  const batches = useLoad(load);
  const [making, setMaking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function make() {
    setMaking(true);
    setError(null);
    try {
      await createPayoutBatch(slug);
      notify(t('market.payouts.made'));
      batches.reload();
    } catch (caught) {
      setError(marketErrorMessage(t, caught));
    } finally {
      setMaking(false);
    }
  }

  if (batches.state === 'loading') return <Loading />;
  if (batches.state === 'failed')
    return (
      <LoadFailed title={t('market.payouts.loadFailed')} error={batches.error} onRetry={batches.reload} />
    );
  const open = batches.data.some((b) => b.status === 'pending');
  return (
    <Stack gap="md">
      {open ? null : (
        <Group>
          <Button onClick={() => void make()} loading={making} data-testid="make-batch">
            {t('market.payouts.make')}
          </Button>
        </Group>
      )}
      {error ? (
        <Alert color="gray" role="alert">
          {error}
        </Alert>
      ) : null}
      {batches.data.length === 0 ? (
        <Text size="sm">{t('market.payouts.none')}</Text>
      ) : (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {batches.data.map((b) => (
            <BatchCard key={b.id} batch={b} onChanged={batches.reload} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function PayoutsPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const { moderator } = useMarket();
  const title = t('market.payouts.title');
  return (
    <RequireAccount reason={t('market.payouts.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Text>{t('market.payouts.intro')}</Text>
        {moderator ? <Batches /> : <Alert color="gray">{t('errors.FORBIDDEN')}</Alert>}
      </Stack>
    </RequireAccount>
  );
}
