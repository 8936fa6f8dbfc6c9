import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformancePath } from '../../../../test/conformance.ts';
import { runRctabContest } from './rctab-contest.ts';

const root = conformancePath('rctab');

// Several ES&S workbooks in one contest are read on worker threads; the result must be the same as
// reading the ballots once per file in order.
describe.skipIf(!root)('runRctabContest with several ES&S files', () => {
  const candidates = ['Mookie Blaylock', 'Yinka Dare', 'George Gervin', 'Sedale Threatt'];
  async function contestWith(names: string[]) {
    const dir = await mkdtemp(join(tmpdir(), 'rctab-ess-'));
    const source = join(root ?? '', '_shared', 'simple_ess_cvr.xlsx');
    await copyFile(source, join(dir, 'a.xlsx'));
    await copyFile(source, join(dir, 'b.xlsx'));
    const config = {
      outputSettings: { contestName: 'Two files' },
      cvrFileSources: ['a.xlsx', 'b.xlsx'].map((filePath) => ({
        filePath,
        provider: 'ess',
        firstVoteColumnIndex: 2,
        firstVoteRowIndex: 2,
        overvoteLabel: 'overvote',
        skippedRankLabel: 'undervote',
      })),
      candidates: names.map((name) => ({ name, aliases: [], excluded: false })),
      rules: {
        winnerElectionMode: 'singleWinnerMajority',
        numberOfWinners: 1,
        tiebreakMode: 'useCandidateOrder',
        overvoteRule: 'alwaysSkipToNextRank',
        maxSkippedRanksAllowed: '0',
        maxRankingsAllowed: '3',
        decimalPlacesForVoteArithmetic: 4,
      },
    };
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify(config));
    return path;
  }

  it('counts the ballots of every file', async () => {
    const run = await runRctabContest(await contestWith(candidates));
    const report = run.reports[0]!;
    expect(report.summary.totalNumBallots).toBe('20');
    // simple_ess_cvr.xlsx alone gives George 2, Mookie 4, Sedale 1, Yinka 3 in round 1.
    expect(report.results[0]!.tally).toEqual({
      'George Gervin': '4',
      'Mookie Blaylock': '8',
      'Sedale Threatt': '2',
      'Yinka Dare': '6',
    });
    expect(run.result.winners).toEqual(['Mookie Blaylock']);
  });

  it('passes a reading error from a worker on as one clear message', async () => {
    await expect(runRctabContest(await contestWith(candidates.slice(0, 3)))).rejects.toThrow(
      /a\.xlsx, row \d+, column [B-D]: "Sedale Threatt" is not a candidate name or alias in the config/,
    );
  });
});
