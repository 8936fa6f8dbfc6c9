import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows, type Tx } from '../../db/client.ts';
import { coops, notices, notificationPrefs, proposals } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, loadCoopAccess } from '../coops/index.ts';
import { enqueueEmail } from '../outbox/index.ts';
import { emailsOf, type ProposalRow } from './queries.ts';

// Notices in the app and by email, each at most once per proposal, person and kind (the unique key
// makes a re-run after a crash harmless). Each member chooses per co-op: everything, only votes, or a
// weekly digest.

export type NoticeKind = 'discussion' | 'voting_opened' | 'reminder' | 'result';
export type Mode = 'everything' | 'votes' | 'digest';
const DEFAULT_MODE: Mode = 'everything';
const WEEK_MS = 7 * 86_400_000;

function wanted(mode: Mode, kind: NoticeKind): 'email' | 'digest' | 'none' {
  if (mode === 'digest') return 'digest';
  if (kind === 'discussion') return mode === 'everything' ? 'email' : 'none';
  return 'email';
}

function subjectOf(kind: NoticeKind, p: ProposalRow, coopName: string): string {
  switch (kind) {
    case 'discussion':
      return `[${coopName}] New proposal in discussion: ${p.title}`;
    case 'voting_opened':
      return `[${coopName}] Voting is open: ${p.title}`;
    case 'reminder':
      return `[${coopName}] Voting closes within 24 hours: ${p.title}`;
    case 'result':
      return `[${coopName}] Result: ${p.title}`;
  }
}

function textOf(kind: NoticeKind, p: ProposalRow, link: string, name: string): string {
  const closes = p.votingClosesAt ? p.votingClosesAt.toISOString().replace('T', ' ').slice(0, 16) : '';
  const line = {
    discussion: `Proposal ${p.number}, "${p.title}", is open for discussion. Voting is planned to open on ${p.votingOpensAt?.toISOString().slice(0, 10) ?? 'a date still to be set'}.`,
    voting_opened: `Voting on proposal ${p.number}, "${p.title}", is open until ${closes} UTC.`,
    reminder: `You have not voted yet on proposal ${p.number}, "${p.title}". Voting closes at ${closes} UTC.`,
    result: `Voting on proposal ${p.number}, "${p.title}", has closed: ${p.status}.`,
  }[kind];
  return `Hello ${name},\n\n${line}\n\n${link}\n\nYou can choose which governance emails you receive in the co-op's settings.\n`;
}

/** Records notices for these people and queues the emails their preferences ask for. */
export async function notify(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock' | 'config'>,
  input: { proposal: ProposalRow; kind: NoticeKind; accountIds: string[] },
): Promise<number> {
  const ids = [...new Set(input.accountIds)];
  if (ids.length === 0) return 0;
  const { proposal: p } = input;
  const prefs = await tx
    .select()
    .from(notificationPrefs)
    .where(and(eq(notificationPrefs.coopId, p.coopId), inArray(notificationPrefs.accountId, ids)));
  const modeOf = new Map(prefs.map((r) => [r.accountId, r.mode as Mode]));
  const now = ctx.clock();
  const rows = ids
    .map((accountId) => ({ accountId, how: wanted(modeOf.get(accountId) ?? DEFAULT_MODE, input.kind) }))
    .filter((r) => r.how !== 'none');
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(notices)
    .values(
      rows.map((r) => ({
        coopId: p.coopId,
        id: ctx.newId(),
        accountId: r.accountId,
        proposalId: p.id,
        kind: input.kind,
        createdAt: now,
        digestPending: r.how === 'digest',
      })),
    )
    .onConflictDoNothing()
    .returning({ accountId: notices.accountId, digestPending: notices.digestPending });
  const toEmail = inserted.filter((r) => !r.digestPending).map((r) => r.accountId);
  if (toEmail.length === 0) return 0;
  const [coop] = await tx
    .select({ name: coops.name, slug: coops.slug })
    .from(coops)
    .where(eq(coops.id, p.coopId));
  const link = `${ctx.config.publicUrl}/c/${coop!.slug}/proposals/${p.id}`;
  const people = await emailsOf(tx, toEmail);
  for (const accountId of toEmail) {
    const person = people.get(accountId);
    if (!person) continue;
    await enqueueEmail(tx, ctx, {
      to: person.email,
      subject: subjectOf(input.kind, p, coop!.name),
      text: textOf(input.kind, p, link, person.displayName),
    });
  }
  return toEmail.length;
}

/** Sends each digest reader, at most weekly, one email listing what they have not been told yet. */
export async function sendDigests(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const due = await queryRows<{ coop_id: string; account_id: string }>(
    ctx.db,
    sql`select distinct n.coop_id, n.account_id from governance_notices n
        join governance_notification_prefs p on p.coop_id = n.coop_id and p.account_id = n.account_id
        where n.digest_pending and p.mode = 'digest'
          and (p.last_digest_at is null or p.last_digest_at <= ${new Date(now.getTime() - WEEK_MS)})`,
  );
  let sent = 0;
  for (const d of due) {
    await ctx.db.transaction(async (tx) => {
      const [pref] = await tx
        .select()
        .from(notificationPrefs)
        .where(
          and(
            eq(notificationPrefs.coopId, d.coop_id),
            eq(notificationPrefs.accountId, d.account_id),
            or(
              isNull(notificationPrefs.lastDigestAt),
              lte(notificationPrefs.lastDigestAt, new Date(now.getTime() - WEEK_MS)),
            ),
          ),
        )
        .for('update');
      if (!pref) return;
      const pending = await tx
        .select({
          kind: notices.kind,
          title: proposals.title,
          number: proposals.number,
          status: proposals.status,
        })
        .from(notices)
        .innerJoin(proposals, and(eq(proposals.coopId, notices.coopId), eq(proposals.id, notices.proposalId)))
        .where(
          and(
            eq(notices.coopId, d.coop_id),
            eq(notices.accountId, d.account_id),
            eq(notices.digestPending, true),
          ),
        );
      await tx
        .update(notices)
        .set({ digestPending: false })
        .where(
          and(
            eq(notices.coopId, d.coop_id),
            eq(notices.accountId, d.account_id),
            eq(notices.digestPending, true),
          ),
        );
      await tx
        .update(notificationPrefs)
        .set({ lastDigestAt: now })
        .where(and(eq(notificationPrefs.coopId, d.coop_id), eq(notificationPrefs.accountId, d.account_id)));
      const [coop] = await tx
        .select({ name: coops.name, slug: coops.slug })
        .from(coops)
        .where(eq(coops.id, d.coop_id));
      const person = (await emailsOf(tx, [d.account_id])).get(d.account_id);
      if (!person || pending.length === 0) return;
      const label: Record<string, string> = {
        discussion: 'in discussion',
        voting_opened: 'voting open',
        reminder: 'voting closes soon',
        result: 'decided',
      };
      const lines = pending.map(
        (n) => `- Proposal ${n.number}, ${n.title}: ${label[n.kind] ?? n.kind} (now ${n.status})`,
      );
      await enqueueEmail(tx, ctx, {
        to: person.email,
        subject: `[${coop!.name}] Your weekly governance digest`,
        text: `Hello ${person.displayName},\n\nThis week in ${coop!.name}:\n\n${lines.join('\n')}\n\n${ctx.config.publicUrl}/c/${coop!.slug}/proposals\n`,
      });
      sent++;
    });
  }
  if (sent > 0) ctx.kickOutbox();
  return sent;
}

export async function getPreferences(ctx: Context, actor: Actor, slug: string): Promise<{ mode: Mode }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.take_part');
  const [row] = await ctx.db
    .select()
    .from(notificationPrefs)
    .where(
      and(eq(notificationPrefs.coopId, access.coop.id), eq(notificationPrefs.accountId, access.accountId!)),
    );
  return { mode: (row?.mode as Mode | undefined) ?? DEFAULT_MODE };
}

export async function setPreferences(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: { mode: Mode },
): Promise<{ mode: Mode }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.take_part');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(notificationPrefs)
      .values({ coopId: access.coop.id, accountId: access.accountId!, mode: input.mode, updatedAt: now })
      .onConflictDoUpdate({
        target: [notificationPrefs.coopId, notificationPrefs.accountId],
        set: { mode: input.mode, updatedAt: now },
      });
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: access.accountId,
      action: 'governance.preferences_set',
      subjectType: 'account',
      subjectId: access.accountId,
      data: { mode: input.mode },
      visibility: 'admins',
      at: now,
    });
  });
  return { mode: input.mode };
}

export async function listNotices(ctx: Context, actor: Actor, slug: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.take_part');
  const rows = await ctx.db
    .select({ n: notices, title: proposals.title })
    .from(notices)
    .innerJoin(proposals, and(eq(proposals.coopId, notices.coopId), eq(proposals.id, notices.proposalId)))
    .where(and(eq(notices.coopId, access.coop.id), eq(notices.accountId, access.accountId!)))
    .orderBy(sql`${notices.createdAt} desc`)
    .limit(200);
  return rows.map((r) => ({
    id: r.n.id,
    proposalId: r.n.proposalId,
    proposalTitle: r.title,
    kind: r.n.kind as NoticeKind,
    createdAt: r.n.createdAt.toISOString(),
    read: r.n.readAt !== null,
  }));
}

export async function markNoticeRead(
  ctx: Context,
  actor: Actor,
  slug: string,
  noticeId: string,
): Promise<void> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.take_part');
  const updated = await ctx.db
    .update(notices)
    .set({ readAt: ctx.clock() })
    .where(
      and(
        eq(notices.coopId, access.coop.id),
        eq(notices.id, noticeId),
        eq(notices.accountId, access.accountId!),
      ),
    )
    .returning({ id: notices.id });
  if (updated.length === 0) {
    throw new AppError('not_found', 'NOTICE_NOT_FOUND', 'No such notice.', { field: 'noticeId' });
  }
}
