import { z } from 'zod';
import { committeeKey, coopRoleName, decisionKinds, votingMethods } from './constitution.ts';
import { nonNegativeMinorUnits } from './money.ts';

// Democratic governance: proposals, discussion, voter rolls, ballots (secret or open), proxies,
// results and their enactment. Amounts are strings of minor units; times are ISO 8601.

const iso = z.iso.datetime({ offset: true }).describe('ISO 8601 time');
const uuid = z.string().uuid();

export const proposalKinds = [
  'resolution',
  'policy',
  'bylaws',
  'admission',
  'expulsion',
  'election',
  'budget',
] as const;
export const proposalKind = z.enum(proposalKinds).describe('What the proposal decides');
export type ProposalKind = (typeof proposalKinds)[number];

export const proposalStatuses = [
  'draft',
  'seconding',
  'discussion',
  'voting',
  'passed',
  'failed',
  'elected',
  'funded',
  'enacted',
  'withdrawn',
] as const;
export const proposalStatus = z
  .enum(proposalStatuses)
  .describe(
    'draft → seconding → discussion → voting → passed / failed / elected / funded → enacted (where it changes something); withdrawn before voting',
  );
export type ProposalStatus = (typeof proposalStatuses)[number];

/** What an election fills: the board, the admins, or the seats of a committee the constitution lists. */
export const electedRole = z
  .enum(['board', 'admin', 'committee'])
  .describe('Role the winners hold for the term; for committee, name the committee in `committee`');

const title = z.string().trim().min(3).max(160).describe('Short title');
const body = z.string().trim().max(20_000).default('').describe('The proposal text (Markdown)');
const optionName = z.string().trim().min(1).max(120);
const optionDescription = z.string().trim().max(2000).default('');

/** A JSON merge patch (RFC 7386) on the constitution document: objects merge, arrays replace, null removes. */
export const constitutionChanges = z
  .record(z.string(), z.unknown())
  .refine((v) => Object.keys(v).length > 0, 'give at least one change')
  .describe(
    'Field changes to the constitution as a JSON merge patch, e.g. { "market": { "platformFeeBps": 600 } }',
  );

const common = {
  title,
  body,
  secret: z
    .boolean()
    .optional()
    .describe('Ask for a secret ballot even where the constitution allows an open one (one way)'),
  liveResults: z
    .boolean()
    .optional()
    .describe('Show results while voting is open (open ballots only; secret ballots never)'),
  votingOpensAt: iso.optional().describe('When voting should open (not before the discussion minimum)'),
  votingClosesAt: iso.optional().describe('When voting should close (not before the voting minimum)'),
};

export const createProposalInput = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('resolution'),
        ...common,
        options: z
          .array(z.object({ name: optionName, description: optionDescription }).strict())
          .max(30)
          .optional()
          .describe('Choices, when the resolution picks among options rather than yes / no'),
      })
      .strict(),
    z
      .object({
        kind: z.enum(['policy', 'bylaws']),
        ...common,
        changes: constitutionChanges,
        effectiveAt: iso
          .nullable()
          .optional()
          .describe('When the change takes effect once passed; absent or null = as soon as it passes'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('admission'),
        ...common,
        applicationId: uuid.describe('An application waiting for a member vote'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('expulsion'),
        ...common,
        membershipId: uuid.describe('The membership to end'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('election'),
        ...common,
        role: electedRole.default('board'),
        committee: committeeKey
          .optional()
          .describe('With role committee: the key of a committee in the constitution in force'),
        seats: z.number().int().min(1).max(25).describe('Seats to fill'),
        termMonths: z.number().int().min(1).max(72).describe('Length of the term'),
        candidates: z
          .array(uuid)
          .max(100)
          .optional()
          .describe('Accounts of members nominated (each must be a member)'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('budget'),
        ...common,
        amount: nonNegativeMinorUnits.describe('Amount from the community fund to distribute'),
        projects: z
          .array(
            z
              .object({ name: optionName, description: optionDescription, cost: nonNegativeMinorUnits })
              .strict(),
          )
          .max(200)
          .optional(),
      })
      .strict(),
  ])
  .describe('Draft a proposal');
export type CreateProposalInput = z.infer<typeof createProposalInput>;

export const updateProposalInput = z
  .object({
    title: title.optional(),
    body: z.string().trim().max(20_000).optional(),
    secret: z
      .boolean()
      .optional()
      .describe('Make the ballot secret (cannot be undone: false is refused once true)'),
    liveResults: z.boolean().optional(),
    votingOpensAt: iso.nullable().optional(),
    votingClosesAt: iso.nullable().optional(),
    changes: constitutionChanges.optional().describe('Policy and bylaws proposals only'),
    effectiveAt: iso.nullable().optional().describe('Policy and bylaws proposals only'),
    seats: z.number().int().min(1).max(25).optional().describe('Elections only'),
    termMonths: z.number().int().min(1).max(72).optional().describe('Elections only'),
    amount: nonNegativeMinorUnits.optional().describe('Budgets only'),
  })
  .strict()
  .describe('Edit a draft (only the proposer, only while it is a draft)');

export const scheduleInput = z
  .object({ votingOpensAt: iso, votingClosesAt: iso })
  .strict()
  .describe('Set when voting opens and closes (proposer, before voting opens)');

export const withdrawInput = z
  .object({ reason: z.string().trim().max(1000).default('') })
  .strict()
  .describe('Withdraw a proposal before voting opens');

export const addOptionInput = z
  .object({
    name: optionName.optional().describe('Defaults to the candidate’s name in elections'),
    description: optionDescription,
    accountId: uuid.optional().describe('Elections: the member standing (yourself, or a nominee)'),
    cost: nonNegativeMinorUnits.optional().describe('Budgets: the project’s cost'),
  })
  .strict()
  .describe('Add a candidate, a project or a choice before voting opens');

export const constitutionChange = z.object({
  path: z
    .string()
    .describe('Dotted path; keyed lists by key, e.g. market.categories[cleaning].minHourlyRate'),
  before: z.unknown(),
  after: z.unknown(),
});

export const countingMethods = [
  'decision',
  'plurality',
  'approval',
  'score',
  'irv',
  'stv',
  'committee',
  'equal-shares',
  'greedy',
] as const;

export const frozenRules = z
  .object({
    frozen: z.boolean().describe('True once voting opened; before that, what the constitution says now'),
    constitutionVersion: z.number().int(),
    decisionKind: z.enum(decisionKinds),
    method: z.enum(votingMethods).describe('The constitution’s method used'),
    countedAs: z
      .enum(countingMethods)
      .describe('How the counting engine counts it (decision, stv, approval, equal-shares …)'),
    note: z
      .string()
      .nullable()
      .describe('Why the method differs from the constitution’s default, if it does'),
    quorumBps: z.number().int(),
    thresholdBps: z.number().int(),
    perClassQuorum: z.boolean(),
    secret: z.boolean(),
    scheme: z.enum(['one-member-one-vote', 'weighted-classes']),
    classWeightsBps: z.record(z.string(), z.number().int()),
    proxies: z.object({ allowed: z.boolean(), maxPerPerson: z.number().int() }),
    minVotingDays: z.number().int(),
    minDiscussionDays: z.number().int(),
    secondsNeeded: z.number().int(),
    seats: z.number().int().nullable(),
    budget: z.string().nullable(),
    maxScore: z.number().int().nullable(),
  })
  .describe('ProposalRules');
export type FrozenRules = z.infer<typeof frozenRules>;

export const proposalOptionView = z
  .object({
    key: z.string().describe('Id used in ballots and the published file'),
    name: z.string(),
    description: z.string(),
    accountId: z.string().nullable().describe('Candidate (elections)'),
    cost: z.string().nullable().describe('Cost in minor units (budgets)'),
    proposedBy: z.string().nullable(),
  })
  .describe('ProposalOption');

const person = z.object({ accountId: z.string(), displayName: z.string() });

/** What an enactment changed, one shape per kind of proposal (and one for a change that no longer applied). */
export const enactmentDetails = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.enum(['policy', 'bylaws']),
        constitutionVersion: z.number().int().describe('The version the change created'),
        previousVersion: z.number().int().describe('The version it replaced'),
        hash: z.string().describe('Hash of the new version in the constitution’s chain'),
        diff: z.array(constitutionChange),
      })
      .describe('A policy change or amendment made the next constitution version'),
    z
      .object({
        kind: z.literal('conflict'),
        conflicts: z.array(z.string()).describe('Fields another decision changed after the draft'),
        constitutionVersion: z.number().int().describe('The version in force when it was refused'),
      })
      .describe('A policy change not enacted because another decision changed the same fields'),
    z
      .object({
        kind: z.literal('election'),
        role: coopRoleName,
        granted: z.array(z.string()).describe('Accounts of the winners, who hold the role now'),
        revoked: z.array(z.string()).describe('Accounts of the previous holders, whose term ended'),
        termEndsAt: z.string().describe('When the winners’ term ends'),
      })
      .describe('An election gave the role to its winners'),
    z
      .object({
        kind: z.literal('admission'),
        status: z.enum(['admitted', 'declined']),
        membershipId: z.string().nullable(),
        memberNumber: z.number().int().nullable(),
      })
      .describe('An application decided by the vote'),
    z
      .object({
        kind: z.literal('expulsion'),
        accountId: z.string(),
        memberNumber: z.number().int(),
        redeemed: z.string().describe('Share capital owed back, minor units'),
        currency: z.string(),
      })
      .describe('A membership ended by the vote; the share is redeemed'),
    z
      .object({
        kind: z.literal('budget'),
        earmarked: z
          .string()
          .describe('Money moved from the community fund to projects payable, minor units'),
        currency: z.string(),
        entryId: z
          .string()
          .nullable()
          .describe('The ledger entry of the earmark (none when nothing was funded)'),
        funded: z.array(z.object({ key: z.string(), name: z.string(), cost: z.string().nullable() })),
      })
      .describe('A participatory budget earmarked the funded projects’ money'),
  ])
  .describe('EnactmentDetails');
export type EnactmentDetails = z.infer<typeof enactmentDetails>;

export const enactmentView = z
  .object({
    status: z.enum(['pending', 'enacted', 'not_enacted', 'nothing_to_enact']),
    at: z.string().nullable(),
    reason: z.string().nullable().describe('Why it was not enacted, or what it waits for'),
    details: enactmentDetails.nullable().describe('What changed; null while pending or when nothing did'),
  })
  .describe('Enactment');
export type EnactmentView = z.infer<typeof enactmentView>;

export const proposalSummary = z
  .object({
    id: z.string().uuid(),
    number: z.number().int(),
    kind: proposalKind,
    title: z.string(),
    status: proposalStatus,
    proposer: person.nullable(),
    createdAt: z.string(),
    votingOpensAt: z.string().nullable(),
    votingClosesAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    seconds: z.number().int(),
    secondsNeeded: z.number().int(),
    secret: z.boolean().describe('Secret ballot (frozen at opening; before that, what would apply)'),
  })
  .describe('ProposalSummary');

export const proposalList = z.object({ proposals: z.array(proposalSummary) }).describe('ProposalList');

export const proposalFilter = z
  .enum(['open', 'discussion', 'decided', 'draft', 'all'])
  .describe(
    'open: voting now; discussion: seconding or in discussion; decided: closed or withdrawn; draft: your drafts',
  );

export const proposalView = proposalSummary
  .extend({
    decisionKind: z.enum(decisionKinds),
    body: z.string(),
    secretRequested: z.boolean(),
    liveResults: z.boolean(),
    baseVersion: z.number().int(),
    policy: z
      .object({
        changes: z.record(z.string(), z.unknown()),
        diff: z.array(constitutionChange),
        effectiveAt: z.string().nullable(),
      })
      .nullable(),
    election: z
      .object({
        role: coopRoleName.describe('The role the winners get: board, admin or committee:<key>'),
        committee: z
          .object({ key: z.string(), name: z.string() })
          .nullable()
          .describe('The committee whose seats it fills (its name in the constitution in force)'),
        seats: z.number().int(),
        termMonths: z.number().int(),
      })
      .nullable(),
    budget: z.object({ amount: z.string(), currency: z.string() }).nullable(),
    subject: z
      .object({
        kind: z.enum(['application', 'membership']),
        id: z.string(),
        accountId: z.string(),
        displayName: z.string(),
        classKey: z.string(),
        memberNumber: z.number().int().nullable(),
      })
      .nullable(),
    options: z.array(proposalOptionView),
    rules: frozenRules,
    timeline: z.object({
      createdAt: z.string(),
      submittedAt: z.string().nullable(),
      discussionStartedAt: z.string().nullable(),
      votingOpensAt: z.string().nullable(),
      votingClosesAt: z.string().nullable(),
      openedAt: z.string().nullable(),
      closedAt: z.string().nullable(),
      effectiveAt: z.string().nullable(),
      enactedAt: z.string().nullable(),
      withdrawnAt: z.string().nullable(),
      withdrawReason: z.string().nullable(),
    }),
    roll: z
      .object({ eligible: z.number().int(), voted: z.number().int() })
      .nullable()
      .describe('Voters on the roll and how many have voted (from the opening)'),
    me: z.object({
      isProposer: z.boolean(),
      seconded: z.boolean(),
      onRoll: z.boolean(),
      voted: z.boolean(),
      castBy: z.enum(['self', 'proxy']).nullable(),
      mayCastFor: z
        .array(person)
        .describe('Members whose proxy you are on this proposal and who have not voted'),
    }),
    resultHash: z.string().nullable(),
    enactment: enactmentView.nullable(),
  })
  .describe('Proposal');
export type ProposalView = z.infer<typeof proposalView>;

// Ballots: exactly one of the fields, depending on the method.
export const ballotInput = z
  .object({
    choice: z
      .string()
      .max(40)
      .nullable()
      .optional()
      .describe('yes / no / abstain (/ block in consent decisions), or an option key (single choice)'),
    ranking: z
      .array(z.union([z.string().max(40), z.array(z.string().max(40)).max(100)]))
      .max(100)
      .optional()
      .describe('Option keys, most preferred first'),
    approve: z.array(z.string().max(40)).max(200).optional().describe('Approved option keys'),
    scores: z.record(z.string().max(40), z.number()).optional().describe('Option key → score'),
  })
  .strict()
  .describe('Ballot');
export type BallotInput = z.infer<typeof ballotInput>;

export const castInput = z
  .object({
    ballot: ballotInput,
    ballotKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/)
      .optional()
      .describe('Secret ballots: the key you were given at your first vote, to change your ballot'),
    onBehalfOf: uuid.optional().describe('Cast as proxy for this member (account id)'),
  })
  .strict()
  .describe('Cast or change a ballot');

export const castResult = z
  .object({
    receipt: z
      .string()
      .describe('Find your ballot under this receipt in the published ballots after the close'),
    ballotKey: z
      .string()
      .nullable()
      .describe(
        'Secret ballots: keep it to change your ballot before the close; the server does not keep it',
      ),
    replaced: z.boolean().describe('An earlier ballot for this voter was replaced'),
    castFor: z.string().uuid().describe('The member whose vote this is'),
  })
  .describe('CastResult');

export const verifyBallotInput = z
  .object({ ballotKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })
  .strict()
  .describe('Look at your own secret ballot before the close, with your ballot key');

export const myBallotView = z
  .object({ receipt: z.string(), ballot: ballotInput, castBy: z.enum(['self', 'proxy']) })
  .describe('MyBallot');

export const rollEntry = z.object({
  accountId: z.string(),
  displayName: z.string(),
  classKey: z.string(),
  voted: z.boolean(),
  castBy: z.enum(['self', 'proxy']).nullable(),
  proxy: person.nullable(),
  votedAt: z.string().nullable().describe('Open ballots only; a secret vote keeps no time'),
  ballot: ballotInput.nullable().describe('Open ballots only, when the constitution shows them'),
});
export const rollView = z.object({ secret: z.boolean(), entries: z.array(rollEntry) }).describe('VoterRoll');

const fractionText = z.string().describe('Exact fraction as text, e.g. "3/5"');

export const resultClass = z.object({
  classKey: z.string(),
  eligible: z.number().int(),
  ballots: z.number().int(),
  shareBps: z.number().int().nullable().describe('Constitutional share of the whole vote (weighted)'),
  voteValue: fractionText.describe('What one ballot of this class counts for'),
  turnout: z.string().describe('Decimal share of the class that voted'),
  yes: z.number().int().nullable(),
  no: z.number().int().nullable(),
  abstain: z.number().int().nullable(),
  block: z.number().int().nullable(),
  weightedYes: z.string().nullable(),
  weightedNo: z.string().nullable(),
  quorumMet: z.boolean().nullable(),
});

export const resultRound = z.object({
  round: z.number().int(),
  tally: z.record(z.string(), z.string()),
  elected: z.array(z.string()),
  eliminated: z.array(z.string()),
  threshold: z.string().nullable(),
});

export const resultView = z
  .object({
    proposalId: z.string().uuid(),
    final: z.boolean().describe('False for live results of an open vote'),
    outcome: z.enum(['passed', 'failed', 'elected', 'funded', 'pending']),
    countedAs: z.enum(countingMethods),
    reasons: z.array(z.object({ code: z.string(), message: z.string() })),
    turnout: z.object({
      eligible: z.number().int(),
      ballots: z.number().int(),
      share: z.string().describe('Decimal, weighted by class where the scheme is weighted'),
      exact: fractionText,
    }),
    quorum: z.object({ requiredBps: z.number().int(), met: z.boolean() }),
    threshold: z
      .object({
        requiredBps: z.number().int(),
        rule: z.string(),
        yesShare: z.string().nullable(),
        met: z.boolean(),
      })
      .nullable(),
    totals: z
      .object({ yes: z.string(), no: z.string(), abstain: z.string(), block: z.string() })
      .nullable()
      .describe('Weighted totals (decimal) of a yes / no decision'),
    classes: z.array(resultClass),
    options: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        score: z.string().nullable(),
        cost: z.string().nullable(),
        won: z.boolean(),
      }),
    ),
    winners: z.array(z.string()).describe('Option keys elected, chosen or funded'),
    rounds: z.array(resultRound),
    budget: z.object({ amount: z.string(), spent: z.string() }).nullable(),
    explanation: z.array(z.string()),
    resultHash: z.string().nullable().describe('SHA-256 of the canonical JSON of the stored result'),
    ballotFileHash: z.string().nullable().describe('SHA-256 of the published ballot file'),
    ballotFileUrl: z.string().nullable(),
    bltUrl: z.string().nullable(),
    closedAt: z.string().nullable(),
    enactment: enactmentView.nullable(),
  })
  .describe('Result');
export type ResultView = z.infer<typeof resultView>;

export const commentInput = z
  .object({
    body: z.string().trim().min(1).max(10_000),
    parentId: uuid.optional().describe('Reply to this comment'),
    amendment: z.boolean().default(false).describe('Marks the comment as a suggested amendment'),
  })
  .strict()
  .describe('Comment on a proposal');

export const editCommentInput = z
  .object({ body: z.string().trim().min(1).max(10_000) })
  .strict()
  .describe('Edit your comment (shown as edited)');

export const moderateInput = z
  .object({ reason: z.string().trim().min(3).max(1000) })
  .strict()
  .describe('Hide a comment (admins and board), with a reason that is audited');

export const commentView = z
  .object({
    id: z.string().uuid(),
    parentId: z.string().uuid().nullable(),
    author: person,
    body: z.string().nullable().describe('Null when hidden by a moderator'),
    amendment: z.boolean(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    hidden: z.object({ at: z.string(), reason: z.string() }).nullable(),
  })
  .describe('Comment');
export const commentList = z.object({ comments: z.array(commentView) }).describe('CommentList');

export const appointProxyInput = z
  .object({
    proxyAccountId: uuid.describe('The member who will vote for you'),
    proposalId: uuid.optional().describe('Only for this proposal; absent = for every vote until revoked'),
  })
  .strict()
  .describe('Appoint a proxy');

export const proxyView = z
  .object({
    id: z.string().uuid(),
    member: person,
    proxy: person,
    proposalId: z.string().uuid().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .describe('Proxy');
export const myProxies = z
  .object({
    given: z.array(proxyView).describe('Proxies you appointed'),
    held: z.array(proxyView).describe('Members who appointed you'),
    maxPerPerson: z.number().int(),
    allowed: z.boolean(),
  })
  .describe('MyProxies');

export const notificationMode = z
  .enum(['everything', 'votes', 'digest'])
  .describe(
    'everything: new proposals, votes and results; votes: votes and results; digest: one weekly email',
  );
export const preferencesView = z.object({ mode: notificationMode }).describe('GovernancePreferences');

export const noticeView = z
  .object({
    id: z.string().uuid(),
    proposalId: z.string().uuid(),
    proposalTitle: z.string(),
    kind: z.enum(['discussion', 'voting_opened', 'reminder', 'result']),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .describe('Notice');
export const noticeList = z.object({ notices: z.array(noticeView) }).describe('NoticeList');

export const myVote = z.object({
  proposal: proposalSummary,
  voted: z.boolean(),
  castBy: z.enum(['self', 'proxy']).nullable(),
  proxy: person.nullable(),
});
export const myVotes = z
  .object({ votes: z.array(myVote).describe('Proposals whose roll you are on, newest first') })
  .describe('MyVotes');
