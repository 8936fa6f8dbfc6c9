import { and, desc, eq, inArray } from 'drizzle-orm';
import type { ResultView } from '../../../contracts/governance.ts';
import type { Context } from '../../context.ts';
import { ballots, proposals, voterRoll } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { authorize, loadCoopAccess, policyAt } from '../coops/index.ts';
import { countInputOf, countOf, type StoredResult } from './close.ts';
import { displayNames, enactmentOf, type ProposalRow } from './queries.ts';
import { summariesOf, visibleProposal } from './views.ts';

// What members see of a vote: the roll (who has voted), the result (after the close, or live where an
// open vote allows it) and the published ballot files. No endpoint links a secret ballot to a voter.

function urls(slug: string, p: ProposalRow) {
  const base = `/api/coops/${slug}/proposals/${p.id}`;
  return {
    ballotFileUrl: p.ballotFile ? `${base}/ballots.json` : null,
    bltUrl: p.blt ? `${base}/ballots.blt` : null,
  };
}

export async function getResults(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
): Promise<ResultView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const p = await visibleProposal(ctx.db, access, proposalId);
  if (p.result) {
    return {
      ...(p.result as StoredResult),
      resultHash: p.resultHash,
      ballotFileHash: p.ballotFileHash,
      ...urls(slug, p),
      enactment: enactmentOf(p, access.coop.currency),
    };
  }
  if (p.status === 'voting' && p.liveResults && p.secret === false) {
    const input = await countInputOf(ctx.db, p, ctx.clock());
    const live = countOf(input).result as StoredResult;
    return {
      ...live,
      final: false,
      outcome: 'pending',
      closedAt: null,
      resultHash: null,
      ballotFileHash: null,
      ballotFileUrl: null,
      bltUrl: null,
      enactment: null,
    };
  }
  throw new AppError(
    'rule',
    'RESULTS_NOT_AVAILABLE',
    p.status === 'voting'
      ? 'Results are shown when voting closes.'
      : 'This proposal has no result (it was not put to a vote).',
  );
}

export async function getBallotFile(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  format: 'json' | 'blt',
): Promise<string> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const p = await visibleProposal(ctx.db, access, proposalId);
  const text = format === 'blt' ? p.blt : p.ballotFile;
  if (!text) {
    throw new AppError(
      'not_found',
      'BALLOTS_NOT_PUBLISHED',
      p.closedAt
        ? 'This vote has no ballot file in that format.'
        : 'Ballots are published when voting closes.',
    );
  }
  return text;
}

/**
 * The voter roll. Everyone sees who has voted; for an open vote members also see who voted what once
 * results are visible (after the close, or live where allowed). A secret vote shows no time and no ballot.
 */
export async function getRoll(ctx: Context, actor: Actor, slug: string, proposalId: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const p = await visibleProposal(ctx.db, access, proposalId);
  const rows = await ctx.db
    .select()
    .from(voterRoll)
    .where(and(eq(voterRoll.coopId, p.coopId), eq(voterRoll.proposalId, p.id)));
  const showBallots = p.secret === false && (p.closedAt !== null || p.liveResults);
  const open = showBallots
    ? await ctx.db
        .select({ voterId: ballots.voterId, content: ballots.content })
        .from(ballots)
        .where(and(eq(ballots.coopId, p.coopId), eq(ballots.proposalId, p.id)))
    : [];
  const contentOf = new Map(open.map((b) => [b.voterId, b.content]));
  const names = await displayNames(ctx.db, [...rows.map((r) => r.accountId), ...rows.map((r) => r.proxyId)]);
  const entries = rows
    .map((r) => ({
      accountId: r.accountId,
      displayName: names.get(r.accountId) ?? 'Unknown',
      classKey: r.classKey,
      voted: r.voted,
      castBy: (r.castBy as 'self' | 'proxy' | null) ?? null,
      proxy: r.proxyId ? { accountId: r.proxyId, displayName: names.get(r.proxyId) ?? 'Unknown' } : null,
      votedAt: p.secret ? null : (r.votedAt?.toISOString() ?? null),
      ballot: showBallots
        ? ((contentOf.get(r.accountId) as Record<string, unknown> | undefined) ?? null)
        : null,
    }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { secret: p.secret ?? true, entries };
}

/** "My votes": proposals whose roll the actor is on, whether they voted and who cast it. */
export async function myVotes(ctx: Context, actor: Actor, slug: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.view_proposals');
  const mine = await ctx.db
    .select()
    .from(voterRoll)
    .where(and(eq(voterRoll.coopId, access.coop.id), eq(voterRoll.accountId, access.accountId!)));
  if (mine.length === 0) return [];
  const rows = await ctx.db
    .select()
    .from(proposals)
    .where(
      and(
        eq(proposals.coopId, access.coop.id),
        inArray(
          proposals.id,
          mine.map((m) => m.proposalId),
        ),
      ),
    )
    .orderBy(desc(proposals.number));
  const summaries = await summariesOf(ctx.db, await policyAt(ctx.db, access.coop.id, ctx.clock()), rows);
  const names = await displayNames(
    ctx.db,
    mine.map((m) => m.proxyId),
  );
  const byProposal = new Map(mine.map((m) => [m.proposalId, m]));
  return summaries.map((s) => {
    const m = byProposal.get(s.id)!;
    return {
      proposal: s,
      voted: m.voted,
      castBy: (m.castBy as 'self' | 'proxy' | null) ?? null,
      proxy: m.proxyId ? { accountId: m.proxyId, displayName: names.get(m.proxyId) ?? 'Unknown' } : null,
    };
  });
}
