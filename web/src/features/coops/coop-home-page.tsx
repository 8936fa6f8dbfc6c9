import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { day, integer } from '../../lib/format.ts';
import { useCoop } from './coop-context.tsx';

const OPEN_STATUSES = new Set(['awaiting_payment', 'awaiting_admission', 'awaiting_vote']);

/** What the visitor can do next: apply, follow their application, or open their membership. */
function TakePart() {
  const { t } = useTranslation();
  const { slug, me } = useCoop();
  const base = `/c/${slug}`;
  if (me.state === 'loading') return <Loading />;
  const mine = me.state === 'done' ? me.data : null;
  if (mine?.membership) {
    return (
      <Stack gap="xs" align="flex-start">
        <Text>{t('coop.home.youAreMember', { number: mine.membership.memberNumber })}</Text>
        <Button component={Link} to={`${base}/me`}>
          {t('coop.home.myMembership')}
        </Button>
      </Stack>
    );
  }
  if (mine?.application && OPEN_STATUSES.has(mine.application.status)) {
    return (
      <Stack gap="xs" align="flex-start">
        <Text>{t('coop.home.applicationOpen', { status: t(`status.${mine.application.status}`) })}</Text>
        <Button component={Link} to={`${base}/me`}>
          {t('coop.home.seeApplication')}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack gap="xs" align="flex-start">
      <Text>{t('coop.home.joinText')}</Text>
      <Button component={Link} to={`${base}/join`} data-testid="apply-to-join">
        {t('coop.home.apply')}
      </Button>
    </Stack>
  );
}

export function CoopHomePage() {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const locale = i18n.language;
  const base = `/c/${slug}`;

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <PageHeading>{profile.name}</PageHeading>
        {profile.mission ? <Text size="lg">{profile.mission}</Text> : null}
        <Group gap="xs">
          <Badge variant="outline" color="teal" size="lg" radius="sm">
            {t(`sectors.${profile.sector}`, { defaultValue: profile.sector })}
          </Badge>
          <Text size="sm" c="dimmed">
            {t('coop.home.founded', { date: day(profile.createdAt, locale, profile.timeZone) })}
          </Text>
        </Group>
      </Stack>

      <Stack component="section" aria-labelledby="members-heading" gap="sm">
        <Title order={2} id="members-heading">
          {t('coop.home.membersHeading')}
        </Title>
        <Text>{t('coop.home.membersTotal', { count: profile.members.total })}</Text>
        <SimpleGrid
          cols={{ base: 1, xs: 2, sm: 3 }}
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="members-by-class"
        >
          {profile.members.byClass.map((c) => (
            <Card component="li" key={c.classKey} withBorder padding="sm">
              <Text fw={700} fz="xl">
                {integer(c.members, locale)}
              </Text>
              <Text size="sm">{t('coop.home.classMembers', { count: c.members, name: c.name })}</Text>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>

      <Stack component="section" aria-labelledby="take-part-heading" gap="sm">
        <Title order={2} id="take-part-heading">
          {t('coop.home.takePartHeading')}
        </Title>
        <TakePart />
      </Stack>

      <Stack component="section" aria-labelledby="rules-heading" gap="sm">
        <Title order={2} id="rules-heading">
          {t('coop.home.rulesHeading')}
        </Title>
        <Text>{t('coop.home.rulesText', { version: profile.constitutionVersion })}</Text>
        <Group gap="sm">
          <Button component={Link} to={`${base}/constitution`} variant="default">
            {t('coop.home.readConstitution')}
          </Button>
          <Button component={Link} to={`${base}/finances`} variant="default">
            {t('coop.home.seeFinances')}
          </Button>
        </Group>
      </Stack>
    </Stack>
  );
}
