import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { countChoice } from './choice/count.ts';
import {
  classVoteValues,
  countDecision,
  DECISION_CHOICES,
  type DecisionChoice,
  type DecisionResult,
  type DecisionRules,
} from './choice/decision.ts';
import { TallyError } from './choice/errors.ts';
import { tieBreakPriority } from './choice/tie-break.ts';
import {
  BALLOT_KINDS,
  CHOICE_METHODS,
  type ChoiceBallot,
  type ChoiceMethod,
  type ChoiceResult,
  type ChoiceRules,
  isChoiceMethod,
} from './choice/types.ts';
import { ballotKindOf } from './choice/validate.ts';
import {
  type CommitteeOutcome,
  type CommitteeRule,
  committeeRules,
  createApprovalInstance,
  electCommittee,
  type PbOutcome,
  type PbRule,
  pbRules,
  runPbRule,
} from './pb/index.ts';
import type { Rational } from './rational.ts';
import * as Q from './rational.ts';
import { countRankedChoice, type RankedChoiceResult, type RankedChoiceRules } from './rcv/index.ts';

// Mutual's published-ballot file: everything needed to re-count a closed contest, and nothing that
// links a ballot to a voter. Format and versioning: docs/decisions/0011-tally-decisions-and-ballot-file.md.

export const BALLOT_FILE_FORMAT = 'mutual-ballots';
export const BALLOT_FILE_VERSION = 1;

export const RANKED_CHOICE_METHODS = ['irv', 'stv'] as const;
/** pb: participatory budgeting over costed options; committee: approval-based committee rules. */
export const APPROVAL_BUDGET_METHODS = ['pb', 'committee'] as const;
export const BALLOT_FILE_METHODS = [
  'decision',
  ...CHOICE_METHODS,
  ...RANKED_CHOICE_METHODS,
  ...APPROVAL_BUDGET_METHODS,
] as const;
export type BallotFileMethod = (typeof BALLOT_FILE_METHODS)[number];

const share = z.union([z.string(), z.number()]);
const whole = z.number().int().nonnegative();
const positive = z.number().int().positive();

const rulesSchema = z
  .object({
    // decision
    quorum: share.optional(),
    threshold: z.union([z.string(), z.object({ share, inclusive: z.boolean() }).strict()]).optional(),
    basis: z.enum(['votes-cast', 'ballots-cast', 'eligible']).optional(),
    classWeights: z.record(z.string(), whole).optional(),
    perClassQuorum: z.union([z.boolean(), share]).optional(),
    perClassThreshold: z.boolean().optional(),
    allowBlock: z.boolean().optional(),
    blocksToStop: positive.optional(),
    // choosing among options
    seats: positive.optional(),
    minScore: whole.optional(),
    maxScore: positive.optional(),
    points: positive.optional(),
    maxPerOption: positive.optional(),
    spendAll: z.boolean().optional(),
    maxApprovals: positive.optional(),
    maxRanks: positive.optional(),
    allowEqualRanks: z.boolean().optional(),
    unranked: z.enum(['tied-last', 'not-compared']).optional(),
    variant: z.enum(['winning', 'margin', 'ratio', 'opposition']).optional(),
    bordaStart: whole.optional(),
    scoreBy: z.enum(['total', 'mean']).optional(),
    equalShares: z.enum(['per-seat', 'unit-cost']).optional(),
    tiebreakOrder: z.array(z.string()).optional(),
    // participatory budgeting and committees
    budget: positive.optional(),
    rule: z.string().optional(),
    utility: z.enum(['cost', 'cardinality']).optional(),
    // ranked choice (RCTab rules for irv / stv)
    rankedChoice: z
      .object({
        overvoteRule: z
          .enum(['exhaustImmediately', 'alwaysSkipToNextRank', 'exhaustIfMultipleContinuing'])
          .optional(),
        maxSkippedRanksAllowed: z.union([whole, z.literal('unlimited')]).optional(),
        maxRankingsAllowed: z.union([positive, z.literal('max')]).optional(),
        decimalPlaces: positive.optional(),
        batchElimination: z.boolean().optional(),
        hareQuota: z.boolean().optional(),
        winnerElectionMode: z
          .enum([
            'singleWinnerMajority',
            'multiWinnerAllowMultipleWinnersPerRound',
            'multiWinnerAllowOnlyOneWinnerPerRound',
            'bottomsUp',
            'multiPassIrv',
          ])
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const ballotSchema = z
  .object({
    receipt: z.string().min(1),
    class: z.string().min(1).optional(),
    weight: positive.optional(),
    choice: z.string().nullable().optional(),
    ranking: z.array(z.union([z.string(), z.array(z.string())])).optional(),
    approve: z.array(z.string()).optional(),
    scores: z.record(z.string(), z.number()).optional(),
    points: z.record(z.string(), z.number()).optional(),
  })
  .strict();

export const ballotFileSchema = z
  .object({
    format: z.literal(BALLOT_FILE_FORMAT),
    version: z.literal(BALLOT_FILE_VERSION),
    contest: z
      .object({
        id: z.string().min(1),
        title: z.string(),
        kind: z.string().optional(),
        closedAt: z.string().optional(),
      })
      .strict(),
    method: z.enum(BALLOT_FILE_METHODS),
    rules: rulesSchema.default({}),
    options: z
      .array(
        z.object({ id: z.string().min(1), name: z.string().optional(), cost: whole.optional() }).strict(),
      )
      .default([]),
    /** Voters on the roll per member class ({ "members": n } when there are no classes). */
    eligible: z.record(z.string(), whole).optional(),
    seed: z.string().optional(),
    ballots: z.array(ballotSchema),
  })
  .strict();

export type BallotFile = z.infer<typeof ballotFileSchema>;
export type BallotFileBallot = z.infer<typeof ballotSchema>;
export type BallotFileRules = z.infer<typeof rulesSchema>;

export type BallotFileIssue = { path: string; message: string };

export class BallotFileError extends Error {
  readonly code = 'INVALID_BALLOT_FILE';
  readonly issues: BallotFileIssue[];

  constructor(issues: BallotFileIssue[]) {
    const first = issues[0]!;
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(`${first.path ? `${first.path}: ` : ''}${first.message}${more}`);
    this.name = 'BallotFileError';
    this.issues = issues;
  }
}

const DECISION_RULES = new Set([
  'quorum',
  'threshold',
  'basis',
  'classWeights',
  'perClassQuorum',
  'perClassThreshold',
  'allowBlock',
  'blocksToStop',
]);
const RANKED_CHOICE_RULES = new Set(['seats', 'tiebreakOrder', 'rankedChoice']);
const PB_RULES = new Set(['budget', 'rule', 'utility', 'tiebreakOrder']);
const COMMITTEE_RULES = new Set(['seats', 'rule', 'tiebreakOrder']);
/** The most voters the approval rules are given: they take one entry per voter, so weights are expanded. */
const MAX_EXPANDED_VOTERS = 10_000_000;
const RANKED_BALLOT_RULES = ['maxRanks', 'allowEqualRanks', 'unranked'];
const SCORE_RULES = ['minScore', 'maxScore'];
/** Rules each option method reads, beyond seats, tiebreakOrder and classWeights which all take. */
const CHOICE_RULES: Record<ChoiceMethod, readonly string[]> = {
  plurality: RANKED_BALLOT_RULES,
  approval: [...SCORE_RULES, 'maxApprovals'],
  score: [...SCORE_RULES, 'scoreBy'],
  star: SCORE_RULES,
  'score-equal-shares': [...SCORE_RULES, 'equalShares'],
  cumulative: ['points', 'maxPerOption', 'spendAll'],
  borda: [...RANKED_BALLOT_RULES, 'bordaStart'],
  dowdall: RANKED_BALLOT_RULES,
  schulze: [...RANKED_BALLOT_RULES, 'variant'],
  'ranked-pairs': [...RANKED_BALLOT_RULES, 'variant'],
  copeland: RANKED_BALLOT_RULES,
  minimax: [...RANKED_BALLOT_RULES, 'variant'],
  'kemeny-young': RANKED_BALLOT_RULES,
  'irv-ranking': RANKED_BALLOT_RULES,
};

/** Checks what the schema cannot: cross-references, uniqueness, rules that apply to the method. */
function checkFile(file: BallotFile, method: BallotFileMethod): BallotFileIssue[] {
  const issues: BallotFileIssue[] = [];
  const allowed = applicableRules(method);
  for (const key of Object.keys(file.rules)) {
    if (!allowed.has(key))
      issues.push({ path: `rules.${key}`, message: `does not apply to method ${method}` });
  }
  const ids = new Set<string>();
  file.options.forEach((o, i) => {
    if (ids.has(o.id)) issues.push({ path: `options.${i}.id`, message: `option "${o.id}" is listed twice` });
    ids.add(o.id);
  });
  const receipts = new Set<string>();
  const classes = file.eligible ? new Set(Object.keys(file.eligible)) : null;
  file.ballots.forEach((b, i) => {
    if (receipts.has(b.receipt))
      issues.push({ path: `ballots.${i}.receipt`, message: `receipt "${b.receipt}" appears twice` });
    receipts.add(b.receipt);
    if (b.class !== undefined && classes && !classes.has(b.class)) {
      issues.push({ path: `ballots.${i}.class`, message: `class "${b.class}" is not in eligible` });
    }
    if (
      method === 'decision' &&
      !(DECISION_CHOICES as readonly (string | null | undefined)[]).includes(b.choice)
    ) {
      issues.push({
        path: `ballots.${i}.choice`,
        message: `a decision ballot's choice is one of ${DECISION_CHOICES.join(', ')}`,
      });
    }
    if ((method === 'irv' || method === 'stv') && b.ranking === undefined) {
      issues.push({ path: `ballots.${i}.ranking`, message: `a ${method} ballot is a ranking` });
    }
    if (
      (method === 'pb' || method === 'committee') &&
      (b.approve === undefined || ballotKindOf(b).length !== 1)
    ) {
      issues.push({
        path: `ballots.${i}.approve`,
        message: `a ${method} ballot lists the options it approves`,
      });
    }
    if (isChoiceMethod(method)) {
      const kinds = ballotKindOf(b);
      if (kinds.length !== 1 || !BALLOT_KINDS[method].includes(kinds[0]!)) {
        issues.push({
          path: `ballots.${i}`,
          message: `a ${method} ballot fills exactly one of: ${BALLOT_KINDS[method].join(', ')}`,
        });
      }
    }
  });
  if (method === 'decision') {
    if (file.options.length > 0)
      issues.push({ path: 'options', message: 'a decision has no options (yes / no / abstain)' });
    if (!file.eligible)
      issues.push({ path: 'eligible', message: 'a decision needs the number of eligible voters' });
    if (file.rules.threshold === undefined)
      issues.push({ path: 'rules.threshold', message: 'a decision needs a threshold' });
  } else if (file.options.length === 0) {
    issues.push({ path: 'options', message: `method ${method} needs options` });
  }
  if (method === 'pb') {
    if (file.rules.budget === undefined)
      issues.push({ path: 'rules.budget', message: 'participatory budgeting needs a budget' });
    file.options.forEach((o, i) => {
      if (o.cost === undefined)
        issues.push({ path: `options.${i}.cost`, message: 'each option of a budget has a cost' });
    });
  }
  if (file.rules.rule !== undefined) {
    const known: readonly string[] = method === 'pb' ? pbRules : committeeRules;
    if (!known.includes(file.rules.rule)) {
      issues.push({ path: 'rules.rule', message: `one of ${known.join(', ')}` });
    }
  }
  if (file.rules.classWeights && !file.eligible) {
    issues.push({
      path: 'eligible',
      message: 'weighted classes need the number of eligible voters per class',
    });
  }
  return issues;
}

function zodIssues(error: z.ZodError): BallotFileIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Validates an already-parsed JSON value as a ballot file; throws BallotFileError listing every problem. */
export function parseBallotFile(value: unknown): BallotFile {
  if (typeof value === 'object' && value !== null) {
    const v = value as { format?: unknown; version?: unknown };
    if (v.format !== BALLOT_FILE_FORMAT) {
      throw new BallotFileError([
        { path: 'format', message: `not a Mutual ballot file (format must be "${BALLOT_FILE_FORMAT}")` },
      ]);
    }
    if (v.version !== BALLOT_FILE_VERSION) {
      throw new BallotFileError([
        {
          path: 'version',
          message: `version ${String(v.version)} is not supported (this reader knows version ${BALLOT_FILE_VERSION})`,
        },
      ]);
    }
  }
  const parsed = ballotFileSchema.safeParse(value);
  if (!parsed.success) throw new BallotFileError(zodIssues(parsed.error));
  const issues = checkFile(parsed.data, parsed.data.method);
  if (issues.length > 0) throw new BallotFileError(issues);
  return parsed.data;
}

/** Reads a ballot file from its JSON text. */
export function readBallotFile(text: string): BallotFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BallotFileError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return parseBallotFile(value);
}

/**
 * Writes a ballot file: fixed key order, two-space indentation, one ballot per line (diffable, and a
 * voter can find a receipt with a text search). readBallotFile reads it back to an equal value.
 */
export function writeBallotFile(file: BallotFile): string {
  const parsed = parseBallotFile(file);
  const head: Record<string, unknown> = {
    format: parsed.format,
    version: parsed.version,
    contest: parsed.contest,
    method: parsed.method,
    rules: parsed.rules,
    options: parsed.options,
  };
  if (parsed.eligible) head['eligible'] = parsed.eligible;
  if (parsed.seed !== undefined) head['seed'] = parsed.seed;
  const body = JSON.stringify(head, null, 2).slice(0, -2);
  const ballots = parsed.ballots.map((b) => `    ${JSON.stringify(b)}`).join(',\n');
  return `${body},\n  "ballots": [${ballots ? `\n${ballots}\n  ` : ''}]\n}\n`;
}

/** Where anonymising randomness comes from; the default is the operating system's CSPRNG. */
export type AnonymisingRandom = { int(maxExclusive: number): number; receipt(): string };

export const cryptoRandom: AnonymisingRandom = {
  int: (maxExclusive) => randomInt(maxExclusive),
  receipt: () => randomBytes(12).toString('base64url'),
};

/**
 * Prepares ballots for publication: a random receipt for any ballot without one, and a uniform
 * shuffle so that order reveals nothing (for example the order in which people voted). The shuffle is
 * deliberately not seeded: anyone holding a seed could undo it.
 */
export function anonymiseBallots(
  ballots: readonly (Omit<BallotFileBallot, 'receipt'> & { receipt?: string })[],
  random: AnonymisingRandom = cryptoRandom,
): BallotFileBallot[] {
  const out: BallotFileBallot[] = ballots.map((b) => ({ ...b, receipt: b.receipt ?? random.receipt() }));
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type BallotFileCount = (
  | { kind: 'decision'; method: 'decision'; result: DecisionResult }
  | {
      kind: 'choice';
      method: ChoiceMethod;
      result: ChoiceResult;
      /** With weighted classes: what one ballot of each class counts for, and the whole-number weight used. */
      classWeighting?: Record<string, { voteValue: Rational; ballotWeight: bigint }>;
    }
  | { kind: 'ranked-choice'; method: 'irv' | 'stv'; result: RankedChoiceResult }
  | { kind: 'pb'; method: 'pb'; result: PbOutcome }
  | { kind: 'committee'; method: 'committee'; result: CommitteeOutcome }
) & { ignoredRules?: string[] };

/** Whole-number ballot weights in the ratio of each class's vote value (exact: scaled by the lcm of denominators). */
function classBallotWeights(eligible: Record<string, number>, classWeights: Record<string, number>) {
  const values = classVoteValues(eligible, classWeights);
  const lcm = [...values.values()].reduce((l, v) => Q.lcm(l, v.den), 1n);
  let weights = new Map([...values].map(([cls, v]) => [cls, (v.num * lcm) / v.den]));
  const common = [...weights.values()].reduce((g, w) => Q.gcd(g, w), 0n) || 1n;
  weights = new Map([...weights].map(([cls, w]) => [cls, w / common]));
  return { values, weights };
}

function applicableRules(method: BallotFileMethod): ReadonlySet<string> {
  if (method === 'decision') return DECISION_RULES;
  if (isChoiceMethod(method))
    return new Set(['seats', 'tiebreakOrder', 'classWeights', ...CHOICE_RULES[method]]);
  if (method === 'pb') return PB_RULES;
  if (method === 'committee') return COMMITTEE_RULES;
  return RANKED_CHOICE_RULES;
}

/**
 * Counts a parsed ballot file by its method, or by `method` for a what-if re-count when the ballots
 * suit it too (a ranked file can be re-counted by any ranked method); rules that do not apply to the
 * other method are left out and listed in `ignoredRules`. Pure: the file's seed drives any lot.
 */
export function countBallotFile(file: BallotFile, options: { method?: string } = {}): BallotFileCount {
  const method = (options.method ?? file.method) as BallotFileMethod;
  if (!(BALLOT_FILE_METHODS as readonly string[]).includes(method)) {
    throw new TallyError('UNKNOWN_METHOD', `unknown method "${method}"`, 'method');
  }
  let r = file.rules;
  const ignoredRules: string[] = [];
  if (method !== file.method) {
    const allowed = applicableRules(method);
    ignoredRules.push(...Object.keys(r).filter((k) => !allowed.has(k)));
    r = Object.fromEntries(Object.entries(r).filter(([k]) => allowed.has(k))) as BallotFileRules;
    const issues = checkFile({ ...file, rules: r }, method);
    if (issues.length > 0) throw new BallotFileError(issues);
  }
  const extra = ignoredRules.length > 0 ? { ignoredRules } : {};

  if (method === 'decision') {
    const eligible = file.eligible!;
    const classes = Object.keys(eligible);
    // A single roll without classes may be written as { "members": n } with classless ballots.
    const classless = classes.length === 1 && file.ballots.every((b) => b.class === undefined);
    const result = countDecision({
      eligible: classless ? eligible[classes[0]!]! : eligible,
      ballots: file.ballots.map((b) => ({
        choice: b.choice as DecisionChoice,
        ...(b.class === undefined ? {} : { class: b.class }),
        ...(b.weight === undefined ? {} : { weight: b.weight }),
      })),
      rules: { ...r, threshold: r.threshold! } as DecisionRules,
    });
    return { kind: 'decision', method, result, ...extra };
  }

  const optionIds = file.options.map((o) => o.id);
  if (method === 'irv' || method === 'stv') {
    // The tie-break order (explicit, seeded lot, or as listed) becomes RCTab's candidate order.
    const order = tieBreakPriority(optionIds, {
      ...(r.tiebreakOrder ? { tiebreakOrder: r.tiebreakOrder } : {}),
      ...(file.seed === undefined ? {} : { seed: file.seed }),
    }).order;
    const rules: RankedChoiceRules = {
      winnerElectionMode:
        method === 'irv' ? 'singleWinnerMajority' : 'multiWinnerAllowMultipleWinnersPerRound',
      numberOfWinners: method === 'irv' ? 1 : (r.seats ?? 1),
      tiebreakMode: 'useCandidateOrder',
      ...r.rankedChoice,
    };
    const result = countRankedChoice({
      candidates: order,
      ballots: file.ballots.map((b) => ({
        ranks: (b.ranking ?? []).map((t) => (typeof t === 'string' ? [t] : t)),
        ...(b.weight === undefined ? {} : { count: b.weight }),
      })),
      rules,
    });
    return { kind: 'ranked-choice', method, result, ...extra };
  }

  if (method === 'pb' || method === 'committee') {
    // The tie-break order (explicit, seeded lot, or as listed) settles ties the rule leaves open.
    const order = tieBreakPriority(optionIds, {
      ...(r.tiebreakOrder ? { tiebreakOrder: r.tiebreakOrder } : {}),
      ...(file.seed === undefined ? {} : { seed: file.seed }),
    }).order;
    // These rules take one entry per voter: a ballot of weight w stands for w voters.
    const voters = file.ballots.reduce((n, b) => n + (b.weight ?? 1), 0);
    if (voters > MAX_EXPANDED_VOTERS) {
      throw new TallyError(
        'TOO_MANY_VOTERS',
        `${voters} voters (weights expanded) is more than ${MAX_EXPANDED_VOTERS}`,
        'ballots',
      );
    }
    const approvals: string[][] = file.ballots.flatMap((b) =>
      Array.from({ length: b.weight ?? 1 }, () => [...(b.approve ?? [])]),
    );
    if (method === 'committee') {
      const seats = r.seats ?? 1;
      if (seats > optionIds.length) {
        throw new TallyError(
          'MORE_SEATS_THAN_CANDIDATES',
          `rules.seats is ${seats} but the file lists ${optionIds.length} option${optionIds.length === 1 ? '' : 's'}: a committee election needs at least as many candidates as seats`,
          'rules.seats',
        );
      }
      const result = electCommittee(
        { candidates: order, ballots: approvals },
        { rule: (r.rule ?? 'equal-shares') as CommitteeRule, seats },
      );
      return { kind: 'committee', method, result, ...extra };
    }
    const instance = createApprovalInstance({
      projects: file.options.map((o) => ({ id: o.id, cost: String(o.cost ?? 0) })),
      budget: String(r.budget),
      ballots: approvals,
      meta: { description: file.contest.title },
    });
    const result = runPbRule(instance, {
      rule: (r.rule ?? 'equalshares') as PbRule,
      ...(r.utility ? { utility: r.utility } : {}),
      tieOrder: order,
    });
    return { kind: 'pb', method, result, ...extra };
  }

  const { classWeights, ...choiceRules } = r;
  const rules: ChoiceRules = {
    ...(choiceRules as ChoiceRules),
    ...(file.seed === undefined ? {} : { seed: file.seed }),
  };
  let classWeighting: Record<string, { voteValue: Rational; ballotWeight: bigint }> | undefined;
  let weights: Map<string, bigint> | null = null;
  if (classWeights) {
    const scaled = classBallotWeights(file.eligible!, classWeights);
    weights = scaled.weights;
    classWeighting = Object.fromEntries(
      [...scaled.values].map(([cls, v]) => [cls, { voteValue: v, ballotWeight: scaled.weights.get(cls)! }]),
    );
  }
  const ballots: ChoiceBallot[] = file.ballots.map((b, i) => {
    const { receipt: _receipt, class: cls, weight, ...marks } = b;
    if (!weights) return (weight === undefined ? marks : { ...marks, weight }) as ChoiceBallot;
    const field = `ballots.${i}.class`;
    if (cls === undefined)
      throw new TallyError('MISSING_CLASS', `${field}: weighted classes need each ballot's class`, field);
    const w = BigInt(weight ?? 1) * weights.get(cls)!;
    if (w === 0n)
      throw new TallyError('ZERO_WEIGHT_CLASS', `${field}: class "${cls}" carries no vote`, field);
    return { ...marks, weight: w } as ChoiceBallot;
  });
  const result = countChoice({ method, options: optionIds, ballots, rules });
  return { kind: 'choice', method, result, ...(classWeighting ? { classWeighting } : {}), ...extra };
}
