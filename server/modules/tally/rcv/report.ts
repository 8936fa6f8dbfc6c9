import { compareJavaStrings } from './java-random.ts';
import type { RankedChoiceResult, TabulationPass } from './types.ts';

// RCTab's detailed report JSON ("*_detailed_report.json"), field for field. Keys are written in the
// order RCTab writes them (alphabetical) so that reports can be compared with a plain diff.

export type RctabContestInfo = { name: string; date: string; jurisdiction: string; office: string };

export type RctabRoundReport = {
  inactiveBallots: Record<string, string>;
  round: number;
  tally: Record<string, string>;
  tallyResults: Array<{ elected?: string; eliminated?: string; transfers: Record<string, string> }>;
  threshold: string;
};

export type RctabReport = {
  config: { contest: string; date: string; generatedBy: string; jurisdiction: string; office: string };
  jsonFormatVersion: '1';
  results: RctabRoundReport[];
  summary: {
    finalThreshold: string;
    numCandidates: number;
    numWinners: number;
    totalNumBallots: string;
    undervotes: number;
  };
};

export const reportGenerator = 'Mutual tally (RCTab-compatible)';

/** One report, or for multiPassIrv one report per seat (RCTab writes one file per pass). */
export function toRctabReports(result: RankedChoiceResult, contest: RctabContestInfo): RctabReport[] {
  return result.passes.map((pass) => passReport(pass, result.transfersSurplus, contest));
}

function passReport(pass: TabulationPass, transfersSurplus: boolean, contest: RctabContestInfo): RctabReport {
  const lastRound = pass.rounds.length;
  return {
    config: {
      contest: contest.name,
      date: contest.date,
      generatedBy: reportGenerator,
      jurisdiction: contest.jurisdiction,
      office: contest.office,
    },
    jsonFormatVersion: '1',
    results: pass.rounds.map((round) => {
      const { finalRoundSurplus, ...categories } = round.inactive;
      // RCTab lists the final-round surplus only in the last round of a count that transfers surpluses.
      const inactive: Record<string, string> =
        transfersSurplus && round.round === lastRound && finalRoundSurplus !== undefined
          ? { ...categories, finalRoundSurplus }
          : { ...categories };
      return {
        inactiveBallots: sortKeys(inactive),
        round: round.round,
        tally: sortKeys(round.tally),
        tallyResults: round.outcomes.map((o) =>
          o.kind === 'elected'
            ? { elected: o.candidate, transfers: o.transfers }
            : { eliminated: o.candidate, transfers: o.transfers },
        ),
        threshold: round.threshold,
      };
    }),
    summary: {
      finalThreshold: pass.summary.finalThreshold,
      numCandidates: pass.summary.numCandidates,
      numWinners: pass.summary.numWinners,
      totalNumBallots: pass.summary.totalNumBallots,
      undervotes: pass.summary.undervotes,
    },
  };
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort(compareJavaStrings)) out[key] = record[key]!;
  return out;
}
