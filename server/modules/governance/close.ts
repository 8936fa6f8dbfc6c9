import { and, eq, sql } from 'drizzle-orm';
import type { ResultView } from '../../../contracts/governance.ts';
import type { Context } from '../../context.ts';
import type { Executor } from '../../db/client.ts';
import { ballots, proposals, proxyEscrow } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/index.ts';
import {
  type BallotContent,
  type CountInput,
  type CountOutput,
  countVote,
  fileHashOf,
  resultHashOf,
} from './count.ts';
import { notify } from './notify.ts';
import {
  type Enactment,
  findProposal,
  kindOf,
  listOptions,
  type ProposalRow,
  payloadOf,
  rollOf,
} from './queries.ts';
import { frozen } from './voting.ts';

// The close: count with the engine, store the result with its hash, publish the anonymised ballots,
// forget the proxy escrow, and mark what must be enacted.

export type StoredResult = Omit<
  ResultView,
  'resultHash' | 'ballotFileHash' | 'ballotFileUrl' | 'bltUrl' | 'enactment'
>;

/** Everything the count needs, read from the roll and the ballots (in the caller's transaction or not). */
export async function countInputOf(db: Executor, p: ProposalRow, closedAt: Date): Promise<CountInput> {
  const rules = frozen(p);
  const options = await listOptions(db, p.coopId, p.id);
  const roll = await rollOf(db, p.coopId, p.id);
  const eligible: Record<string, number> = {};
  for (const key of Object.keys(rules.classWeightsBps)) eligible[key] = 0;
  for (const r of roll) eligible[r.classKey] = (eligible[r.classKey] ?? 0) + 1;
  const rows = await db
    .select({ receipt: ballots.receipt, classKey: ballots.classKey, content: ballots.content })
    .from(ballots)
    .where(and(eq(ballots.coopId, p.coopId), eq(ballots.proposalId, p.id)));
  return {
    proposal: { id: p.id, title: p.title, kind: kindOf(p), closedAt },
    rules,
    options: options.map((o) => ({ key: o.key, name: o.name, cost: o.cost })),
    eligible,
    ballots: rows.map((b) => ({
      receipt: b.receipt,
      classKey: b.classKey,
      content: b.content as BallotContent,
    })),
  };
}

export function countOf(input: CountInput): CountOutput {
  return countVote(input);
}

function statusFor(result: StoredResult): 'passed' | 'failed' | 'elected' | 'funded' {
  return result.outcome === 'pending' ? 'failed' : result.outcome;
}

function enactmentFor(p: ProposalRow, status: string): Enactment {
  const kind = kindOf(p);
  const effects = status !== 'failed' || kind === 'admission';
  if (!effects || kind === 'resolution')
    return { status: 'nothing_to_enact', at: null, reason: null, details: null };
  return { status: 'pending', at: null, reason: null, details: null };
}

export async function closeVote(ctx: Context, coopId: string, proposalId: string): Promise<boolean> {
  const closed = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const p = await findProposal(tx, coopId, proposalId, { lock: true });
    if (p.status !== 'voting' || !p.votingClosesAt || p.votingClosesAt.getTime() > now.getTime())
      return false;
    const input = await countInputOf(tx, p, now);
    const out = countOf(input);
    const result = out.result as StoredResult;
    const resultHash = resultHashOf(result);
    const status = statusFor(result);
    const payload = payloadOf(p);
    const effectiveAt =
      (payload.kind === 'policy' || payload.kind === 'bylaws') && payload.effectiveAt && status === 'passed'
        ? new Date(Math.max(new Date(payload.effectiveAt).getTime(), now.getTime()))
        : now;
    const enactment = enactmentFor(p, status);
    const [updated] = await tx
      .update(proposals)
      .set({
        status,
        closedAt: now,
        result,
        resultHash,
        ballotFile: out.fileText,
        ballotFileHash: fileHashOf(out.fileText),
        blt: out.blt,
        effectiveAt,
        enactment,
      })
      .where(and(eq(proposals.coopId, coopId), eq(proposals.id, p.id)))
      .returning();
    // The one stored link of a secret vote (a proxy's ballot key) is not needed any more.
    await tx.delete(proxyEscrow).where(and(eq(proxyEscrow.coopId, coopId), eq(proxyEscrow.proposalId, p.id)));
    // Rewrite the roll in one statement so its rows no longer carry the ids of the casting transactions.
    await tx.execute(
      sql`update governance_roll set voted = voted where coop_id = ${coopId} and proposal_id = ${p.id}`,
    );
    await recordAudit(tx, {
      coopId,
      actorId: null,
      action: 'proposal.closed',
      subjectType: 'proposal',
      subjectId: p.id,
      data: {
        outcome: result.outcome,
        status,
        resultHash,
        ballotFileHash: fileHashOf(out.fileText),
        turnout: result.turnout,
        winners: result.winners,
        reasons: result.reasons,
        effectiveAt: effectiveAt.toISOString(),
      },
      visibility: 'members',
      at: now,
    });
    const roll = await rollOf(tx, coopId, p.id);
    await notify(tx, ctx, {
      proposal: updated!,
      kind: 'result',
      accountIds: [...roll.map((r) => r.accountId), ...(p.proposerId ? [p.proposerId] : [])],
    });
    return true;
  });
  if (closed) ctx.kickOutbox();
  return closed;
}
