import { and, eq } from 'drizzle-orm';
import { committeeKeyOf, committeeRole } from '../../../contracts/constitution.ts';
import type { EnactmentDetails } from '../../../contracts/governance.ts';
import { formatMoney } from '../../../contracts/money.ts';
import type { Context } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { coops, proposals } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { appendConstitutionVersion, policyAt } from '../coops/index.ts';
import { accountBalance, findAccountByCode, postEntry } from '../ledger/index.ts';
import {
  decideApplicationByVote,
  expelMember,
  grantRole,
  revokeRole,
  roleHolders,
} from '../members/index.ts';
import type { StoredResult } from './close.ts';
import { type Enactment, findProposal, listOptions, type ProposalRow, payloadOf } from './queries.ts';
import { applyChange, conflictingPaths } from './rules.ts';

// Enactment: a decision changes the platform by itself, at its effective time, audited. A policy
// change becomes the next constitution version (a committee it removes ends its members' seats); an
// election grants the role (board, admin or a committee's seats) for the term and revokes the
// previous holders'; an admission admits (or declines); an expulsion ends the
// membership and redeems the share; a budget earmarks the funded projects' money in the ledger.

/** The account that holds money earmarked for funded budget projects until they are paid. */
export const PROJECTS_PAYABLE = '2300';

type Outcome =
  | { kind: 'enacted'; details: EnactmentDetails }
  | { kind: 'not_enacted'; reason: string; details?: EnactmentDetails }
  | { kind: 'waiting'; reason: string };

async function coopCurrency(tx: Tx, coopId: string): Promise<string> {
  const [coop] = await tx.select({ currency: coops.currency }).from(coops).where(eq(coops.id, coopId));
  return coop!.currency;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

async function enactPolicy(tx: Tx, ctx: Pick<Context, 'clock'>, p: ProposalRow, now: Date): Promise<Outcome> {
  const payload = payloadOf(p);
  if (payload.kind !== 'policy' && payload.kind !== 'bylaws') throw new Error('not a policy change');
  const current = await policyAt(tx, p.coopId, now);
  let applied: ReturnType<typeof applyChange>;
  try {
    applied = applyChange(payload.kind, current.document, payload.changes);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      kind: 'not_enacted',
      reason: `Against constitution version ${current.version} the change no longer applies: ${error.message} (${error.field ?? 'changes'})`,
    };
  }
  const conflicts = conflictingPaths(payload.diff, current.document, applied.document);
  if (conflicts.length > 0) {
    return {
      kind: 'not_enacted',
      reason: `Another decision changed ${conflicts.join(', ')} after this proposal was drafted (constitution version ${current.version}); it no longer applies cleanly and needs a new proposal.`,
      details: { kind: 'conflict', conflicts, constitutionVersion: current.version },
    };
  }
  const version = await appendConstitutionVersion(tx, {
    coopId: p.coopId,
    document: applied.document,
    effectiveFrom: now,
    origin: 'proposal',
    proposalId: p.id,
    now,
  });
  // A committee the amendment removes takes its seats with it.
  const kept = new Set((applied.document.committees ?? []).map((c) => c.key));
  for (const gone of (current.document.committees ?? []).filter((c) => !kept.has(c.key))) {
    const role = committeeRole(gone.key);
    for (const accountId of await roleHolders(tx, p.coopId, role)) {
      await revokeRole(tx, ctx, {
        coopId: p.coopId,
        accountId,
        role,
        reason: `committee removed from the constitution (proposal ${p.number})`,
        actorId: null,
      });
    }
  }
  return {
    kind: 'enacted',
    details: {
      kind: payload.kind,
      constitutionVersion: version.version,
      hash: version.hash,
      previousVersion: current.version,
      diff: applied.diff,
    },
  };
}

async function enactElection(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  p: ProposalRow,
  now: Date,
): Promise<Outcome> {
  const payload = payloadOf(p);
  if (payload.kind !== 'election') throw new Error('not an election');
  const committee = committeeKeyOf(payload.role);
  if (committee !== null) {
    const { document } = await policyAt(tx, p.coopId, now);
    if (!(document.committees ?? []).some((c) => c.key === committee)) {
      return {
        kind: 'not_enacted',
        reason: `The constitution no longer lists the committee "${committee}"; nobody was given its seats.`,
      };
    }
  }
  const result = p.result as StoredResult;
  const options = await listOptions(tx, p.coopId, p.id, { includeWithdrawn: true });
  const winners = result.winners
    .map((key) => options.find((o) => o.key === key)?.accountId)
    .filter((id): id is string => !!id);
  const termEndsAt = addMonths(now, payload.termMonths);
  const previous = await roleHolders(tx, p.coopId, payload.role);
  for (const accountId of previous) {
    await revokeRole(tx, ctx, {
      coopId: p.coopId,
      accountId,
      role: payload.role,
      reason: `term ended by election (proposal ${p.number})`,
      actorId: null,
    });
  }
  for (const accountId of winners) {
    await grantRole(tx, ctx, {
      coopId: p.coopId,
      accountId,
      role: payload.role,
      origin: `election:${p.id}`,
      actorId: null,
      termEndsAt,
    });
  }
  return {
    kind: 'enacted',
    details: {
      kind: 'election',
      role: payload.role,
      granted: winners,
      revoked: previous,
      termEndsAt: termEndsAt.toISOString(),
    },
  };
}

async function enactBudget(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  p: ProposalRow,
  now: Date,
): Promise<Outcome> {
  const result = p.result as StoredResult;
  const spent = BigInt(result.budget?.spent ?? '0');
  const currency = await coopCurrency(tx, p.coopId);
  const funded = result.options.filter((o) => o.won).map((o) => ({ key: o.key, name: o.name, cost: o.cost }));
  if (spent === 0n)
    return { kind: 'enacted', details: { kind: 'budget', earmarked: '0', currency, entryId: null, funded } };
  const fund = await findAccountByCode(tx, p.coopId, '3200');
  const payable = await findAccountByCode(tx, p.coopId, PROJECTS_PAYABLE);
  if (!fund) return { kind: 'waiting', reason: 'The chart of accounts has no community fund (3200).' };
  if (!payable) {
    return {
      kind: 'waiting',
      reason: `Waiting for an admin to open the liability account ${PROJECTS_PAYABLE} (budget projects payable) in the ledger; the earmark is posted then.`,
    };
  }
  // The community fund is equity: its balance is a credit, negative in the ledger's sign convention.
  const available = -(await accountBalance(tx, fund.id));
  if (available < spent) {
    return {
      kind: 'waiting',
      reason: `The community fund holds ${formatMoney(available, currency)}, less than the ${formatMoney(spent, currency)} the funded projects cost; the earmark waits for the money.`,
    };
  }
  const entry = await postEntry(tx, ctx, {
    coopId: p.coopId,
    idempotencyKey: `budget:${p.id}`,
    kind: 'budget_earmark',
    description: `Participatory budget (proposal ${p.number}): ${funded.map((f) => f.name).join(', ')}`.slice(
      0,
      500,
    ),
    occurredAt: now,
    actorId: null,
    link: { type: 'proposal', id: p.id },
    postings: [
      { account: { code: '3200' }, amount: spent, currency },
      { account: { code: PROJECTS_PAYABLE }, amount: -spent, currency },
    ],
  });
  return {
    kind: 'enacted',
    details: { kind: 'budget', earmarked: spent.toString(), currency, entryId: entry.entryId, funded },
  };
}

/** Enacts one proposal if its enactment is pending and due. Safe to repeat. */
export async function enactProposal(ctx: Context, coopId: string, proposalId: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const p = await findProposal(tx, coopId, proposalId, { lock: true });
    const enactment = p.enactment as Enactment | null;
    if (enactment?.status !== 'pending' || !p.effectiveAt || p.effectiveAt.getTime() > now.getTime())
      return false;
    const payload = payloadOf(p);
    let outcome: Outcome;
    switch (payload.kind) {
      case 'policy':
      case 'bylaws':
        outcome = await enactPolicy(tx, ctx, p, now);
        break;
      case 'election':
        outcome = await enactElection(tx, ctx, p, now);
        break;
      case 'admission': {
        const decided = await decideApplicationByVote(tx, ctx, {
          coopId,
          applicationId: payload.applicationId,
          admit: p.status === 'passed',
          proposalId: p.id,
        });
        outcome = decided
          ? { kind: 'enacted', details: { kind: 'admission', ...decided } }
          : {
              kind: 'not_enacted',
              reason: 'The application no longer waited for a vote (withdrawn meanwhile).',
            };
        break;
      }
      case 'expulsion': {
        const expelled = await expelMember(tx, ctx, {
          coopId,
          membershipId: payload.membershipId,
          proposalId: p.id,
          reason: `expelled by member vote (proposal ${p.number})`,
        });
        outcome = expelled
          ? {
              kind: 'enacted',
              details: { kind: 'expulsion', ...expelled, currency: await coopCurrency(tx, coopId) },
            }
          : { kind: 'not_enacted', reason: 'The membership had already ended.' };
        break;
      }
      case 'budget':
        outcome = await enactBudget(tx, ctx, p, now);
        break;
      default:
        outcome = { kind: 'not_enacted', reason: 'nothing to enact' };
    }
    if (outcome.kind === 'waiting') {
      if (enactment.reason !== outcome.reason) {
        await tx
          .update(proposals)
          .set({ enactment: { ...enactment, reason: outcome.reason } })
          .where(and(eq(proposals.coopId, coopId), eq(proposals.id, p.id)));
        await recordAudit(tx, {
          coopId,
          actorId: null,
          action: 'proposal.enactment_waiting',
          subjectType: 'proposal',
          subjectId: p.id,
          data: { reason: outcome.reason },
          visibility: 'members',
          at: now,
        });
      }
      return false;
    }
    const next: Enactment =
      outcome.kind === 'enacted'
        ? { status: 'enacted', at: now.toISOString(), reason: null, details: outcome.details }
        : {
            status: 'not_enacted',
            at: now.toISOString(),
            reason: outcome.reason,
            details: outcome.details ?? null,
          };
    await tx
      .update(proposals)
      .set({
        enactment: next,
        enactedAt: outcome.kind === 'enacted' ? now : null,
        ...(outcome.kind === 'enacted' && p.status !== 'failed' ? { status: 'enacted' } : {}),
      })
      .where(and(eq(proposals.coopId, coopId), eq(proposals.id, p.id)));
    await recordAudit(tx, {
      coopId,
      actorId: null,
      action: outcome.kind === 'enacted' ? 'proposal.enacted' : 'proposal.not_enacted',
      subjectType: 'proposal',
      subjectId: p.id,
      data: outcome.kind === 'enacted' ? outcome.details : { kind: payload.kind, reason: outcome.reason },
      visibility: 'members',
      at: now,
    });
    return outcome.kind === 'enacted';
  });
}
