// Public shapes of the ranked-choice counting core. Numbers in results are exact decimal strings
// (fixed point with `decimalPlaces` places, trailing zeros dropped) so that they survive JSON unchanged.

/** Name of the pseudo-candidate that collects write-ins not declared as candidates. */
export const UNDECLARED_WRITE_INS = 'Undeclared Write-ins';
/** A mark meaning "the voter overvoted this rank" as recorded by the scanner (e.g. ES&S `overvote`). */
export const EXPLICIT_OVERVOTE = '(overvote)';

export type WinnerElectionMode =
  | 'singleWinnerMajority'
  | 'multiWinnerAllowMultipleWinnersPerRound'
  | 'multiWinnerAllowOnlyOneWinnerPerRound'
  | 'bottomsUp'
  | 'bottomsUpUsingPercentageThreshold'
  | 'multiPassIrv';

export type TiebreakMode =
  | 'useCandidateOrder'
  | 'random'
  | 'generatePermutation'
  | 'previousRoundCountsThenRandom'
  | 'stopCountingAndAsk'
  | 'previousRoundCountsThenAsk';

export type OvervoteRule = 'exhaustImmediately' | 'alwaysSkipToNextRank' | 'exhaustIfMultipleContinuing';

export type RankedChoiceRules = {
  winnerElectionMode: WinnerElectionMode;
  /** Seats to fill; ignored (may be 0) for bottomsUpUsingPercentageThreshold. */
  numberOfWinners: number;
  /** Places kept by every division and multiplication of votes (truncated). Default 4. */
  decimalPlaces?: number;
  tiebreakMode?: TiebreakMode;
  /** Seed for the random tie-break modes (a Java long). */
  randomSeed?: bigint | number | string;
  /** Choices for the "ask" tie-break modes, consumed in order: the name picked at each tie. */
  tieDecisions?: readonly string[];
  overvoteRule?: OvervoteRule;
  /** Blank ranks allowed between two marks; 'unlimited' by default. */
  maxSkippedRanksAllowed?: number | 'unlimited';
  /** Highest rank a ballot may use; 'max' (default) means no limit. */
  maxRankingsAllowed?: number | 'max';
  nonIntegerWinningThreshold?: boolean;
  hareQuota?: boolean;
  batchElimination?: boolean;
  continueUntilTwoCandidatesRemain?: boolean;
  exhaustOnDuplicateCandidate?: boolean;
  doesFirstRoundDetermineThreshold?: boolean;
  stopTabulationEarlyAfterRound?: number;
  /** Percent of active votes every winner must exceed in bottomsUpUsingPercentageThreshold. */
  multiSeatBottomsUpPercentageThreshold?: number | string;
  cutoffElimination?: boolean;
};

export type RankedChoiceCandidate = { name: string; excluded?: boolean };

/** One ballot: ranks[i] lists the names marked at rank i+1 (an empty list is a skipped rank). */
export type RankedBallot = {
  ranks: readonly (readonly string[])[];
  /** Number of identical ballots this entry stands for; default 1. */
  count?: number;
};

/**
 * Ballots in columnar form, for large counts: ballot b's marks are entries start[b] .. start[b+1]-1 of
 * `rank` (1-based, non-decreasing within a ballot) and `candidate` (index into the contest's candidate
 * list, with the undeclared write-in pseudo-candidate at index candidates.length, or -1 for an
 * explicit overvote). Several marks with the same rank are an overvote.
 */
export type EncodedBallots = {
  ballotCount: number;
  start: Uint32Array;
  rank: Uint16Array;
  candidate: Int32Array;
  /** Copies of each ballot; null means one each. */
  count: Uint32Array | null;
};

export type RankedChoiceInput = {
  /** In order: the order is the tie-break order for useCandidateOrder. */
  candidates: readonly (RankedChoiceCandidate | string)[];
  /** Add the "Undeclared Write-ins" pseudo-candidate even if no ballot marks it (RCTab does when a CVR source has a write-in label). */
  includeUndeclaredWriteIns?: boolean;
  ballots: readonly RankedBallot[] | EncodedBallots;
  rules: RankedChoiceRules;
};

export type InactiveBallots = {
  overvotes: string;
  skippedRankings: string;
  exhaustedChoices: string;
  repeatedRankings: string;
  /** Only in counts that transfer surpluses (several seats, not bottoms-up). */
  finalRoundSurplus?: string;
};

export type RoundOutcome = {
  kind: 'elected' | 'eliminated';
  candidate: string;
  /** Where this candidate's votes (or surplus) went in the next round: candidate name, "exhausted" or "residual surplus". Empty for the last round. */
  transfers: Record<string, string>;
};

export type RankedChoiceRound = {
  round: number;
  /** Votes per candidate still in the count (and earlier winners when there are several seats). */
  tally: Record<string, string>;
  threshold: string;
  inactive: InactiveBallots;
  /** Elected or eliminated this round, each sorted by name (Java String order, as RCTab lists them). */
  outcomes: RoundOutcome[];
};

export type TabulationSummary = {
  finalThreshold: string;
  /** Candidates in the contest, counting excluded ones and the undeclared write-in pseudo-candidate. */
  numCandidates: number;
  numWinners: number;
  totalNumBallots: string;
  /** Ballots without any mark. */
  undervotes: number;
};

export type TabulationPass = {
  winners: string[];
  rounds: RankedChoiceRound[];
  summary: TabulationSummary;
};

export type RankedChoiceResult = {
  /** In the order they were elected. */
  winners: string[];
  /** One entry, except for multiPassIrv which runs one single-seat count per seat. */
  passes: TabulationPass[];
  decimalPlaces: number;
  /** True when surpluses are transferred (several seats, not bottoms-up); RCTab then reports finalRoundSurplus. */
  transfersSurplus: boolean;
};

export class RankedChoiceError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RankedChoiceError';
    this.code = code;
  }
}
