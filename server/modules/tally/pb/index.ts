// Participatory budgeting (Pabulib files, greedy, Method of Equal Shares) and approval-based committee
// elections. Pure functions: plain data in, plain data out.

export { pbCommand } from './cli.ts';
export {
  type ApprovalProfile,
  type CommitteeOutcome,
  type CommitteeRule,
  type CommitteeStep,
  committeeRules,
  electCommittee,
} from './committee.ts';
export {
  createApprovalInstance,
  PbFormatError,
  type PbInstance,
  type PbProject,
  type PbReadOptions,
  type PbVote,
  type PbVoteType,
  pbVoteTypes,
  readPbFile,
  writePbFile,
} from './pb-file.ts';
export {
  type MesCompletion,
  type PbExplanation,
  type PbOutcome,
  type PbRule,
  type PbRuleOptions,
  type PbStep,
  pbRules,
  runPbRule,
} from './rules.ts';
