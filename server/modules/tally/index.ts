// The counting engine's public surface. Everything here is pure (plain data in, plain data out) except
// the file readers and CLI commands, which only read the files they are given.

export {
  type AnonymisingRandom,
  anonymiseBallots,
  BALLOT_FILE_FORMAT,
  BALLOT_FILE_METHODS,
  BALLOT_FILE_VERSION,
  type BallotFile,
  type BallotFileBallot,
  type BallotFileCount,
  BallotFileError,
  type BallotFileIssue,
  type BallotFileMethod,
  type BallotFileRules,
  ballotFileSchema,
  countBallotFile,
  cryptoRandom,
  parseBallotFile,
  RANKED_CHOICE_METHODS,
  readBallotFile,
  writeBallotFile,
} from './ballot-file.ts';
export { ballotsCommand, toJsonText } from './ballots-cli.ts';
export { type BltBallot, type BltElection, BltError, bltRankedBallots, readBlt, writeBlt } from './blt.ts';
export { countChoice } from './choice/count.ts';
export {
  type ClassBreakdown,
  classVoteValues,
  countDecision,
  DECISION_CHOICES,
  type DecisionBallot,
  type DecisionBasis,
  type DecisionChoice,
  type DecisionCounts,
  type DecisionInput,
  type DecisionReason,
  type DecisionResult,
  type DecisionRules,
  validateDecisionBallot,
} from './choice/decision.ts';
export { TallyError } from './choice/errors.ts';
export {
  type Fraction,
  parseShare,
  parseThreshold,
  type Share,
  type Threshold,
  type ThresholdInput,
} from './choice/share.ts';
export { seededOrder, tieBreakPriority } from './choice/tie-break.ts';
export * from './choice/types.ts';
export {
  type BallotProblem,
  checkChoiceRules,
  isBlankChoiceBallot,
  validateChoiceBallot,
} from './choice/validate.ts';
export { type BallotContest, validateBallot } from './choice/validate-ballot.ts';
export { type CliIo, tallyCommand, tallyUsage } from './cli.ts';
export * from './pb/index.ts';
export type { Rational } from './rational.ts';
export * as rational from './rational.ts';
export * from './rcv/index.ts';
