import { Alert, Anchor, Button, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { isApiError } from '../../lib/api.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import { listProposals, type ProposalFilter, type ProposalSummary } from './api.ts';
import { KindBadge, proposalPath, SecretBadge, StatusBadge, useCoopTime } from './parts.tsx';

const FILTERS: ProposalFilter[] = ['all', 'open', 'discussion', 'decided', 'draft'];

function isFilter(value: string | null): value is ProposalFilter {
  return FILTERS.includes(value as ProposalFilter);
}

/** The one date that matters most for where the proposal stands. */
function KeyDate({ proposal }: { proposal: ProposalSummary }) {
  const { t } = useTranslation();
  const time = useCoopTime();
  if (proposal.status === 'voting' && proposal.votingClosesAt)
    return <Text size="sm">{t('governance.list.closes', { date: time.at(proposal.votingClosesAt) })}</Text>;
  if (proposal.status === 'discussion' && proposal.votingOpensAt)
    return <Text size="sm">{t('governance.list.opens', { date: time.at(proposal.votingOpensAt) })}</Text>;
  if (proposal.closedAt)
    return <Text size="sm">{t('governance.list.closed', { date: time.date(proposal.closedAt) })}</Text>;
  return <Text size="sm">{t('governance.list.created', { date: time.date(proposal.createdAt) })}</Text>;
}

function ProposalCard({ proposal }: { proposal: ProposalSummary }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  return (
    <Card withBorder padding="md" component="article" data-testid="proposal-card">
      <Stack gap={6}>
        <Anchor component={Link} to={proposalPath(slug, proposal.id)} fw={700} fz="lg">
          {t('governance.numbered', { number: proposal.number, title: proposal.title })}
        </Anchor>
        <Group gap={6}>
          <KindBadge kind={proposal.kind} />
          <StatusBadge status={proposal.status} />
          <SecretBadge secret={proposal.secret} />
        </Group>
        <Text size="sm">
          {proposal.proposer
            ? t('governance.proposedBy', { name: proposal.proposer.displayName })
            : t('governance.filedByPlatform')}
        </Text>
        <KeyDate proposal={proposal} />
        {proposal.status === 'seconding' ? (
          <Stack gap={4}>
            <Text size="sm">
              {t('governance.seconds.count', { count: proposal.seconds, needed: proposal.secondsNeeded })}
            </Text>
            <Progress
              value={(100 * proposal.seconds) / Math.max(proposal.secondsNeeded, 1)}
              aria-label={t('governance.seconds.count', {
                count: proposal.seconds,
                needed: proposal.secondsNeeded,
              })}
            />
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}

function Proposals({ filter }: { filter: ProposalFilter }) {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const load = useCallback(() => listProposals(slug, filter), [slug, filter]);
  const proposals = useLoad(load);
  if (proposals.state === 'loading') return <Loading />;
  if (proposals.state === 'failed') {
    if (isApiError(proposals.error) && proposals.error.code === 'FORBIDDEN')
      return (
        <Alert color="yellow" variant="light" role="alert" data-testid="members-only">
          {t('governance.membersOnly', { name: profile.name })}
        </Alert>
      );
    return (
      <LoadFailed title={t('governance.list.failed')} error={proposals.error} onRetry={proposals.reload} />
    );
  }
  if (proposals.data.length === 0)
    return <Text data-testid="proposals-empty">{t(`governance.list.empty.${filter}`)}</Text>;
  return (
    <Stack gap="sm" data-testid="proposals">
      {proposals.data.map((p) => (
        <ProposalCard key={p.id} proposal={p} />
      ))}
    </Stack>
  );
}

export function ProposalsPage() {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const roles = useCoopRoles();
  const [params, setParams] = useSearchParams();
  const raw = params.get('filter');
  const filter: ProposalFilter = isFilter(raw) ? raw : 'all';
  const title = t('governance.list.title');

  const choose = (next: ProposalFilter) => {
    const copy = new URLSearchParams(params);
    if (next === 'all') copy.delete('filter');
    else copy.set('filter', next);
    setParams(copy, { replace: true });
  };

  return (
    <RequireAccount reason={t('governance.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end" gap="sm">
          <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
          {roles.member ? (
            <Button component={Link} to={`/c/${slug}/proposals/new`} data-testid="new-proposal">
              {t('governance.list.new')}
            </Button>
          ) : null}
        </Group>
        <Text>{t('governance.list.intro')}</Text>
        <Group gap={6} role="group" aria-label={t('governance.list.filterLabel')}>
          {FILTERS.map((f) => (
            <Button
              key={f}
              size="compact-sm"
              variant={f === filter ? 'filled' : 'default'}
              aria-pressed={f === filter}
              onClick={() => choose(f)}
            >
              {t(`governance.list.filter.${f}`)}
            </Button>
          ))}
        </Group>
        <Proposals filter={filter} />
      </Stack>
    </RequireAccount>
  );
}
