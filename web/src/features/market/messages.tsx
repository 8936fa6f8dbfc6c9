import { Alert, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-card.tsx';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { dateTime } from '../../lib/format.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop } from '../coops/coop-context.tsx';
import { getMessages, sendMessage, type Thread } from './market-api.ts';
import { placeMarketError } from './market-errors.ts';

/**
 * The messages between the two parties of a booking or a job, oldest first, and a box to write.
 * `other` is null on a job nobody holds yet: the customer writes for whichever worker takes it.
 */
export function MessageThreadView({
  thread,
  canWrite,
  other,
}: {
  thread: Thread;
  canWrite: boolean;
  other: string | null;
}) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const { kind, id } = thread;
  const load = useCallback(() => getMessages(slug, { kind, id }), [slug, kind, id]);
  const messages = useLoad(load);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return setFieldError(t('validation.required'));
    setSending(true);
    setError(null);
    try {
      await sendMessage(slug, { kind, id }, body.trim());
      setBody('');
      messages.reload();
    } catch (caught) {
      const placed = placeMarketError(t, caught, ['body']);
      if (placed.field) setFieldError(placed.message);
      else setError(placed.message);
    } finally {
      setSending(false);
    }
  }

  if (messages.state === 'loading') return <Loading />;
  if (messages.state === 'failed')
    return (
      <LoadFailed title={t('market.messages.loadFailed')} error={messages.error} onRetry={messages.reload} />
    );
  const list = messages.data.messages;
  return (
    <Stack gap="sm">
      {messages.data.readAsAdmin ? (
        <Alert color="orange" variant="light">
          {t('market.messages.readAsAdmin')}
        </Alert>
      ) : (
        <Text size="sm" c="gray.7">
          {other === null ? t('market.messages.privateJob') : t('market.messages.private', { name: other })}
        </Text>
      )}
      {list.length === 0 ? (
        <Text size="sm">{t('market.messages.none')}</Text>
      ) : (
        <Stack
          component="ol"
          gap="xs"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label={t('market.messages.heading')}
          data-testid="messages"
        >
          {list.map((m) => (
            <Card
              key={m.id}
              component="li"
              padding="xs"
              radius="md"
              withBorder
              bg={m.mine ? 'blue.0' : undefined}
              ml={m.mine ? 'xl' : 0}
              mr={m.mine ? 0 : 'xl'}
            >
              <Text size="xs" c="gray.7">
                {t('market.messages.meta', {
                  name: m.mine ? t('market.messages.you') : m.authorDisplayName,
                  date: dateTime(m.createdAt, i18n.language, profile.timeZone),
                })}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                {m.body}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
      {canWrite ? (
        <form onSubmit={send} noValidate>
          <Stack gap="xs">
            <Textarea
              label={
                other === null ? t('market.messages.writeJob') : t('market.messages.write', { name: other })
              }
              value={body}
              maxLength={4000}
              autosize
              minRows={2}
              error={fieldError}
              onChange={(e) => {
                setBody(e.currentTarget.value);
                setFieldError(null);
              }}
            />
            <FormError message={error} />
            <Group gap="sm">
              <Button type="submit" loading={sending} data-testid="send-message">
                {t('market.messages.send')}
              </Button>
              <Button variant="default" onClick={messages.reload}>
                {t('market.messages.refresh')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}
