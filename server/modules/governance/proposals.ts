import { and, eq, sql } from 'drizzle-orm';
import {
  type ConstitutionDocument,
  type CoopRoleName,
  committeeKeyOf,
  committeeRole,
} from '../../../contracts/constitution.ts';
import type {
  addOptionInput,
  CreateProposalInput,
  ProposalKind,
  ProposalView,
  scheduleInput,
  updateProposalInput,
} from '../../../contracts/governance.ts';
import type { Context } from '../../context.ts';
import { queryRows, type Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { proposalOptions, proposalSeconds, proposals } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { authorize, type CoopAccess, loadCoopAccess, type Policy, policyAt } from '../coops/index.ts';
import { applicationsForVote, currentMembers, membershipForVote } from '../members/index.ts';
import { notify } from './notify.ts';
import {
  BEFORE_VOTING,
  findProposal,
  kindOf,
  listOptions,
  type OptionRow,
  type Payload,
  type ProposalRow,
  payloadOf,
  secondsOf,
} from './queries.ts';
import { applyChange, DECISION_KIND, OPTION_PREFIX, votingClasses } from './rules.ts';
import { proposalView } from './views.ts';

type UpdateInput = (typeof updateProposalInput)['_output'];
type ScheduleInput = (typeof scheduleInput)['_output'];
type AddOptionInput = (typeof addOptionInput)['_output'];

const DAY_MS = 86_400_000;

function field(code: string, message: string, path: string, kind: 'validation' | 'rule' = 'validation') {
  return new AppError(kind, code, message, { field: path });
}

/** The actor must be a current member of a class that votes under the constitution in force. */
export function requireVotingMember(access: CoopAccess, doc: ConstitutionDocument): string {
  authorize(access, 'coop.take_part');
  if (!votingClasses(doc).includes(access.membership!.classKey)) {
    throw new AppError(
      'forbidden',
      'NOT_A_VOTING_MEMBER',
      'Members of your class do not vote in this co-op.',
    );
  }
  return access.accountId!;
}

function parseTime(value: string | null | undefined, path: string, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const d = new Date(value);
  if (d.getTime() < now.getTime() - 60_000) throw field('TIME_IN_PAST', 'Choose a time in the future.', path);
  return d;
}

function checkTimes(opens: Date | null, closes: Date | null): void {
  if (opens && closes && closes.getTime() <= opens.getTime()) {
    throw field('CLOSES_BEFORE_OPENS', 'Voting must close after it opens.', 'votingClosesAt');
  }
}

async function checkCandidates(tx: Tx, coopId: string, ids: readonly string[], path: string) {
  const members = new Set((await currentMembers(tx, coopId)).map((m) => m.accountId));
  ids.forEach((id, i) => {
    if (!members.has(id)) {
      throw field('CANDIDATE_NOT_A_MEMBER', 'Only members can stand for election.', `${path}.${i}`, 'rule');
    }
    if (ids.indexOf(id) !== i)
      throw field('DUPLICATE_CANDIDATE', 'This member is listed twice.', `${path}.${i}`);
  });
}

/**
 * The role an election fills: the board, admin, or `committee:<key>` for a committee the constitution
 * in force lists (422 naming `committee` when it lists none by that key).
 */
export function electedRoleOf(
  input: { role: 'board' | 'admin' | 'committee'; committee?: string | undefined },
  doc: ConstitutionDocument,
): CoopRoleName {
  if (input.role !== 'committee') {
    if (input.committee !== undefined) {
      throw field(
        'COMMITTEE_NOT_FOR_ROLE',
        'Name a committee only when the election fills a committee (role committee).',
        'committee',
      );
    }
    return input.role;
  }
  if (input.committee === undefined)
    throw field('COMMITTEE_REQUIRED', 'Name the committee whose seats the election fills.', 'committee');
  requireCommittee(doc, input.committee);
  return committeeRole(input.committee);
}

/** The committee must be listed by the constitution in force. */
function requireCommittee(doc: ConstitutionDocument, key: string): void {
  if ((doc.committees ?? []).some((c) => c.key === key)) return;
  const listed = (doc.committees ?? []).map((c) => `"${c.key}"`);
  throw field(
    'UNKNOWN_COMMITTEE',
    listed.length > 0
      ? `The constitution lists no committee "${key}" (it lists ${listed.join(', ')}).`
      : `The constitution lists no committees; a bylaws amendment can create "${key}" first.`,
    'committee',
    'rule',
  );
}

async function checkApplication(tx: Tx, coopId: string, applicationId: string) {
  const [app] = await applicationsForVote(tx, coopId, { id: applicationId });
  if (!app)
    throw new AppError('not_found', 'APPLICATION_NOT_FOUND', 'No such application.', {
      field: 'applicationId',
    });
  if (app.status !== 'awaiting_vote') {
    throw field(
      'APPLICATION_NOT_AWAITING_VOTE',
      `This application is ${app.status.replaceAll('_', ' ')}, not waiting for a member vote.`,
      'applicationId',
      'rule',
    );
  }
  return app;
}

/** Locks the co-op's proposal numbering and returns the next number. */
async function nextNumber(tx: Tx, coopId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`governance-number:${coopId}`}))`);
  const [row] = await queryRows<{ n: number | string }>(
    tx,
    sql`select coalesce(max(number), 0) + 1 as n from governance_proposals where coop_id = ${coopId}`,
  );
  return Number(row!.n);
}

function optionKey(kind: ProposalKind, existing: number): string {
  return `${OPTION_PREFIX[kind]}${existing + 1}`;
}

/**
 * Files a proposal, in the caller's transaction. Members draft through `createProposal`; the platform
 * itself files admission proposals for applicants waiting for a vote (proposer null, submitted at once).
 */
export async function insertProposal(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  input: {
    coopId: string;
    proposerId: string | null;
    policy: Policy;
    kind: ProposalKind;
    title: string;
    body: string;
    payload: Payload;
    subjectId: string | null;
    secretRequested: boolean;
    liveResults: boolean;
    requestedOpensAt: Date | null;
    requestedClosesAt: Date | null;
    options: { name: string; description: string; accountId?: string | null; cost?: string | null }[];
  },
): Promise<ProposalRow> {
  const now = ctx.clock();
  const id = ctx.newId();
  const number = await nextNumber(tx, input.coopId);
  let row: ProposalRow;
  try {
    [row] = (await tx
      .insert(proposals)
      .values({
        coopId: input.coopId,
        id,
        number,
        kind: input.kind,
        decisionKind: DECISION_KIND[input.kind],
        title: input.title,
        body: input.body,
        status: 'draft',
        proposerId: input.proposerId,
        payload: input.payload,
        subjectId: input.subjectId,
        secretRequested: input.secretRequested,
        liveResults: input.liveResults,
        requestedOpensAt: input.requestedOpensAt,
        requestedClosesAt: input.requestedClosesAt,
        baseVersion: input.policy.version,
        createdAt: now,
      })
      .returning()) as [ProposalRow];
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'conflict',
        'PROPOSAL_EXISTS',
        'A proposal about this person is already under way.',
        { field: input.kind === 'admission' ? 'applicationId' : 'membershipId' },
      );
    }
    throw error;
  }
  if (input.options.length > 0) {
    await tx.insert(proposalOptions).values(
      input.options.map((o, i) => ({
        coopId: input.coopId,
        proposalId: id,
        key: optionKey(input.kind, i),
        name: o.name,
        description: o.description,
        accountId: o.accountId ?? null,
        cost: o.cost ?? null,
        proposedBy: input.proposerId,
        createdAt: now,
      })),
    );
  }
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.proposerId,
    action: 'proposal.drafted',
    subjectType: 'proposal',
    subjectId: id,
    data: {
      number,
      kind: input.kind,
      title: input.title,
      payload: input.payload,
      secretRequested: input.secretRequested,
      liveResults: input.liveResults,
      options: input.options.map((o, i) => ({ key: optionKey(input.kind, i), ...o })),
      baseVersion: input.policy.version,
    },
    visibility: 'members',
    at: now,
  });
  return row;
}

export async function createProposal(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: CreateProposalInput,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const proposerId = requireVotingMember(access, policy.document);
  const coopId = access.coop.id;
  const opens = parseTime(input.votingOpensAt, 'votingOpensAt', now);
  const closes = parseTime(input.votingClosesAt, 'votingClosesAt', now);
  checkTimes(opens, closes);
  const rule = policy.document.voting.decisions[DECISION_KIND[input.kind]];
  const secretRequested = input.secret === true;
  const liveResults = input.liveResults === true;
  if (liveResults && (rule.secret || secretRequested)) {
    throw field(
      'LIVE_RESULTS_NEED_OPEN_BALLOT',
      'Live results would reveal secret ballots as they are cast; they are only for open ballots.',
      'liveResults',
      'rule',
    );
  }
  const row = await ctx.db.transaction(async (tx) => {
    let payload: Payload;
    let subjectId: string | null = null;
    let options: { name: string; description: string; accountId?: string | null; cost?: string | null }[] =
      [];
    switch (input.kind) {
      case 'resolution':
        payload = { kind: 'resolution' };
        options = input.options ?? [];
        if (options.length === 1)
          throw field('TOO_FEW_OPTIONS', 'Give at least two options, or none for yes / no.', 'options');
        break;
      case 'policy':
      case 'bylaws': {
        const applied = applyChange(input.kind, policy.document, input.changes);
        payload = {
          kind: input.kind,
          changes: input.changes,
          diff: applied.diff,
          effectiveAt: parseTime(input.effectiveAt, 'effectiveAt', now)?.toISOString() ?? null,
        };
        break;
      }
      case 'admission': {
        await checkApplication(tx, coopId, input.applicationId);
        payload = { kind: 'admission', applicationId: input.applicationId };
        subjectId = input.applicationId;
        break;
      }
      case 'expulsion': {
        const m = await membershipForVote(tx, coopId, input.membershipId);
        if (!m || !['active', 'leaving'].includes(m.status)) {
          throw new AppError('not_found', 'MEMBER_NOT_FOUND', 'No current member with this membership.', {
            field: 'membershipId',
          });
        }
        if (m.accountId === proposerId) {
          throw field(
            'CANNOT_EXPEL_SELF',
            'Give notice instead of proposing your own expulsion.',
            'membershipId',
            'rule',
          );
        }
        payload = { kind: 'expulsion', membershipId: input.membershipId };
        subjectId = input.membershipId;
        break;
      }
      case 'election': {
        const candidates = input.candidates ?? [];
        await checkCandidates(tx, coopId, candidates, 'candidates');
        const members = new Map((await currentMembers(tx, coopId)).map((m) => [m.accountId, m.displayName]));
        const role = electedRoleOf(input, policy.document);
        payload = { kind: 'election', role, seats: input.seats, termMonths: input.termMonths };
        options = candidates.map((accountId) => ({
          name: members.get(accountId)!,
          description: '',
          accountId,
        }));
        break;
      }
      case 'budget': {
        if (BigInt(input.amount) <= 0n)
          throw field('AMOUNT_NOT_POSITIVE', 'A budget needs an amount.', 'amount');
        (input.projects ?? []).forEach((p, i) => {
          if (BigInt(p.cost) <= 0n)
            throw field('COST_NOT_POSITIVE', 'A project costs something.', `projects.${i}.cost`);
          if (BigInt(p.cost) > BigInt(input.amount)) {
            throw field(
              'PROJECT_OVER_BUDGET',
              'This project costs more than the whole budget.',
              `projects.${i}.cost`,
              'rule',
            );
          }
        });
        payload = { kind: 'budget', amount: input.amount };
        options = (input.projects ?? []).map((p) => ({
          name: p.name,
          description: p.description,
          cost: p.cost,
        }));
        break;
      }
    }
    return insertProposal(tx, ctx, {
      coopId,
      proposerId,
      policy,
      kind: input.kind,
      title: input.title,
      body: input.body,
      payload,
      subjectId,
      secretRequested,
      liveResults,
      requestedOpensAt: opens,
      requestedClosesAt: closes,
      options,
    });
  });
  return proposalView(ctx.db, access, row, now);
}

/** Loads a proposal for a change by its proposer, in the transaction, locked. */
async function ownProposal(tx: Tx, access: CoopAccess, proposalId: string): Promise<ProposalRow> {
  authorize(access, 'coop.take_part');
  const row = await findProposal(tx, access.coop.id, proposalId, { lock: true });
  if (row.status === 'draft' && row.proposerId !== access.accountId) {
    throw new AppError('not_found', 'PROPOSAL_NOT_FOUND', 'No such proposal in this co-op.', {
      field: 'proposalId',
    });
  }
  if (row.proposerId !== access.accountId) {
    throw new AppError('forbidden', 'NOT_THE_PROPOSER', 'Only the proposer can do this.');
  }
  return row;
}

export async function updateProposal(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: UpdateInput,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const row = await ctx.db.transaction(async (tx) => {
    const p = await ownProposal(tx, access, proposalId);
    if (p.status !== 'draft') {
      throw new AppError('rule', 'NOT_A_DRAFT', 'Only a draft can be edited; withdraw it and draft again.');
    }
    const payload = payloadOf(p);
    const kind = kindOf(p);
    const set: Partial<typeof proposals.$inferInsert> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.body !== undefined) set.body = input.body;
    if (input.secret !== undefined) {
      if (!input.secret && p.secretRequested) {
        throw field('SECRET_IS_ONE_WAY', 'A secret ballot cannot be made open again.', 'secret', 'rule');
      }
      set.secretRequested = input.secret || p.secretRequested;
    }
    if (input.liveResults !== undefined) set.liveResults = input.liveResults;
    const rule = policy.document.voting.decisions[DECISION_KIND[kind]];
    if ((set.liveResults ?? p.liveResults) && (rule.secret || (set.secretRequested ?? p.secretRequested))) {
      throw field(
        'LIVE_RESULTS_NEED_OPEN_BALLOT',
        'Live results would reveal secret ballots as they are cast; they are only for open ballots.',
        'liveResults',
        'rule',
      );
    }
    if (input.votingOpensAt !== undefined)
      set.requestedOpensAt = parseTime(input.votingOpensAt, 'votingOpensAt', now);
    if (input.votingClosesAt !== undefined) {
      set.requestedClosesAt = parseTime(input.votingClosesAt, 'votingClosesAt', now);
    }
    checkTimes(
      set.requestedOpensAt !== undefined ? set.requestedOpensAt : p.requestedOpensAt,
      set.requestedClosesAt !== undefined ? set.requestedClosesAt : p.requestedClosesAt,
    );
    const onlyFor = (what: string, ok: boolean, path: string) => {
      if (!ok) throw field('FIELD_NOT_FOR_KIND', `${what} only applies to other kinds of proposal.`, path);
    };
    let nextPayload: Payload = payload;
    if (input.changes !== undefined || input.effectiveAt !== undefined) {
      onlyFor(
        'This field',
        payload.kind === 'policy' || payload.kind === 'bylaws',
        input.changes ? 'changes' : 'effectiveAt',
      );
      if (payload.kind === 'policy' || payload.kind === 'bylaws') {
        const changes = input.changes ?? payload.changes;
        const applied = applyChange(payload.kind, policy.document, changes);
        nextPayload = {
          ...payload,
          changes,
          diff: applied.diff,
          effectiveAt:
            input.effectiveAt !== undefined
              ? (parseTime(input.effectiveAt, 'effectiveAt', now)?.toISOString() ?? null)
              : payload.effectiveAt,
        };
        set.baseVersion = policy.version;
      }
    }
    if (input.seats !== undefined || input.termMonths !== undefined) {
      onlyFor(
        'Seats and term',
        payload.kind === 'election',
        input.seats !== undefined ? 'seats' : 'termMonths',
      );
      if (payload.kind === 'election') {
        nextPayload = {
          ...payload,
          seats: input.seats ?? payload.seats,
          termMonths: input.termMonths ?? payload.termMonths,
        };
      }
    }
    if (input.amount !== undefined) {
      onlyFor('An amount', payload.kind === 'budget', 'amount');
      if (BigInt(input.amount) <= 0n)
        throw field('AMOUNT_NOT_POSITIVE', 'A budget needs an amount.', 'amount');
      nextPayload = { kind: 'budget', amount: input.amount };
    }
    set.payload = nextPayload;
    const [updated] = await tx
      .update(proposals)
      .set(set)
      .where(and(eq(proposals.coopId, p.coopId), eq(proposals.id, p.id)))
      .returning();
    await recordAudit(tx, {
      coopId: p.coopId,
      actorId: access.accountId,
      action: 'proposal.edited',
      subjectType: 'proposal',
      subjectId: p.id,
      data: { ...input },
      visibility: 'members',
      at: now,
    });
    return updated!;
  });
  return proposalView(ctx.db, access, row, now);
}

/**
 * Moves a proposal into discussion (in the caller's transaction): voting is scheduled no earlier than
 * the constitution's minimum discussion, and for no less than its minimum voting period.
 */
export async function startDiscussion(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock' | 'config'>,
  row: ProposalRow,
  policy: Policy,
  actorId: string | null,
): Promise<ProposalRow> {
  const now = ctx.clock();
  const rule = policy.document.voting.decisions[DECISION_KIND[kindOf(row)]];
  const earliest = now.getTime() + rule.minDiscussionDays * DAY_MS;
  const opens = new Date(Math.max(earliest, row.requestedOpensAt?.getTime() ?? 0));
  const shortest = opens.getTime() + Math.max(rule.minVotingDays, row.requestedClosesAt ? 0 : 1) * DAY_MS;
  const closes = new Date(
    Math.max(shortest, row.requestedClosesAt?.getTime() ?? 0, opens.getTime() + 60_000),
  );
  const [updated] = await tx
    .update(proposals)
    .set({ status: 'discussion', discussionStartedAt: now, votingOpensAt: opens, votingClosesAt: closes })
    .where(and(eq(proposals.coopId, row.coopId), eq(proposals.id, row.id)))
    .returning();
  await recordAudit(tx, {
    coopId: row.coopId,
    actorId,
    action: 'proposal.discussion_started',
    subjectType: 'proposal',
    subjectId: row.id,
    data: {
      votingOpensAt: opens.toISOString(),
      votingClosesAt: closes.toISOString(),
      minDiscussionDays: rule.minDiscussionDays,
      minVotingDays: rule.minVotingDays,
      constitutionVersion: policy.version,
    },
    visibility: 'members',
    at: now,
  });
  const members = await currentMembers(tx, row.coopId, votingClasses(policy.document));
  await notify(tx, ctx, {
    proposal: updated!,
    kind: 'discussion',
    accountIds: members.map((m) => m.accountId),
  });
  return updated!;
}

/** Re-checks what may have changed since drafting; a policy change is re-applied to the constitution in force. */
async function revalidate(tx: Tx, p: ProposalRow, policy: Policy): Promise<Payload> {
  const payload = payloadOf(p);
  if ((payload.kind === 'policy' || payload.kind === 'bylaws') && p.baseVersion !== policy.version) {
    const applied = applyChange(payload.kind, policy.document, payload.changes);
    return { ...payload, diff: applied.diff };
  }
  if (payload.kind === 'admission') await checkApplication(tx, p.coopId, payload.applicationId);
  // A bylaws amendment may have removed the committee since the draft.
  const committee = payload.kind === 'election' ? committeeKeyOf(payload.role) : null;
  if (committee !== null) requireCommittee(policy.document, committee);
  return payload;
}

export async function submitProposal(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const p = await ownProposal(tx, access, proposalId);
    if (p.status !== 'draft')
      throw new AppError('conflict', 'ALREADY_SUBMITTED', 'This proposal was already submitted.');
    const policy = await policyAt(tx, p.coopId, now);
    requireVotingMember(access, policy.document);
    return submitInTx(tx, ctx, p, policy, access.accountId);
  });
  ctx.kickOutbox();
  return proposalView(ctx.db, access, row, now);
}

/** Submits a draft: to gathering seconds, or straight to discussion when none are needed. */
export async function submitInTx(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock' | 'config'>,
  p: ProposalRow,
  policy: Policy,
  actorId: string | null,
): Promise<ProposalRow> {
  const now = ctx.clock();
  const payload = await revalidate(tx, p, policy);
  const rule = policy.document.voting.decisions[DECISION_KIND[kindOf(p)]];
  const [submitted] = await tx
    .update(proposals)
    .set({ status: 'seconding', submittedAt: now, payload, baseVersion: policy.version })
    .where(and(eq(proposals.coopId, p.coopId), eq(proposals.id, p.id)))
    .returning();
  await recordAudit(tx, {
    coopId: p.coopId,
    actorId,
    action: 'proposal.submitted',
    subjectType: 'proposal',
    subjectId: p.id,
    data: { secondsNeeded: rule.secondsNeeded, constitutionVersion: policy.version },
    visibility: 'members',
    at: now,
  });
  return rule.secondsNeeded === 0 ? startDiscussion(tx, ctx, submitted!, policy, actorId) : submitted!;
}

export async function secondProposal(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const me = requireVotingMember(access, policy.document);
  const row = await ctx.db.transaction(async (tx) => {
    const p = await findProposal(tx, access.coop.id, proposalId, { lock: true });
    if (p.status === 'draft') {
      throw new AppError('not_found', 'PROPOSAL_NOT_FOUND', 'No such proposal in this co-op.', {
        field: 'proposalId',
      });
    }
    if (p.status !== 'seconding') {
      throw new AppError('rule', 'NOT_GATHERING_SECONDS', 'This proposal is not gathering seconds.');
    }
    if (p.proposerId === me)
      throw new AppError('rule', 'CANNOT_SECOND_OWN', 'The proposer cannot second their own proposal.');
    try {
      await tx
        .insert(proposalSeconds)
        .values({ coopId: p.coopId, proposalId: p.id, accountId: me, createdAt: now });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('conflict', 'ALREADY_SECONDED', 'You have already seconded it.');
      throw error;
    }
    const seconds = (await secondsOf(tx, p.coopId, [p.id])).get(p.id) ?? 0;
    const needed = policy.document.voting.decisions[DECISION_KIND[kindOf(p)]].secondsNeeded;
    await recordAudit(tx, {
      coopId: p.coopId,
      actorId: me,
      action: 'proposal.seconded',
      subjectType: 'proposal',
      subjectId: p.id,
      data: { seconds, needed },
      visibility: 'members',
      at: now,
    });
    return seconds >= needed ? startDiscussion(tx, ctx, p, policy, me) : p;
  });
  ctx.kickOutbox();
  return proposalView(ctx.db, access, row, now);
}

export async function withdrawProposal(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: { reason: string },
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const p = await ownProposal(tx, access, proposalId);
    if (!BEFORE_VOTING.includes(p.status as never)) {
      throw new AppError('rule', 'VOTING_STARTED', 'A proposal can only be withdrawn before voting opens.');
    }
    const [updated] = await tx
      .update(proposals)
      .set({ status: 'withdrawn', withdrawnAt: now, withdrawReason: input.reason })
      .where(and(eq(proposals.coopId, p.coopId), eq(proposals.id, p.id)))
      .returning();
    await recordAudit(tx, {
      coopId: p.coopId,
      actorId: access.accountId,
      action: 'proposal.withdrawn',
      subjectType: 'proposal',
      subjectId: p.id,
      data: { reason: input.reason, from: p.status },
      visibility: 'members',
      at: now,
    });
    return updated!;
  });
  return proposalView(ctx.db, access, row, now);
}

export async function scheduleVoting(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: ScheduleInput,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const opens = parseTime(input.votingOpensAt, 'votingOpensAt', now)!;
  const closes = parseTime(input.votingClosesAt, 'votingClosesAt', now)!;
  checkTimes(opens, closes);
  const row = await ctx.db.transaction(async (tx) => {
    const p = await ownProposal(tx, access, proposalId);
    if (!BEFORE_VOTING.includes(p.status as never)) {
      throw new AppError('rule', 'VOTING_STARTED', 'Voting has already opened; its times are fixed.');
    }
    const policy = await policyAt(tx, p.coopId, now);
    const rule = policy.document.voting.decisions[DECISION_KIND[kindOf(p)]];
    const set: Partial<typeof proposals.$inferInsert> = {
      requestedOpensAt: opens,
      requestedClosesAt: closes,
    };
    if (p.status === 'discussion') {
      const earliest = p.discussionStartedAt!.getTime() + rule.minDiscussionDays * DAY_MS;
      if (opens.getTime() < earliest) {
        throw field(
          'DISCUSSION_TOO_SHORT',
          `The constitution asks for ${rule.minDiscussionDays} days of discussion; voting can open from ${new Date(earliest).toISOString()}.`,
          'votingOpensAt',
          'rule',
        );
      }
      if (closes.getTime() < opens.getTime() + rule.minVotingDays * DAY_MS) {
        throw field(
          'VOTING_TOO_SHORT',
          `The constitution asks for at least ${rule.minVotingDays} days of voting.`,
          'votingClosesAt',
          'rule',
        );
      }
      set.votingOpensAt = opens;
      set.votingClosesAt = closes;
    }
    const [updated] = await tx
      .update(proposals)
      .set(set)
      .where(and(eq(proposals.coopId, p.coopId), eq(proposals.id, p.id)))
      .returning();
    await recordAudit(tx, {
      coopId: p.coopId,
      actorId: access.accountId,
      action: 'proposal.scheduled',
      subjectType: 'proposal',
      subjectId: p.id,
      data: { votingOpensAt: opens.toISOString(), votingClosesAt: closes.toISOString() },
      visibility: 'members',
      at: now,
    });
    return updated!;
  });
  return proposalView(ctx.db, access, row, now);
}

export async function addOption(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  input: AddOptionInput,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const me = requireVotingMember(access, policy.document);
  const row = await ctx.db.transaction(async (tx) => {
    const p = await findProposal(tx, access.coop.id, proposalId, { lock: true });
    if (p.status === 'draft' && p.proposerId !== me) {
      throw new AppError('not_found', 'PROPOSAL_NOT_FOUND', 'No such proposal in this co-op.', {
        field: 'proposalId',
      });
    }
    if (!BEFORE_VOTING.includes(p.status as never)) {
      throw new AppError('rule', 'VOTING_STARTED', 'Options can only be added before voting opens.');
    }
    const payload = payloadOf(p);
    const existing = await listOptions(tx, p.coopId, p.id, { includeWithdrawn: true });
    let option: { name: string; description: string; accountId: string | null; cost: string | null };
    if (payload.kind === 'election') {
      const candidate = input.accountId ?? me;
      if (candidate !== me && p.proposerId !== me) {
        throw new AppError(
          'forbidden',
          'ONLY_SELF_NOMINATION',
          'You can stand yourself; only the proposer nominates others.',
        );
      }
      await checkCandidates(tx, p.coopId, [candidate], 'accountId');
      const members = new Map((await currentMembers(tx, p.coopId)).map((m) => [m.accountId, m.displayName]));
      option = {
        name: input.name ?? members.get(candidate)!,
        description: input.description,
        accountId: candidate,
        cost: null,
      };
    } else if (payload.kind === 'budget') {
      if (!input.name) throw field('NAME_REQUIRED', 'Name the project.', 'name');
      if (input.cost === undefined) throw field('COST_REQUIRED', 'Give the project’s cost.', 'cost');
      if (BigInt(input.cost) <= 0n) throw field('COST_NOT_POSITIVE', 'A project costs something.', 'cost');
      if (BigInt(input.cost) > BigInt(payload.amount)) {
        throw field('PROJECT_OVER_BUDGET', 'This project costs more than the whole budget.', 'cost', 'rule');
      }
      option = { name: input.name, description: input.description, accountId: null, cost: input.cost };
    } else if (payload.kind === 'resolution') {
      if (p.status !== 'draft' || p.proposerId !== me) {
        throw new AppError(
          'rule',
          'OPTIONS_FIXED',
          'The choices of a resolution are set by its proposer in the draft.',
        );
      }
      if (!input.name) throw field('NAME_REQUIRED', 'Name the option.', 'name');
      option = { name: input.name, description: input.description, accountId: null, cost: null };
    } else {
      throw new AppError('rule', 'OPTIONS_NOT_ALLOWED', 'This kind of proposal is a yes / no question.');
    }
    const key = optionKey(kindOf(p), existing.length);
    try {
      await tx.insert(proposalOptions).values({
        coopId: p.coopId,
        proposalId: p.id,
        key,
        ...option,
        proposedBy: me,
        createdAt: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('conflict', 'ALREADY_A_CANDIDATE', 'This member is already standing.', {
          field: 'accountId',
        });
      }
      throw error;
    }
    await recordAudit(tx, {
      coopId: p.coopId,
      actorId: me,
      action: 'proposal.option_added',
      subjectType: 'proposal',
      subjectId: p.id,
      data: { key, ...option },
      visibility: 'members',
      at: now,
    });
    return p;
  });
  return proposalView(ctx.db, access, row, now);
}

export async function withdrawOption(
  ctx: Context,
  actor: Actor,
  slug: string,
  proposalId: string,
  key: string,
): Promise<ProposalView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.take_part');
  const me = access.accountId!;
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const p = await findProposal(tx, access.coop.id, proposalId, { lock: true });
    if (p.status === 'draft' && p.proposerId !== me) {
      throw new AppError('not_found', 'PROPOSAL_NOT_FOUND', 'No such proposal in this co-op.', {
        field: 'proposalId',
      });
    }
    if (!BEFORE_VOTING.includes(p.status as never)) {
      throw new AppError('rule', 'VOTING_STARTED', 'Options are fixed once voting opens.');
    }
    const option = (await listOptions(tx, p.coopId, p.id)).find((o: OptionRow) => o.key === key);
    if (!option) throw new AppError('not_found', 'OPTION_NOT_FOUND', 'No such option.', { field: 'key' });
    if (![option.proposedBy, option.accountId, p.proposerId].includes(me)) {
      throw new AppError(
        'forbidden',
        'NOT_YOUR_OPTION',
        'Only the candidate, whoever added it, or the proposer can withdraw it.',
      );
    }
    await tx
      .update(proposalOptions)
      .set({ withdrawnAt: now })
      .where(
        and(
          eq(proposalOptions.coopId, p.coopId),
          eq(proposalOptions.proposalId, p.id),
          eq(proposalOptions.key, key),
        ),
      );
    await recordAudit(tx, {
      coopId: p.coopId,
      actorId: me,
      action: 'proposal.option_withdrawn',
      subjectType: 'proposal',
      subjectId: p.id,
      data: { key, name: option.name },
      visibility: 'members',
      at: now,
    });
    return p;
  });
  return proposalView(ctx.db, access, row, now);
}
