import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NativeSelect,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { isApiError } from '../../lib/api.ts';
import { getRegister } from '../../lib/coops-api.ts';
import { money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useSession } from '../../lib/session.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import { NotFoundPage } from '../errors/not-found-page.tsx';
import {
  addOption,
  getProposal,
  getRoll,
  type ProposalView,
  scheduleVoting,
  secondProposal,
  submitProposal,
  withdrawOption,
  withdrawProposal,
} from './api.ts';
import { Ballot } from './ballot.tsx';
import { ChangeTable } from './change-table.tsx';
import { Discussion } from './discussion.tsx';
import {
  enactmentText,
  InlineError,
  KindBadge,
  proposalsPath,
  resultsPath,
  SecretBadge,
  StatusBadge,
  useCoopTime,
} from './parts.tsx';
import { describeBallot } from './receipts.ts';
import { ProposalTimeline, RulesCard } from './rules-card.tsx';
import { isoToZoned, zonedToIso } from './time.ts';

const BEFORE_VOTING = ['draft', 'seconding', 'discussion'];

type Refresh = (view?: ProposalView) => void;

/** Runs a step of the proposal's life, shows its refusal, and refreshes the page with the answer. */
function useStep(onDone: Refresh) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (name: string, step: () => Promise<ProposalView>, done?: string) => {
    setBusy(name);
    setError(null);
    try {
      const view = await step();
      if (done) notify(t(done));
      onDone(view);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

function Withdraw({ proposal, onDone }: { proposal: ProposalView; onDone: Refresh }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const step = useStep(onDone);
  if (!open)
    return (
      <Button variant="default" color="red" onClick={() => setOpen(true)}>
        {t('governance.stage.withdraw')}
      </Button>
    );
  return (
    <Stack
      gap="xs"
      component="form"
      w="100%"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void step.run(
          'withdraw',
          () => withdrawProposal(slug, proposal.id, reason.trim()),
          'governance.stage.withdrawn',
        );
      }}
    >
      <Textarea
        label={t('governance.stage.withdrawReason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={1000}
      />
      <InlineError error={step.error} />
      <Group gap="xs">
        <Button type="submit" color="red" loading={step.busy === 'withdraw'}>
          {t('governance.stage.confirmWithdraw')}
        </Button>
        <Button variant="default" onClick={() => setOpen(false)}>
          {t('governance.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function Schedule({ proposal, onDone }: { proposal: ProposalView; onDone: Refresh }) {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const zone = profile.timeZone;
  const [opens, setOpens] = useState(proposal.votingOpensAt ? isoToZoned(proposal.votingOpensAt, zone) : '');
  const [closes, setCloses] = useState(
    proposal.votingClosesAt ? isoToZoned(proposal.votingClosesAt, zone) : '',
  );
  const [local, setLocal] = useState<string | null>(null);
  const step = useStep(onDone);
  async function save(event: FormEvent) {
    event.preventDefault();
    const votingOpensAt = zonedToIso(opens, zone);
    const votingClosesAt = zonedToIso(closes, zone);
    if (!votingOpensAt || !votingClosesAt) {
      setLocal(t('governance.form.errors.date'));
      return;
    }
    setLocal(null);
    await step.run(
      'schedule',
      () => scheduleVoting(slug, proposal.id, { votingOpensAt, votingClosesAt }),
      'governance.stage.scheduled',
    );
  }
  return (
    <Stack gap="xs" component="form" onSubmit={save} data-testid="schedule-form">
      <Text size="sm" fw={600}>
        {t('governance.stage.scheduleHeading', { zone })}
      </Text>
      <Group gap="sm" align="flex-end">
        <TextInput
          type="datetime-local"
          label={t('governance.stage.opensAt')}
          value={opens}
          onChange={(e) => setOpens(e.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label={t('governance.stage.closesAt')}
          value={closes}
          onChange={(e) => setCloses(e.currentTarget.value)}
        />
        <Button type="submit" variant="default" loading={step.busy === 'schedule'}>
          {t('governance.stage.schedule')}
        </Button>
      </Group>
      {local ? (
        <Text c="red.8" size="sm" role="alert">
          {local}
        </Text>
      ) : null}
      <InlineError error={step.error} />
    </Stack>
  );
}

function Roll({ proposal }: { proposal: ProposalView }) {
  const { t } = useTranslation();
  const { slug, constitution } = useCoop();
  const [shown, setShown] = useState(false);
  const load = useCallback(
    () => (shown ? getRoll(slug, proposal.id) : Promise.resolve(null)),
    [slug, proposal.id, shown],
  );
  const roll = useLoad(load);
  const className = (key: string) =>
    constitution.document.memberClasses.find((c) => c.key === key)?.name ?? key;
  if (!proposal.roll) return null;
  // Open ballots show who voted what once results are out; a secret roll never has ballots.
  const openBallots =
    roll.state === 'done' && !!roll.data && roll.data.entries.some((e) => e.ballot !== null);
  return (
    <Stack gap="xs">
      <Text data-testid="roll-count">
        {t('governance.stage.rollCount', { voted: proposal.roll.voted, eligible: proposal.roll.eligible })}
      </Text>
      <Progress
        value={(100 * proposal.roll.voted) / Math.max(proposal.roll.eligible, 1)}
        aria-label={t('governance.stage.rollCount', {
          voted: proposal.roll.voted,
          eligible: proposal.roll.eligible,
        })}
      />
      <Button
        variant="default"
        size="compact-sm"
        w="fit-content"
        onClick={() => setShown(!shown)}
        aria-expanded={shown}
      >
        {shown ? t('governance.stage.hideRoll') : t('governance.stage.showRoll')}
      </Button>
      {shown && roll.state === 'done' && roll.data ? (
        <ScrollTable label={t('governance.stage.rollLabel')} minWidth={360} data-testid="roll">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('governance.stage.rollName')}</Table.Th>
              <Table.Th scope="col">{t('governance.stage.rollClass')}</Table.Th>
              <Table.Th scope="col">{t('governance.stage.rollVoted')}</Table.Th>
              {openBallots ? <Table.Th scope="col">{t('governance.stage.rollBallot')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roll.data.entries.map((e) => (
              <Table.Tr key={e.accountId}>
                <Table.Td>{e.displayName}</Table.Td>
                <Table.Td>{className(e.classKey)}</Table.Td>
                <Table.Td>
                  {!e.voted
                    ? t('governance.stage.notVoted')
                    : e.castBy === 'proxy' && e.proxy
                      ? t('governance.stage.votedByProxy', { name: e.proxy.displayName })
                      : t('governance.stage.votedSelf')}
                </Table.Td>
                {openBallots ? (
                  <Table.Td>{e.ballot ? describeBallot(t, e.ballot, proposal.options) : '—'}</Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      ) : null}
      {shown && roll.state === 'failed' ? <InlineError error={roll.error} /> : null}
    </Stack>
  );
}

function Stage({ proposal, onDone }: { proposal: ProposalView; onDone: Refresh }) {
  const { t } = useTranslation();
  const { slug, constitution } = useCoop();
  const roles = useCoopRoles();
  const time = useCoopTime();
  const step = useStep(onDone);
  const { me, status } = proposal;

  if (status === 'draft')
    return (
      <Alert color="gray" variant="light" title={t('governance.stage.draftTitle')} data-testid="stage">
        <Stack gap="sm">
          <Text size="sm">{t('governance.stage.draftText', { count: proposal.secondsNeeded })}</Text>
          <InlineError error={step.error} />
          <Group gap="xs">
            <Button
              loading={step.busy === 'submit'}
              onClick={() =>
                void step.run('submit', () => submitProposal(slug, proposal.id), 'governance.stage.submitted')
              }
              data-testid="submit-proposal"
            >
              {t('governance.stage.submit')}
            </Button>
            <Withdraw proposal={proposal} onDone={onDone} />
          </Group>
        </Stack>
      </Alert>
    );

  if (status === 'seconding')
    return (
      <Alert color="cyan" variant="light" title={t('governance.stage.secondingTitle')} data-testid="stage">
        <Stack gap="sm">
          <Text size="sm" data-testid="seconds-count">
            {t('governance.seconds.count', { count: proposal.seconds, needed: proposal.secondsNeeded })}
          </Text>
          <Progress
            value={(100 * proposal.seconds) / Math.max(proposal.secondsNeeded, 1)}
            aria-label={t('governance.seconds.count', {
              count: proposal.seconds,
              needed: proposal.secondsNeeded,
            })}
          />
          <InlineError error={step.error} />
          {me.isProposer ? (
            <Text size="sm">{t('governance.stage.ownProposal')}</Text>
          ) : me.seconded ? (
            <Text size="sm" data-testid="seconded">
              {t('governance.stage.youSeconded')}
            </Text>
          ) : roles.member ? (
            <Button
              w="fit-content"
              loading={step.busy === 'second'}
              onClick={() =>
                void step.run(
                  'second',
                  () => secondProposal(slug, proposal.id),
                  'governance.stage.secondedNotice',
                )
              }
              data-testid="second-proposal"
            >
              {t('governance.stage.second')}
            </Button>
          ) : null}
          {me.isProposer ? (
            <>
              <Schedule proposal={proposal} onDone={onDone} />
              <Group>
                <Withdraw proposal={proposal} onDone={onDone} />
              </Group>
            </>
          ) : null}
        </Stack>
      </Alert>
    );

  if (status === 'discussion')
    return (
      <Alert color="blue" variant="light" title={t('governance.stage.discussionTitle')} data-testid="stage">
        <Stack gap="sm">
          <Text size="sm" data-testid="voting-dates">
            {proposal.votingOpensAt && proposal.votingClosesAt
              ? t('governance.stage.votingPlanned', {
                  opens: time.at(proposal.votingOpensAt),
                  closes: time.at(proposal.votingClosesAt),
                })
              : t('governance.stage.votingNotPlanned')}
          </Text>
          {me.isProposer ? (
            <>
              <Schedule proposal={proposal} onDone={onDone} />
              <Group>
                <Withdraw proposal={proposal} onDone={onDone} />
              </Group>
            </>
          ) : null}
        </Stack>
      </Alert>
    );

  if (status === 'voting')
    return (
      <Alert color="grape" variant="light" title={t('governance.stage.votingTitle')} data-testid="stage">
        <Stack gap="sm">
          <Roll proposal={proposal} />
          {!me.onRoll && me.mayCastFor.length === 0 ? (
            <Text size="sm" data-testid="not-on-roll">
              {t('governance.stage.notOnRoll')}
            </Text>
          ) : null}
          {proposal.liveResults ? (
            <Anchor component={Link} to={resultsPath(slug, proposal.id)}>
              {t('governance.stage.liveResults')}
            </Anchor>
          ) : null}
        </Stack>
      </Alert>
    );

  if (status === 'withdrawn')
    return (
      <Alert color="gray" variant="light" title={t('governance.stage.withdrawnTitle')} data-testid="stage">
        {proposal.timeline.withdrawReason || t('governance.stage.noReason')}
      </Alert>
    );

  const enactment = proposal.enactment;
  return (
    <Alert
      color={status === 'failed' ? 'red' : 'teal'}
      variant="light"
      title={t(`governance.stage.decided.${status}`)}
      data-testid="stage"
    >
      <Stack gap="xs">
        {proposal.closedAt ? (
          <Text size="sm">{t('governance.stage.closedAt', { date: time.at(proposal.closedAt) })}</Text>
        ) : null}
        {enactment ? (
          <Text size="sm" data-testid="enactment">
            {enactmentText(t, enactment, time.at, constitution.document)}
          </Text>
        ) : null}
        <Roll proposal={proposal} />
        <Button
          component={Link}
          to={resultsPath(slug, proposal.id)}
          w="fit-content"
          data-testid="see-results"
        >
          {t('governance.stage.seeResults')}
        </Button>
      </Stack>
    </Alert>
  );
}

function AddOption({ proposal, onDone }: { proposal: ProposalView; onDone: Refresh }) {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const session = useSession();
  const step = useStep(onDone);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [cost, setCost] = useState('');
  const [nominee, setNominee] = useState('');
  const loadMembers = useCallback(
    () => (proposal.kind === 'election' && proposal.me.isProposer ? getRegister(slug) : Promise.resolve([])),
    [slug, proposal.kind, proposal.me.isProposer],
  );
  const members = useLoad(loadMembers);
  const me = session.account?.id;

  if (proposal.kind === 'election') {
    const standing = proposal.options.some((o) => o.accountId === me);
    const others =
      members.state === 'done'
        ? members.data.filter(
            (m) =>
              (m.status === 'active' || m.status === 'leaving') &&
              !proposal.options.some((o) => o.accountId === m.accountId),
          )
        : [];
    return (
      <Stack gap="xs">
        <InlineError error={step.error} />
        {!standing && me ? (
          <Button
            w="fit-content"
            variant="light"
            loading={step.busy === 'stand'}
            onClick={() =>
              void step.run(
                'stand',
                () => addOption(slug, proposal.id, { accountId: me }),
                'governance.options.standing',
              )
            }
            data-testid="stand"
          >
            {t('governance.options.stand')}
          </Button>
        ) : null}
        {proposal.me.isProposer && others.length > 0 ? (
          <Group
            gap="xs"
            align="flex-end"
            component="form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (nominee)
                void step.run(
                  'nominate',
                  () => addOption(slug, proposal.id, { accountId: nominee }),
                  'governance.options.nominated',
                );
            }}
          >
            <NativeSelect
              label={t('governance.options.nominate')}
              data={[
                { value: '', label: t('governance.options.chooseMember') },
                ...others.map((m) => ({ value: m.accountId, label: m.displayName })),
              ]}
              value={nominee}
              onChange={(e) => setNominee(e.currentTarget.value)}
            />
            <Button type="submit" variant="default" loading={step.busy === 'nominate'}>
              {t('governance.options.nominateButton')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }

  const budget = proposal.kind === 'budget';
  async function add(event: FormEvent) {
    event.preventDefault();
    let minor: string | undefined;
    if (budget) {
      const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(cost.trim());
      if (!match) return;
      minor = (BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0') || '0')).toString();
    }
    const ok = await step.run(
      'add',
      () =>
        addOption(slug, proposal.id, {
          name: name.trim(),
          description: description.trim(),
          ...(minor ? { cost: minor } : {}),
        }),
      'governance.options.projectAdded',
    );
    if (ok) {
      setName('');
      setDescription('');
      setCost('');
    }
  }
  return (
    <Stack gap="xs" component="form" onSubmit={add} data-testid="add-option">
      <Text fw={600} size="sm">
        {t('governance.options.proposeProject')}
      </Text>
      <TextInput
        label={t('governance.options.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
        maxLength={120}
      />
      <Textarea
        label={t('governance.options.description')}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={2000}
      />
      {budget ? (
        <TextInput
          label={t('governance.options.cost')}
          value={cost}
          onChange={(e) => setCost(e.currentTarget.value)}
          inputMode="decimal"
          rightSection={<Text size="sm">{profile.currency}</Text>}
          rightSectionWidth={48}
          w={200}
        />
      ) : null}
      <InlineError error={step.error} />
      <Button type="submit" variant="light" w="fit-content" loading={step.busy === 'add'}>
        {t('governance.options.proposeButton')}
      </Button>
    </Stack>
  );
}

function Options({ proposal, onDone }: { proposal: ProposalView; onDone: Refresh }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const session = useSession();
  const step = useStep(onDone);
  const before = BEFORE_VOTING.includes(proposal.status);
  const heading =
    proposal.kind === 'election'
      ? t('governance.options.candidates')
      : proposal.kind === 'budget'
        ? t('governance.options.projects')
        : t('governance.options.choices');
  const me = session.account?.id;
  // A resolution's choices are fixed in the draft; candidates and projects can join until voting opens.
  const showAdd = before && (proposal.kind === 'election' || proposal.kind === 'budget');
  if (proposal.options.length === 0 && !showAdd) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="options-heading">
      <Title order={2} id="options-heading">
        {heading}
      </Title>
      {proposal.election ? (
        <Text data-testid="election-facts">
          {proposal.election.committee
            ? t('governance.options.committeeFacts', {
                count: proposal.election.seats,
                committee: proposal.election.committee.name,
                months: proposal.election.termMonths,
              })
            : t('governance.options.electionFacts', {
                count: proposal.election.seats,
                role: t(`roles.${proposal.election.role}`),
                months: proposal.election.termMonths,
              })}
        </Text>
      ) : null}
      {proposal.budget ? (
        <Text data-testid="budget-facts">
          {t('governance.options.budgetFacts', {
            amount: money(proposal.budget.amount, profile.currency, i18n.language),
          })}
        </Text>
      ) : null}
      {proposal.options.length === 0 ? <Text size="sm">{t('governance.options.none')}</Text> : null}
      <SimpleGrid
        cols={{ base: 1, sm: 2 }}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {proposal.options.map((o) => (
          <Card key={o.key} withBorder padding="sm" component="li" data-testid="option">
            <Stack gap={4}>
              <Text fw={700}>{o.name}</Text>
              {o.cost ? <Text size="sm">{money(o.cost, profile.currency, i18n.language)}</Text> : null}
              {o.description ? <Text size="sm">{o.description}</Text> : null}
              {before && (proposal.me.isProposer || o.accountId === me || o.proposedBy === me) ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  w="fit-content"
                  loading={step.busy === o.key}
                  onClick={() =>
                    void step.run(
                      o.key,
                      () => withdrawOption(slug, proposal.id, o.key),
                      'governance.options.withdrawn',
                    )
                  }
                >
                  {t('governance.options.withdraw', { name: o.name })}
                </Button>
              ) : null}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <InlineError error={step.error} />
      {showAdd ? <AddOption proposal={proposal} onDone={onDone} /> : null}
    </Stack>
  );
}

function Proposal({ proposal, onDone }: { proposal: ProposalView; onDone: Refresh }) {
  const { t } = useTranslation();
  const { slug, profile, constitution } = useCoop();
  const time = useCoopTime();
  const heading = t('governance.numbered', { number: proposal.number, title: proposal.title });
  const mayVote = proposal.status === 'voting' && (proposal.me.onRoll || proposal.me.mayCastFor.length > 0);
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Anchor component={Link} to={proposalsPath(slug)} size="sm">
          {t('governance.backToList')}
        </Anchor>
        <PageHeading documentTitle={`${heading} · ${profile.name}`}>{heading}</PageHeading>
        <Group gap={6}>
          <KindBadge kind={proposal.kind} />
          <StatusBadge status={proposal.status} />
          <SecretBadge secret={proposal.secret} />
        </Group>
        <Text size="sm">
          {proposal.proposer
            ? t('governance.proposedByOn', {
                name: proposal.proposer.displayName,
                date: time.date(proposal.createdAt),
              })
            : t('governance.filedByPlatform')}
        </Text>
      </Stack>
      <Stage proposal={proposal} onDone={onDone} />
      {mayVote ? <Ballot proposal={proposal} onCast={() => onDone()} /> : null}
      {proposal.subject ? (
        <Text data-testid="subject">
          {t(`governance.subject.${proposal.subject.kind}`, { name: proposal.subject.displayName })}
        </Text>
      ) : null}
      {proposal.body ? (
        <Stack gap="xs" component="section" aria-labelledby="text-heading">
          <Title order={2} id="text-heading">
            {t('governance.text')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="proposal-body">
            {proposal.body}
          </Text>
        </Stack>
      ) : null}
      {proposal.policy ? (
        <Stack gap="xs" component="section" aria-labelledby="change-heading">
          <Title order={2} id="change-heading">
            {t('governance.diff.heading')}
          </Title>
          <Text size="sm">
            {t('governance.diff.intro', { version: proposal.baseVersion })}{' '}
            {proposal.policy.effectiveAt
              ? t('governance.diff.effectiveOn', { date: time.at(proposal.policy.effectiveAt) })
              : t('governance.diff.effectiveOnPass')}
          </Text>
          <ChangeTable
            changes={proposal.policy.diff}
            document={constitution.document}
            testId="proposal-diff"
          />
        </Stack>
      ) : null}
      <Options proposal={proposal} onDone={onDone} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <RulesCard proposal={proposal} />
        <ProposalTimeline proposal={proposal} />
      </SimpleGrid>
      <Discussion proposal={proposal} />
    </Stack>
  );
}

export function ProposalPage() {
  const { t } = useTranslation();
  const { slug, profile, refresh } = useCoop();
  const id = useParams().proposalId ?? '';
  const load = useCallback(() => getProposal(slug, id), [slug, id]);
  const proposal = useLoad(load);
  const reload = proposal.reload;
  const onDone: Refresh = useCallback(
    (view) => {
      reload();
      // A step that leaves the proposal enacted changed the co-op's constitution or roles.
      if (view?.status === 'enacted') refresh();
    },
    [reload, refresh],
  );
  let content: React.ReactNode;
  if (proposal.state === 'loading') content = <Loading />;
  else if (proposal.state === 'failed') {
    if (
      isApiError(proposal.error) &&
      ['PROPOSAL_NOT_FOUND', 'VALIDATION_FAILED'].includes(proposal.error.code)
    )
      return <NotFoundPage />;
    content = (
      <LoadFailed title={t('governance.proposal.failed')} error={proposal.error} onRetry={proposal.reload} />
    );
  } else content = <Proposal proposal={proposal.data} onDone={onDone} />;
  return (
    <RequireAccount reason={t('governance.signInReason', { name: profile.name })}>{content}</RequireAccount>
  );
}
