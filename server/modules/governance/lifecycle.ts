import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows, type Tx } from '../../db/client.ts';
import { proposals, voterRoll } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { type Policy, policyAt } from '../coops/index.ts';
import {
  applicationsForVote,
  coopsWithApplicationsAwaitingVote,
  currentMembers,
  expiredRoleTerms,
  membershipForVote,
  revokeRole,
} from '../members/index.ts';
import { closeVote } from './close.ts';
import { enactProposal } from './enact.ts';
import { notify } from './notify.ts';
import { insertProposal, submitInTx } from './proposals.ts';
import { findProposal, kindOf, listOptions, type ProposalRow, payloadOf } from './queries.ts';
import { votingClasses } from './rules.ts';
import { previewRules } from './views.ts';

// Work that falls due with time, each safe to repeat and correct after downtime: it acts on
// everything due now (by the stored times), not on what became due since the last run.

const DAY_MS = 86_400_000;

async function finishWithoutVote(
  tx: Tx,
  p: ProposalRow,
  now: Date,
  status: 'withdrawn' | 'failed',
  reason: string,
): Promise<void> {
  await tx
    .update(proposals)
    .set({
      status,
      ...(status === 'withdrawn' ? { withdrawnAt: now, withdrawReason: reason } : { closedAt: now }),
    })
    .where(and(eq(proposals.coopId, p.coopId), eq(proposals.id, p.id)));
  await recordAudit(tx, {
    coopId: p.coopId,
    actorId: null,
    action: status === 'withdrawn' ? 'proposal.withdrawn' : 'proposal.not_opened',
    subjectType: 'proposal',
    subjectId: p.id,
    data: { reason, from: p.status },
    visibility: 'members',
    at: now,
  });
}

/**
 * Opens voting on one proposal whose time has come: freezes the rules from the constitution in force
 * now, and fixes the voter roll (current members of voting classes, with their class weights).
 */
export async function openVoting(ctx: Context, coopId: string, proposalId: string): Promise<boolean> {
  const opened = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const p = await findProposal(tx, coopId, proposalId, { lock: true });
    if (p.status !== 'discussion' || !p.votingOpensAt || p.votingOpensAt.getTime() > now.getTime())
      return false;
    const policy = await policyAt(tx, coopId, now);
    const options = await listOptions(tx, coopId, p.id);
    const rules = { ...previewRules(p, policy.document, policy.version, options.length), frozen: true };
    // The constitution may have changed since the discussion started: its minimums apply as they are now.
    const earliest = p.discussionStartedAt!.getTime() + rules.minDiscussionDays * DAY_MS;
    if (earliest > now.getTime()) {
      const opens = new Date(earliest);
      const closes = new Date(Math.max(p.votingClosesAt!.getTime(), earliest + rules.minVotingDays * DAY_MS));
      await tx
        .update(proposals)
        .set({ votingOpensAt: opens, votingClosesAt: closes })
        .where(and(eq(proposals.coopId, coopId), eq(proposals.id, p.id)));
      await recordAudit(tx, {
        coopId,
        actorId: null,
        action: 'proposal.opening_postponed',
        subjectType: 'proposal',
        subjectId: p.id,
        data: {
          votingOpensAt: opens.toISOString(),
          votingClosesAt: closes.toISOString(),
          constitutionVersion: policy.version,
        },
        visibility: 'members',
        at: now,
      });
      return false;
    }
    const payload = payloadOf(p);
    const kind = kindOf(p);
    if (kind === 'election' && options.length === 0) {
      await finishWithoutVote(tx, p, now, 'failed', 'no candidates stood');
      return false;
    }
    if (kind === 'budget' && options.length === 0) {
      await finishWithoutVote(tx, p, now, 'failed', 'no projects were proposed');
      return false;
    }
    if (kind === 'resolution' && rules.countedAs !== 'decision' && options.length < 2) {
      await finishWithoutVote(tx, p, now, 'failed', 'a choice needs at least two options');
      return false;
    }
    let excluded: string | null = null;
    if (payload.kind === 'admission') {
      const [app] = await applicationsForVote(tx, coopId, { id: payload.applicationId });
      if (app?.status !== 'awaiting_vote') {
        await finishWithoutVote(tx, p, now, 'withdrawn', 'the application no longer waits for a vote');
        return false;
      }
    }
    if (payload.kind === 'expulsion') {
      const m = await membershipForVote(tx, coopId, payload.membershipId);
      if (!m || !['active', 'leaving'].includes(m.status)) {
        await finishWithoutVote(tx, p, now, 'withdrawn', 'the membership has already ended');
        return false;
      }
      // The member whose expulsion is voted on does not vote on it.
      excluded = m.accountId;
    }
    const members = (await currentMembers(tx, coopId, votingClasses(policy.document))).filter(
      (m) => m.accountId !== excluded,
    );
    const closes = new Date(
      Math.max(
        p.votingClosesAt!.getTime(),
        now.getTime() + rules.minVotingDays * DAY_MS,
        now.getTime() + 60_000,
      ),
    );
    await tx
      .update(proposals)
      .set({
        status: 'voting',
        rules,
        secret: rules.secret,
        liveResults: p.liveResults && !rules.secret,
        openedAt: now,
        votingClosesAt: closes,
      })
      .where(and(eq(proposals.coopId, coopId), eq(proposals.id, p.id)));
    for (let i = 0; i < members.length; i += 1000) {
      await tx.insert(voterRoll).values(
        members.slice(i, i + 1000).map((m) => ({
          coopId,
          proposalId: p.id,
          accountId: m.accountId,
          membershipId: m.membershipId,
          classKey: m.classKey,
          classWeightBps:
            rules.scheme === 'weighted-classes' ? (rules.classWeightsBps[m.classKey] ?? 0) : null,
        })),
      );
    }
    const byClass: Record<string, number> = {};
    for (const m of members) byClass[m.classKey] = (byClass[m.classKey] ?? 0) + 1;
    await recordAudit(tx, {
      coopId,
      actorId: null,
      action: 'proposal.voting_opened',
      subjectType: 'proposal',
      subjectId: p.id,
      data: {
        rules,
        eligible: byClass,
        votingClosesAt: closes.toISOString(),
        options: options.map((o) => o.key),
      },
      visibility: 'members',
      at: now,
    });
    const [updated] = await tx
      .select()
      .from(proposals)
      .where(and(eq(proposals.coopId, coopId), eq(proposals.id, p.id)));
    await notify(tx, ctx, {
      proposal: updated!,
      kind: 'voting_opened',
      accountIds: members.map((m) => m.accountId),
    });
    return true;
  });
  if (opened) ctx.kickOutbox();
  return opened;
}

async function due(ctx: Context, where: ReturnType<typeof sql>): Promise<{ coopId: string; id: string }[]> {
  return queryRows<{ coopId: string; id: string }>(
    ctx.db,
    sql`select coop_id as "coopId", id from governance_proposals where ${where} order by coop_id, number`,
  );
}

/** Opens every vote whose opening time has passed (also those missed while the server was down). */
export async function openDueVotes(ctx: Context): Promise<number> {
  await fileAdmissionProposals(ctx);
  let n = 0;
  for (const p of await due(ctx, sql`status = 'discussion' and voting_opens_at <= ${ctx.clock()}`)) {
    if (await openVoting(ctx, p.coopId, p.id)) n++;
  }
  return n;
}

/** Closes every vote whose closing time has passed, counts it, and enacts what takes effect now. */
export async function closeDueVotes(ctx: Context): Promise<number> {
  let n = 0;
  for (const p of await due(ctx, sql`status = 'voting' and voting_closes_at <= ${ctx.clock()}`)) {
    if (await closeVote(ctx, p.coopId, p.id)) {
      n++;
      await enactProposal(ctx, p.coopId, p.id);
    }
  }
  return n;
}

/** Enacts passed decisions whose effective time has come, and ends elected terms that have run out. */
export async function enactDue(ctx: Context): Promise<number> {
  await endExpiredTerms(ctx);
  let n = 0;
  for (const p of await due(ctx, sql`enactment->>'status' = 'pending' and effective_at <= ${ctx.clock()}`)) {
    if (await enactProposal(ctx, p.coopId, p.id)) n++;
  }
  return n;
}

/** 24 hours before the close, reminds those on the roll who have not voted (once per proposal). */
export async function sendReminders(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const soon = new Date(now.getTime() + DAY_MS);
  let n = 0;
  for (const d of await due(
    ctx,
    sql`status = 'voting' and reminded_at is null and voting_closes_at <= ${soon} and voting_closes_at > ${now}`,
  )) {
    await ctx.db.transaction(async (tx) => {
      const p = await findProposal(tx, d.coopId, d.id, { lock: true });
      if (p.remindedAt || p.status !== 'voting') return;
      const notVoted = await tx
        .select({ accountId: voterRoll.accountId })
        .from(voterRoll)
        .where(
          and(eq(voterRoll.coopId, p.coopId), eq(voterRoll.proposalId, p.id), eq(voterRoll.voted, false)),
        );
      await tx
        .update(proposals)
        .set({ remindedAt: now })
        .where(and(eq(proposals.coopId, p.coopId), eq(proposals.id, p.id)));
      const sent = await notify(tx, ctx, {
        proposal: p,
        kind: 'reminder',
        accountIds: notVoted.map((r) => r.accountId),
      });
      await recordAudit(tx, {
        coopId: p.coopId,
        actorId: null,
        action: 'proposal.reminders_sent',
        subjectType: 'proposal',
        subjectId: p.id,
        data: { notVoted: notVoted.length, emailed: sent },
        visibility: 'members',
        at: now,
      });
      n++;
    });
  }
  if (n > 0) ctx.kickOutbox();
  return n;
}

/**
 * The hook the membership module left: an applicant to a class admitted "by vote" waits in
 * `awaiting_vote`; the platform files the admission proposal for them (once).
 */
export async function fileAdmissionProposals(ctx: Context): Promise<number> {
  let filed = 0;
  for (const coopId of await coopsWithApplicationsAwaitingVote(ctx.db)) {
    const waiting = await applicationsForVote(ctx.db, coopId, { awaitingVote: true });
    if (waiting.length === 0) continue;
    const existing = await ctx.db
      .select({ subjectId: proposals.subjectId })
      .from(proposals)
      .where(
        and(
          eq(proposals.coopId, coopId),
          eq(proposals.kind, 'admission'),
          inArray(
            proposals.subjectId,
            waiting.map((a) => a.id),
          ),
        ),
      );
    const taken = new Set(existing.map((r) => r.subjectId));
    for (const app of waiting.filter((a) => !taken.has(a.id))) {
      const done = await ctx.db
        .transaction(async (tx) => {
          const policy: Policy = await policyAt(tx, coopId, ctx.clock());
          const row = await insertProposal(tx, ctx, {
            coopId,
            proposerId: null,
            policy,
            kind: 'admission',
            title: `Admit ${app.displayName} as a member (${app.classKey})`,
            body: `${app.displayName} has applied to join the ${app.classKey} class, which admits new members by a vote of the members.`,
            payload: { kind: 'admission', applicationId: app.id },
            subjectId: app.id,
            secretRequested: false,
            liveResults: false,
            requestedOpensAt: null,
            requestedClosesAt: null,
            options: [],
          });
          await submitInTx(tx, ctx, row, policy, null);
          return true;
        })
        // Another process filed it first.
        .catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'PROPOSAL_EXISTS') return false;
          throw error;
        });
      if (done) filed++;
    }
  }
  if (filed > 0) ctx.kickOutbox();
  return filed;
}

/** A role granted by an election ends with its term (unless a new election already replaced it). */
export async function endExpiredTerms(ctx: Context): Promise<number> {
  const now = ctx.clock();
  let n = 0;
  for (const t of await expiredRoleTerms(ctx.db, now)) {
    await ctx.db.transaction(async (tx) => {
      const ended = await revokeRole(tx, ctx, {
        coopId: t.coopId,
        accountId: t.accountId,
        role: t.role,
        reason: `term ended ${t.termEndsAt.toISOString()}`,
        actorId: null,
      });
      if (ended) n++;
    });
  }
  return n;
}
