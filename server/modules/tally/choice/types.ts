import type { Rational } from '../rational.ts';
import type { Fraction } from './share.ts';

export const CHOICE_METHODS = [
  'plurality',
  'approval',
  'score',
  'cumulative',
  'borda',
  'dowdall',
  'schulze',
  'ranked-pairs',
  'copeland',
  'minimax',
  'kemeny-young',
  'irv-ranking',
  'star',
  'score-equal-shares',
] as const;
export type ChoiceMethod = (typeof CHOICE_METHODS)[number];

/** Which field of a ballot a method reads. A ballot fills exactly one of them. */
export type BallotKind = 'choice' | 'ranking' | 'approve' | 'scores' | 'points';

export const BALLOT_KINDS: Record<ChoiceMethod, readonly BallotKind[]> = {
  plurality: ['choice', 'ranking'],
  approval: ['approve', 'scores'],
  score: ['scores'],
  star: ['scores'],
  'score-equal-shares': ['scores', 'approve'],
  cumulative: ['points'],
  borda: ['ranking'],
  dowdall: ['ranking'],
  schulze: ['ranking'],
  'ranked-pairs': ['ranking'],
  copeland: ['ranking'],
  minimax: ['ranking'],
  'kemeny-young': ['ranking'],
  'irv-ranking': ['ranking'],
};

export function isChoiceMethod(value: string): value is ChoiceMethod {
  return (CHOICE_METHODS as readonly string[]).includes(value);
}

/**
 * One ballot. `choice`: one option id, or null for a blank ballot. `ranking`: most preferred first; an
 * inner array holds options ranked equal. `approve`: the approved options. `scores`: option → score
 * (missing = 0 for STAR and approval, not scored for `score`). `points`: option → points spread.
 * `weight`: a positive integer, 1 when absent.
 */
export type ChoiceBallot = {
  choice?: string | null;
  ranking?: ReadonlyArray<string | readonly string[]>;
  approve?: readonly string[];
  scores?: Readonly<Record<string, number>>;
  points?: Readonly<Record<string, number>>;
  weight?: number | bigint;
};

export type ChoiceRules = {
  /** How many options win (default 1). Ranked, rated and point methods fill them from the top of the order. */
  seats?: number;
  /** Score range (defaults: 0..5 for score, STAR and equal shares; 0..1 for approval). */
  minScore?: number;
  maxScore?: number;
  /** Cumulative / dot voting: points each voter may spread (required), cap per option, must all be spent. */
  points?: number;
  maxPerOption?: number;
  spendAll?: boolean;
  /** Approval: most options a ballot may approve. */
  maxApprovals?: number;
  /** Ranked ballots: most ranks a ballot may use, whether two options may share a rank. */
  maxRanks?: number;
  allowEqualRanks?: boolean;
  /** Options a ranked ballot leaves out: tied below every ranked one (default), or not compared at all. */
  unranked?: 'tied-last' | 'not-compared';
  /** Schulze: winning (default) | margin | ratio. Ranked pairs: winning (default) | margin.
   *  Minimax: winning (default) | margin | opposition. */
  variant?: 'winning' | 'margin' | 'ratio' | 'opposition';
  /** Borda: points for the last place (default 1, so n points for first among n options). */
  bordaStart?: number;
  /** Score voting: order options by total (default) or by mean of the ballots that scored them. */
  scoreBy?: 'total' | 'mean';
  /** Equal shares on score ballots: each seat costs the budget divided by the seats (per-seat, the
   *  textbook rule) or one unit against a budget of one unit per voter (unit-cost, star-server's rule). */
  equalShares?: 'per-seat' | 'unit-cost';
  /** Tie-breaks: this order first; otherwise a lot drawn from `seed`; otherwise the order of the options. */
  tiebreakOrder?: readonly string[];
  seed?: string;
};

export type ChoiceInput = {
  method: ChoiceMethod;
  options: readonly string[];
  ballots: readonly ChoiceBallot[];
  rules?: ChoiceRules;
};

export type TieBreakSource = 'explicit-order' | 'seeded-lot' | 'option-order';

/** How ties are broken in this count, fixed before counting starts so it cannot depend on the result. */
export type TieBreakPriority = { source: TieBreakSource; order: string[]; seed?: string };

/** One place where a rule had to separate equal options: which, in what order they came out, and by what. */
export type TieBreakRecord = { stage: string; among: string[]; order: string[]; by: string };

export type RejectedBallot = { index: number; code: string; field: string; message: string };

export type BallotSummary = {
  /** Ballots given to the count. */
  cast: number;
  /** Ballots that expressed a preference and were counted. */
  counted: number;
  /** Valid ballots that expressed nothing (no choice, no ranking, all zero). */
  blank: number;
  /** Ballots that break the method's rules: left out of the count, each with its reason. */
  rejected: RejectedBallot[];
  /** Total weight of counted ballots. */
  countedWeight: bigint;
};

export type PairwiseMatrix = {
  options: string[];
  /** wins[i][j]: weight of ballots that rank options[i] above options[j]. */
  wins: bigint[][];
};

export type RoundRecord = {
  round: number;
  tallies: Record<string, Fraction>;
  elected?: string[];
  eliminated?: string[];
  note?: string;
};

export type MethodDetails =
  | { kind: 'schulze'; variant: string; strongestPaths: Rational[][] }
  | {
      kind: 'ranked-pairs';
      variant: string;
      pairs: { winner: string; loser: string; strength: bigint; opposition: bigint; locked: boolean }[];
    }
  | {
      kind: 'copeland';
      wins: Record<string, number>;
      losses: Record<string, number>;
      ties: Record<string, number>;
    }
  | { kind: 'minimax'; variant: string }
  | { kind: 'kemeny-young'; bestScore: bigint; optimalRankings: bigint }
  | { kind: 'rounds'; rounds: RoundRecord[] }
  | {
      kind: 'star';
      rounds: {
        finalists: [string, string];
        preferences: { first: bigint; second: bigint; equal: bigint };
        winner: string;
        runnerUp: string;
        decidedBy: 'runoff' | 'total-score' | 'top-scores' | 'tie-break';
      }[];
      topScoreCounts: Record<string, bigint>;
    }
  | { kind: 'score'; means: Record<string, Fraction | null>; scoredBy: Record<string, bigint> }
  | { kind: 'equal-shares'; rounds: RoundRecord[]; completedByTotal: string[] };

export type ChoiceResult = {
  method: ChoiceMethod;
  variant?: string;
  options: string[];
  seats: number;
  /** The `seats` options that win, ties broken as recorded in `tieBreaks`. */
  winners: string[];
  /** The method's own ranking, best first; options it cannot separate share a tier. */
  ranking: string[][];
  /** The ranking with every tie broken: winners are its first `seats` entries. */
  order: string[];
  /** The method's main figure per option (votes, points, Borda score, Copeland score, …). */
  scores?: Record<string, Fraction>;
  pairwise?: PairwiseMatrix;
  ballots: BallotSummary;
  priority: TieBreakPriority;
  tieBreaks: TieBreakRecord[];
  details?: MethodDetails;
  explanation: string[];
};
