import { Button, Card, Group, Rating, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-card.tsx';
import { day } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { leaveReview, type Review, replyToReview } from './market-api.ts';
import { placeMarketError } from './market-errors.ts';

// Reviews: 1 to 5 stars and a text, one per side of a completed booking; the reviewed worker may reply once.

export function Stars({ stars }: { stars: number }) {
  const { t } = useTranslation();
  return (
    <Text span fw={700} aria-label={t('market.reviews.stars', { count: stars })} role="img">
      {'★'.repeat(stars)}
      {'☆'.repeat(5 - stars)}
    </Text>
  );
}

export function ReviewCard({
  review,
  canReply,
  onReplied,
}: {
  review: Review;
  canReply: boolean;
  onReplied(): void;
}) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!reply.trim()) return setError(t('validation.required'));
    setSending(true);
    try {
      await replyToReview(slug, review.id, reply.trim());
      notify(t('market.reviews.replied'));
      setReply('');
      onReplied();
    } catch (caught) {
      setError(placeMarketError(t, caught, []).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card withBorder padding="sm" component="article" data-testid="review">
      <Stack gap={4}>
        <Group gap="xs" justify="space-between">
          <Stars stars={review.stars} />
          <Text size="sm" c="gray.7">
            {t('market.reviews.by', {
              name: review.authorDisplayName,
              date: day(review.createdAt, i18n.language, profile.timeZone),
            })}
          </Text>
        </Group>
        {review.body ? <Text style={{ whiteSpace: 'pre-line' }}>{review.body}</Text> : null}
        {review.reply ? (
          <Card bg="gray.0" padding="xs" radius="sm">
            <Text size="sm" fw={600}>
              {t('market.reviews.reply')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {review.reply}
            </Text>
          </Card>
        ) : canReply && review.direction === 'by_customer' ? (
          <form onSubmit={send} noValidate>
            <Stack gap="xs">
              <Textarea
                label={t('market.reviews.replyLabel')}
                description={t('market.reviews.replyOnce')}
                value={reply}
                maxLength={2000}
                error={error}
                onChange={(e) => {
                  setReply(e.currentTarget.value);
                  setError(null);
                }}
              />
              <Group>
                <Button type="submit" size="xs" variant="default" loading={sending}>
                  {t('market.reviews.sendReply')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}

export function ReviewForm({
  bookingId,
  otherName,
  onDone,
}: {
  bookingId: string;
  otherName: string;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [stars, setStars] = useState(0);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [starsError, setStarsError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (stars < 1) return setStarsError(t('market.reviews.chooseStars'));
    setSending(true);
    setError(null);
    try {
      await leaveReview(slug, bookingId, { stars, body: body.trim() });
      notify(t('market.reviews.sent'));
      onDone();
    } catch (caught) {
      setError(placeMarketError(t, caught, []).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={send} noValidate aria-label={t('market.reviews.formLabel', { name: otherName })}>
      <Stack gap="sm">
        <Stack gap={4}>
          <Text component="span" size="sm" fw={500} id="stars-label">
            {t('market.reviews.starsLabel')}
          </Text>
          <Rating
            value={stars}
            onChange={(v) => {
              setStars(v);
              setStarsError(null);
            }}
            size="lg"
            aria-labelledby="stars-label"
            getSymbolLabel={(i) => t('market.reviews.stars', { count: i })}
            data-testid="stars-input"
          />
          {starsError ? (
            <Text size="sm" c="red.9" role="alert">
              {starsError}
            </Text>
          ) : null}
        </Stack>
        <Textarea
          label={t('market.reviews.bodyLabel')}
          value={body}
          maxLength={4000}
          autosize
          minRows={3}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <FormError message={error} />
        <Group>
          <Button type="submit" loading={sending} data-testid="send-review">
            {t('market.reviews.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
