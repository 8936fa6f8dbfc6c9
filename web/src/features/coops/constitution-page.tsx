import { Alert, Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import {
  type ConstitutionVersionList,
  type ConstitutionVersionView,
  getConstitution,
  listConstitutionVersions,
} from '../../lib/coops-api.ts';
import { day } from '../../lib/format.ts';
import { type Loaded, useLoad } from '../../lib/use-load.ts';
import { describeChanges } from './constitution-diff.ts';
import { ConstitutionRules } from './constitution-rules.tsx';
import { useCoop } from './coop-context.tsx';

const HASH_PREFIX = 12;

/** `?name=N` as a version number when it names one of `versions`, else `fallback`. */
function versionParam(params: URLSearchParams, name: string, versions: number[], fallback: number): number {
  const value = Number(params.get(name));
  return versions.includes(value) ? value : fallback;
}

/** One version's document: the one in force comes with the co-op, others are fetched. */
function useVersion(version: number): Loaded<ConstitutionVersionView> & { reload(): void } {
  const { slug, constitution } = useCoop();
  const load = useCallback(
    () => (version === constitution.version ? Promise.resolve(constitution) : getConstitution(slug, version)),
    [slug, version, constitution],
  );
  return useLoad(load);
}

function History({ list }: { list: ConstitutionVersionList }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  return (
    <ScrollTable label={t('constitution.history.heading')} minWidth={420} data-testid="version-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('constitution.history.version')}</Table.Th>
          <Table.Th scope="col">{t('constitution.history.origin')}</Table.Th>
          <Table.Th scope="col">{t('constitution.history.effectiveFrom')}</Table.Th>
          <Table.Th scope="col">{t('constitution.history.hash')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.versions.map((v) => (
          <Table.Tr key={v.version}>
            <Table.Td>
              {v.version === list.inForce
                ? t('constitution.history.inForce', { version: v.version })
                : v.version}
            </Table.Td>
            <Table.Td>{t(`constitution.origin.${v.origin}`)}</Table.Td>
            <Table.Td>{day(v.effectiveFrom, i18n.language, profile.timeZone)}</Table.Td>
            <Table.Td>
              <Code title={v.hash}>{v.hash.slice(0, HASH_PREFIX)}</Code>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

function Changes({ from, to }: { from: number; to: number }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  const before = useVersion(from);
  const after = useVersion(to);
  if (before.state === 'failed' || after.state === 'failed') {
    const error = before.state === 'failed' ? before.error : after.state === 'failed' ? after.error : null;
    return <LoadFailed title={t('constitution.compare.failed')} error={error} />;
  }
  if (before.state !== 'done' || after.state !== 'done') return <Loading />;
  const changes = describeChanges(
    t,
    before.data.document,
    after.data.document,
    profile.currency,
    i18n.language,
  );
  if (changes.length === 0)
    return <Text data-testid="diff-none">{t('constitution.compare.none', { from, to })}</Text>;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="diff">
      {changes.map((change) => (
        <Text component="li" key={change.path} style={{ overflowWrap: 'anywhere' }}>
          <Code>{change.path}</Code>: {change.before} → {change.after}
        </Text>
      ))}
    </Stack>
  );
}

function Compare({ list }: { list: ConstitutionVersionList }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const numbers = list.versions.map((v) => v.version);
  if (numbers.length < 2) return <Text>{t('constitution.compare.onlyOne')}</Text>;
  const to = versionParam(params, 'to', numbers, list.inForce);
  const from = versionParam(params, 'from', numbers, numbers.filter((n) => n < to).at(-1) ?? numbers[0]!);
  const options = numbers.map((n) => ({
    value: String(n),
    label: t('constitution.versionLabel', { version: n }),
  }));
  const choose = (name: 'from' | 'to') => (value: string | null) => {
    if (!value) return;
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };
  return (
    <Stack gap="md">
      <Group gap="md" align="flex-end">
        <Select
          label={t('constitution.compare.from')}
          data={options}
          value={String(from)}
          onChange={choose('from')}
          allowDeselect={false}
          w={180}
        />
        <Select
          label={t('constitution.compare.to')}
          data={options}
          value={String(to)}
          onChange={choose('to')}
          allowDeselect={false}
          w={180}
        />
      </Group>
      <Changes from={from} to={to} />
    </Stack>
  );
}

export function ConstitutionPage() {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const [params, setParams] = useSearchParams();
  const loadVersions = useCallback(() => listConstitutionVersions(slug), [slug]);
  const versions = useLoad(loadVersions);
  const numbers = versions.state === 'done' ? versions.data.versions.map((v) => v.version) : [];
  const inForce = versions.state === 'done' ? versions.data.inForce : profile.constitutionVersion;
  const shown = versionParam(params, 'version', numbers, inForce);
  const current = useVersion(shown);
  const title = t('constitution.title');

  const chooseVersion = (value: string | null) => {
    if (!value) return;
    const next = new URLSearchParams(params);
    if (Number(value) === inForce) next.delete('version');
    else next.set('version', value);
    setParams(next);
  };

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Text>{t('constitution.intro')}</Text>
        {versions.state === 'done' ? (
          <Select
            label={t('constitution.versionShown')}
            data={numbers.map((n) => ({
              value: String(n),
              label:
                n === inForce
                  ? t('constitution.versionInForce', { version: n })
                  : t('constitution.versionLabel', { version: n }),
            }))}
            value={String(shown)}
            onChange={chooseVersion}
            allowDeselect={false}
            maw={320}
            data-testid="version-select"
          />
        ) : null}
      </Stack>

      {current.state === 'failed' ? (
        <LoadFailed title={t('constitution.loadFailed')} error={current.error} onRetry={current.reload} />
      ) : current.state === 'loading' ? (
        <Loading />
      ) : (
        <Stack gap="lg">
          <Alert
            color={current.data.version === inForce ? 'teal' : 'yellow'}
            variant="light"
            data-testid="version-status"
          >
            {current.data.version === inForce
              ? t('constitution.inForceSince', {
                  version: current.data.version,
                  date: day(current.data.effectiveFrom, i18n.language, profile.timeZone),
                })
              : t('constitution.notInForce', {
                  version: current.data.version,
                  date: day(current.data.effectiveFrom, i18n.language, profile.timeZone),
                  inForce,
                })}
          </Alert>
          <ConstitutionRules document={current.data.document} currency={profile.currency} />
        </Stack>
      )}

      <Stack component="section" aria-labelledby="history-heading" gap="sm">
        <Title order={2} id="history-heading">
          {t('constitution.history.heading')}
        </Title>
        <Text>{t('constitution.history.intro')}</Text>
        {versions.state === 'done' ? (
          <History list={versions.data} />
        ) : versions.state === 'failed' ? (
          <LoadFailed
            title={t('constitution.history.failed')}
            error={versions.error}
            onRetry={versions.reload}
          />
        ) : (
          <Loading />
        )}
      </Stack>

      <Stack component="section" aria-labelledby="compare-heading" gap="sm">
        <Title order={2} id="compare-heading">
          {t('constitution.compare.heading')}
        </Title>
        {versions.state === 'done' ? <Compare list={versions.data} /> : null}
      </Stack>
    </Stack>
  );
}
