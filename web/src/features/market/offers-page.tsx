import { Button, Card, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { dateTime, money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { acceptOffer, declineOffer, myOffers, type Offer } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { marketErrorMessage } from './market-errors.ts';
import { ExplanationTable, Muted, Section, StatusBadge } from './parts.tsx';
import { WorkerArea } from './worker-area.tsx';
import { durationLabel, spanLabel } from './zoned-time.ts';

// Jobs the co-op offered to this worker: open ones with the time left to answer and why they were asked,
// then the ones answered or passed on.

function OfferCard({ offer, onChanged }: { offer: Offer; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const { category } = useMarket();
  const navigate = useNavigate();
  const locale = i18n.language;
  const zone = profile.timeZone;
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = offer.status === 'pending';
  const headingId = `offer-${offer.id}`;

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const { bookingId } = await acceptOffer(slug, offer.id);
      notify(t('market.offers.accepted'));
      await navigate(`/c/${slug}/bookings/${bookingId}`);
    } catch (caught) {
      setError(marketErrorMessage(t, caught));
      onChanged();
    } finally {
      setBusy(false);
    }
  }

  async function decline(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await declineOffer(slug, offer.id, reason.trim());
      notify(t('market.offers.declined'));
      setDeclining(false);
      onChanged();
    } catch (caught) {
      setError(marketErrorMessage(t, caught));
      setDeclining(false);
      onChanged();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card component="li" withBorder padding="md" aria-labelledby={headingId} data-testid="offer">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={headingId}>
            {offer.job.title}
          </Title>
          <StatusBadge status={offer.status} kind="offer" />
        </Group>
        <Text size="sm">
          {category(offer.job.categoryKey)?.name ?? offer.job.categoryKey} ·{' '}
          {spanLabel(offer.job.windowStart, offer.job.windowEnd, locale, zone)} ·{' '}
          {t('market.offers.work', { duration: durationLabel(offer.job.durationMinutes) })}
        </Text>
        <Text fw={700} data-testid="offer-earnings">
          {t('market.offers.earn', { amount: money(offer.job.earnings, offer.job.currency, locale) })}
        </Text>
        <Muted>
          {[
            offer.job.distanceKm !== null
              ? t('market.search.distance', {
                  km: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(
                    offer.job.distanceKm,
                  ),
                })
              : null,
            offer.job.postalCode ? t('market.offers.postal', { code: offer.job.postalCode }) : null,
            offer.job.address ? offer.job.address : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Muted>
        {offer.job.description ? <Text size="sm">{offer.job.description}</Text> : null}
        <Text size="sm" data-testid="offer-deadline">
          {open
            ? t('market.offers.answerBy', { date: dateTime(offer.expiresAt, locale, zone) })
            : t(`market.offers.closed.${offer.status}`, { date: dateTime(offer.expiresAt, locale, zone) })}
        </Text>
        <details>
          <summary style={{ cursor: 'pointer', fontSize: 14 }}>{t('market.offers.why')}</summary>
          <ExplanationTable explanation={offer.explanation} label={t('market.offers.why')} />
        </details>
        <FormError message={error} />
        {open ? (
          <Group gap="sm">
            <Button onClick={() => void accept()} loading={busy && !declining} data-testid="accept-offer">
              {t('market.offers.accept')}
            </Button>
            <Button variant="default" onClick={() => setDeclining(true)}>
              {t('market.offers.decline')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      <Modal
        opened={declining}
        onClose={() => setDeclining(false)}
        title={t('market.offers.declineTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
        centered
      >
        <form onSubmit={decline} noValidate>
          <Stack gap="md">
            <Textarea
              label={t('market.offers.declineReason')}
              value={reason}
              maxLength={1000}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setDeclining(false)}>
                {t('market.booking.ask.back')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('market.offers.declineConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

function OfferList() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => myOffers(slug), [slug]);
  const offers = useLoad(load);
  if (offers.state === 'loading') return <Loading />;
  if (offers.state === 'failed')
    return <LoadFailed title={t('market.offers.loadFailed')} error={offers.error} onRetry={offers.reload} />;
  const open = offers.data.filter((o) => o.status === 'pending');
  const closed = offers.data.filter((o) => o.status !== 'pending');
  return (
    <Stack gap="xl">
      <Section id="open-offers-heading" title={t('market.offers.open')}>
        <Group>
          <Button variant="default" size="compact-sm" onClick={offers.reload}>
            {t('market.job.refresh')}
          </Button>
        </Group>
        {open.length === 0 ? (
          <Text size="sm" data-testid="no-open-offers">
            {t('market.offers.noneOpen')}
          </Text>
        ) : (
          <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {open.map((o) => (
              <OfferCard key={o.id} offer={o} onChanged={offers.reload} />
            ))}
          </Stack>
        )}
      </Section>
      {closed.length > 0 ? (
        <Section id="closed-offers-heading" title={t('market.offers.closedHeading')}>
          <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {closed.map((o) => (
              <OfferCard key={o.id} offer={o} onChanged={offers.reload} />
            ))}
          </Stack>
        </Section>
      ) : null}
    </Stack>
  );
}

export function OffersPage() {
  const { t } = useTranslation();
  return (
    <WorkerArea title={t('market.offers.title')}>
      {() => (
        <Stack gap="md">
          <Text>{t('market.offers.intro')}</Text>
          <OfferList />
        </Stack>
      )}
    </WorkerArea>
  );
}
