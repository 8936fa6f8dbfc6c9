import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { proxies } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess, policyAt } from '../coops/index.ts';
import { currentMembers } from '../members/index.ts';
import { requireVotingMember } from './proposals.ts';
import { hasAppointedProxy, holdsProxies, membersRepresentedBy } from './proxy-queries.ts';
import { displayNames, findProposal } from './queries.ts';

// Proxies, where the constitution allows them: a member appoints another voting member for one
// proposal or until revoked. A person holds at most the constitution's cap, and there are no chains:
// someone who holds proxies cannot appoint one, and someone who appointed one cannot hold any.

type ProxyRow = typeof proxies.$inferSelect;

function view(row: ProxyRow, names: Map<string, string>) {
  return {
    id: row.id,
    member: { accountId: row.memberId, displayName: names.get(row.memberId) ?? 'Unknown' },
    proxy: { accountId: row.proxyId, displayName: names.get(row.proxyId) ?? 'Unknown' },
    proposalId: row.proposalId,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function myProxies(ctx: Context, actor: Actor, slug: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const policy = await policyAt(ctx.db, access.coop.id, ctx.clock());
  const me = requireVotingMember(access, policy.document);
  const rows = await ctx.db
    .select()
    .from(proxies)
    .where(and(eq(proxies.coopId, access.coop.id), or(eq(proxies.memberId, me), eq(proxies.proxyId, me))))
    .orderBy(sql`${proxies.createdAt} desc`);
  const names = await displayNames(
    ctx.db,
    rows.flatMap((r) => [r.memberId, r.proxyId]),
  );
  return {
    given: rows.filter((r) => r.memberId === me).map((r) => view(r, names)),
    held: rows.filter((r) => r.proxyId === me).map((r) => view(r, names)),
    maxPerPerson: policy.document.voting.proxies.maxPerPerson,
    allowed: policy.document.voting.proxies.allowed,
  };
}

export async function appointProxy(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: { proxyAccountId: string; proposalId?: string | undefined },
) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const me = requireVotingMember(access, policy.document);
  const coopId = access.coop.id;
  const { allowed, maxPerPerson } = policy.document.voting.proxies;
  if (!allowed) {
    throw new AppError('rule', 'PROXIES_NOT_ALLOWED', 'The constitution does not allow proxies.', {
      field: 'proxyAccountId',
    });
  }
  if (input.proxyAccountId === me) {
    throw new AppError('validation', 'PROXY_IS_SELF', 'You cannot be your own proxy.', {
      field: 'proxyAccountId',
    });
  }
  const proposalId = input.proposalId ?? null;
  const row = await ctx.db.transaction(async (tx) => {
    // Appointments touching one person are serialised, so the cap and the no-chain rule hold under races.
    for (const id of [me, input.proxyAccountId].sort()) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`governance-proxy:${coopId}:${id}`}))`);
    }
    if (proposalId) {
      const p = await findProposal(tx, coopId, proposalId);
      if (!['seconding', 'discussion', 'voting'].includes(p.status)) {
        throw new AppError(
          'rule',
          'PROPOSAL_NOT_OPEN',
          'Proxies are appointed for proposals not yet decided.',
          {
            field: 'proposalId',
          },
        );
      }
    }
    const votingMembers = await currentMembers(
      tx,
      coopId,
      policy.document.memberClasses.filter((c) => c.mayVote).map((c) => c.key),
    );
    if (!votingMembers.some((m) => m.accountId === input.proxyAccountId)) {
      throw new AppError('rule', 'PROXY_NOT_A_VOTER', 'A proxy must be a member who votes.', {
        field: 'proxyAccountId',
      });
    }
    if (await hasAppointedProxy(tx, coopId, input.proxyAccountId, proposalId)) {
      throw new AppError(
        'rule',
        'PROXY_CHAIN',
        'That member has appointed a proxy themselves; proxies cannot be passed on.',
        { field: 'proxyAccountId' },
      );
    }
    if (await holdsProxies(tx, coopId, me, proposalId)) {
      throw new AppError(
        'rule',
        'PROXY_CHAIN',
        'You hold proxies for other members; you cannot hand your vote on while you do.',
        { field: 'proxyAccountId' },
      );
    }
    let held: number;
    if (proposalId) {
      held = (await membersRepresentedBy(tx, coopId, input.proxyAccountId, proposalId)).filter(
        (m) => m !== me,
      ).length;
    } else {
      const [r] = await queryRows<{ n: number | string }>(
        tx,
        sql`select count(*) as n from governance_proxies where coop_id = ${coopId} and proxy_id = ${input.proxyAccountId}
            and proposal_id is null and revoked_at is null and member_id <> ${me}`,
      );
      held = Number(r!.n);
    }
    if (held >= maxPerPerson) {
      throw new AppError(
        'rule',
        'PROXY_CAP_REACHED',
        `That member already holds ${held} proxies, the most the constitution allows (${maxPerPerson}).`,
        { field: 'proxyAccountId' },
      );
    }
    // A new appointment of the same scope replaces the previous one.
    const replacedRows = await tx
      .update(proxies)
      .set({ revokedAt: now })
      .where(
        and(
          eq(proxies.coopId, coopId),
          eq(proxies.memberId, me),
          isNull(proxies.revokedAt),
          proposalId ? eq(proxies.proposalId, proposalId) : isNull(proxies.proposalId),
        ),
      )
      .returning({ id: proxies.id });
    const id = ctx.newId();
    let inserted: ProxyRow;
    try {
      [inserted] = (await tx
        .insert(proxies)
        .values({ coopId, id, memberId: me, proxyId: input.proxyAccountId, proposalId, createdAt: now })
        .returning()) as [ProxyRow];
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('conflict', 'PROXY_EXISTS', 'You appointed a proxy just now.');
      throw error;
    }
    await recordAudit(tx, {
      coopId,
      actorId: me,
      action: 'proxy.appointed',
      subjectType: 'proxy',
      subjectId: id,
      data: { proxy: input.proxyAccountId, proposalId, replaces: replacedRows.map((r) => r.id) },
      visibility: 'members',
      at: now,
    });
    return inserted;
  });
  return view(row, await displayNames(ctx.db, [row.memberId, row.proxyId]));
}

export async function revokeProxy(ctx: Context, actor: Actor, slug: string, proxyId: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  const me = access.accountId;
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(proxies)
      .where(and(eq(proxies.coopId, access.coop.id), eq(proxies.id, proxyId)))
      .for('update');
    // The member who appointed a proxy revokes it; the proxy may also decline it.
    if (!existing || (existing.memberId !== me && existing.proxyId !== me)) {
      throw new AppError('not_found', 'PROXY_NOT_FOUND', 'No such proxy of yours.', { field: 'proxyId' });
    }
    if (existing.revokedAt)
      throw new AppError('conflict', 'PROXY_REVOKED', 'This proxy was already revoked.');
    const [updated] = await tx
      .update(proxies)
      .set({ revokedAt: now })
      .where(and(eq(proxies.coopId, access.coop.id), eq(proxies.id, proxyId)))
      .returning();
    await recordAudit(tx, {
      coopId: access.coop.id,
      actorId: me,
      action: 'proxy.revoked',
      subjectType: 'proxy',
      subjectId: proxyId,
      data: {
        member: existing.memberId,
        proxy: existing.proxyId,
        by: me === existing.memberId ? 'member' : 'proxy',
      },
      visibility: 'members',
      at: now,
    });
    return updated!;
  });
  return view(row, await displayNames(ctx.db, [row.memberId, row.proxyId]));
}
