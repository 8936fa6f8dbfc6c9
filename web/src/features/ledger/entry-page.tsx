import { Anchor, Button, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { Loading } from '../../components/load-status.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { dateTime } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { Facts } from '../coops/facts.tsx';
import { debitCredit } from './amount.ts';
import { kindLabel, linkTypeLabel } from './kinds.ts';
import { type EntryDetailView, getEntry, newIdempotencyKey, reverseEntry } from './ledger-api.ts';
import { placeLedgerError } from './ledger-errors.ts';
import {
  AccountLink,
  amountCell,
  calendarDay,
  LedgerFrame,
  LedgerLoadFailed,
  ledgerPath,
  useMoney,
} from './parts.tsx';

const REASON_MAX = 500;

/** Where a linked object can be seen, when the web app has a page for it. */
function linkedPage(slug: string, link: { type: string; id: string }): string | null {
  if (link.type === 'membership_application' || link.type === 'membership')
    return `/c/${slug}/admin/applications`;
  return null;
}

function ReverseEntry({ entry }: { entry: EntryDetailView }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // One key per intention: a retry after a lost answer cannot reverse the entry twice.
  const [key, setKey] = useState(newIdempotencyKey);

  function close() {
    setOpened(false);
    setError(null);
    setFormError(null);
  }

  async function confirm() {
    const trimmed = reason.trim();
    if (!trimmed) return setError(t('ledger.entry.reasonRequired'));
    if (trimmed.length > REASON_MAX) return setError(t('validation.tooLong', { max: REASON_MAX }));
    setSending(true);
    setFormError(null);
    try {
      const result = await reverseEntry(slug, entry.id, { idempotencyKey: key, description: trimmed });
      notify(t('ledger.entry.reversedDone'));
      setKey(newIdempotencyKey());
      setOpened(false);
      await navigate(ledgerPath(slug, `/entries/${result.entryId}`));
    } catch (caught) {
      const placed = placeLedgerError(t, caught, ['description']);
      if (placed.field) setError(placed.message);
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <Group>
        <Button color="red" variant="outline" onClick={() => setOpened(true)} data-testid="reverse-entry">
          {t('ledger.entry.reverse')}
        </Button>
      </Group>
      <Modal
        opened={opened}
        onClose={close}
        title={t('ledger.entry.reverseTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
        data-testid="reverse-dialog"
      >
        <Stack gap="sm">
          <Text size="sm">{t('ledger.entry.reverseExplain', { description: entry.description })}</Text>
          <Textarea
            label={t('ledger.entry.reason')}
            description={t('ledger.entry.reasonHint')}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setError(null);
            }}
            error={error}
            maxLength={REASON_MAX}
            autosize
            minRows={2}
            required
            data-autofocus
          />
          <FormError message={formError} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('ledger.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => void confirm()}
              loading={sending}
              data-testid="confirm-reverse"
            >
              {t('ledger.entry.confirmReverse')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function EntryDetail({ entry }: { entry: EntryDetailView }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const format = useMoney();
  const locale = i18n.language;
  const totals = new Map<string, { debit: bigint; credit: bigint }>();
  for (const p of entry.postings) {
    const sum = totals.get(p.currency) ?? { debit: 0n, credit: 0n };
    const value = BigInt(p.amount);
    if (value > 0n) sum.debit += value;
    else sum.credit -= value;
    totals.set(p.currency, sum);
  }
  const link = entry.link;
  const page = link ? linkedPage(slug, link) : null;

  return (
    <Stack gap="lg">
      <Facts
        testId="entry-facts"
        items={[
          { label: t('ledger.date'), value: calendarDay(entry.date, locale) },
          { label: t('ledger.entry.kind'), value: kindLabel(t, entry.kind) },
          {
            label: t('ledger.entry.description'),
            value: entry.description || t('ledger.journal.noDescription'),
          },
          {
            label: t('ledger.entry.occurredAt'),
            value: dateTime(entry.occurredAt, locale, profile.timeZone),
          },
          {
            label: t('ledger.entry.recordedAt'),
            value: dateTime(entry.recordedAt, locale, profile.timeZone),
          },
          {
            label: t('ledger.entry.recordedBy'),
            value: entry.actorId ? t('ledger.entry.byPerson') : t('ledger.entry.bySystem'),
          },
          ...(entry.policyVersion !== null
            ? [{ label: t('ledger.entry.policyVersion'), value: String(entry.policyVersion) }]
            : []),
          ...(entry.payment
            ? [
                {
                  label: t('ledger.entry.payment'),
                  value: t(
                    entry.payment.direction === 'incoming'
                      ? 'ledger.entry.paymentIn'
                      : 'ledger.entry.paymentOut',
                    {
                      provider:
                        entry.payment.provider === 'manual'
                          ? t('ledger.payments.manual')
                          : entry.payment.provider,
                      reference: entry.payment.reference ?? t('ledger.payments.noReference'),
                    },
                  ),
                },
              ]
            : []),
        ]}
      />

      <Stack gap="xs" component="section" aria-labelledby="entry-link-heading">
        <Title order={2} size="h4" id="entry-link-heading">
          {t('ledger.entry.linked')}
        </Title>
        {link ? (
          <Stack gap={4} data-testid="entry-linked">
            <Text>
              {linkTypeLabel(t, link.type)} <code style={{ overflowWrap: 'anywhere' }}>{link.id}</code>
            </Text>
            <Group gap="md">
              {page ? (
                <Anchor component={Link} to={page}>
                  {t('ledger.entry.openLinked', { type: linkTypeLabel(t, link.type) })}
                </Anchor>
              ) : null}
              <Anchor
                component={Link}
                to={`${ledgerPath(slug, '/journal')}?linkType=${encodeURIComponent(link.type)}&linkId=${encodeURIComponent(link.id)}`}
                data-testid="entry-linked-journal"
              >
                {t('ledger.entry.sameObject')}
              </Anchor>
            </Group>
          </Stack>
        ) : (
          <Text>{t('ledger.entry.noLink')}</Text>
        )}
        {entry.reversesEntryId ? (
          <Text data-testid="entry-reverses">
            {t('ledger.entry.reverses')}{' '}
            <Anchor component={Link} to={ledgerPath(slug, `/entries/${entry.reversesEntryId}`)}>
              {t('ledger.entry.openOriginal')}
            </Anchor>
          </Text>
        ) : null}
        {entry.reversedByEntryId ? (
          <Text data-testid="entry-reversed-by">
            {t('ledger.entry.reversedBy')}{' '}
            <Anchor component={Link} to={ledgerPath(slug, `/entries/${entry.reversedByEntryId}`)}>
              {t('ledger.entry.openReversal')}
            </Anchor>
          </Text>
        ) : null}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="postings-heading">
        <Title order={2} size="h4" id="postings-heading">
          {t('ledger.entry.postings')}
        </Title>
        <ScrollTable label={t('ledger.entry.postings')} minWidth={520} data-testid="entry-postings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('ledger.entry.line')}</Table.Th>
              <Table.Th scope="col">{t('ledger.accountColumn')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('ledger.debit')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('ledger.credit')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entry.postings.map((p) => {
              const side = debitCredit(p.amount);
              return (
                <Table.Tr key={p.line}>
                  <Table.Td>{p.line}</Table.Td>
                  <Table.Td>
                    <AccountLink code={p.accountCode} name={p.accountName} />
                  </Table.Td>
                  <Table.Td ta="right" style={amountCell}>
                    {side.debit ? format(side.debit, p.currency) : ''}
                  </Table.Td>
                  <Table.Td ta="right" style={amountCell}>
                    {side.credit ? format(side.credit, p.currency) : ''}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            {[...totals].map(([currency, sum]) => (
              <Table.Tr key={currency} fw={700}>
                <Table.Td />
                <Table.Th scope="row">{t('ledger.trial.totals', { currency })}</Table.Th>
                <Table.Td ta="right" style={amountCell}>
                  {format(sum.debit.toString(), currency)}
                </Table.Td>
                <Table.Td ta="right" style={amountCell}>
                  {format(sum.credit.toString(), currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tfoot>
        </ScrollTable>
      </Stack>

      {entry.reversedByEntryId ? null : <ReverseEntry entry={entry} />}
    </Stack>
  );
}

/** One journal entry: its facts, postings, linked object and payment; and its reversal. */
export function LedgerEntryPage() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const entryId = useParams().entryId ?? '';
  const load = useCallback(() => getEntry(slug, entryId), [slug, entryId]);
  const entry = useLoad(load);
  return (
    <LedgerFrame title={t('ledger.entry.title')}>
      <Anchor component={Link} to={ledgerPath(slug, '/journal')}>
        {t('ledger.entry.backToJournal')}
      </Anchor>
      {entry.state === 'loading' ? <Loading /> : null}
      {entry.state === 'failed' ? (
        <LedgerLoadFailed title={t('ledger.entry.loadFailed')} error={entry.error} onRetry={entry.reload} />
      ) : null}
      {entry.state === 'done' ? <EntryDetail entry={entry.data} /> : null}
    </LedgerFrame>
  );
}
