import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { display } from './common.ts';
import { TallyError } from './errors.ts';
import {
  describeThreshold,
  type Fraction,
  fraction,
  meetsThreshold,
  parseShare,
  parseThreshold,
  percent,
  type Share,
  type Threshold,
  type ThresholdInput,
} from './share.ts';
import { type BallotProblem, checkWeight, weightOf } from './validate.ts';

// Yes / no / abstain decisions with quorum, threshold, consent blocks and weighted member classes.
// Quorum counts every ballot returned (abstentions too); the threshold compares yes with the votes
// that count under the chosen basis. All arithmetic is exact (see docs/decisions/0011-tally-decisions-and-ballot-file.md).

export const DECISION_CHOICES = ['yes', 'no', 'abstain', 'block', 'invalid'] as const;
export type DecisionChoice = (typeof DECISION_CHOICES)[number];

/**
 * `invalid` is a returned ballot that expresses no legal vote (a paper "maybe"). It counts toward the
 * quorum and, under the votes-cast basis, in the total of votes cast (RONR), but never as yes.
 * A `block` is a principled objection (consent decisions): it counts as a no and may stop the proposal.
 */
export type DecisionBallot = { class?: string; choice: DecisionChoice; weight?: number | bigint };

/**
 * What the threshold is a share of. votes-cast: yes + no + block + invalid (RONR's default).
 * ballots-cast: every ballot returned, abstentions included ("of members present").
 * eligible: the whole electorate ("of the entire membership").
 */
export type DecisionBasis = 'votes-cast' | 'ballots-cast' | 'eligible';

export type DecisionRules = {
  /** Share of the (weighted) electorate that must return a ballot. Default 0. */
  quorum?: Share;
  threshold: ThresholdInput;
  basis?: DecisionBasis;
  /** Each class's share of the whole vote, as integers (e.g. basis points): { worker: 6000, customer: 4000 }. */
  classWeights?: Readonly<Record<string, number>>;
  /** Every class must also reach a quorum on its own: true = the same quorum, or its own share. */
  perClassQuorum?: boolean | Share;
  /** Every class must also reach the threshold on its own ("double majority"). */
  perClassThreshold?: boolean;
  allowBlock?: boolean;
  /** Weight of blocks that stops the proposal (default 1: any block). */
  blocksToStop?: number;
};

export type DecisionInput = {
  /** Votes available: a number for a single electorate, or per member class. */
  eligible: number | Readonly<Record<string, number>>;
  ballots: readonly DecisionBallot[];
  rules: DecisionRules;
};

export type DecisionTotals = {
  yes: Rational;
  no: Rational;
  abstain: Rational;
  block: Rational;
  invalid: Rational;
  cast: Rational;
};
export type DecisionCounts = {
  ballots: number;
  yes: bigint;
  no: bigint;
  abstain: bigint;
  block: bigint;
  invalid: bigint;
  cast: bigint;
};

export type ClassBreakdown = {
  class: string;
  eligible: bigint;
  counts: DecisionCounts;
  /** Constitutional share of the whole vote (weighted classes only). */
  share: Fraction | null;
  /** What one vote of this class counts for, relative to one member one vote. */
  voteValue: Fraction;
  turnout: Fraction | null;
  quorumMet: boolean | null;
  yesShare: Fraction | null;
  thresholdMet: boolean | null;
};

export type DecisionReason = { code: string; message: string; class?: string };

export type DecisionResult = {
  method: 'decision';
  outcome: 'passed' | 'rejected' | 'no-quorum' | 'blocked';
  passed: boolean;
  reasons: DecisionReason[];
  weighted: boolean;
  counts: DecisionCounts;
  /** Totals after class weighting (equal to `counts` under one member one vote). */
  totals: { [K in keyof DecisionTotals]: Fraction };
  eligible: Fraction;
  turnout: Fraction;
  quorum: { required: Fraction; met: boolean };
  threshold: {
    required: Fraction;
    inclusive: boolean;
    basis: DecisionBasis;
    denominator: Fraction;
    yesShare: Fraction | null;
    met: boolean;
    /** Smallest yes total that passes with this denominator (one member one vote only). */
    votesNeeded: bigint | null;
  };
  blocks: { allowed: boolean; weight: bigint; stopsAt: bigint; stopped: boolean };
  classes: ClassBreakdown[];
  explanation: string[];
};

const SINGLE_CLASS = 'members';

export type DecisionBallotContext = { classes: ReadonlySet<string> | null; allowBlock: boolean };

/** Checks one decision ballot; `classes` null means a single electorate without classes. */
export function validateDecisionBallot(
  ctx: DecisionBallotContext,
  ballot: DecisionBallot,
): BallotProblem | null {
  const w = checkWeight(ballot.weight);
  if (w) return w;
  if (!(DECISION_CHOICES as readonly string[]).includes(ballot.choice)) {
    return {
      code: 'INVALID_CHOICE',
      field: 'choice',
      message: `choice is one of ${DECISION_CHOICES.join(', ')}`,
    };
  }
  if (ballot.choice === 'block' && !ctx.allowBlock) {
    return { code: 'BLOCK_NOT_ALLOWED', field: 'choice', message: 'this decision does not take blocks' };
  }
  if (ctx.classes === null) {
    if (ballot.class !== undefined) {
      return { code: 'UNKNOWN_CLASS', field: 'class', message: 'this electorate has no member classes' };
    }
  } else if (ballot.class === undefined) {
    return { code: 'MISSING_CLASS', field: 'class', message: 'each ballot names its member class' };
  } else if (!ctx.classes.has(ballot.class)) {
    return { code: 'UNKNOWN_CLASS', field: 'class', message: `unknown member class "${ballot.class}"` };
  }
  return null;
}

function eligibleByClass(eligible: DecisionInput['eligible']): Map<string, bigint> {
  const entries: [string, number][] =
    typeof eligible === 'number' ? [[SINGLE_CLASS, eligible]] : Object.entries(eligible);
  const out = new Map<string, bigint>();
  for (const [cls, n] of entries) {
    const field = typeof eligible === 'number' ? 'eligible' : `eligible.${cls}`;
    if (!Number.isSafeInteger(n) || n < 0)
      throw new TallyError('INVALID_ELIGIBLE', `${field} must be a whole number ≥ 0`, field);
    out.set(cls, BigInt(n));
  }
  return out;
}

/**
 * What one vote of each class counts for, so that each class carries its constitutional share of the
 * whole vote when all its members vote: value(c) = share(c) × total electorate / electorate(c).
 * Shares are normalised over the classes that have voters. Under one member one vote every value is 1,
 * and when shares are proportional to class sizes the values are exactly 1 too.
 */
export function classVoteValues(
  eligible: DecisionInput['eligible'],
  classWeights?: Readonly<Record<string, number>>,
): Map<string, Rational> {
  const sizes = eligibleByClass(eligible);
  const values = new Map<string, Rational>();
  if (!classWeights) {
    for (const cls of sizes.keys()) values.set(cls, Q.ONE);
    return values;
  }
  if (typeof eligible === 'number') {
    throw new TallyError(
      'INVALID_RULE',
      'weighted classes need the electorate per class',
      'rules.classWeights',
    );
  }
  let totalWeight = 0n;
  let totalEligible = 0n;
  for (const [cls, size] of sizes) {
    const w = classWeights[cls];
    if (w === undefined) {
      throw new TallyError(
        'MISSING_CLASS_WEIGHT',
        `class "${cls}" has no weight`,
        `rules.classWeights.${cls}`,
      );
    }
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new TallyError(
        'INVALID_RULE',
        'class weights are whole numbers ≥ 0',
        `rules.classWeights.${cls}`,
      );
    }
    if (size > 0n) {
      totalWeight += BigInt(w);
      totalEligible += size;
    }
  }
  if (totalWeight === 0n) {
    throw new TallyError('INVALID_RULE', 'no class with voters carries any weight', 'rules.classWeights');
  }
  for (const [cls, size] of sizes) {
    values.set(
      cls,
      size === 0n ? Q.ZERO : Q.rational(BigInt(classWeights[cls]!) * totalEligible, totalWeight * size),
    );
  }
  return values;
}

function emptyCounts(): DecisionCounts {
  return { ballots: 0, yes: 0n, no: 0n, abstain: 0n, block: 0n, invalid: 0n, cast: 0n };
}

function denominatorOf(
  c: { yes: Rational; no: Rational; block: Rational; invalid: Rational; cast: Rational },
  basis: DecisionBasis,
  eligible: Rational,
): Rational {
  if (basis === 'votes-cast') return Q.sum([c.yes, c.no, c.block, c.invalid]);
  if (basis === 'ballots-cast') return c.cast;
  return eligible;
}

const asRational = (c: DecisionCounts) => ({
  yes: Q.rational(c.yes),
  no: Q.rational(c.no),
  abstain: Q.rational(c.abstain),
  block: Q.rational(c.block),
  invalid: Q.rational(c.invalid),
  cast: Q.rational(c.cast),
});

const BASIS_TEXT: Record<DecisionBasis, string> = {
  'votes-cast': 'votes cast (yes + no + block + invalid)',
  'ballots-cast': 'ballots returned (abstentions included)',
  eligible: 'the whole electorate',
};

/** Counts a yes/no decision. Throws TallyError on a bad rule or ballot (nothing is silently dropped). */
export function countDecision(input: DecisionInput): DecisionResult {
  const { rules } = input;
  const basis = rules.basis ?? 'votes-cast';
  if (!(basis in BASIS_TEXT)) throw new TallyError('INVALID_RULE', `unknown basis "${basis}"`, 'rules.basis');
  const quorum = parseShare(rules.quorum ?? 0, 'rules.quorum');
  const threshold: Threshold = parseThreshold(rules.threshold, 'rules.threshold');
  const classQuorum =
    rules.perClassQuorum === undefined || rules.perClassQuorum === false
      ? null
      : rules.perClassQuorum === true
        ? quorum
        : parseShare(rules.perClassQuorum, 'rules.perClassQuorum');
  const allowBlock = rules.allowBlock ?? false;
  const blocksToStop = rules.blocksToStop ?? 1;
  if (!Number.isSafeInteger(blocksToStop) || blocksToStop < 1) {
    throw new TallyError('INVALID_RULE', 'blocksToStop is a positive whole number', 'rules.blocksToStop');
  }

  const sizes = eligibleByClass(input.eligible);
  const values = classVoteValues(input.eligible, rules.classWeights);
  const weighted = rules.classWeights !== undefined;
  const classSet = typeof input.eligible === 'number' ? null : new Set(sizes.keys());

  const perClass = new Map<string, DecisionCounts>();
  for (const cls of sizes.keys()) perClass.set(cls, emptyCounts());
  const all = emptyCounts();
  input.ballots.forEach((ballot, i) => {
    const p = validateDecisionBallot({ classes: classSet, allowBlock }, ballot);
    if (p) throw new TallyError(p.code, `ballots.${i}.${p.field}: ${p.message}`, `ballots.${i}.${p.field}`);
    const w = weightOf(ballot);
    for (const c of [perClass.get(ballot.class ?? SINGLE_CLASS)!, all]) {
      c.ballots++;
      c[ballot.choice] += w;
      c.cast += w;
    }
  });
  for (const [cls, c] of perClass) {
    if (c.cast > sizes.get(cls)!) {
      const field = classSet ? `eligible.${cls}` : 'eligible';
      throw new TallyError(
        'MORE_BALLOTS_THAN_ELIGIBLE',
        `${field}: more votes (${c.cast}) than eligible (${sizes.get(cls)})`,
        field,
      );
    }
  }

  // Weighted totals: each class's counts times what one of its votes is worth.
  const totals = { yes: Q.ZERO, no: Q.ZERO, abstain: Q.ZERO, block: Q.ZERO, invalid: Q.ZERO, cast: Q.ZERO };
  let eligibleTotal = Q.ZERO;
  for (const [cls, c] of perClass) {
    const v = values.get(cls)!;
    const r = asRational(c);
    for (const k of Object.keys(totals) as (keyof typeof totals)[])
      totals[k] = Q.add(totals[k], Q.mul(r[k], v));
    eligibleTotal = Q.add(eligibleTotal, Q.mul(Q.rational(sizes.get(cls)!), v));
  }
  if (Q.isZero(eligibleTotal))
    throw new TallyError('NO_ELIGIBLE_VOTERS', 'nobody is eligible to vote', 'eligible');

  const turnout = Q.div(totals.cast, eligibleTotal);
  const quorumMet = Q.compare(turnout, quorum) >= 0;
  const denominator = denominatorOf(totals, basis, eligibleTotal);
  const thresholdMet = meetsThreshold(totals.yes, denominator, threshold);
  const everyValueOne = [...values.values()].every((v) => Q.equals(v, Q.ONE) || Q.isZero(v));
  let votesNeeded: bigint | null = null;
  if (everyValueOne && !Q.isZero(denominator)) {
    const target = Q.mul(threshold.share, denominator);
    votesNeeded = threshold.inclusive ? Q.ceil(target) : Q.floor(target) + 1n;
  }
  const blockStopped = all.block >= BigInt(blocksToStop);

  const reasons: DecisionReason[] = [];
  const classes: ClassBreakdown[] = [];
  let totalShare = 0n;
  if (weighted)
    for (const [cls, size] of sizes) if (size > 0n) totalShare += BigInt(rules.classWeights![cls]!);
  for (const [cls, c] of perClass) {
    const size = sizes.get(cls)!;
    const r = asRational(c);
    const classTurnout = size > 0n ? Q.rational(c.cast, size) : null;
    const classDenominator = denominatorOf(r, basis, Q.rational(size));
    const classQuorumMet = classQuorum && classTurnout ? Q.compare(classTurnout, classQuorum) >= 0 : null;
    const classThresholdMet =
      rules.perClassThreshold && size > 0n ? meetsThreshold(r.yes, classDenominator, threshold) : null;
    const share =
      weighted && size > 0n
        ? fraction(Q.rational(BigInt(rules.classWeights![cls]!), totalShare))
        : weighted
          ? fraction(Q.ZERO)
          : null;
    classes.push({
      class: cls,
      eligible: size,
      counts: c,
      share,
      voteValue: fraction(values.get(cls)!),
      turnout: classTurnout ? fraction(classTurnout) : null,
      quorumMet: classQuorumMet,
      yesShare: Q.isZero(classDenominator) ? null : fraction(Q.div(r.yes, classDenominator)),
      thresholdMet: classThresholdMet,
    });
    if (classQuorumMet === false) {
      reasons.push({
        code: 'CLASS_QUORUM_NOT_MET',
        class: cls,
        message: `class ${cls} did not reach its quorum`,
      });
    }
    if (classThresholdMet === false) {
      reasons.push({
        code: 'CLASS_THRESHOLD_NOT_MET',
        class: cls,
        message: `class ${cls} did not reach the threshold`,
      });
    }
  }
  if (blockStopped) reasons.unshift({ code: 'BLOCKED', message: `${all.block} blocking vote(s)` });
  if (!quorumMet) reasons.push({ code: 'QUORUM_NOT_MET', message: 'turnout is below the quorum' });
  if (!thresholdMet) reasons.push({ code: 'THRESHOLD_NOT_MET', message: 'yes did not reach the threshold' });
  const passed = reasons.length === 0;
  const outcome = passed
    ? 'passed'
    : blockStopped
      ? 'blocked'
      : reasons.some((r) => r.code.endsWith('QUORUM_NOT_MET'))
        ? 'no-quorum'
        : 'rejected';

  const explanation = explainDecision({
    weighted,
    totals,
    eligibleTotal,
    turnout,
    quorum,
    quorumMet,
    threshold,
    basis,
    denominator,
    thresholdMet,
    votesNeeded,
    classes,
    allowBlock,
    blockWeight: all.block,
    blockStopped,
    outcome,
  });

  return {
    method: 'decision',
    outcome,
    passed,
    reasons,
    weighted,
    counts: all,
    totals: {
      yes: fraction(totals.yes),
      no: fraction(totals.no),
      abstain: fraction(totals.abstain),
      block: fraction(totals.block),
      invalid: fraction(totals.invalid),
      cast: fraction(totals.cast),
    },
    eligible: fraction(eligibleTotal),
    turnout: fraction(turnout),
    quorum: { required: fraction(quorum), met: quorumMet },
    threshold: {
      required: fraction(threshold.share),
      inclusive: threshold.inclusive,
      basis,
      denominator: fraction(denominator),
      yesShare: Q.isZero(denominator) ? null : fraction(Q.div(totals.yes, denominator)),
      met: thresholdMet,
      votesNeeded,
    },
    blocks: { allowed: allowBlock, weight: all.block, stopsAt: BigInt(blocksToStop), stopped: blockStopped },
    classes,
    explanation,
  };
}

function explainDecision(x: {
  weighted: boolean;
  totals: DecisionTotals;
  eligibleTotal: Rational;
  turnout: Rational;
  quorum: Rational;
  quorumMet: boolean;
  threshold: Threshold;
  basis: DecisionBasis;
  denominator: Rational;
  thresholdMet: boolean;
  votesNeeded: bigint | null;
  classes: ClassBreakdown[];
  allowBlock: boolean;
  blockWeight: bigint;
  blockStopped: boolean;
  outcome: DecisionResult['outcome'];
}): string[] {
  const lines: string[] = [];
  const t = x.totals;
  if (x.weighted) {
    lines.push('Weighted classes: each class carries its share of the vote; one vote counts for:');
    for (const c of x.classes) {
      lines.push(
        `  ${c.class}: share ${c.share ? percent(c.share.exact) : '-'}, ${c.counts.cast} of ${c.eligible} voted, one vote counts ${display(c.voteValue.exact)}`,
      );
    }
  } else if (x.classes.length > 1) {
    for (const c of x.classes) lines.push(`  ${c.class}: ${c.counts.cast} of ${c.eligible} voted`);
  }
  lines.push(
    `Votes${x.weighted ? ' (weighted)' : ''}: yes ${display(t.yes)}, no ${display(t.no)}, abstain ${display(t.abstain)}` +
      (x.allowBlock ? `, block ${display(t.block)}` : '') +
      (Q.isZero(t.invalid) ? '' : `, invalid ${display(t.invalid)}`),
  );
  lines.push(
    `Turnout: ${display(t.cast)} of ${display(x.eligibleTotal)} (${percent(x.turnout)}); quorum ${percent(x.quorum)} ${x.quorumMet ? 'met' : 'NOT met'}.`,
  );
  for (const c of x.classes) {
    if (c.quorumMet !== null)
      lines.push(
        `  class ${c.class} quorum: ${c.turnout ? percent(c.turnout.exact) : '-'} — ${c.quorumMet ? 'met' : 'NOT met'}`,
      );
  }
  const share = Q.isZero(x.denominator) ? 'no votes' : percent(Q.div(t.yes, x.denominator));
  lines.push(
    `Threshold: yes must be ${describeThreshold(x.threshold)} of ${BASIS_TEXT[x.basis]} = ${display(x.denominator)}; ` +
      `yes ${display(t.yes)} (${share}) — ${x.thresholdMet ? 'met' : 'NOT met'}` +
      (x.votesNeeded !== null ? `; ${x.votesNeeded} needed.` : '.'),
  );
  for (const c of x.classes) {
    if (c.thresholdMet !== null)
      lines.push(
        `  class ${c.class} threshold: ${c.yesShare ? percent(c.yesShare.exact) : 'no votes'} — ${c.thresholdMet ? 'met' : 'NOT met'}`,
      );
  }
  if (x.allowBlock)
    lines.push(`Blocks: ${x.blockWeight}${x.blockStopped ? ' — the proposal is blocked' : ''}.`);
  lines.push(`Outcome: ${x.outcome}.`);
  return lines;
}
