import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformancePath } from '../../../../test/conformance.ts';
import { runRctabContest } from './rctab-contest.ts';
import { diffRctabReports } from './report-diff.ts';

// Every case of RCTab's regression suite: the produced detailed report must equal the expected one
// round by round (tallies, thresholds, inactive ballots, elected/eliminated with transfers, summary).

type Case = { case: string; config: string; kind: string; expected: string[] };

const root = conformancePath('rctab');
const cases: Case[] = root ? JSON.parse(readFileSync(join(root, 'cases.json'), 'utf8')).cases : [];

describe.skipIf(!root)('RCTab conformance cases', () => {
  it('lists the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(36);
  });

  for (const c of cases) {
    const configPath = join(root ?? '', c.config);
    if (c.kind !== 'tabulation') {
      it(`${c.case} is rejected with a clear error`, async () => {
        await expect(runRctabContest(configPath)).rejects.toThrow(
          /rank \d+ is above maxRankingsAllowed \(\d+\)/,
        );
      });
      continue;
    }
    it(c.case, { timeout: 60_000 }, async () => {
      const run = await runRctabContest(configPath);
      const expectedFiles = c.expected.filter((f) => f.endsWith('_detailed_report.json')).sort();
      expect(run.reports.length).toBe(expectedFiles.length);
      const differences = expectedFiles.flatMap((file, i) =>
        diffRctabReports(JSON.parse(readFileSync(join(root ?? '', file), 'utf8')), run.reports[i]).map(
          (d) => `${file}${d}`,
        ),
      );
      expect(differences).toEqual([]);
    });
  }
});
