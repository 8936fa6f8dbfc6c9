import { finishResult, type MethodOutcome, prepareBallots } from './common.ts';
import { copeland, kemenyYoung, minimax, rankedPairs, schulze } from './condorcet.ts';
import { equalShares } from './equal-shares.ts';
import { irvRanking } from './irv-ranking.ts';
import { borda, dowdall, plurality } from './positional.ts';
import { groupRankings, pairwiseWins } from './ranked.ts';
import { approval, cumulative, score } from './rated.ts';
import { star } from './star.ts';
import { tieBreakPriority } from './tie-break.ts';
import type { ChoiceInput, ChoiceResult } from './types.ts';
import { checkChoiceRules, scoreRange } from './validate.ts';

/**
 * Counts a choice among options by the method named in the input. Pure and deterministic: the same
 * input always gives the same result, whatever the order of the ballots. Ballots that break the
 * method's rules are left out and listed with their reason; bad rules throw a TallyError.
 */
export function countChoice(input: ChoiceInput): ChoiceResult {
  const rules = input.rules ?? {};
  checkChoiceRules(input.method, input.options, rules);
  const options = input.options;
  const priority = tieBreakPriority(options, rules);
  const prepared = prepareBallots(input);
  const { counted } = prepared;
  const seats = rules.seats ?? 1;

  const ranked = () => {
    const groups = groupRankings(options, counted, rules);
    return { groups, wins: pairwiseWins(options.length, groups) };
  };

  let outcome: MethodOutcome;
  switch (input.method) {
    case 'plurality':
      outcome = plurality(options, counted);
      break;
    case 'approval':
      outcome = approval(options, counted);
      break;
    case 'score':
      outcome = score(options, counted, rules);
      break;
    case 'cumulative':
      outcome = cumulative(options, counted);
      break;
    case 'star':
      outcome = star(options, counted, scoreRange('star', rules).max, seats, priority);
      break;
    case 'score-equal-shares':
      // Blank ballots still hold a share of the budget.
      outcome = equalShares(
        options,
        [...counted, ...prepared.blank],
        seats,
        rules.equalShares ?? 'per-seat',
        priority,
      );
      break;
    case 'borda':
      outcome = borda(options, ranked().groups, rules.bordaStart ?? 1);
      break;
    case 'dowdall':
      outcome = dowdall(options, ranked().groups);
      break;
    case 'schulze':
      outcome = schulze(options, ranked().wins, rules.variant ?? 'winning');
      break;
    case 'ranked-pairs':
      outcome = rankedPairs(options, ranked().wins, rules.variant ?? 'winning');
      break;
    case 'copeland':
      outcome = copeland(options, ranked().wins);
      break;
    case 'minimax':
      outcome = minimax(options, ranked().wins, rules.variant ?? 'winning');
      break;
    case 'kemeny-young':
      outcome = kemenyYoung(options, ranked().wins, priority.order);
      break;
    case 'irv-ranking': {
      const { groups, wins } = ranked();
      outcome = irvRanking(options, groups, wins);
      break;
    }
  }
  return finishResult(input, prepared, priority, outcome);
}
