import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../lib/notify.ts';
import { useSession } from '../../lib/session.tsx';
import { useCoop } from '../coops/coop-context.tsx';
import {
  type BallotInput,
  type CastResult,
  castBallot,
  getMyBallot,
  type MyBallot,
  type ProposalView,
} from './api.ts';
import {
  ApprovalInput,
  BudgetInput,
  DecisionInput,
  RankingInput,
  ScoreInput,
  SingleChoiceInput,
} from './ballot-inputs.tsx';
import { InlineError, useCoopTime } from './parts.tsx';
import { describeBallot, type Kept, keepReceipt, keptReceipt } from './receipts.ts';

// The ballot of an open vote: the input the method needs, casting for oneself or as a proxy, the
// receipt (and, for a secret vote, the ballot key only the voter holds), and checking one's ballot.

type Draft = {
  choice: string | null;
  approve: string[];
  scores: Record<string, number>;
  ranking: string[];
};

const EMPTY: Draft = { choice: null, approve: [], scores: {}, ranking: [] };

/** The ballot the method reads, or null while it is incomplete. */
function ballotOf(
  rules: ProposalView['rules'],
  draft: Draft,
  options: ProposalView['options'],
): BallotInput | null {
  switch (rules.countedAs) {
    case 'decision':
    case 'plurality':
      return draft.choice ? { choice: draft.choice } : null;
    case 'approval':
    case 'committee':
    case 'equal-shares':
    case 'greedy':
      return { approve: draft.approve };
    case 'score':
      return { scores: Object.fromEntries(options.map((o) => [o.key, draft.scores[o.key] ?? 0])) };
    case 'irv':
    case 'stv':
      return draft.ranking.length > 0 ? { ranking: draft.ranking } : null;
  }
}

function BallotFields({
  proposal,
  draft,
  setDraft,
}: {
  proposal: ProposalView;
  draft: Draft;
  setDraft(draft: Draft): void;
}) {
  const { t } = useTranslation();
  const { rules, options } = proposal;
  switch (rules.countedAs) {
    case 'decision':
      return (
        <DecisionInput
          consent={rules.method === 'consent'}
          value={draft.choice}
          onChange={(choice) => setDraft({ ...draft, choice })}
        />
      );
    case 'plurality':
      return (
        <SingleChoiceInput
          options={options}
          value={draft.choice}
          onChange={(choice) => setDraft({ ...draft, choice })}
        />
      );
    case 'approval':
    case 'committee':
      return (
        <ApprovalInput
          options={options}
          value={draft.approve}
          onChange={(approve) => setDraft({ ...draft, approve })}
          label={
            rules.countedAs === 'committee' || proposal.kind === 'election'
              ? t('governance.ballot.approveCandidates', { count: rules.seats ?? 1 })
              : t('governance.ballot.approveLabel')
          }
        />
      );
    case 'equal-shares':
    case 'greedy':
      return (
        <BudgetInput
          options={options}
          budget={rules.budget ?? proposal.budget?.amount ?? '0'}
          value={draft.approve}
          onChange={(approve) => setDraft({ ...draft, approve })}
        />
      );
    case 'score':
      return (
        <ScoreInput
          options={options}
          max={rules.maxScore ?? 5}
          value={draft.scores}
          onChange={(scores) => setDraft({ ...draft, scores })}
        />
      );
    case 'irv':
    case 'stv':
      return (
        <RankingInput
          options={options}
          value={draft.ranking}
          onChange={(ranking) => setDraft({ ...draft, ranking })}
        />
      );
  }
}

/** What a voter is handed after casting: the receipt, and for a secret vote the ballot key. */
function Receipt({
  result,
  secret,
  remembered,
  onRemember,
}: {
  result: CastResult;
  secret: boolean;
  remembered: boolean;
  onRemember(remember: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" variant="light" title={t('governance.ballot.recorded')} data-testid="receipt-panel">
      <Stack gap="sm">
        <Text size="sm">
          {result.replaced ? t('governance.ballot.replaced') : t('governance.ballot.counted')}
        </Text>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('governance.ballot.receipt')}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Code data-testid="receipt" style={{ overflowWrap: 'anywhere', minWidth: 0, flex: '0 1 auto' }}>
              {result.receipt}
            </Code>
            <CopyButton value={result.receipt}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="default" onClick={copy}>
                  {copied ? t('governance.copied') : t('governance.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs">{t('governance.ballot.receiptHelp')}</Text>
        </Stack>
        {secret && result.ballotKey ? (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('governance.ballot.key')}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code
                data-testid="ballot-key"
                style={{ overflowWrap: 'anywhere', minWidth: 0, flex: '0 1 auto' }}
              >
                {result.ballotKey}
              </Code>
              <CopyButton value={result.ballotKey}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="default" onClick={copy}>
                    {copied ? t('governance.copied') : t('governance.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs">{t('governance.ballot.keyHelp')}</Text>
          </Stack>
        ) : null}
        <Checkbox
          label={t('governance.ballot.remember')}
          description={t('governance.ballot.rememberHelp')}
          checked={remembered}
          onChange={(e) => onRemember(e.currentTarget.checked)}
        />
      </Stack>
    </Alert>
  );
}

/** Shows a voter their own ballot before the close (a secret one needs the ballot key). */
function CheckMine({ proposal, knownKey }: { proposal: ProposalView; knownKey: string }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  // The key the voter types, else the one this page already holds (just cast, or kept on this device).
  const [typed, setTyped] = useState<string | null>(null);
  const key = typed ?? knownKey;
  const [mine, setMine] = useState<MyBallot | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function check(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setMine(await getMyBallot(slug, proposal.id, proposal.secret ? key.trim() : undefined));
    } catch (e) {
      setError(e);
      setMine(null);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="xs" component="form" onSubmit={check}>
      {proposal.secret ? (
        <PasswordInput
          label={t('governance.ballot.keyToCheck')}
          value={key}
          onChange={(e) => setTyped(e.currentTarget.value)}
          visibilityToggleButtonProps={{ 'aria-label': t('app.showPassword') }}
          maw={480}
        />
      ) : null}
      <Button type="submit" variant="default" loading={busy} w="fit-content">
        {t('governance.ballot.checkMine')}
      </Button>
      <InlineError error={error} />
      {mine ? (
        <Text data-testid="my-ballot">
          {t('governance.ballot.mineSays', { ballot: describeBallot(t, mine.ballot, proposal.options) })}
        </Text>
      ) : null}
    </Stack>
  );
}

export function Ballot({ proposal, onCast }: { proposal: ProposalView; onCast(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const session = useSession();
  const time = useCoopTime();
  const accountId = session.account?.id ?? '';
  const [kept, setKept] = useState<Kept | null>(() => keptReceipt(proposal.id, accountId));
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [castFor, setCastFor] = useState<string>(
    proposal.me.onRoll ? 'self' : (proposal.me.mayCastFor[0]?.accountId ?? 'self'),
  );
  const [ballotKey, setBallotKey] = useState(kept?.ballotKey ?? '');
  const [result, setResult] = useState<CastResult | null>(null);
  const [remembered, setRemembered] = useState(kept !== null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  const { me, rules } = proposal;
  const forSelf = castFor === 'self';
  const changing = forSelf && me.voted && me.castBy === 'self';
  const needsKey = proposal.secret && changing;
  const ballot = ballotOf(rules, draft, proposal.options);
  const overBudget =
    (rules.countedAs === 'equal-shares' || rules.countedAs === 'greedy') &&
    draft.approve.reduce(
      (sum, key) => sum + BigInt(proposal.options.find((o) => o.key === key)?.cost ?? '0'),
      0n,
    ) > BigInt(rules.budget ?? '0');

  function remember(on: boolean, from: CastResult | null = result) {
    setRemembered(on);
    const next =
      on && from ? { receipt: from.receipt, ballotKey: from.ballotKey ?? (ballotKey || null) } : null;
    keepReceipt(proposal.id, accountId, next);
    setKept(next);
  }

  async function cast(event: FormEvent) {
    event.preventDefault();
    if (!ballot) {
      setError(null);
      notify(t('governance.ballot.incomplete'), 'error');
      return;
    }
    setSending(true);
    setError(null);
    try {
      const cast = await castBallot(slug, proposal.id, {
        ballot,
        ...(needsKey && ballotKey.trim() ? { ballotKey: ballotKey.trim() } : {}),
        ...(forSelf ? {} : { onBehalfOf: castFor }),
      });
      // The server hands the key out at the first cast only; a changed ballot keeps the key typed in.
      const withKey = { ...cast, ballotKey: cast.ballotKey ?? (needsKey ? ballotKey.trim() : null) };
      setResult(withKey);
      if (forSelf && withKey.ballotKey) setBallotKey(withKey.ballotKey);
      if (forSelf && remembered) remember(true, withKey);
      notify(t('governance.ballot.recorded'));
      onCast();
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  }

  const whoOptions = [
    ...(me.onRoll ? [{ value: 'self', label: t('governance.ballot.asMyself') }] : []),
    ...me.mayCastFor.map((p) => ({
      value: p.accountId,
      label: t('governance.ballot.asProxy', { name: p.displayName }),
    })),
  ];

  return (
    <Stack gap="md" component="section" aria-labelledby="ballot-heading" data-testid="ballot">
      <Title order={2} id="ballot-heading">
        {t('governance.ballot.heading')}
      </Title>
      {proposal.votingClosesAt ? (
        <Text>{t('governance.ballot.closesAt', { date: time.at(proposal.votingClosesAt) })}</Text>
      ) : null}
      <Text size="sm">
        {proposal.secret ? t('governance.ballot.secretExplain') : t('governance.ballot.openExplain')}
      </Text>
      {me.voted ? (
        <Alert color="teal" variant="light" data-testid="already-voted">
          {me.castBy === 'proxy' ? t('governance.ballot.votedByProxy') : t('governance.ballot.voted')}
        </Alert>
      ) : null}
      <Paper withBorder p="md" component="form" onSubmit={cast}>
        <Stack gap="md">
          {whoOptions.length > 1 ? (
            <Radio.Group label={t('governance.ballot.castFor')} value={castFor} onChange={setCastFor}>
              <Stack gap={6} mt={6}>
                {whoOptions.map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Stack>
            </Radio.Group>
          ) : null}
          <BallotFields proposal={proposal} draft={draft} setDraft={setDraft} />
          {needsKey ? (
            <PasswordInput
              label={t('governance.ballot.keyToChange')}
              description={t('governance.ballot.keyToChangeHelp')}
              value={ballotKey}
              onChange={(e) => setBallotKey(e.currentTarget.value)}
              visibilityToggleButtonProps={{ 'aria-label': t('app.showPassword') }}
              maw={480}
            />
          ) : null}
          <InlineError error={error} />
          <Group>
            <Button type="submit" loading={sending} disabled={!ballot || overBudget} data-testid="cast">
              {changing ? t('governance.ballot.change') : t('governance.ballot.cast')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {result ? (
        <Receipt
          result={result}
          secret={proposal.secret}
          remembered={remembered}
          onRemember={(on) => remember(on)}
        />
      ) : null}
      {me.voted && me.castBy === 'self' ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('governance.ballot.checkHeading')}
          </Title>
          <CheckMine proposal={proposal} knownKey={ballotKey} />
        </Stack>
      ) : null}
    </Stack>
  );
}
