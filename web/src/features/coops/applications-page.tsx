import {
  Badge,
  Blockquote,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { placeError } from '../../lib/api-errors.ts';
import {
  type ApplicationStatus,
  type ApplicationView,
  decideAdmission,
  listApplications,
  recordSharePayment,
} from '../../lib/coops-api.ts';
import { dateTime, money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop, useCoopRoles } from './coop-context.tsx';
import { Facts } from './facts.tsx';
import { transferReference } from './transfer-reference.ts';

const STATUSES: ApplicationStatus[] = [
  'awaiting_payment',
  'awaiting_admission',
  'awaiting_vote',
  'admitted',
  'declined',
  'withdrawn',
];
const REFERENCE_MAX = 120;
const REASON_MAX = 1000;

function statusColor(status: ApplicationStatus): string {
  if (status === 'admitted') return 'teal';
  if (status === 'declined' || status === 'withdrawn') return 'gray';
  return 'blue';
}

/** A share is owed on an application that waits for it, and on a founder admitted before paying. */
function owesShare(app: ApplicationView): boolean {
  if (BigInt(app.sharePrice) === 0n || app.paidAt) return false;
  return app.status === 'awaiting_payment' || app.status === 'admitted';
}

function RecordPayment({ app, onDone }: { app: ApplicationView; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const [reference, setReference] = useState(transferReference(slug, app.id));
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function record() {
    const trimmed = reference.trim();
    if (!trimmed) return setError(t('validation.required'));
    if (trimmed.length > REFERENCE_MAX) return setError(t('validation.tooLong', { max: REFERENCE_MAX }));
    setError(null);
    setSending(true);
    try {
      const result = await recordSharePayment(slug, app.id, trimmed);
      notify(
        result.status === 'admitted' && app.status !== 'admitted'
          ? t('applications.paidAndAdmitted', { name: app.displayName })
          : t('applications.paid', { name: app.displayName }),
      );
      onDone();
    } catch (caught) {
      setError(placeError(t, caught, ['reference']).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Stack gap="xs">
      <Text size="sm">
        {t('applications.recordExplain', { price: money(app.sharePrice, profile.currency, i18n.language) })}
      </Text>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('applications.reference')}
          description={t('applications.referenceHint')}
          value={reference}
          onChange={(event) => {
            setReference(event.currentTarget.value);
            setError(null);
          }}
          error={error}
          maxLength={REFERENCE_MAX}
          style={{ flex: '1 1 220px' }}
        />
        <Button onClick={() => void record()} loading={sending}>
          {t('applications.record')}
        </Button>
      </Group>
    </Stack>
  );
}

function Decide({ app, onDone }: { app: ApplicationView; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState<'admit' | 'decline' | null>(null);

  async function decide(decision: 'admit' | 'decline') {
    const trimmed = reason.trim();
    if (decision === 'decline' && !trimmed) return setError(t('applications.reasonRequired'));
    setError(null);
    setSending(decision);
    try {
      await decideAdmission(slug, app.id, { decision, reason: trimmed });
      notify(
        decision === 'admit'
          ? t('applications.admitted', { name: app.displayName })
          : t('applications.declined', { name: app.displayName }),
      );
      onDone();
    } catch (caught) {
      setError(placeError(t, caught, ['reason']).message);
    } finally {
      setSending(null);
    }
  }

  return (
    <Stack gap="xs">
      <Textarea
        label={t('applications.reason')}
        description={t('applications.reasonHint')}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setError(null);
        }}
        error={error}
        maxLength={REASON_MAX}
        autosize
        minRows={2}
      />
      <Group gap="sm">
        <Button
          onClick={() => void decide('admit')}
          loading={sending === 'admit'}
          disabled={sending === 'decline'}
        >
          {t('applications.admit')}
        </Button>
        <Button
          color="red"
          variant="outline"
          onClick={() => void decide('decline')}
          loading={sending === 'decline'}
          disabled={sending === 'admit'}
        >
          {t('applications.decline')}
        </Button>
      </Group>
    </Stack>
  );
}

function ApplicationCard({ app, onChange }: { app: ApplicationView; onChange(): void }) {
  const { t, i18n } = useTranslation();
  const { profile, constitution } = useCoop();
  const roles = useCoopRoles();
  const locale = i18n.language;
  const cls = constitution.document.memberClasses.find((c) => c.key === app.classKey);
  const price = money(app.sharePrice, profile.currency, locale);
  return (
    <Card component="li" withBorder padding="md" data-testid="application" data-name={app.displayName}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={0}>
            <Title order={3} size="h4">
              {app.displayName}
            </Title>
            {app.email ? (
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {app.email}
              </Text>
            ) : null}
          </Stack>
          <Badge variant="outline" color={statusColor(app.status)}>
            {t(`status.${app.status}`)}
          </Badge>
        </Group>
        <Facts
          items={[
            { label: t('applications.class'), value: cls?.name ?? app.classKey },
            { label: t('applications.appliedOn'), value: dateTime(app.createdAt, locale, profile.timeZone) },
            {
              label: t('applications.share'),
              value: BigInt(app.sharePrice) > 0n ? price : t('applications.noShare'),
            },
            {
              label: t('applications.payment'),
              value: app.paidAt
                ? t('applications.paidOn', {
                    date: dateTime(app.paidAt, locale, profile.timeZone),
                    reference: app.paymentReference ?? '',
                  })
                : BigInt(app.sharePrice) > 0n
                  ? t('applications.notPaid')
                  : t('applications.noShare'),
            },
            ...(app.decidedAt
              ? [
                  {
                    label: t('applications.decision'),
                    value: t('applications.decidedOn', {
                      date: dateTime(app.decidedAt, locale, profile.timeZone),
                      reason: app.decisionReason || t('timeline.noReason'),
                    }),
                  },
                ]
              : []),
          ]}
        />
        {app.statement ? (
          <Blockquote p="sm" color="gray" cite={t('applications.statementBy', { name: app.displayName })}>
            {app.statement}
          </Blockquote>
        ) : null}
        {owesShare(app) ? <RecordPayment app={app} onDone={onChange} /> : null}
        {app.status === 'awaiting_admission' && roles.board ? <Decide app={app} onDone={onChange} /> : null}
        {app.status === 'awaiting_admission' && !roles.board ? (
          <Text size="sm">{t('applications.boardDecides')}</Text>
        ) : null}
      </Stack>
    </Card>
  );
}

function isStatus(value: string | null): value is ApplicationStatus {
  return STATUSES.some((s) => s === value);
}

function Applications() {
  const { t } = useTranslation();
  const { slug, refresh } = useCoop();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const load = useCallback(() => listApplications(slug, status), [slug, status]);
  const apps = useLoad(load);
  const reloadApps = apps.reload;
  const changed = useCallback(() => {
    reloadApps();
    refresh();
  }, [reloadApps, refresh]);

  return (
    <Stack gap="md">
      <Select
        label={t('applications.filter')}
        data={[
          { value: 'all', label: t('applications.all') },
          ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
        ]}
        value={status ?? 'all'}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          if (value && value !== 'all') next.set('status', value);
          else next.delete('status');
          setParams(next, { replace: true });
        }}
        allowDeselect={false}
        maw={320}
        data-testid="status-filter"
      />
      {apps.state === 'loading' ? <Loading /> : null}
      {apps.state === 'failed' ? (
        <LoadFailed title={t('applications.loadFailed')} error={apps.error} onRetry={apps.reload} />
      ) : null}
      {apps.state === 'done' && apps.data.length === 0 ? (
        <Text data-testid="applications-empty">{t('applications.none')}</Text>
      ) : null}
      {apps.state === 'done' && apps.data.length > 0 ? (
        <Stack
          gap="md"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label={t('applications.title')}
        >
          {apps.data.map((app) => (
            <ApplicationCard key={app.id} app={app} onChange={changed} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

export function ApplicationsPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const title = t('applications.title');
  return (
    <RequireAccount reason={t('applications.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <Text>{t('applications.intro')}</Text>
        <Applications />
      </Stack>
    </RequireAccount>
  );
}
