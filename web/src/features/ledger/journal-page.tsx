import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading } from '../../components/load-status.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { debitCredit } from './amount.ts';
import { ENTRY_KINDS, kindLabel, linkTypeLabel } from './kinds.ts';
import { type EntryView, getChart, getJournal, type JournalFilter } from './ledger-api.ts';
import {
  amountCell,
  calendarDay,
  JournalDownloads,
  LedgerFrame,
  LedgerLoadFailed,
  ledgerPath,
  PeriodPicker,
  useMoney,
  usePeriod,
} from './parts.tsx';

const PAGE_SIZE = 50;
// The "no filter" choice of the selects; account codes are digits, so it cannot clash with one.
const ALL = 'all';

type Pages =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'done'; entries: EntryView[]; next: string | null; more: 'idle' | 'loading' | 'failed' };

/** The journal pages for a filter: the first on any change of filter, the next ones on request. */
function useJournal(slug: string, filter: JournalFilter) {
  const { from, to, kind, account, linkType, linkId } = filter;
  const key = JSON.stringify([slug, from, to, kind, account, linkType, linkId]);
  // Pages are kept with the filter they answer, so a new filter never shows the old one's entries.
  const [loaded, setLoaded] = useState<{ key: string; pages: Pages }>({
    key: '',
    pages: { state: 'loading' },
  });
  const [round, setRound] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the filter; `round` asks for a reload.
  useEffect(() => {
    let current = true;
    setLoaded((previous) => (previous.key === key ? previous : { key, pages: { state: 'loading' } }));
    getJournal(slug, { from, to, kind, account, linkType, linkId, limit: PAGE_SIZE }).then(
      (page) =>
        current &&
        setLoaded({
          key,
          pages: { state: 'done', entries: page.entries, next: page.nextCursor, more: 'idle' },
        }),
      (error: unknown) => current && setLoaded({ key, pages: { state: 'failed', error } }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);

  const pages: Pages = loaded.key === key ? loaded.pages : { state: 'loading' };

  const loadMore = useCallback(() => {
    if (pages.state !== 'done' || !pages.next) return;
    const cursor = pages.next;
    const setMore = (more: 'loading' | 'failed') =>
      setLoaded((previous) =>
        previous.key === key && previous.pages.state === 'done'
          ? { key, pages: { ...previous.pages, more } }
          : previous,
      );
    setMore('loading');
    getJournal(slug, { from, to, kind, account, linkType, linkId, limit: PAGE_SIZE, cursor }).then(
      (page) =>
        setLoaded((previous) =>
          previous.key === key && previous.pages.state === 'done'
            ? {
                key,
                pages: {
                  state: 'done',
                  entries: [...previous.pages.entries, ...page.entries],
                  next: page.nextCursor,
                  more: 'idle',
                },
              }
            : previous,
        ),
      () => setMore('failed'),
    );
  }, [pages, key, slug, from, to, kind, account, linkType, linkId]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { pages, loadMore, reload };
}

/** Whether an entry matches typed words: its description, id, accounts or reference. */
function matches(entry: EntryView, words: string[]): boolean {
  const haystack = [
    entry.description,
    entry.id,
    entry.kind,
    ...entry.postings.map((p) => `${p.accountCode} ${p.accountName}`),
  ]
    .join(' ')
    .toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}

function JournalTable({ entries }: { entries: EntryView[] }) {
  const { t, i18n } = useTranslation();
  const { slug } = useCoop();
  const format = useMoney();
  return (
    <ScrollTable label={t('ledger.journal.tableLabel')} minWidth={760} data-testid="journal">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('ledger.date')}</Table.Th>
          <Table.Th scope="col">{t('ledger.journal.entry')}</Table.Th>
          <Table.Th scope="col">{t('ledger.journal.postings')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('ledger.amount')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry) => {
          const currency = entry.postings[0]?.currency ?? '';
          const total = entry.postings.reduce(
            (sum, p) => (BigInt(p.amount) > 0n ? sum + BigInt(p.amount) : sum),
            0n,
          );
          return (
            <Table.Tr key={entry.id} data-testid="journal-entry" data-kind={entry.kind}>
              <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                {calendarDay(entry.date, i18n.language)}
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Stack gap={2} align="flex-start">
                  <Anchor
                    component={Link}
                    to={ledgerPath(slug, `/entries/${entry.id}`)}
                    data-testid="entry-link"
                  >
                    {entry.description || t('ledger.journal.noDescription')}
                  </Anchor>
                  <Group gap={6}>
                    <Badge variant="outline" color="gray.7" size="sm" tt="none">
                      {kindLabel(t, entry.kind)}
                    </Badge>
                    {entry.reversedByEntryId ? (
                      <Badge variant="outline" color="red.9" size="sm" tt="none">
                        {t('ledger.journal.reversed')}
                      </Badge>
                    ) : null}
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
                  {entry.postings.map((posting) => {
                    const side = debitCredit(posting.amount);
                    return (
                      <Text component="li" size="sm" key={posting.line}>
                        {side.credit ? <span style={{ paddingInlineStart: 16 }} /> : null}
                        {posting.accountCode} {posting.accountName}:{' '}
                        <span style={amountCell}>
                          {side.debit
                            ? t('ledger.journal.debit', { amount: format(side.debit, posting.currency) })
                            : t('ledger.journal.credit', {
                                amount: format(side.credit ?? '0', posting.currency),
                              })}
                        </span>
                      </Text>
                    );
                  })}
                </Stack>
              </Table.Td>
              <Table.Td ta="right" style={{ ...amountCell, verticalAlign: 'top' }}>
                {currency ? format(total.toString(), currency) : '—'}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ScrollTable>
  );
}

/** The journal, newest first, with filters by period, kind, account, linked object and typed words. */
export function LedgerJournalPage() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [params, setParams] = useSearchParams();
  const [period, setPeriod] = usePeriod();
  const kind = params.get('kind') ?? undefined;
  const account = params.get('account') ?? undefined;
  const linkType = params.get('linkType') ?? undefined;
  const linkId = params.get('linkId') ?? undefined;
  const text = params.get('q') ?? '';
  const { pages, loadMore, reload } = useJournal(slug, { ...period, kind, account, linkType, linkId });
  const loadChart = useCallback(() => getChart(slug), [slug]);
  const chart = useLoad(loadChart);

  function setParam(key: string, value: string | null | undefined) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const shown = pages.state === 'done' ? pages.entries.filter((e) => matches(e, words)) : [];
  const accountOptions =
    chart.state === 'done'
      ? chart.data.accounts.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }))
      : account
        ? [{ value: account, label: account }]
        : [];

  return (
    <LedgerFrame title={t('ledger.journal.title')} intro={t('ledger.journal.intro')}>
      <PeriodPicker period={period} onChange={setPeriod} />
      <Group align="flex-end" gap="sm" role="search" aria-label={t('ledger.journal.filters')}>
        <Select
          label={t('ledger.journal.kind')}
          data={[
            { value: ALL, label: t('ledger.journal.allKinds') },
            ...ENTRY_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) })),
          ]}
          value={kind ?? ALL}
          onChange={(value) => setParam('kind', value === ALL ? null : value)}
          allowDeselect={false}
          style={{ flex: '1 1 200px' }}
          data-testid="filter-kind"
        />
        <Select
          label={t('ledger.journal.account')}
          data={[{ value: ALL, label: t('ledger.journal.allAccounts') }, ...accountOptions]}
          value={account ?? ALL}
          onChange={(value) => setParam('account', value === ALL ? null : value)}
          searchable
          allowDeselect={false}
          nothingFoundMessage={t('ledger.journal.noAccount')}
          style={{ flex: '1 1 240px' }}
          data-testid="filter-account"
        />
        <TextInput
          type="search"
          label={t('ledger.journal.text')}
          value={text}
          onChange={(event) => setParam('q', event.currentTarget.value)}
          style={{ flex: '1 1 220px' }}
          data-testid="filter-text"
        />
      </Group>
      <Text size="sm" mt={-8}>
        {t('ledger.journal.textHint')}
      </Text>
      {linkType && linkId ? (
        <Group gap="sm" data-testid="filter-link">
          <Text size="sm">
            {t('ledger.journal.linkedTo', { type: linkTypeLabel(t, linkType), id: linkId })}
          </Text>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => {
              const next = new URLSearchParams(params);
              next.delete('linkType');
              next.delete('linkId');
              setParams(next, { replace: true });
            }}
          >
            {t('ledger.journal.clearLink')}
          </Button>
        </Group>
      ) : null}
      {pages.state === 'loading' ? <Loading /> : null}
      {pages.state === 'failed' ? (
        <LedgerLoadFailed title={t('ledger.journal.loadFailed')} error={pages.error} onRetry={reload} />
      ) : null}
      {pages.state === 'done' ? (
        <Stack gap="sm">
          <Text size="sm" role="status" data-testid="journal-count">
            {pages.next
              ? t('ledger.journal.countMore', { count: shown.length })
              : t('ledger.journal.count', { count: shown.length })}
          </Text>
          {shown.length > 0 ? <JournalTable entries={shown} /> : null}
          {pages.next ? (
            <Group>
              <Button
                variant="default"
                onClick={loadMore}
                loading={pages.more === 'loading'}
                data-testid="journal-more"
              >
                {t('ledger.journal.more')}
              </Button>
              {pages.more === 'failed' ? (
                <Text size="sm" c="red.8" role="alert">
                  {t('ledger.journal.moreFailed')}
                </Text>
              ) : null}
            </Group>
          ) : null}
        </Stack>
      ) : null}
      <JournalDownloads period={period} />
    </LedgerFrame>
  );
}
