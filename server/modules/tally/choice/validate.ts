import { TallyError } from './errors.ts';
import {
  BALLOT_KINDS,
  type BallotKind,
  type ChoiceBallot,
  type ChoiceMethod,
  type ChoiceRules,
  isChoiceMethod,
} from './types.ts';

/** Why a ballot cannot be accepted: a stable code, the field at fault (a dotted path inside the ballot). */
export type BallotProblem = { code: string; field: string; message: string };

const problem = (code: string, field: string, message: string): BallotProblem => ({ code, field, message });

export function checkWeight(weight: number | bigint | undefined): BallotProblem | null {
  if (weight === undefined) return null;
  const ok = typeof weight === 'bigint' ? weight > 0n : Number.isSafeInteger(weight) && weight > 0;
  return ok ? null : problem('INVALID_WEIGHT', 'weight', 'a ballot weight must be a positive whole number');
}

export function weightOf(ballot: { weight?: number | bigint }): bigint {
  return ballot.weight === undefined ? 1n : BigInt(ballot.weight);
}

const KIND_FIELDS: readonly BallotKind[] = ['choice', 'ranking', 'approve', 'scores', 'points'];

export function ballotKindOf(ballot: ChoiceBallot): BallotKind[] {
  return KIND_FIELDS.filter((k) => ballot[k] !== undefined);
}

export function scoreRange(method: ChoiceMethod, rules: ChoiceRules): { min: number; max: number } {
  if (method === 'approval') return { min: rules.minScore ?? 0, max: rules.maxScore ?? 1 };
  return { min: rules.minScore ?? 0, max: rules.maxScore ?? 5 };
}

export type ChoiceContext = { method: ChoiceMethod; options: readonly string[]; rules?: ChoiceRules };

/** Checks one ballot against the method's rules; null when it may be counted. */
export function validateChoiceBallot(
  ctx: ChoiceContext,
  ballot: ChoiceBallot,
  known: ReadonlySet<string> = new Set(ctx.options),
): BallotProblem | null {
  const rules = ctx.rules ?? {};
  const weightProblem = checkWeight(ballot.weight);
  if (weightProblem) return weightProblem;

  const kinds = ballotKindOf(ballot);
  const accepted = BALLOT_KINDS[ctx.method];
  if (kinds.length !== 1 || !accepted.includes(kinds[0]!)) {
    return problem(
      'BALLOT_SHAPE',
      kinds.length === 1 ? kinds[0]! : '',
      `a ${ctx.method} ballot fills exactly one of: ${accepted.join(', ')}`,
    );
  }
  const kind = kinds[0]!;

  switch (kind) {
    case 'choice': {
      const c = ballot.choice;
      if (c === null) return null;
      if (typeof c !== 'string' || !known.has(c))
        return problem('UNKNOWN_OPTION', 'choice', `unknown option "${c}"`);
      return null;
    }
    case 'ranking': {
      const ranking = ballot.ranking!;
      if (!Array.isArray(ranking)) return problem('BALLOT_SHAPE', 'ranking', 'a ranking is a list');
      if (rules.maxRanks !== undefined && ranking.length > rules.maxRanks) {
        return problem('TOO_MANY_RANKS', 'ranking', `at most ${rules.maxRanks} ranks may be used`);
      }
      const seen = new Set<string>();
      for (let i = 0; i < ranking.length; i++) {
        const entry = ranking[i]!;
        const tier = typeof entry === 'string' ? [entry] : entry;
        if (!Array.isArray(tier) && typeof entry !== 'string') {
          return problem('BALLOT_SHAPE', `ranking.${i}`, 'each rank is an option or a list of options');
        }
        if (tier.length === 0)
          return problem('EMPTY_RANK', `ranking.${i}`, 'a rank lists at least one option');
        if (tier.length > 1 && rules.allowEqualRanks === false) {
          return problem('EQUAL_RANKS_NOT_ALLOWED', `ranking.${i}`, 'two options may not share a rank');
        }
        for (let j = 0; j < tier.length; j++) {
          const option = tier[j]!;
          const field = typeof entry === 'string' ? `ranking.${i}` : `ranking.${i}.${j}`;
          if (typeof option !== 'string' || !known.has(option)) {
            return problem('UNKNOWN_OPTION', field, `unknown option "${option}"`);
          }
          if (seen.has(option)) return problem('DUPLICATE_OPTION', field, `"${option}" is ranked twice`);
          seen.add(option);
        }
      }
      return null;
    }
    case 'approve': {
      const approve = ballot.approve!;
      if (!Array.isArray(approve)) return problem('BALLOT_SHAPE', 'approve', 'approvals are a list');
      const seen = new Set<string>();
      for (let i = 0; i < approve.length; i++) {
        const option = approve[i]!;
        if (typeof option !== 'string' || !known.has(option)) {
          return problem('UNKNOWN_OPTION', `approve.${i}`, `unknown option "${option}"`);
        }
        if (seen.has(option))
          return problem('DUPLICATE_OPTION', `approve.${i}`, `"${option}" is approved twice`);
        seen.add(option);
      }
      if (ctx.method === 'approval' && rules.maxApprovals !== undefined && seen.size > rules.maxApprovals) {
        return problem(
          'TOO_MANY_APPROVALS',
          'approve',
          `at most ${rules.maxApprovals} options may be approved`,
        );
      }
      return null;
    }
    case 'scores': {
      const { min, max } = scoreRange(ctx.method, rules);
      let approvals = 0;
      for (const [option, score] of Object.entries(ballot.scores!)) {
        const field = `scores.${option}`;
        if (!known.has(option)) return problem('UNKNOWN_OPTION', field, `unknown option "${option}"`);
        if (typeof score !== 'number' || !Number.isInteger(score)) {
          return problem('SCORE_NOT_INTEGER', field, 'a score is a whole number');
        }
        if (score < min || score > max) {
          return problem('SCORE_OUT_OF_RANGE', field, `a score is between ${min} and ${max}`);
        }
        if (score > 0) approvals++;
      }
      if (ctx.method === 'approval' && rules.maxApprovals !== undefined && approvals > rules.maxApprovals) {
        return problem(
          'TOO_MANY_APPROVALS',
          'scores',
          `at most ${rules.maxApprovals} options may be approved`,
        );
      }
      return null;
    }
    case 'points': {
      const budget = rules.points ?? 0;
      let spent = 0;
      for (const [option, points] of Object.entries(ballot.points!)) {
        const field = `points.${option}`;
        if (!known.has(option)) return problem('UNKNOWN_OPTION', field, `unknown option "${option}"`);
        if (typeof points !== 'number' || !Number.isInteger(points)) {
          return problem('POINTS_NOT_INTEGER', field, 'points are whole numbers');
        }
        if (points < 0) return problem('POINTS_OUT_OF_RANGE', field, 'points cannot be negative');
        if (rules.maxPerOption !== undefined && points > rules.maxPerOption) {
          return problem(
            'TOO_MANY_POINTS_FOR_OPTION',
            field,
            `at most ${rules.maxPerOption} points may go to one option`,
          );
        }
        spent += points;
      }
      if (spent > budget)
        return problem('TOO_MANY_POINTS', 'points', `at most ${budget} points may be spent`);
      if (rules.spendAll && spent > 0 && spent < budget) {
        return problem('TOO_FEW_POINTS', 'points', `all ${budget} points must be spent`);
      }
      return null;
    }
  }
}

/** A valid ballot that expresses nothing: counted as cast, not in any total. */
export function isBlankChoiceBallot(ballot: ChoiceBallot): boolean {
  if (ballot.choice !== undefined) return ballot.choice === null;
  if (ballot.ranking !== undefined) return ballot.ranking.length === 0;
  if (ballot.approve !== undefined) return ballot.approve.length === 0;
  const values = Object.values(ballot.scores ?? ballot.points ?? {});
  return values.every((v) => v === 0);
}

const VARIANTS: Partial<Record<ChoiceMethod, readonly string[]>> = {
  schulze: ['winning', 'margin', 'ratio'],
  'ranked-pairs': ['winning', 'margin'],
  minimax: ['winning', 'margin', 'opposition'],
};

function ruleError(field: string, message: string): TallyError {
  return new TallyError('INVALID_RULE', `rules.${field}: ${message}`, `rules.${field}`);
}

const isWhole = (n: unknown, min: number): boolean =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= min;

/** Checks the options and rules of a count (not its ballots); throws TallyError on the first problem. */
export function checkChoiceRules(method: string, options: readonly string[], rules: ChoiceRules = {}): void {
  if (!isChoiceMethod(method)) throw new TallyError('UNKNOWN_METHOD', `unknown method "${method}"`, 'method');
  if (options.length === 0) throw new TallyError('NO_OPTIONS', 'there is nothing to choose from', 'options');
  const seen = new Set<string>();
  for (const [i, o] of options.entries()) {
    if (typeof o !== 'string' || o === '')
      throw new TallyError('INVALID_OPTION', 'option ids are non-empty text', `options.${i}`);
    if (seen.has(o))
      throw new TallyError('DUPLICATE_OPTION', `option "${o}" is listed twice`, `options.${i}`);
    seen.add(o);
  }
  if (rules.seats !== undefined && (!isWhole(rules.seats, 1) || rules.seats > options.length)) {
    throw ruleError('seats', `between 1 and the number of options (${options.length})`);
  }
  if (rules.minScore !== undefined && !Number.isSafeInteger(rules.minScore))
    throw ruleError('minScore', 'a whole number');
  if (rules.maxScore !== undefined && !Number.isSafeInteger(rules.maxScore))
    throw ruleError('maxScore', 'a whole number');
  const { min, max } = scoreRange(method, rules);
  if (min < 0 || max <= min)
    throw ruleError('maxScore', 'scores run from a non-negative minimum up to a larger maximum');
  if (method === 'cumulative' && !isWhole(rules.points, 1))
    throw ruleError('points', 'a positive whole number is required');
  if (rules.maxPerOption !== undefined && !isWhole(rules.maxPerOption, 1))
    throw ruleError('maxPerOption', 'a positive whole number');
  if (rules.maxApprovals !== undefined && !isWhole(rules.maxApprovals, 1))
    throw ruleError('maxApprovals', 'a positive whole number');
  if (rules.maxRanks !== undefined && !isWhole(rules.maxRanks, 1))
    throw ruleError('maxRanks', 'a positive whole number');
  if (rules.bordaStart !== undefined && !isWhole(rules.bordaStart, 0))
    throw ruleError('bordaStart', 'a whole number ≥ 0');
  if (rules.variant !== undefined) {
    const allowed = VARIANTS[method];
    if (!allowed?.includes(rules.variant)) {
      throw ruleError('variant', allowed ? `one of ${allowed.join(', ')}` : `${method} has no variants`);
    }
  }
  if (rules.tiebreakOrder !== undefined) {
    const order = new Set<string>();
    for (const [i, o] of rules.tiebreakOrder.entries()) {
      if (!seen.has(o)) throw ruleError(`tiebreakOrder.${i}`, `unknown option "${o}"`);
      if (order.has(o)) throw ruleError(`tiebreakOrder.${i}`, `"${o}" is listed twice`);
      order.add(o);
    }
  }
}
