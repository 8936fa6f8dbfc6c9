import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Democratic governance (docs/decisions/0007-ballot-secrecy.md). The voter roll ("who has voted") and
// the ballots ("what was voted") are separate tables. A secret ballot row carries no member id, no
// time and no sequential id: its key is a receipt derived from a secret only the voter holds, and the
// roll row stores a different hash of that secret. Triggers in the migrations keep a secret vote secret.

export const proposals = pgTable(
  'governance_proposals',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    /** Per co-op, for people: "proposal 12". */
    number: integer('number').notNull(),
    kind: text('kind').notNull(),
    /** The constitution's decision kind whose rules apply. */
    decisionKind: text('decision_kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull(),
    /** Null for proposals the platform files itself (admission of an applicant by vote). */
    proposerId: uuid('proposer_id'),
    /** Kind-specific content: policy changes, election seats and term, budget amount, subjects. */
    payload: jsonb('payload').notNull(),
    /** The application (admission) or membership (expulsion) the proposal is about. */
    subjectId: uuid('subject_id'),
    /** The proposer asked for a secret ballot even where the constitution allows an open one. */
    secretRequested: boolean('secret_requested').notNull().default(false),
    liveResults: boolean('live_results').notNull().default(false),
    requestedOpensAt: timestamp('requested_opens_at', { withTimezone: true }),
    requestedClosesAt: timestamp('requested_closes_at', { withTimezone: true }),
    /** Constitution version the proposal was drafted against (policy changes diff against it). */
    baseVersion: integer('base_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    discussionStartedAt: timestamp('discussion_started_at', { withTimezone: true }),
    votingOpensAt: timestamp('voting_opens_at', { withTimezone: true }),
    votingClosesAt: timestamp('voting_closes_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    /** Rules frozen from the constitution when voting opened. */
    rules: jsonb('rules'),
    /** Null until voting opens; then frozen, and once true never false again (trigger). */
    secret: boolean('secret'),
    result: jsonb('result'),
    resultHash: text('result_hash'),
    ballotFile: text('ballot_file'),
    ballotFileHash: text('ballot_file_hash'),
    blt: text('blt'),
    /** When a passed decision takes effect (policy changes may state a later time). */
    effectiveAt: timestamp('effective_at', { withTimezone: true }),
    enactment: jsonb('enactment'),
    enactedAt: timestamp('enacted_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    uniqueIndex('governance_proposals_number_key').on(t.coopId, t.number),
    check(
      'governance_proposals_kind_check',
      sql`${t.kind} in ('resolution', 'policy', 'bylaws', 'admission', 'expulsion', 'election', 'budget')`,
    ),
    check(
      'governance_proposals_status_check',
      sql`${t.status} in ('draft', 'seconding', 'discussion', 'voting', 'passed', 'failed', 'elected', 'funded', 'enacted', 'withdrawn')`,
    ),
    check(
      'governance_proposals_secret_live_check',
      sql`not (coalesce(${t.secret}, false) and ${t.liveResults})`,
    ),
    // One live admission or expulsion proposal per applicant or member.
    uniqueIndex('governance_proposals_subject_key')
      .on(t.coopId, t.kind, t.subjectId)
      .where(
        sql`${t.subjectId} is not null and ${t.status} in ('draft', 'seconding', 'discussion', 'voting')`,
      ),
    index('governance_proposals_status_idx').on(t.status, t.votingOpensAt),
    index('governance_proposals_coop_idx').on(t.coopId, t.status),
  ],
);

/** Candidates (elections), projects (budgets) or choices (resolutions with options). */
export const proposalOptions = pgTable(
  'governance_options',
  {
    coopId: uuid('coop_id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
    /** Short id used in ballots and the published file: c1, p1, o1 … */
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Candidate's account (elections). */
    accountId: uuid('account_id'),
    /** Project cost in minor units (budgets). */
    cost: text('cost'),
    proposedBy: uuid('proposed_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.proposalId, t.key] }),
    uniqueIndex('governance_options_candidate_key')
      .on(t.coopId, t.proposalId, t.accountId)
      .where(sql`${t.accountId} is not null and ${t.withdrawnAt} is null`),
    check('governance_options_cost_check', sql`${t.cost} is null or ${t.cost} ~ '^[0-9]{1,18}$'`),
  ],
);

export const proposalSeconds = pgTable(
  'governance_seconds',
  {
    coopId: uuid('coop_id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
    accountId: uuid('account_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.coopId, t.proposalId, t.accountId] })],
);

export const proposalComments = pgTable(
  'governance_comments',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
    parentId: uuid('parent_id'),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    amendment: boolean('amendment').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenBy: uuid('hidden_by'),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    index('governance_comments_proposal_idx').on(t.coopId, t.proposalId),
  ],
);

/**
 * Who may vote on a proposal, fixed when voting opens, and whether they have. For a secret vote
 * `ballot_lock` is SHA-256 of a roll-specific derivation of the voter's ballot key (it proves a revote
 * comes from the same voter) and `voted_at` stays null: no time is kept that could be matched.
 */
export const voterRoll = pgTable(
  'governance_roll',
  {
    coopId: uuid('coop_id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
    accountId: uuid('account_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    classKey: text('class_key').notNull(),
    /** The class's share of the whole vote in basis points (weighted scheme), for display. */
    classWeightBps: integer('class_weight_bps'),
    voted: boolean('voted').notNull().default(false),
    /** 'self' or 'proxy' once voted. */
    castBy: text('cast_by'),
    proxyId: uuid('proxy_id'),
    ballotLock: text('ballot_lock'),
    votedAt: timestamp('voted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.proposalId, t.accountId] }),
    check(
      'governance_roll_cast_check',
      sql`(${t.voted} = (${t.castBy} is not null)) and (${t.castBy} is null or ${t.castBy} in ('self', 'proxy')) and ((${t.castBy} = 'proxy') = (${t.proxyId} is not null))`,
    ),
    index('governance_roll_proxy_idx').on(t.coopId, t.proposalId, t.proxyId),
  ],
);

/**
 * What was voted. For a secret vote: no voter, no proxy, no time, and a key (the receipt) derived from
 * the voter's secret; the rows are rewritten in a random order on every cast. For an open vote the
 * voter (and the proxy who cast it) are recorded, as the constitution wants them shown.
 */
export const ballots = pgTable(
  'governance_ballots',
  {
    coopId: uuid('coop_id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
    receipt: text('receipt').notNull(),
    classKey: text('class_key').notNull(),
    content: jsonb('content').notNull(),
    voterId: uuid('voter_id'),
    castById: uuid('cast_by_id'),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.proposalId, t.receipt] }),
    uniqueIndex('governance_ballots_voter_key')
      .on(t.coopId, t.proposalId, t.voterId)
      .where(sql`${t.voterId} is not null`),
    check('governance_ballots_receipt_check', sql`${t.receipt} ~ '^[A-Za-z0-9_-]{16,64}$'`),
    check('governance_ballots_open_check', sql`(${t.voterId} is null) = (${t.castById} is null)`),
  ],
);

/**
 * Secret votes only, until the close: the ballot key of a ballot a proxy cast for a member, so that
 * the member's own vote can replace it. The one stored link between a person and a secret ballot;
 * deleted at the close (see the decision record).
 */
export const proxyEscrow = pgTable(
  'governance_proxy_escrow',
  {
    coopId: uuid('coop_id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
    memberId: uuid('member_id').notNull(),
    ballotKey: text('ballot_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.coopId, t.proposalId, t.memberId] })],
);

/** A member appoints another as proxy for one proposal, or for all until revoked. */
export const proxies = pgTable(
  'governance_proxies',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    memberId: uuid('member_id').notNull(),
    proxyId: uuid('proxy_id').notNull(),
    proposalId: uuid('proposal_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    check('governance_proxies_self_check', sql`${t.memberId} <> ${t.proxyId}`),
    uniqueIndex('governance_proxies_standing_key')
      .on(t.coopId, t.memberId)
      .where(sql`${t.proposalId} is null and ${t.revokedAt} is null`),
    uniqueIndex('governance_proxies_proposal_key')
      .on(t.coopId, t.memberId, t.proposalId)
      .where(sql`${t.proposalId} is not null and ${t.revokedAt} is null`),
    index('governance_proxies_holder_idx').on(t.coopId, t.proxyId),
  ],
);

export const notificationPrefs = pgTable(
  'governance_notification_prefs',
  {
    coopId: uuid('coop_id').notNull(),
    accountId: uuid('account_id').notNull(),
    mode: text('mode').notNull(),
    lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.accountId] }),
    check('governance_notification_prefs_mode_check', sql`${t.mode} in ('everything', 'votes', 'digest')`),
  ],
);

/** In-app notices; also what makes each email go out once (unique per proposal, person and kind). */
export const notices = pgTable(
  'governance_notices',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** Waiting for the person's weekly digest. */
    digestPending: boolean('digest_pending').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    uniqueIndex('governance_notices_once_key').on(t.coopId, t.proposalId, t.accountId, t.kind),
    index('governance_notices_account_idx').on(t.coopId, t.accountId, t.createdAt),
    check(
      'governance_notices_kind_check',
      sql`${t.kind} in ('discussion', 'voting_opened', 'reminder', 'result')`,
    ),
  ],
);
