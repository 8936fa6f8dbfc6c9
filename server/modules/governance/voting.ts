import { and, eq, sql } from 'drizzle-orm';
import type { BallotInput, FrozenRules } from '../../../contracts/governance.ts';
import type { Context } from '../../context.ts';
import { queryRows, type Tx } from '../../db/client.ts';
import { ballots, proxyEscrow, voterRoll } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess } from '../coops/index.ts';
import { type BallotContest, validateBallot } from '../tally/index.ts';
import type { BallotContent } from './count.ts';
import { effectiveProxyOf } from './proxy-queries.ts';
import { findProposal, listOptions, type OptionRow, type ProposalRow, type RollRow } from './queries.ts';
import { lockOf, newBallotKey, randomReceipt, receiptOf } from './secrecy.ts';

// Casting and changing ballots. Every cast locks the proposal row, so casts on one proposal are
// serialised: a voter's two parallel casts end with one ballot. For a secret vote each cast rewrites
// the proposal's ballot rows in a fresh random order, so neither their physical order nor their
// transaction ids tell which ballot a cast wrote (docs/decisions/0007-ballot-secrecy.md).

type CastInput = { ballot: BallotInput; ballotKey?: string | undefined; onBehalfOf?: string | undefined };
export type CastResult = { receipt: string; ballotKey: string | null; replaced: boolean; castFor: string };

function refused(code: string, message: string, field?: string, kind: 'rule' | 'validation' = 'rule') {
  return new AppError(kind, code, message, field ? { field } : {});
}

export function frozen(p: ProposalRow): FrozenRules {
  if (!p.rules) throw refused('VOTING_NOT_OPEN', 'Voting on this proposal has not opened.');
  return p.rules as FrozenRules;
}

/** The ballot in the one shape the proposal's method reads (other fields dropped). */
function normalise(ballot: BallotInput, rules: FrozenRules): BallotContent {
  const present = (['choice', 'ranking', 'approve', 'scores'] as const).filter(
    (k) => ballot[k] !== undefined,
  );
  if (present.length !== 1) {
    throw refused(
      'BALLOT_SHAPE',
      'Fill exactly one of choice, ranking, approve or scores.',
      'ballot',
      'validation',
    );
  }
  const k = present[0]!;
  if (rules.countedAs === 'decision' && k !== 'choice') {
    throw refused(
      'BALLOT_SHAPE',
      'This vote takes a choice: yes, no or abstain.',
      `ballot.${k}`,
      'validation',
    );
  }
  return { [k]: ballot[k] } as BallotContent;
}

/** Refuses a ballot that breaks the method's rules, naming the field (ranking an unknown option, …). */
export function checkBallot(
  rules: FrozenRules,
  options: OptionRow[],
  content: BallotContent,
  classKey: string,
): void {
  const keys = options.map((o) => o.key);
  let contest: BallotContest;
  switch (rules.countedAs) {
    case 'decision':
      contest = { method: 'decision', allowBlock: rules.method === 'consent', classes: [classKey] };
      break;
    case 'irv':
    case 'stv':
      contest = { method: rules.countedAs, options: keys };
      break;
    case 'equal-shares':
    case 'greedy':
    case 'committee':
      contest = { method: 'approval', options: keys };
      break;
    case 'score':
      contest = { method: 'score', options: keys, rules: { maxScore: rules.maxScore ?? 5 } };
      break;
    default:
      contest = {
        method: rules.countedAs,
        options: keys,
        rules: { seats: rules.seats ?? 1 },
      } as BallotContest;
  }
  const ballot = rules.countedAs === 'decision' ? { ...content, class: classKey } : content;
  const problem = validateBallot(contest, ballot as Parameters<typeof validateBallot>[1]);
  if (problem) {
    throw new AppError('validation', problem.code, `This ballot cannot be counted: ${problem.message}.`, {
      field: problem.field ? `ballot.${problem.field}` : 'ballot',
    });
  }
  if ((rules.countedAs === 'equal-shares' || rules.countedAs === 'greedy') && rules.budget !== null) {
    const cost = new Map(options.map((o) => [o.key, BigInt(o.cost ?? '0')]));
    const total = (content.approve ?? []).reduce((sum, k) => sum + (cost.get(k) ?? 0n), 0n);
    if (total > BigInt(rules.budget)) {
      throw new AppError(
        'validation',
        'BALLOT_OVER_BUDGET',
        `The projects you support cost ${total} together, more than the budget of ${rules.budget}.`,
        { field: 'ballot.approve' },
      );
    }
  }
}

/**
 * Replaces the proposal's secret ballot rows with the same set, changed as asked, written in a fresh
 * random order in this transaction: every row then carries this transaction's id and a new position.
 */
async function rewriteSecretBallots(
  tx: Tx,
  p: ProposalRow,
  change: { remove?: string; put: { receipt: string; classKey: string; content: BallotContent } },
): Promise<void> {
  // One statement: the old rows are deleted and written back with the new one, ordered by
  // gen_random_uuid() (PostgreSQL's strong random source), so the rows never leave the database.
  const { put } = change;
  await tx.execute(sql`
    with old as (
      delete from governance_ballots where coop_id = ${p.coopId} and proposal_id = ${p.id}
      returning receipt, class_key, content
    ), rows as (
      select receipt, class_key, content from old
      where receipt <> ${put.receipt} and receipt <> ${change.remove ?? ''}
      union all
      select ${put.receipt}, ${put.classKey}, ${JSON.stringify(put.content)}::jsonb
    )
    insert into governance_ballots (coop_id, proposal_id, receipt, class_key, content)
    select ${p.coopId}, ${p.id}, receipt, class_key, content from rows order by gen_random_uuid()`);
}

async function lockedRollEntry(tx: Tx, p: ProposalRow, accountId: string): Promise<RollRow | null> {
  const [row] = await tx
    .select()
    .from(voterRoll)
    .where(
      and(eq(voterRoll.coopId, p.coopId), eq(voterRoll.proposalId, p.id), eq(voterRoll.accountId, accountId)),
    )
    .for('update');
  return row ?? null;
}

async function markVoted(
  tx: Tx,
  p: ProposalRow,
  accountId: string,
  set: { castBy: 'self' | 'proxy'; proxyId: string | null; ballotLock: string | null; votedAt: Date | null },
) {
  await tx
    .update(voterRoll)
    .set({ voted: true, ...set })
    .where(
      and(eq(voterRoll.coopId, p.coopId), eq(voterRoll.proposalId, p.id), eq(voterRoll.accountId, accountId)),
    );
}

export async function castBallot(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: CastInput,
): Promise<CastResult> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  const me = access.accountId;
  const voterId = input.onBehalfOf ?? me;
  const asProxy = voterId !== me;
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const p = await findProposal(tx, access.coop.id, proposalId, { lock: true });
    if (p.status !== 'voting') {
      throw refused(
        p.closedAt ? 'VOTING_CLOSED' : 'VOTING_NOT_OPEN',
        p.closedAt ? 'Voting on this proposal has closed.' : 'Voting on this proposal has not opened.',
      );
    }
    if (p.votingClosesAt && now.getTime() >= p.votingClosesAt.getTime()) {
      throw refused('VOTING_CLOSED', 'Voting on this proposal has closed.');
    }
    const rules = frozen(p);
    const roll = await lockedRollEntry(tx, p, voterId);
    if (!roll) {
      throw new AppError(
        'forbidden',
        'NOT_ON_ROLL',
        asProxy
          ? 'That member is not on the voter roll of this proposal.'
          : 'You are not on the voter roll of this proposal (it was fixed when voting opened).',
        asProxy ? { field: 'onBehalfOf' } : {},
      );
    }
    if (asProxy) {
      if (!rules.proxies.allowed)
        throw refused('PROXIES_NOT_ALLOWED', 'The constitution does not allow proxies.', 'onBehalfOf');
      if ((await effectiveProxyOf(tx, p.coopId, voterId, p.id)) !== me) {
        throw new AppError(
          'forbidden',
          'NOT_THEIR_PROXY',
          'You are not this member’s proxy for this proposal.',
          {
            field: 'onBehalfOf',
          },
        );
      }
      if (roll.voted && roll.castBy === 'self') {
        throw new AppError(
          'conflict',
          'MEMBER_VOTED_THEMSELVES',
          'This member has voted themselves; their vote counts.',
          {
            field: 'onBehalfOf',
          },
        );
      }
      if (!roll.voted) {
        const [held] = await queryRows<{ n: number | string }>(
          tx,
          sql`select count(*) as n from governance_roll
              where coop_id = ${p.coopId} and proposal_id = ${p.id} and proxy_id = ${me} and cast_by = 'proxy'`,
        );
        if (Number(held!.n) >= rules.proxies.maxPerPerson) {
          throw refused(
            'PROXY_CAP_REACHED',
            `A person may vote as proxy for at most ${rules.proxies.maxPerPerson} members.`,
            'onBehalfOf',
          );
        }
      }
    }
    const options = await listOptions(tx, p.coopId, p.id);
    const content = normalise(input.ballot, rules);
    checkBallot(rules, options, content, roll.classKey);

    const castBy = asProxy ? 'proxy' : 'self';
    let receipt: string;
    let ballotKey: string | null = null;
    const replaced = roll.voted;
    if (p.secret) {
      if (!roll.voted) {
        ballotKey = newBallotKey();
        receipt = receiptOf(p.id, ballotKey);
        await rewriteSecretBallots(tx, p, { put: { receipt, classKey: roll.classKey, content } });
        await markVoted(tx, p, voterId, {
          castBy,
          proxyId: asProxy ? me : null,
          ballotLock: lockOf(p.id, ballotKey),
          votedAt: null,
        });
        if (asProxy)
          await tx
            .insert(proxyEscrow)
            .values({ coopId: p.coopId, proposalId: p.id, memberId: voterId, ballotKey });
      } else if (roll.castBy === 'proxy') {
        // The ballot was cast by a proxy: its key is held in escrow until the close.
        const [escrow] = await tx
          .select()
          .from(proxyEscrow)
          .where(
            and(
              eq(proxyEscrow.coopId, p.coopId),
              eq(proxyEscrow.proposalId, p.id),
              eq(proxyEscrow.memberId, voterId),
            ),
          );
        if (!escrow) throw new Error('proxy ballot without its escrowed key');
        const oldReceipt = receiptOf(p.id, escrow.ballotKey);
        if (asProxy) {
          if (roll.proxyId !== me) {
            throw new AppError('conflict', 'OTHER_PROXY_VOTED', 'Another proxy has voted for this member.', {
              field: 'onBehalfOf',
            });
          }
          receipt = oldReceipt;
          ballotKey = escrow.ballotKey;
          await rewriteSecretBallots(tx, p, { put: { receipt, classKey: roll.classKey, content } });
        } else {
          // The member's own vote overrides the proxy's: a new key only the member holds.
          ballotKey = newBallotKey();
          receipt = receiptOf(p.id, ballotKey);
          await rewriteSecretBallots(tx, p, {
            remove: oldReceipt,
            put: { receipt, classKey: roll.classKey, content },
          });
          await tx
            .delete(proxyEscrow)
            .where(
              and(
                eq(proxyEscrow.coopId, p.coopId),
                eq(proxyEscrow.proposalId, p.id),
                eq(proxyEscrow.memberId, voterId),
              ),
            );
          await markVoted(tx, p, voterId, {
            castBy: 'self',
            proxyId: null,
            ballotLock: lockOf(p.id, ballotKey),
            votedAt: null,
          });
        }
      } else {
        if (!input.ballotKey) {
          throw new AppError(
            'conflict',
            'BALLOT_KEY_REQUIRED',
            'You have voted. To change your secret ballot, give the ballot key you received when you voted.',
            { field: 'ballotKey' },
          );
        }
        if (lockOf(p.id, input.ballotKey) !== roll.ballotLock) {
          throw new AppError('forbidden', 'BALLOT_KEY_WRONG', 'This is not the key of your ballot.', {
            field: 'ballotKey',
          });
        }
        ballotKey = input.ballotKey;
        receipt = receiptOf(p.id, ballotKey);
        await rewriteSecretBallots(tx, p, { put: { receipt, classKey: roll.classKey, content } });
      }
    } else {
      const [existing] = await tx
        .select()
        .from(ballots)
        .where(and(eq(ballots.coopId, p.coopId), eq(ballots.proposalId, p.id), eq(ballots.voterId, voterId)));
      if (asProxy && roll.voted && roll.proxyId !== me) {
        throw new AppError('conflict', 'OTHER_PROXY_VOTED', 'Another proxy has voted for this member.', {
          field: 'onBehalfOf',
        });
      }
      if (existing) {
        receipt = existing.receipt;
        await tx
          .update(ballots)
          .set({ content, castById: me })
          .where(
            and(eq(ballots.coopId, p.coopId), eq(ballots.proposalId, p.id), eq(ballots.receipt, receipt)),
          );
      } else {
        receipt = randomReceipt();
        await tx.insert(ballots).values({
          coopId: p.coopId,
          proposalId: p.id,
          receipt,
          classKey: roll.classKey,
          content,
          voterId,
          castById: me,
        });
      }
      await markVoted(tx, p, voterId, {
        castBy,
        proxyId: asProxy ? me : null,
        ballotLock: null,
        votedAt: now,
      });
    }
    await recordAudit(tx, {
      coopId: p.coopId,
      actorId: me,
      action: replaced ? 'proposal.ballot_changed' : 'proposal.ballot_cast',
      subjectType: 'proposal',
      subjectId: p.id,
      // A secret ballot's audit event says who voted, never what or under which receipt.
      data: p.secret ? { voter: voterId, castBy } : { voter: voterId, castBy, receipt, ballot: content },
      visibility: 'members',
      at: now,
    });
    return { receipt, ballotKey, replaced, castFor: voterId };
  });
}

/** A voter looks at their own ballot before the close: by voter for open ballots, by key for secret ones. */
export async function myBallot(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: { ballotKey?: string | undefined },
): Promise<{ receipt: string; ballot: BallotContent; castBy: 'self' | 'proxy' }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  const p = await findProposal(ctx.db, access.coop.id, proposalId);
  const [roll] = await ctx.db
    .select()
    .from(voterRoll)
    .where(
      and(
        eq(voterRoll.coopId, p.coopId),
        eq(voterRoll.proposalId, p.id),
        eq(voterRoll.accountId, access.accountId),
      ),
    );
  if (!roll)
    throw new AppError('forbidden', 'NOT_ON_ROLL', 'You are not on the voter roll of this proposal.');
  if (!roll.voted) throw new AppError('not_found', 'NOT_VOTED', 'You have not voted on this proposal.');
  let receipt: string;
  if (p.secret) {
    if (!input.ballotKey) {
      throw new AppError('validation', 'BALLOT_KEY_REQUIRED', 'Give your ballot key.', {
        field: 'ballotKey',
      });
    }
    if (roll.castBy === 'proxy' || lockOf(p.id, input.ballotKey) !== roll.ballotLock) {
      throw new AppError('forbidden', 'BALLOT_KEY_WRONG', 'This is not the key of your ballot.', {
        field: 'ballotKey',
      });
    }
    receipt = receiptOf(p.id, input.ballotKey);
  } else {
    const [b] = await ctx.db
      .select({ receipt: ballots.receipt })
      .from(ballots)
      .where(
        and(
          eq(ballots.coopId, p.coopId),
          eq(ballots.proposalId, p.id),
          eq(ballots.voterId, access.accountId),
        ),
      );
    receipt = b!.receipt;
  }
  const [b] = await ctx.db
    .select({ content: ballots.content })
    .from(ballots)
    .where(and(eq(ballots.coopId, p.coopId), eq(ballots.proposalId, p.id), eq(ballots.receipt, receipt)));
  if (!b) throw new AppError('not_found', 'BALLOT_NOT_FOUND', 'No ballot under this key.');
  return { receipt, ballot: b.content as BallotContent, castBy: roll.castBy as 'self' | 'proxy' };
}
