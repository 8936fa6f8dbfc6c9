import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Radio,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { getRegister } from '../../lib/coops-api.ts';
import { notify } from '../../lib/notify.ts';
import { useSession } from '../../lib/session.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import {
  appointProxy,
  getMyProxies,
  getMyVotes,
  getNotices,
  getPreferences,
  listProposals,
  markNoticeRead,
  type NotificationMode,
  type ProxyView,
  revokeProxy,
  setPreferences,
} from './api.ts';
import { InlineError, proposalPath, StatusBadge, useCoopTime } from './parts.tsx';

// "My votes and proxies": the votes whose roll I am on and who cast mine, the proxies I gave and
// hold (appointed within the constitution's cap, revocable), and which governance emails I get.

function Votes() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const time = useCoopTime();
  const load = useCallback(() => getMyVotes(slug), [slug]);
  const votes = useLoad(load);
  if (votes.state === 'loading') return <Loading />;
  if (votes.state === 'failed')
    return <LoadFailed title={t('governance.mine.votesFailed')} error={votes.error} onRetry={votes.reload} />;
  if (votes.data.length === 0) return <Text data-testid="votes-empty">{t('governance.mine.noVotes')}</Text>;
  return (
    <ScrollTable label={t('governance.mine.votesHeading')} minWidth={560} data-testid="my-votes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('governance.mine.proposal')}</Table.Th>
          <Table.Th scope="col">{t('governance.mine.status')}</Table.Th>
          <Table.Th scope="col">{t('governance.mine.closes')}</Table.Th>
          <Table.Th scope="col">{t('governance.mine.myVote')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {votes.data.map((v) => (
          <Table.Tr key={v.proposal.id}>
            <Table.Td>
              <Anchor component={Link} to={proposalPath(slug, v.proposal.id)}>
                {t('governance.numbered', { number: v.proposal.number, title: v.proposal.title })}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={v.proposal.status} />
            </Table.Td>
            <Table.Td>
              {v.proposal.closedAt
                ? time.at(v.proposal.closedAt)
                : v.proposal.votingClosesAt
                  ? time.at(v.proposal.votingClosesAt)
                  : '—'}
            </Table.Td>
            <Table.Td>
              {!v.voted
                ? v.proposal.status === 'voting'
                  ? t('governance.mine.notYet')
                  : t('governance.mine.didNotVote')
                : v.castBy === 'proxy'
                  ? t('governance.mine.byProxy', { name: v.proxy?.displayName ?? '' })
                  : t('governance.mine.bySelf')}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

function ProxyRow({ proxy, side, onRevoke }: { proxy: ProxyView; side: 'given' | 'held'; onRevoke(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const time = useCoopTime();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const other = side === 'given' ? proxy.proxy.displayName : proxy.member.displayName;
  async function revoke() {
    setBusy(true);
    setError(null);
    try {
      await revokeProxy(slug, proxy.id);
      notify(
        side === 'given'
          ? t('governance.mine.revoked', { name: other })
          : t('governance.mine.declined', { name: other }),
      );
      onRevoke();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card withBorder padding="sm" component="li" data-testid={`proxy-${side}`}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs">
          <Text fw={600}>
            {side === 'given'
              ? t('governance.mine.givenTo', { name: other })
              : t('governance.mine.heldFor', { name: other })}
          </Text>
          {proxy.revokedAt ? (
            <Badge color="gray" variant="light">
              {t('governance.mine.revokedOn', { date: time.date(proxy.revokedAt) })}
            </Badge>
          ) : (
            <Badge color="teal" variant="light">
              {t('governance.mine.active')}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {proxy.proposalId ? t('governance.mine.forOne') : t('governance.mine.forAll')}{' '}
          {t('governance.mine.since', { date: time.date(proxy.createdAt) })}
        </Text>
        {proxy.proposalId ? (
          <Anchor component={Link} to={proposalPath(slug, proxy.proposalId)} size="sm">
            {t('governance.mine.seeProposal')}
          </Anchor>
        ) : null}
        <InlineError error={error} />
        {proxy.revokedAt ? null : (
          <Button
            size="compact-sm"
            variant="default"
            color="red"
            w="fit-content"
            loading={busy}
            onClick={() => void revoke()}
          >
            {side === 'given' ? t('governance.mine.revoke') : t('governance.mine.decline')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}

function Appoint({ onDone, held }: { onDone(): void; held: number }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const session = useSession();
  const load = useCallback(
    () =>
      Promise.all([getRegister(slug), listProposals(slug, 'all')]).then(([members, proposals]) => ({
        members,
        proposals: proposals.filter((p) => ['seconding', 'discussion', 'voting'].includes(p.status)),
      })),
    [slug],
  );
  const data = useLoad(load);
  const [proxyId, setProxyId] = useState('');
  const [scope, setScope] = useState('all');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (data.state === 'loading') return <Loading />;
  if (data.state === 'failed') return <InlineError error={data.error} />;
  const members = data.data.members.filter(
    (m) => (m.status === 'active' || m.status === 'leaving') && m.accountId !== session.account?.id,
  );
  async function appoint(event: FormEvent) {
    event.preventDefault();
    if (!proxyId) return;
    setBusy(true);
    setError(null);
    try {
      const proxy = await appointProxy(slug, {
        proxyAccountId: proxyId,
        ...(scope === 'all' ? {} : { proposalId: scope }),
      });
      notify(t('governance.mine.appointed', { name: proxy.proxy.displayName }));
      setProxyId('');
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="sm" component="form" onSubmit={appoint} data-testid="appoint-proxy">
      {held > 0 ? <Text size="sm">{t('governance.mine.noChains')}</Text> : null}
      <NativeSelect
        label={t('governance.mine.proxyMember')}
        data={[
          { value: '', label: t('governance.options.chooseMember') },
          ...members.map((m) => ({ value: m.accountId, label: m.displayName })),
        ]}
        value={proxyId}
        onChange={(e) => setProxyId(e.currentTarget.value)}
        maw={360}
      />
      <NativeSelect
        label={t('governance.mine.proxyScope')}
        data={[
          { value: 'all', label: t('governance.mine.scopeAll') },
          ...data.data.proposals.map((p) => ({
            value: p.id,
            label: t('governance.numbered', { number: p.number, title: p.title }),
          })),
        ]}
        value={scope}
        onChange={(e) => setScope(e.currentTarget.value)}
        maw={480}
      />
      <InlineError error={error} />
      <Button type="submit" w="fit-content" loading={busy} disabled={!proxyId}>
        {t('governance.mine.appoint')}
      </Button>
    </Stack>
  );
}

function Proxies() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => getMyProxies(slug), [slug]);
  const proxies = useLoad(load);
  if (proxies.state === 'loading') return <Loading />;
  if (proxies.state === 'failed')
    return (
      <LoadFailed title={t('governance.mine.proxiesFailed')} error={proxies.error} onRetry={proxies.reload} />
    );
  const { given, held, allowed, maxPerPerson } = proxies.data;
  const activeHeld = held.filter((p) => !p.revokedAt).length;
  return (
    <Stack gap="md">
      <Text data-testid="proxy-cap">
        {allowed ? t('governance.mine.cap', { count: maxPerPerson }) : t('governance.mine.notAllowed')}
      </Text>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('governance.mine.given')}
        </Title>
        {given.length === 0 ? <Text size="sm">{t('governance.mine.noneGiven')}</Text> : null}
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {given.map((p) => (
            <ProxyRow key={p.id} proxy={p} side="given" onRevoke={proxies.reload} />
          ))}
        </Stack>
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('governance.mine.held', { count: activeHeld, max: maxPerPerson })}
        </Title>
        {held.length === 0 ? <Text size="sm">{t('governance.mine.noneHeld')}</Text> : null}
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {held.map((p) => (
            <ProxyRow key={p.id} proxy={p} side="held" onRevoke={proxies.reload} />
          ))}
        </Stack>
      </Stack>
      {allowed ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('governance.mine.appointHeading')}
          </Title>
          <Text size="sm">{t('governance.mine.appointIntro')}</Text>
          <Appoint onDone={proxies.reload} held={activeHeld} />
        </Stack>
      ) : null}
    </Stack>
  );
}

function Preferences() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => getPreferences(slug), [slug]);
  const mode = useLoad(load);
  const [chosen, setChosen] = useState<NotificationMode | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  if (mode.state === 'loading') return <Loading />;
  if (mode.state === 'failed') return <InlineError error={mode.error} />;
  async function choose(value: string) {
    const next = value as NotificationMode;
    const before = chosen;
    // The choice shows at once; it goes back if the server refuses it.
    setChosen(next);
    setSaving(true);
    setError(null);
    try {
      setChosen(await setPreferences(slug, next));
      notify(t('governance.mine.prefsSaved'));
    } catch (e) {
      setChosen(before);
      setError(e);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Stack gap="xs">
      <Radio.Group
        label={t('governance.mine.prefsLabel')}
        value={chosen ?? mode.data}
        onChange={(v) => void choose(v)}
        data-testid="notification-mode"
      >
        <Stack gap={6} mt={6}>
          {(['everything', 'votes', 'digest'] as const).map((m) => (
            <Radio
              key={m}
              value={m}
              disabled={saving}
              label={t(`governance.mine.mode.${m}`)}
              description={t(`governance.mine.modeHelp.${m}`)}
            />
          ))}
        </Stack>
      </Radio.Group>
      <InlineError error={error} />
    </Stack>
  );
}

function Notices() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const time = useCoopTime();
  const load = useCallback(() => getNotices(slug), [slug]);
  const notices = useLoad(load);
  if (notices.state !== 'done')
    return notices.state === 'failed' ? <InlineError error={notices.error} /> : <Loading />;
  if (notices.data.length === 0) return <Text size="sm">{t('governance.mine.noNotices')}</Text>;
  return (
    <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="notices">
      {notices.data.slice(0, 20).map((n) => (
        <Card key={n.id} withBorder padding="xs" component="li">
          <Group justify="space-between" gap="xs">
            <Stack gap={0}>
              <Anchor
                component={Link}
                to={proposalPath(slug, n.proposalId)}
                fw={n.read ? 400 : 700}
                onClick={() => {
                  if (!n.read) void markNoticeRead(slug, n.id).catch(() => undefined);
                }}
              >
                {t(`governance.mine.notice.${n.kind}`, { title: n.proposalTitle })}
              </Anchor>
              <Text size="xs">{time.at(n.createdAt)}</Text>
            </Stack>
            {n.read ? null : (
              <Badge variant="light" color="blue">
                {t('governance.mine.unread')}
              </Badge>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

export function MyVotesPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const roles = useCoopRoles();
  const title = t('governance.mine.title');
  return (
    <RequireAccount reason={t('governance.signInReason', { name: profile.name })}>
      <Stack gap="xl">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        {!roles.member ? (
          <Alert color="yellow" variant="light" role="alert" data-testid="members-only">
            {t('governance.membersOnly', { name: profile.name })}
          </Alert>
        ) : (
          <>
            <Stack gap="sm" component="section" aria-labelledby="votes-heading">
              <Title order={2} id="votes-heading">
                {t('governance.mine.votesHeading')}
              </Title>
              <Votes />
            </Stack>
            <Stack gap="sm" component="section" aria-labelledby="proxies-heading">
              <Title order={2} id="proxies-heading">
                {t('governance.mine.proxiesHeading')}
              </Title>
              <Proxies />
            </Stack>
            <Stack gap="sm" component="section" aria-labelledby="prefs-heading">
              <Title order={2} id="prefs-heading">
                {t('governance.mine.prefsHeading')}
              </Title>
              <Preferences />
            </Stack>
            <Stack gap="sm" component="section" aria-labelledby="notices-heading">
              <Title order={2} id="notices-heading">
                {t('governance.mine.noticesHeading')}
              </Title>
              <Notices />
            </Stack>
          </>
        )}
      </Stack>
    </RequireAccount>
  );
}
