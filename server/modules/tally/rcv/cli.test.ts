import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformancePath } from '../../../../test/conformance.ts';
import { rctabCommand } from './cli.ts';
import { diffRctabReports } from './report-diff.ts';

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
  };
  return { out, io };
}

const root = conformancePath('rctab');

describe('mutual tally --rctab', () => {
  it.skipIf(!root)('prints RCTab detailed report JSON that matches the reference', async () => {
    const dir = join(root ?? '', 'test_set_multi_winner_fractional_threshold');
    const { out, io } = capture();
    const code = await rctabCommand(
      ['--rctab', join(dir, 'test_set_multi_winner_fractional_threshold_config.json'), '--format', 'json'],
      io,
    );
    expect(code).toBe(0);
    expect(out.stderr).toBe('');
    const expected = JSON.parse(
      readFileSync(
        join(dir, 'test_set_multi_winner_fractional_threshold_expected_detailed_report.json'),
        'utf8',
      ),
    );
    expect(diffRctabReports(expected, JSON.parse(out.stdout))).toEqual([]);
  });

  it.skipIf(!root)('prints a table of rounds for people by default', async () => {
    const { out, io } = capture();
    const code = await rctabCommand(
      ['--rctab', join(root ?? '', 'tiebreak_seed_test', 'tiebreak_seed_test_config.json')],
      io,
    );
    expect(code).toBe(0);
    expect(out.stdout).toContain('Winners: George Gervin');
    expect(out.stdout).toContain('Round 2  (threshold 4)');
    expect(out.stdout).toContain('eliminated Yinka Dare: exhausted +3');
  });

  it.skipIf(!root)('fails with one line when a CVR breaks the config limits', async () => {
    const { out, io } = capture();
    const code = await rctabCommand(
      ['--rctab', join(root ?? '', 'max_ranking_enforcement', 'max_ranking_enforcement_config.json')],
      io,
    );
    expect(code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/line 2, column 5: rank 4 is above maxRankingsAllowed \(3\)/);
  });

  it('fails with one line on a missing or malformed config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rctab-'));
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      '{"cvrFileSources": [], "candidates": [], "rules": {"winnerElectionMode": "plurality"}}',
    );
    for (const path of [join(dir, 'missing.json'), bad]) {
      const { out, io } = capture();
      expect(await rctabCommand(['--rctab', path], io)).toBe(1);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it('explains its usage on bad arguments', async () => {
    const { out, io } = capture();
    expect(await rctabCommand(['--rctab', 'x.json', '--format', 'xml'], io)).toBe(2);
    expect(out.stderr).toContain('usage: mutual tally --rctab CONFIG.json');
  });
});
