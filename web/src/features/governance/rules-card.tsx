import { Box, Card, Stack, Text, Timeline, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { money, percent } from '../../lib/format.ts';
import { useCoop } from '../coops/coop-context.tsx';
import type { ProposalView } from './api.ts';
import { useCoopTime } from './parts.tsx';

// The rules a proposal votes under (frozen when voting opens) and the steps it has been through.

function Fact({ term, children, testId }: { term: string; children: React.ReactNode; testId?: string }) {
  return (
    <Box component="div" data-testid={testId} style={{ display: 'contents' }}>
      <Text component="dt" fw={600} size="sm">
        {term}
      </Text>
      <Text component="dd" size="sm" m={0} mb="xs">
        {children}
      </Text>
    </Box>
  );
}

export function thresholdText(t: TFunction, bps: number, locale: string) {
  return bps === 5001
    ? t('governance.rules.majority')
    : t('governance.rules.threshold', { share: percent(bps, locale) });
}

export function RulesCard({ proposal }: { proposal: ProposalView }) {
  const { t, i18n } = useTranslation();
  const { constitution, profile } = useCoop();
  const locale = i18n.language;
  const { rules } = proposal;
  const className = (key: string) =>
    constitution.document.memberClasses.find((c) => c.key === key)?.name ?? key;
  const decision = rules.countedAs === 'decision';
  const weights = Object.entries(rules.classWeightsBps);

  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="rules-heading"
      data-testid="frozen-rules"
    >
      <Stack gap="sm">
        <Title order={2} size="h3" id="rules-heading">
          {t('governance.rules.heading')}
        </Title>
        <Text size="sm" data-testid="rules-frozen">
          {rules.frozen
            ? t('governance.rules.frozen', { version: rules.constitutionVersion })
            : t('governance.rules.preview', { version: rules.constitutionVersion })}
        </Text>
        <Box component="dl" m={0}>
          <Fact term={t('governance.rules.method')} testId="rule-method">
            {t(`methods.${rules.method}`)}. {t(`governance.countedAs.${rules.countedAs}`)}
            {rules.note ? ` (${rules.note})` : ''}
          </Fact>
          <Fact term={t('governance.rules.quorum')} testId="rule-quorum">
            {rules.quorumBps === 0
              ? t('governance.rules.noQuorum')
              : t('governance.rules.quorumText', { share: percent(rules.quorumBps, locale) })}
            {rules.perClassQuorum ? ` ${t('governance.rules.perClass')}` : ''}
          </Fact>
          <Fact term={t('governance.rules.thresholdTerm')} testId="rule-threshold">
            {decision ? thresholdText(t, rules.thresholdBps, locale) : t('governance.rules.noThreshold')}
          </Fact>
          <Fact term={t('governance.rules.ballot')} testId="rule-secret">
            {rules.secret ? t('governance.rules.secret') : t('governance.rules.open')}
          </Fact>
          <Fact term={t('governance.rules.weighting')} testId="rule-weighting">
            {rules.scheme === 'weighted-classes'
              ? t('governance.rules.weighted', {
                  shares: weights.map(([k, bps]) => `${className(k)} ${percent(bps, locale)}`).join(', '),
                })
              : t('governance.rules.oneMemberOneVote')}
          </Fact>
          <Fact term={t('governance.rules.proxies')}>
            {rules.proxies.allowed
              ? t('governance.rules.proxiesAllowed', { count: rules.proxies.maxPerPerson })
              : t('governance.rules.noProxies')}
          </Fact>
          <Fact term={t('governance.rules.times')}>
            {t('governance.rules.timesText', {
              discussion: rules.minDiscussionDays,
              voting: rules.minVotingDays,
            })}
          </Fact>
          <Fact term={t('governance.rules.seconds')}>
            {t('governance.rules.secondsText', { count: rules.secondsNeeded })}
          </Fact>
          {rules.seats !== null && proposal.kind === 'election' ? (
            <Fact term={t('governance.rules.seats')}>{rules.seats}</Fact>
          ) : null}
          {rules.budget !== null ? (
            <Fact term={t('governance.rules.budget')}>{money(rules.budget, profile.currency, locale)}</Fact>
          ) : null}
        </Box>
      </Stack>
    </Card>
  );
}

export function ProposalTimeline({ proposal }: { proposal: ProposalView }) {
  const { t } = useTranslation();
  const time = useCoopTime();
  const tl = proposal.timeline;
  const now = Date.now();
  type Step = { key: string; title: string; at: string | null; done: boolean; detail?: string };
  const steps: Step[] = [
    { key: 'created', title: t('governance.timeline.created'), at: tl.createdAt, done: true },
    {
      key: 'submitted',
      title: t('governance.timeline.submitted'),
      at: tl.submittedAt,
      done: tl.submittedAt !== null,
    },
    {
      key: 'discussion',
      title: t('governance.timeline.discussion'),
      at: tl.discussionStartedAt,
      done: tl.discussionStartedAt !== null,
    },
    {
      key: 'opens',
      title: tl.openedAt ? t('governance.timeline.opened') : t('governance.timeline.opens'),
      at: tl.openedAt ?? tl.votingOpensAt,
      done: tl.openedAt !== null,
    },
    {
      key: 'closes',
      title: tl.closedAt ? t('governance.timeline.closed') : t('governance.timeline.closes'),
      at: tl.closedAt ?? tl.votingClosesAt,
      done: tl.closedAt !== null,
    },
  ];
  if (tl.effectiveAt && ['policy', 'bylaws'].includes(proposal.kind) && !tl.enactedAt)
    steps.push({
      key: 'effective',
      title: t('governance.timeline.effective'),
      at: tl.effectiveAt,
      done: new Date(tl.effectiveAt).getTime() <= now,
    });
  if (tl.enactedAt)
    steps.push({ key: 'enacted', title: t('governance.timeline.enacted'), at: tl.enactedAt, done: true });
  if (tl.withdrawnAt)
    steps.push({
      key: 'withdrawn',
      title: t('governance.timeline.withdrawn'),
      at: tl.withdrawnAt,
      done: true,
      ...(tl.withdrawReason ? { detail: tl.withdrawReason } : {}),
    });
  const shown = tl.withdrawnAt ? steps.filter((s) => s.done) : steps;
  const active = shown.reduce((last, s, i) => (s.done ? i : last), 0);
  return (
    <Stack gap="sm" component="section" aria-labelledby="timeline-heading">
      <Title order={2} size="h3" id="timeline-heading">
        {t('governance.timeline.heading')}
      </Title>
      <Timeline active={active} bulletSize={16} lineWidth={2} data-testid="proposal-timeline">
        {shown.map((s) => (
          <Timeline.Item key={s.key} title={s.title}>
            <Text size="sm">
              {s.at ? time.at(s.at) : t('governance.timeline.notYet')}
              {!s.done && s.at ? ` ${t('governance.timeline.planned')}` : ''}
            </Text>
            {s.detail ? <Text size="sm">{s.detail}</Text> : null}
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
