import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { notify } from '../../lib/notify.ts';
import { useSession } from '../../lib/session.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import {
  addComment,
  type Comment,
  editComment,
  listComments,
  moderateComment,
  type ProposalView,
} from './api.ts';
import { InlineError, useCoopTime } from './parts.tsx';

// The discussion of a proposal: comments and replies, amendment suggestions flagged, edits marked as
// edited, and hiding by the board or admins with a reason everyone sees (and the audit log keeps).

const OPEN = ['draft', 'seconding', 'discussion', 'voting'];

function CommentForm({
  proposalId,
  parentId,
  onDone,
  onCancel,
}: {
  proposalId: string;
  parentId?: string;
  onDone(): void;
  onCancel?(): void;
}) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [body, setBody] = useState('');
  const [amendment, setAmendment] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const [sending, setSending] = useState(false);
  async function send(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setEmpty(true);
      return;
    }
    setSending(true);
    setError(null);
    try {
      await addComment(slug, proposalId, { body: body.trim(), amendment, ...(parentId ? { parentId } : {}) });
      setBody('');
      setAmendment(false);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  }
  return (
    <Stack gap="xs" component="form" onSubmit={send} data-testid={parentId ? 'reply-form' : 'comment-form'}>
      <Textarea
        label={parentId ? t('governance.discussion.reply') : t('governance.discussion.comment')}
        value={body}
        onChange={(e) => {
          setBody(e.currentTarget.value);
          setEmpty(false);
        }}
        error={empty ? t('governance.discussion.empty') : undefined}
        autosize
        minRows={2}
        maxLength={10000}
      />
      <Checkbox
        label={t('governance.discussion.amendment')}
        description={t('governance.discussion.amendmentHelp')}
        checked={amendment}
        onChange={(e) => setAmendment(e.currentTarget.checked)}
      />
      <InlineError error={error} />
      <Group gap="xs">
        <Button type="submit" loading={sending}>
          {parentId ? t('governance.discussion.sendReply') : t('governance.discussion.send')}
        </Button>
        {onCancel ? (
          <Button variant="default" onClick={onCancel}>
            {t('governance.cancel')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

function CommentItem({
  comment,
  replies,
  proposal,
  open,
  onChange,
}: {
  comment: Comment;
  replies: Map<string, Comment[]>;
  proposal: ProposalView;
  open: boolean;
  onChange(): void;
}) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const roles = useCoopRoles();
  const session = useSession();
  const time = useCoopTime();
  const [mode, setMode] = useState<'view' | 'reply' | 'edit' | 'hide'>('view');
  const [text, setText] = useState(comment.body ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const mine = session.account?.id === comment.author.accountId;
  const mayModerate = (roles.board || roles.admin) && !comment.hidden;

  async function saveEdit(event: FormEvent) {
    event.preventDefault();
    try {
      await editComment(slug, proposal.id, comment.id, text.trim());
      setMode('view');
      onChange();
    } catch (e) {
      setError(e);
    }
  }

  async function hide(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setError(null);
      notify(t('governance.discussion.reasonNeeded'), 'error');
      return;
    }
    try {
      await moderateComment(slug, proposal.id, comment.id, reason.trim());
      notify(t('governance.discussion.hidden'));
      setMode('view');
      onChange();
    } catch (e) {
      setError(e);
    }
  }

  const children = replies.get(comment.id) ?? [];
  return (
    <Stack component="li" gap="xs">
      <Paper withBorder p="sm" component="article" data-testid="comment">
        <Stack gap={6}>
          <Group gap="xs" justify="space-between">
            <Group gap="xs">
              <Text fw={700}>{comment.author.displayName}</Text>
              <Text size="sm" c="gray.7">
                {time.at(comment.createdAt)}
              </Text>
              {comment.editedAt ? (
                <Text size="sm" c="gray.7" data-testid="edited">
                  {t('governance.discussion.edited', { date: time.at(comment.editedAt) })}
                </Text>
              ) : null}
            </Group>
            {comment.amendment ? (
              <Badge color="violet" variant="light" data-testid="amendment-badge">
                {t('governance.discussion.amendmentBadge')}
              </Badge>
            ) : null}
          </Group>
          {comment.hidden ? (
            <Alert color="gray" variant="light" data-testid="hidden-comment">
              {t('governance.discussion.hiddenBecause', {
                reason: comment.hidden.reason,
                date: time.at(comment.hidden.at),
              })}
            </Alert>
          ) : mode === 'edit' ? (
            <Stack gap="xs" component="form" onSubmit={saveEdit}>
              <Textarea
                label={t('governance.discussion.editLabel')}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={2}
              />
              <Group gap="xs">
                <Button type="submit" size="xs">
                  {t('governance.discussion.save')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setMode('view')}>
                  {t('governance.cancel')}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{comment.body}</Text>
          )}
          {mode === 'hide' ? (
            <Stack gap="xs" component="form" onSubmit={hide}>
              <TextInput
                label={t('governance.discussion.hideReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                maxLength={1000}
              />
              <Group gap="xs">
                <Button type="submit" size="xs" color="red">
                  {t('governance.discussion.hide')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setMode('view')}>
                  {t('governance.cancel')}
                </Button>
              </Group>
            </Stack>
          ) : null}
          <InlineError error={error} />
          {mode === 'view' && !comment.hidden ? (
            <Group gap="xs">
              {open ? (
                <Button size="compact-sm" variant="subtle" onClick={() => setMode('reply')}>
                  {t('governance.discussion.replyButton', { name: comment.author.displayName })}
                </Button>
              ) : null}
              {open && mine ? (
                <Button size="compact-sm" variant="subtle" onClick={() => setMode('edit')}>
                  {t('governance.discussion.editButton')}
                </Button>
              ) : null}
              {mayModerate ? (
                <Button size="compact-sm" variant="subtle" color="red" onClick={() => setMode('hide')}>
                  {t('governance.discussion.moderate')}
                </Button>
              ) : null}
            </Group>
          ) : null}
        </Stack>
      </Paper>
      {mode === 'reply' ? (
        <div style={{ paddingInlineStart: 24 }}>
          <CommentForm
            proposalId={proposal.id}
            parentId={comment.id}
            onDone={() => {
              setMode('view');
              onChange();
            }}
            onCancel={() => setMode('view')}
          />
        </div>
      ) : null}
      {children.length > 0 ? (
        <Stack
          component="ul"
          gap="xs"
          aria-label={t('governance.discussion.repliesTo', { name: comment.author.displayName })}
          style={{
            listStyle: 'none',
            margin: 0,
            paddingInlineStart: 24,
            borderInlineStart: '2px solid var(--mantine-color-gray-3)',
          }}
        >
          {children.map((c) => (
            <CommentItem
              key={c.id}
              comment={c}
              replies={replies}
              proposal={proposal}
              open={open}
              onChange={onChange}
            />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

export function Discussion({ proposal }: { proposal: ProposalView }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const roles = useCoopRoles();
  const load = useCallback(() => listComments(slug, proposal.id), [slug, proposal.id]);
  const comments = useLoad(load);
  const open = OPEN.includes(proposal.status) && roles.member;

  let body: React.ReactNode;
  if (comments.state === 'loading') body = <Loading />;
  else if (comments.state === 'failed')
    body = (
      <LoadFailed
        title={t('governance.discussion.failed')}
        error={comments.error}
        onRetry={comments.reload}
      />
    );
  else {
    const replies = new Map<string, Comment[]>();
    for (const c of comments.data) {
      if (!c.parentId) continue;
      replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
    }
    const top = comments.data.filter((c) => !c.parentId);
    const amendments = comments.data.filter((c) => c.amendment && !c.hidden).length;
    body = (
      <Stack gap="sm">
        <Text size="sm">
          {t('governance.discussion.count', { count: comments.data.length })}{' '}
          {amendments > 0 ? t('governance.discussion.amendmentCount', { count: amendments }) : null}
        </Text>
        {top.length > 0 ? (
          <Stack
            component="ul"
            gap="sm"
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
            data-testid="comments"
          >
            {top.map((c) => (
              <CommentItem
                key={c.id}
                comment={c}
                replies={replies}
                proposal={proposal}
                open={open}
                onChange={comments.reload}
              />
            ))}
          </Stack>
        ) : null}
      </Stack>
    );
  }

  return (
    <Stack gap="md" component="section" aria-labelledby="discussion-heading">
      <Title order={2} id="discussion-heading">
        {t('governance.discussion.heading')}
      </Title>
      {body}
      {open ? (
        <CommentForm proposalId={proposal.id} onDone={comments.reload} />
      ) : (
        <Text size="sm">{t('governance.discussion.closed')}</Text>
      )}
    </Stack>
  );
}
