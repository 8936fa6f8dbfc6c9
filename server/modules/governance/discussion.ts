import { and, asc, eq } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { proposalComments } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, loadCoopAccess } from '../coops/index.ts';
import { displayNames } from './queries.ts';
import { visibleProposal } from './views.ts';

// The discussion thread of a proposal: comments and replies, edits shown as edited, amendment
// suggestions flagged, and moderation (hiding) by admins or the board with an audited reason.

type CommentRow = typeof proposalComments.$inferSelect;

const OPEN_FOR_DISCUSSION = ['draft', 'seconding', 'discussion', 'voting'];

function view(row: CommentRow, names: Map<string, string>) {
  return {
    id: row.id,
    parentId: row.parentId,
    author: { accountId: row.authorId, displayName: names.get(row.authorId) ?? 'Unknown' },
    body: row.hiddenAt ? null : row.body,
    amendment: row.amendment,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    hidden: row.hiddenAt ? { at: row.hiddenAt.toISOString(), reason: row.hiddenReason ?? '' } : null,
  };
}

async function findComment(ctx: Context, coopId: string, proposalId: string, commentId: string) {
  const [row] = await ctx.db
    .select()
    .from(proposalComments)
    .where(
      and(
        eq(proposalComments.coopId, coopId),
        eq(proposalComments.id, commentId),
        eq(proposalComments.proposalId, proposalId),
      ),
    );
  if (!row) throw new AppError('not_found', 'COMMENT_NOT_FOUND', 'No such comment.', { field: 'commentId' });
  return row;
}

export async function listComments(ctx: Context, actor: Actor, slug: string, proposalId: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  await visibleProposal(ctx.db, access, proposalId);
  const rows = await ctx.db
    .select()
    .from(proposalComments)
    .where(and(eq(proposalComments.coopId, access.coop.id), eq(proposalComments.proposalId, proposalId)))
    .orderBy(asc(proposalComments.createdAt), asc(proposalComments.id));
  const names = await displayNames(
    ctx.db,
    rows.map((r) => r.authorId),
  );
  return rows.map((r) => view(r, names));
}

export async function addComment(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: { body: string; parentId?: string | undefined; amendment: boolean },
) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.take_part');
  const p = await visibleProposal(ctx.db, access, proposalId);
  if (!OPEN_FOR_DISCUSSION.includes(p.status)) {
    throw new AppError('rule', 'DISCUSSION_CLOSED', 'The discussion of this proposal has ended.');
  }
  if (input.parentId) await findComment(ctx, access.coop.id, proposalId, input.parentId);
  const now = ctx.clock();
  const id = ctx.newId();
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(proposalComments)
      .values({
        coopId: access.coop.id,
        id,
        proposalId,
        parentId: input.parentId ?? null,
        authorId: access.accountId!,
        body: input.body,
        amendment: input.amendment,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: access.accountId,
      action: 'proposal.comment_added',
      subjectType: 'proposal_comment',
      subjectId: id,
      data: { proposalId, parentId: input.parentId ?? null, amendment: input.amendment, body: input.body },
      visibility: 'members',
      at: now,
    });
    return inserted!;
  });
  return view(row, await displayNames(ctx.db, [row.authorId]));
}

export async function editComment(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  commentId: string,
  input: { body: string },
) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.take_part');
  const p = await visibleProposal(ctx.db, access, proposalId);
  const comment = await findComment(ctx, access.coop.id, proposalId, commentId);
  if (comment.authorId !== access.accountId) {
    throw new AppError('forbidden', 'NOT_YOUR_COMMENT', 'Only the author can edit a comment.');
  }
  if (comment.hiddenAt) throw new AppError('rule', 'COMMENT_HIDDEN', 'A hidden comment cannot be edited.');
  if (!OPEN_FOR_DISCUSSION.includes(p.status)) {
    throw new AppError('rule', 'DISCUSSION_CLOSED', 'The discussion of this proposal has ended.');
  }
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(proposalComments)
      .set({ body: input.body, editedAt: now })
      .where(and(eq(proposalComments.coopId, access.coop.id), eq(proposalComments.id, commentId)))
      .returning();
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: access.accountId,
      action: 'proposal.comment_edited',
      subjectType: 'proposal_comment',
      subjectId: commentId,
      data: { proposalId, before: comment.body, after: input.body },
      visibility: 'members',
      at: now,
    });
    return updated!;
  });
  return view(row, await displayNames(ctx.db, [row.authorId]));
}

export async function moderateComment(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  commentId: string,
  input: { reason: string },
) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.moderate_discussion');
  await visibleProposal(ctx.db, access, proposalId);
  const comment = await findComment(ctx, access.coop.id, proposalId, commentId);
  if (comment.hiddenAt) throw new AppError('conflict', 'ALREADY_HIDDEN', 'This comment is already hidden.');
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(proposalComments)
      .set({ hiddenAt: now, hiddenBy: access.accountId, hiddenReason: input.reason })
      .where(and(eq(proposalComments.coopId, access.coop.id), eq(proposalComments.id, commentId)))
      .returning();
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: access.accountId,
      action: 'proposal.comment_hidden',
      subjectType: 'proposal_comment',
      subjectId: commentId,
      data: { proposalId, reason: input.reason, authorId: comment.authorId },
      visibility: 'members',
      at: now,
    });
    return updated!;
  });
  return view(row, await displayNames(ctx.db, [row.authorId]));
}
