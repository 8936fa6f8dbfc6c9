// Ranked-choice counting (IRV, STV, sequential IRV, bottoms-up), compatible with RCTab 2.x.
export { BallotBuilder, encodeBallots } from './ballots.ts';
export { rctabCommand } from './cli.ts';
export { countRankedChoice } from './count.ts';
export { CvrError } from './cvr-common.ts';
export { parseRctabConfig, type RctabConfig, RctabConfigError, type RctabSource } from './rctab-config.ts';
export { type RctabContestRun, readRctabBallots, readRctabConfig, runRctabContest } from './rctab-contest.ts';
export { type RctabReport, toRctabReports } from './report.ts';
export { diffRctabReports } from './report-diff.ts';
export { renderRoundsTable } from './table.ts';
export * from './types.ts';
