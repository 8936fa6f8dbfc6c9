import { Alert, Badge, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { errorMessage } from '../../lib/api-errors.ts';
import { giveNotice, type MemberView, type MyMembership } from '../../lib/coops-api.ts';
import { day, money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { ApplicationTimeline, NextStep } from './application-status.tsx';
import { useCoop } from './coop-context.tsx';
import { Facts } from './facts.tsx';
import { roleLabel } from './roles.ts';

/** The share capital a member holds: shares times the class's share price in force. */
function shareValue(membership: MemberView, price: string | undefined): bigint {
  return BigInt(membership.shares) * BigInt(price ?? '0');
}

function Leave({ membership }: { membership: MemberView }) {
  const { t, i18n } = useTranslation();
  const { slug, profile, constitution, refresh } = useCoop();
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const locale = i18n.language;
  const noticeDays = constitution.document.membership.noticeDays;
  const cls = constitution.document.memberClasses.find((c) => c.key === membership.classKey);
  const value = shareValue(membership, cls?.sharePrice);
  const redemption =
    value > 0n
      ? t('leave.redemption', { amount: money(value, profile.currency, locale) })
      : t('leave.noRedemption');

  if (membership.status === 'leaving' && membership.leavesAt) {
    return (
      <Alert color="yellow" variant="light" data-testid="leaving">
        {t('leave.leaving', { date: day(membership.leavesAt, locale, profile.timeZone) })} {redemption}
      </Alert>
    );
  }

  async function confirm() {
    setSending(true);
    try {
      const { leavesAt } = await giveNotice(slug);
      setConfirming(false);
      notify(t('leave.given', { date: day(leavesAt, locale, profile.timeZone) }));
      refresh();
    } catch (error) {
      notify(errorMessage(t, error), 'error');
    } finally {
      setSending(false);
    }
  }

  return (
    <Stack gap="sm" align="flex-start">
      <Text>{t('leave.explain', { count: noticeDays })}</Text>
      <Button color="red" variant="outline" onClick={() => setConfirming(true)}>
        {t('leave.button')}
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('leave.confirmTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
        centered
      >
        <Stack gap="md">
          <Text>{t('leave.confirmNotice', { count: noticeDays, name: profile.name })}</Text>
          <Text>{redemption}</Text>
          <Text>{t('leave.confirmFinal')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('leave.cancel')}
            </Button>
            <Button color="red" loading={sending} onClick={() => void confirm()} data-testid="confirm-notice">
              {t('leave.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Membership({ mine }: { mine: MyMembership & { membership: MemberView } }) {
  const { t, i18n } = useTranslation();
  const { slug, profile, constitution } = useCoop();
  const locale = i18n.language;
  const { membership } = mine;
  const cls = constitution.document.memberClasses.find((c) => c.key === membership.classKey);
  const value = shareValue(membership, cls?.sharePrice);
  return (
    <Stack gap="xl">
      <Stack component="section" aria-labelledby="membership-heading" gap="sm">
        <Title order={2} id="membership-heading">
          {t('membership.heading')}
        </Title>
        <Facts
          testId="membership-facts"
          items={[
            { label: t('membership.number'), value: membership.memberNumber },
            { label: t('membership.class'), value: cls?.name ?? membership.classKey },
            {
              label: t('membership.shares'),
              value:
                membership.shares > 0
                  ? t('membership.sharesValue', {
                      count: membership.shares,
                      amount: money(value, profile.currency, locale),
                    })
                  : t('membership.noShares'),
            },
            {
              label: t('membership.status'),
              value: (
                <Badge variant="outline" color={membership.status === 'active' ? 'teal' : 'grape'}>
                  {t(`memberStatus.${membership.status}`)}
                </Badge>
              ),
            },
            { label: t('membership.admitted'), value: day(membership.admittedAt, locale, profile.timeZone) },
            {
              label: t('membership.roles'),
              value:
                mine.roles.length > 0
                  ? mine.roles
                      .map((r) =>
                        t('membership.roleSince', {
                          role: roleLabel(t, r.role, constitution.document),
                          date: day(r.grantedAt, locale, profile.timeZone),
                        }),
                      )
                      .join(', ')
                  : t('membership.noRoles'),
            },
          ]}
        />
        <Group gap="sm">
          <Button component={Link} to={`/c/${slug}/me/statement`} variant="default">
            {t('membership.statement')}
          </Button>
        </Group>
      </Stack>
      {mine.application ? (
        <Stack component="section" aria-labelledby="application-heading" gap="sm">
          <Title order={2} id="application-heading">
            {t('membership.applicationHeading')}
          </Title>
          <ApplicationTimeline application={mine.application} />
        </Stack>
      ) : null}
      <Stack component="section" aria-labelledby="leave-heading" gap="sm">
        <Title order={2} id="leave-heading">
          {t('leave.heading')}
        </Title>
        <Leave membership={membership} />
      </Stack>
    </Stack>
  );
}

function MyMembershipContent() {
  const { t } = useTranslation();
  const { slug, profile, me, refresh } = useCoop();
  if (me.state === 'loading') return <Loading />;
  if (me.state === 'failed')
    return <LoadFailed title={t('membership.loadFailed')} error={me.error} onRetry={refresh} />;
  const mine = me.data;
  if (mine?.membership) return <Membership mine={{ ...mine, membership: mine.membership }} />;
  if (mine?.application) {
    return (
      <Stack component="section" aria-labelledby="application-heading" gap="md">
        <Title order={2} id="application-heading">
          {t('membership.applicationHeading')}
        </Title>
        <NextStep application={mine.application} />
        <ApplicationTimeline application={mine.application} />
        {mine.application.status === 'declined' || mine.application.status === 'withdrawn' ? (
          <Group>
            <Button component={Link} to={`/c/${slug}/join`}>
              {t('coop.home.apply')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }
  return (
    <Stack gap="sm" align="flex-start">
      <Text>{t('membership.notMember', { name: profile.name })}</Text>
      <Button component={Link} to={`/c/${slug}/join`}>
        {t('coop.home.apply')}
      </Button>
    </Stack>
  );
}

export function MyMembershipPage() {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const title = t('membership.title');
  return (
    <RequireAccount reason={t('membership.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        <MyMembershipContent />
      </Stack>
    </RequireAccount>
  );
}
