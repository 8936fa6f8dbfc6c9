import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
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
import { integer, money, percent } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import {
  type BallotInput,
  getBallotFileText,
  getProposal,
  getResults,
  type ProposalView,
  type ResultView,
} from './api.ts';
import { RoundsChart, TotalsBars } from './charts.tsx';
import { enactmentText, governanceError, InlineError, proposalPath, useCoopTime } from './parts.tsx';
import { describeBallot, keptReceipt } from './receipts.ts';
import { thresholdText } from './rules-card.tsx';

// The result of a closed vote: turnout and quorum, each class's share, the threshold test, rounds of
// a ranked count, funded projects, and what anyone needs to check it — the hashes, the published
// ballot file, the command that re-counts it, and a way to find one's own ballot in it by receipt.

/** A decimal share ("0.6667") as a percentage with two decimals, exactly. */
function sharePercent(share: string, locale: string): string {
  const [whole = '0', frac = ''] = share.split('.');
  const digits = `${whole}${frac.padEnd(4, '0').slice(0, 4)}`;
  return percent(Number(digits), locale);
}

function fileName(proposalId: string) {
  return `proposal-${proposalId}-ballots.json`;
}

function Outcome({ result }: { result: ResultView }) {
  const { t } = useTranslation();
  const good = ['passed', 'elected', 'funded'].includes(result.outcome);
  return (
    <Alert
      color={result.outcome === 'pending' ? 'blue' : good ? 'teal' : 'red'}
      variant="light"
      title={t(`governance.results.outcome.${result.outcome}`)}
      data-testid="outcome"
    >
      <Stack gap={4}>
        {!result.final ? <Text size="sm">{t('governance.results.live')}</Text> : null}
        {result.reasons.map((r) => (
          <Text key={r.code} size="sm">
            {t(`governance.results.reason.${r.code}`, { defaultValue: r.message })}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function Turnout({ result }: { result: ResultView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Card withBorder padding="md" data-testid="turnout">
        <Text size="sm" c="gray.7">
          {t('governance.results.turnout')}
        </Text>
        <Text fz="xl" fw={700}>
          {sharePercent(result.turnout.share, locale)}
        </Text>
        <Text size="sm">
          {t('governance.results.ballotsOf', {
            ballots: integer(result.turnout.ballots, locale),
            eligible: integer(result.turnout.eligible, locale),
          })}
        </Text>
        <Text size="xs">{t('governance.results.exact', { exact: result.turnout.exact })}</Text>
      </Card>
      <Card withBorder padding="md" data-testid="quorum">
        <Text size="sm" c="gray.7">
          {t('governance.results.quorum')}
        </Text>
        <Group gap="xs">
          <Text fz="xl" fw={700}>
            {result.quorum.met ? t('governance.results.quorumMet') : t('governance.results.quorumNotMet')}
          </Text>
        </Group>
        <Text size="sm">
          {t('governance.results.quorumNeeded', { share: percent(result.quorum.requiredBps, locale) })}
        </Text>
      </Card>
    </SimpleGrid>
  );
}

function Threshold({ result }: { result: ResultView }) {
  const { t, i18n } = useTranslation();
  if (!result.threshold) return null;
  const th = result.threshold;
  return (
    <Stack gap="sm" component="section" aria-labelledby="threshold-heading">
      <Title order={2} id="threshold-heading">
        {t('governance.results.thresholdHeading')}
      </Title>
      <Text data-testid="threshold-test">
        {t('governance.results.thresholdTest', {
          rule: thresholdText(t, th.requiredBps, i18n.language),
          yes: th.yesShare ? sharePercent(th.yesShare, i18n.language) : '—',
        })}{' '}
        <Badge color={th.met ? 'teal' : 'red'} variant="light">
          {th.met ? t('governance.results.met') : t('governance.results.notMet')}
        </Badge>
      </Text>
      {result.totals ? (
        <>
          <Text size="sm">{t('governance.results.totalsIntro')}</Text>
          <TotalsBars totals={result.totals} />
        </>
      ) : null}
    </Stack>
  );
}

function Classes({ result }: { result: ResultView }) {
  const { t, i18n } = useTranslation();
  const { constitution } = useCoop();
  const locale = i18n.language;
  if (result.classes.length === 0) return null;
  const name = (key: string) => constitution.document.memberClasses.find((c) => c.key === key)?.name ?? key;
  const decision = result.countedAs === 'decision';
  const dash = (v: number | string | null) => (v === null ? '—' : String(v));
  return (
    <Stack gap="sm" component="section" aria-labelledby="classes-heading">
      <Title order={2} id="classes-heading">
        {t('governance.results.classesHeading')}
      </Title>
      <Text size="sm">{t('governance.results.classesIntro')}</Text>
      <ScrollTable
        label={t('governance.results.classesHeading')}
        minWidth={decision ? 760 : 520}
        data-testid="class-shares"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('governance.results.class')}</Table.Th>
            <Table.Th scope="col">{t('governance.results.share')}</Table.Th>
            <Table.Th scope="col">{t('governance.results.onRoll')}</Table.Th>
            <Table.Th scope="col">{t('governance.results.ballots')}</Table.Th>
            <Table.Th scope="col">{t('governance.results.classTurnout')}</Table.Th>
            <Table.Th scope="col">{t('governance.results.voteValue')}</Table.Th>
            {decision ? (
              <>
                <Table.Th scope="col">{t('governance.ballot.choice.yes')}</Table.Th>
                <Table.Th scope="col">{t('governance.ballot.choice.no')}</Table.Th>
                <Table.Th scope="col">{t('governance.ballot.choice.abstain')}</Table.Th>
                <Table.Th scope="col">{t('governance.results.weightedYes')}</Table.Th>
                <Table.Th scope="col">{t('governance.results.weightedNo')}</Table.Th>
              </>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.classes.map((c) => (
            <Table.Tr key={c.classKey} data-testid={`class-${c.classKey}`}>
              <Table.Th scope="row">{name(c.classKey)}</Table.Th>
              <Table.Td>
                {c.shareBps === null ? t('governance.results.unweighted') : percent(c.shareBps, locale)}
              </Table.Td>
              <Table.Td>{integer(c.eligible, locale)}</Table.Td>
              <Table.Td>{integer(c.ballots, locale)}</Table.Td>
              <Table.Td>{sharePercent(c.turnout, locale)}</Table.Td>
              <Table.Td>
                <Code>{c.voteValue}</Code>
              </Table.Td>
              {decision ? (
                <>
                  <Table.Td>{dash(c.yes)}</Table.Td>
                  <Table.Td>{dash(c.no)}</Table.Td>
                  <Table.Td>{dash(c.abstain)}</Table.Td>
                  <Table.Td>{dash(c.weightedYes)}</Table.Td>
                  <Table.Td>{dash(c.weightedNo)}</Table.Td>
                </>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
    </Stack>
  );
}

function Options({ result }: { result: ResultView }) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  if (result.countedAs === 'decision' || result.options.length === 0) return null;
  const budget = result.budget;
  return (
    <Stack gap="sm" component="section" aria-labelledby="options-result-heading">
      <Title order={2} id="options-result-heading">
        {budget ? t('governance.results.fundedHeading') : t('governance.results.optionsHeading')}
      </Title>
      {budget ? (
        <Text data-testid="budget-spent">
          {t('governance.results.spent', {
            spent: money(budget.spent, profile.currency, i18n.language),
            amount: money(budget.amount, profile.currency, i18n.language),
          })}
        </Text>
      ) : null}
      <ScrollTable label={t('governance.results.optionsHeading')} minWidth={420} data-testid="option-results">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('governance.results.option')}</Table.Th>
            <Table.Th scope="col">{t('governance.results.score')}</Table.Th>
            {budget ? <Table.Th scope="col">{t('governance.results.cost')}</Table.Th> : null}
            <Table.Th scope="col">{t('governance.results.outcomeColumn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.options.map((o) => (
            <Table.Tr key={o.key}>
              <Table.Th scope="row">{o.name}</Table.Th>
              <Table.Td>{o.score ?? '—'}</Table.Td>
              {budget ? (
                <Table.Td>{o.cost ? money(o.cost, profile.currency, i18n.language) : '—'}</Table.Td>
              ) : null}
              <Table.Td>
                {o.won ? (
                  <Badge color="teal" variant="light">
                    {budget
                      ? t('governance.results.funded')
                      : result.countedAs === 'stv' || result.countedAs === 'committee'
                        ? t('governance.results.elected')
                        : t('governance.results.chosen')}
                  </Badge>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
    </Stack>
  );
}

function Rounds({ result }: { result: ResultView }) {
  const { t } = useTranslation();
  if (result.rounds.length === 0) return null;
  const name = (key: string) => result.options.find((o) => o.key === key)?.name ?? key;
  const keys = [...new Set(result.rounds.flatMap((r) => Object.keys(r.tally)))];
  return (
    <Stack gap="sm" component="section" aria-labelledby="rounds-heading">
      <Title order={2} id="rounds-heading">
        {t('governance.results.roundsHeading')}
      </Title>
      <ScrollTable
        label={t('governance.results.roundsHeading')}
        minWidth={200 + result.rounds.length * 90}
        data-testid="rounds"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('governance.results.option')}</Table.Th>
            {result.rounds.map((r) => (
              <Table.Th scope="col" key={r.round}>
                {t('governance.results.roundN', { round: r.round })}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => (
            <Table.Tr key={key}>
              <Table.Th scope="row">{name(key)}</Table.Th>
              {result.rounds.map((r) => (
                <Table.Td key={r.round}>
                  {r.tally[key] ?? '—'}
                  {r.elected.includes(key) ? ` (${t('governance.results.electedShort')})` : ''}
                  {r.eliminated.includes(key) ? ` (${t('governance.results.eliminatedShort')})` : ''}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
          {result.rounds.some((r) => r.threshold) ? (
            <Table.Tr>
              <Table.Th scope="row">{t('governance.results.quota')}</Table.Th>
              {result.rounds.map((r) => (
                <Table.Td key={r.round}>{r.threshold ?? '—'}</Table.Td>
              ))}
            </Table.Tr>
          ) : null}
        </Table.Tbody>
      </ScrollTable>
      <RoundsChart result={result} />
    </Stack>
  );
}

async function sha256(text: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function HashLine({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code data-testid={testId} style={{ overflowWrap: 'anywhere', minWidth: 0, flex: '0 1 auto' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="default" onClick={copy}>
              {copied ? t('governance.copied') : t('governance.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

type FileBallot = BallotInput & { receipt: string; class?: string };

function Verify({ result, proposal }: { result: ResultView; proposal: ProposalView }) {
  const { t } = useTranslation();
  const session = useSession();
  const kept = session.account ? keptReceipt(proposal.id, session.account.id) : null;
  const [receipt, setReceipt] = useState(kept?.receipt ?? '');
  const [found, setFound] = useState<{ ballot: FileBallot | null } | null>(null);
  const [check, setCheck] = useState<'match' | 'mismatch' | 'unavailable' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const url = result.ballotFileUrl;

  async function verifyFile() {
    if (!url || !result.ballotFileHash) return;
    setError(null);
    try {
      const hash = await sha256(await getBallotFileText(url));
      setCheck(hash === null ? 'unavailable' : hash === result.ballotFileHash ? 'match' : 'mismatch');
    } catch (e) {
      setError(e);
    }
  }

  async function find(event: FormEvent) {
    event.preventDefault();
    if (!url || !receipt.trim()) return;
    setError(null);
    try {
      const file = JSON.parse(await getBallotFileText(url)) as { ballots?: FileBallot[] };
      const ballot = file.ballots?.find((b) => b.receipt === receipt.trim()) ?? null;
      setFound({ ballot });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Stack gap="md" component="section" aria-labelledby="verify-heading" data-testid="verify">
      <Title order={2} id="verify-heading">
        {t('governance.results.verifyHeading')}
      </Title>
      <Text size="sm">{t('governance.results.verifyIntro')}</Text>
      {result.resultHash ? (
        <HashLine label={t('governance.results.resultHash')} value={result.resultHash} testId="result-hash" />
      ) : null}
      {result.ballotFileHash ? (
        <HashLine label={t('governance.results.fileHash')} value={result.ballotFileHash} testId="file-hash" />
      ) : null}
      {url ? (
        <Group gap="sm">
          <Button
            component="a"
            href={url}
            download={fileName(proposal.id)}
            variant="default"
            data-testid="download-ballots"
          >
            {t('governance.results.download')}
          </Button>
          {result.bltUrl ? (
            <Button component="a" href={result.bltUrl} download variant="subtle" data-testid="download-blt">
              {t('governance.results.downloadBlt')}
            </Button>
          ) : null}
          <Button variant="subtle" onClick={() => void verifyFile()} data-testid="check-hash">
            {t('governance.results.checkHash')}
          </Button>
        </Group>
      ) : (
        <Text size="sm">{t('governance.results.notPublished')}</Text>
      )}
      {check ? (
        <Text role="status" data-testid="hash-check" c={check === 'mismatch' ? 'red.8' : undefined}>
          {t(`governance.results.hash.${check}`)}
        </Text>
      ) : null}
      {url ? (
        <Stack gap={4}>
          <Text size="sm">{t('governance.results.recount')}</Text>
          <Code
            block
            data-testid="recount-command"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {`mutual tally --ballots ${fileName(proposal.id)}`}
          </Code>
        </Stack>
      ) : null}
      {url ? (
        <Stack gap="xs" component="form" onSubmit={find}>
          <Title order={3} size="h4">
            {t('governance.results.findHeading')}
          </Title>
          <Text size="sm">{t('governance.results.findIntro')}</Text>
          <Group gap="xs" align="flex-end">
            <TextInput
              label={t('governance.results.receipt')}
              value={receipt}
              onChange={(e) => setReceipt(e.currentTarget.value)}
              miw={260}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="default">
              {t('governance.results.find')}
            </Button>
          </Group>
          {found ? (
            found.ballot ? (
              <Alert color="teal" variant="light" data-testid="found-ballot">
                {t('governance.results.found', {
                  ballot: describeBallot(t, found.ballot, result.options),
                })}
              </Alert>
            ) : (
              <Alert color="red" variant="light" data-testid="found-ballot">
                {t('governance.results.notFound')}
              </Alert>
            )
          ) : null}
        </Stack>
      ) : null}
      <InlineError error={error} />
    </Stack>
  );
}

function Results({ result, proposal }: { result: ResultView; proposal: ProposalView }) {
  const { t } = useTranslation();
  const { slug, profile, constitution } = useCoop();
  const time = useCoopTime();
  const heading = t('governance.results.title', { number: proposal.number, title: proposal.title });
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Anchor component={Link} to={proposalPath(slug, proposal.id)} size="sm">
          {t('governance.results.back')}
        </Anchor>
        <PageHeading documentTitle={`${heading} · ${profile.name}`}>{heading}</PageHeading>
        {result.closedAt ? (
          <Text size="sm">{t('governance.stage.closedAt', { date: time.at(result.closedAt) })}</Text>
        ) : null}
        <Text size="sm">
          {t('governance.results.countedBy', { method: t(`governance.countedAs.${result.countedAs}`) })}
        </Text>
      </Stack>
      <Outcome result={result} />
      {result.enactment ? (
        <Text data-testid="result-enactment">
          {enactmentText(t, result.enactment, time.at, constitution.document)}
        </Text>
      ) : null}
      <Turnout result={result} />
      <Threshold result={result} />
      <Classes result={result} />
      <Options result={result} />
      <Rounds result={result} />
      {result.explanation.length > 0 ? (
        <Stack gap="xs" component="section" aria-labelledby="explanation-heading">
          <Title order={2} id="explanation-heading">
            {t('governance.results.explanation')}
          </Title>
          <List spacing={4} size="sm" data-testid="explanation">
            {result.explanation.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
      {result.final ? <Verify result={result} proposal={proposal} /> : null}
    </Stack>
  );
}

export function ResultsPage() {
  const { t } = useTranslation();
  const { slug, profile } = useCoop();
  const id = useParams().proposalId ?? '';
  const load = useCallback(
    () =>
      Promise.all([getResults(slug, id), getProposal(slug, id)]).then(([result, proposal]) => ({
        result,
        proposal,
      })),
    [slug, id],
  );
  const data = useLoad(load);
  let content: React.ReactNode;
  if (data.state === 'loading') content = <Loading />;
  else if (data.state === 'failed') {
    const unavailable = isApiError(data.error) && data.error.code === 'RESULTS_NOT_AVAILABLE';
    content = (
      <Stack gap="md">
        <PageHeading>{t('governance.results.noneTitle')}</PageHeading>
        {unavailable ? (
          <Alert color="yellow" variant="light" data-testid="results-unavailable">
            {governanceError(t, data.error)}
          </Alert>
        ) : (
          <LoadFailed title={t('governance.results.failed')} error={data.error} onRetry={data.reload} />
        )}
        <Anchor component={Link} to={proposalPath(slug, id)}>
          {t('governance.results.back')}
        </Anchor>
      </Stack>
    );
  } else content = <Results result={data.data.result} proposal={data.data.proposal} />;
  return (
    <RequireAccount reason={t('governance.signInReason', { name: profile.name })}>{content}</RequireAccount>
  );
}
