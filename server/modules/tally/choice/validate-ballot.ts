import { type DecisionBallot, validateDecisionBallot } from './decision.ts';
import type { ChoiceBallot, ChoiceMethod, ChoiceRules } from './types.ts';
import { type BallotProblem, validateChoiceBallot } from './validate.ts';

/** What a contest needs to judge a ballot before it is accepted. */
export type BallotContest =
  | { method: 'decision'; allowBlock?: boolean; classes?: readonly string[] }
  | { method: ChoiceMethod; options: readonly string[]; rules?: ChoiceRules }
  | { method: 'irv' | 'stv'; options: readonly string[]; rules?: Pick<ChoiceRules, 'maxRanks'> };

/**
 * One entry point for refusing bad ballots at the door, whatever the method: null when the ballot may
 * be cast, otherwise a machine-readable code and the field at fault.
 */
export function validateBallot(
  contest: BallotContest,
  ballot: DecisionBallot | ChoiceBallot,
): BallotProblem | null {
  if (contest.method === 'decision') {
    return validateDecisionBallot(
      { classes: contest.classes ? new Set(contest.classes) : null, allowBlock: contest.allowBlock ?? false },
      ballot as DecisionBallot,
    );
  }
  if (contest.method === 'irv' || contest.method === 'stv') {
    // Ranked-choice ballots rank one option per place: an equal rank would be an overvote.
    const rules: ChoiceRules = {
      allowEqualRanks: false,
      ...(contest.rules?.maxRanks ? { maxRanks: contest.rules.maxRanks } : {}),
    };
    return validateChoiceBallot(
      { method: 'schulze', options: contest.options, rules },
      ballot as ChoiceBallot,
    );
  }
  return validateChoiceBallot(
    { method: contest.method, options: contest.options, ...(contest.rules ? { rules: contest.rules } : {}) },
    ballot as ChoiceBallot,
  );
}
