import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import {
  type ConstitutionDocument,
  type CoopRoleName,
  committeeKeyOf,
} from '../../../contracts/constitution.ts';
import type {
  FrozenRules,
  ProposalView,
  proposalFilter,
  proposalSummary,
} from '../../../contracts/governance.ts';
import type { Context } from '../../context.ts';
import type { Executor } from '../../db/client.ts';
import { proposals } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { authorize, type CoopAccess, loadCoopAccess, type Policy, policyAt } from '../coops/index.ts';
import { applicationsForVote, membershipForVote } from '../members/index.ts';
import { membersRepresentedBy } from './proxy-queries.ts';
import {
  displayNames,
  enactmentOf,
  findProposal,
  frozenRulesOf,
  hasSeconded,
  kindOf,
  listOptions,
  type OptionRow,
  type ProposalRow,
  payloadOf,
  rollCounts,
  rollEntry,
  rollOf,
  secondsOf,
  statusOf,
} from './queries.ts';
import { rulesFrom } from './rules.ts';

type Summary = (typeof proposalSummary)['_output'];
type Filter = (typeof proposalFilter)['_output'];

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The rules a proposal votes (or voted) under: frozen at opening, otherwise what applies now. */
export function rulesOf(row: ProposalRow, policy: Policy, options: OptionRow[]): FrozenRules {
  const frozen = frozenRulesOf(row);
  if (frozen) return frozen;
  return previewRules(row, policy.document, policy.version, options.length);
}

export function previewRules(
  row: ProposalRow,
  doc: ConstitutionDocument,
  version: number,
  optionCount: number,
): FrozenRules {
  const payload = payloadOf(row);
  return rulesFrom(
    doc,
    version,
    {
      kind: kindOf(row),
      secretRequested: row.secretRequested,
      options: optionCount,
      seats: payload.kind === 'election' ? payload.seats : null,
      budget: payload.kind === 'budget' ? payload.amount : null,
    },
    false,
  );
}

function summaryOf(
  row: ProposalRow,
  rules: FrozenRules,
  seconds: number,
  names: Map<string, string>,
): Summary {
  return {
    id: row.id,
    number: row.number,
    kind: kindOf(row),
    title: row.title,
    status: statusOf(row),
    proposer: row.proposerId
      ? { accountId: row.proposerId, displayName: names.get(row.proposerId) ?? 'Unknown' }
      : null,
    createdAt: row.createdAt.toISOString(),
    votingOpensAt: iso(row.votingOpensAt),
    votingClosesAt: iso(row.votingClosesAt),
    closedAt: iso(row.closedAt),
    seconds,
    secondsNeeded: rules.secondsNeeded,
    secret: row.secret ?? rules.secret,
  };
}

/** Summaries for lists; the option counts only matter for previews of methods. */
export async function summariesOf(db: Executor, policy: Policy, rows: ProposalRow[]): Promise<Summary[]> {
  const seconds = await secondsOf(
    db,
    policy.coopId,
    rows.map((r) => r.id),
  );
  const names = await displayNames(
    db,
    rows.map((r) => r.proposerId),
  );
  return rows.map((row) =>
    summaryOf(
      row,
      frozenRulesOf(row) ?? previewRules(row, policy.document, policy.version, 0),
      seconds.get(row.id) ?? 0,
      names,
    ),
  );
}

export async function listProposals(
  ctx: Context,
  actor: Actor,
  slug: string,
  query: { filter: Filter; kind?: string | undefined },
): Promise<Summary[]> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.view_proposals');
  const coopId = access.coop.id;
  const statusFilter = {
    open: sql`${proposals.status} = 'voting'`,
    discussion: sql`${proposals.status} in ('seconding', 'discussion')`,
    decided: sql`${proposals.status} in ('passed', 'failed', 'elected', 'funded', 'enacted', 'withdrawn')`,
    draft: sql`${proposals.status} = 'draft'`,
    all: sql`true`,
  }[query.filter];
  const rows = await ctx.db
    .select()
    .from(proposals)
    .where(
      and(
        eq(proposals.coopId, coopId),
        statusFilter,
        query.kind ? eq(proposals.kind, query.kind) : undefined,
        // A draft is the proposer's own until it is submitted.
        or(sql`${proposals.status} <> 'draft'`, eq(proposals.proposerId, access.accountId!)),
      ),
    )
    .orderBy(desc(proposals.number))
    .limit(500);
  return summariesOf(ctx.db, await policyAt(ctx.db, coopId, ctx.clock()), rows);
}

/** Loads a proposal the actor may see (members; drafts only their proposer). */
export async function visibleProposal(
  db: Executor,
  access: CoopAccess,
  proposalId: string,
): Promise<ProposalRow> {
  authorize(access, 'coop.view_proposals');
  const row = await findProposal(db, access.coop.id, proposalId);
  if (row.status === 'draft' && row.proposerId !== access.accountId) {
    throw new AppError('not_found', 'PROPOSAL_NOT_FOUND', 'No such proposal in this co-op.', {
      field: 'proposalId',
    });
  }
  return row;
}

export async function getProposal(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const row = await visibleProposal(ctx.db, access, proposalId);
  return proposalView(ctx.db, access, row, ctx.clock());
}

/** The committee an election fills, named as the constitution in force names it (its key if it no longer does). */
function committeeOf(role: CoopRoleName, doc: ConstitutionDocument): { key: string; name: string } | null {
  const key = committeeKeyOf(role);
  if (key === null) return null;
  return { key, name: doc.committees?.find((c) => c.key === key)?.name ?? key };
}

export async function proposalView(
  db: Executor,
  access: CoopAccess,
  row: ProposalRow,
  now: Date,
): Promise<ProposalView> {
  const coopId = access.coop.id;
  const me = access.accountId;
  const policy = await policyAt(db, coopId, now);
  const options = await listOptions(db, coopId, row.id);
  const rules = rulesOf(row, policy, options);
  const seconds = (await secondsOf(db, coopId, [row.id])).get(row.id) ?? 0;
  const payload = payloadOf(row);
  const counts = row.openedAt
    ? ((await rollCounts(db, coopId, [row.id])).get(row.id) ?? { eligible: 0, voted: 0 })
    : null;
  const mine = me && row.openedAt ? await rollEntry(db, coopId, row.id, me) : null;
  let mayCastFor: { accountId: string; displayName: string }[] = [];
  if (me && row.status === 'voting' && rules.proxies.allowed) {
    const represented = new Set(await membersRepresentedBy(db, coopId, me, row.id));
    if (represented.size > 0) {
      const roll = await rollOf(db, coopId, row.id);
      const ids = roll
        .filter(
          (r) => represented.has(r.accountId) && (!r.voted || (r.castBy === 'proxy' && r.proxyId === me)),
        )
        .map((r) => r.accountId);
      const names = await displayNames(db, ids);
      mayCastFor = ids.map((id) => ({ accountId: id, displayName: names.get(id) ?? 'Unknown' }));
    }
  }
  let subject: ProposalView['subject'] = null;
  if (payload.kind === 'admission') {
    const [app] = await applicationsForVote(db, coopId, { id: payload.applicationId });
    if (app) {
      subject = {
        kind: 'application',
        id: app.id,
        accountId: app.accountId,
        displayName: app.displayName,
        classKey: app.classKey,
        memberNumber: null,
      };
    }
  } else if (payload.kind === 'expulsion') {
    const m = await membershipForVote(db, coopId, payload.membershipId);
    if (m) {
      subject = {
        kind: 'membership',
        id: m.membershipId,
        accountId: m.accountId,
        displayName: m.displayName,
        classKey: m.classKey,
        memberNumber: m.memberNumber,
      };
    }
  }
  const names = await displayNames(db, [row.proposerId]);
  return {
    ...summaryOf(row, rules, seconds, names),
    decisionKind: rules.decisionKind,
    body: row.body,
    secretRequested: row.secretRequested,
    liveResults: row.liveResults,
    baseVersion: row.baseVersion,
    policy:
      payload.kind === 'policy' || payload.kind === 'bylaws'
        ? { changes: payload.changes, diff: payload.diff, effectiveAt: payload.effectiveAt }
        : null,
    election:
      payload.kind === 'election'
        ? {
            role: payload.role,
            committee: committeeOf(payload.role, policy.document),
            seats: payload.seats,
            termMonths: payload.termMonths,
          }
        : null,
    budget: payload.kind === 'budget' ? { amount: payload.amount, currency: access.coop.currency } : null,
    subject,
    options: options.map((o) => ({
      key: o.key,
      name: o.name,
      description: o.description,
      accountId: o.accountId,
      cost: o.cost,
      proposedBy: o.proposedBy,
    })),
    rules,
    timeline: {
      createdAt: row.createdAt.toISOString(),
      submittedAt: iso(row.submittedAt),
      discussionStartedAt: iso(row.discussionStartedAt),
      votingOpensAt: iso(row.votingOpensAt),
      votingClosesAt: iso(row.votingClosesAt),
      openedAt: iso(row.openedAt),
      closedAt: iso(row.closedAt),
      effectiveAt: iso(row.effectiveAt),
      enactedAt: iso(row.enactedAt),
      withdrawnAt: iso(row.withdrawnAt),
      withdrawReason: row.withdrawReason,
    },
    roll: counts,
    me: {
      isProposer: !!me && row.proposerId === me,
      seconded: me ? await hasSeconded(db, coopId, row.id, me) : false,
      onRoll: !!mine,
      voted: mine?.voted ?? false,
      castBy: (mine?.castBy as 'self' | 'proxy' | null | undefined) ?? null,
      mayCastFor,
    },
    resultHash: row.resultHash,
    enactment: enactmentOf(row, access.coop.currency),
  };
}

/** Proposals with a given status (scheduler and notifications). */
export async function proposalsWithStatus(db: Executor, statuses: string[]): Promise<ProposalRow[]> {
  return db.select().from(proposals).where(inArray(proposals.status, statuses));
}
