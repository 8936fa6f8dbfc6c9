import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BallotFile, writeBallotFile } from './ballot-file.ts';
import { ballotsCommand } from './ballots-cli.ts';
import { tallyCommand } from './cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'mutual-ballots-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await ballotsCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const decision: BallotFile = {
  format: 'mutual-ballots',
  version: 1,
  contest: { id: 'p-1', title: 'Adopt the 2027 budget' },
  method: 'decision',
  rules: { quorum: '1/2', threshold: 'two-thirds' },
  options: [],
  eligible: { members: 5 },
  ballots: [
    { receipt: 'k1', choice: 'yes' },
    { receipt: 'k2', choice: 'yes' },
    { receipt: 'k3', choice: 'no' },
    { receipt: 'k4', choice: 'abstain' },
  ],
};

const blt = `3 1
4 1 0
3 2 0
2 3 2 0
0
"Ana"
"Bo"
"Cy"
"Chair 2026"
`;

describe('mutual tally --ballots', () => {
  it('prints a decision as a readable report', async () => {
    const r = await run(['--ballots', file('decision.json', writeBallotFile(decision))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Adopt the 2027 budget (p-1)');
    expect(r.stdout).toContain('Decision: PASSED');
    expect(r.stdout).toContain('Turnout: 4 of 5 (80.00%); quorum 50.00% met.');
  });

  it('prints JSON with exact fractions as text', async () => {
    const r = await run(['--ballots', file('decision2.json', writeBallotFile(decision)), '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.kind).toBe('decision');
    expect(out.result.threshold.yesShare).toEqual({ exact: '2/3', decimal: '0.6667' });
    expect(out.result.counts.yes).toBe('2');
  });

  it('counts a BLT file by IRV, or by another ranked method when asked', async () => {
    const path = file('chair.blt', blt);
    const irv = await run(['--ballots', path]);
    expect(irv.code).toBe(0);
    expect(irv.stdout).toContain('Winners: Bo');
    const schulze = await run(['--ballots', path, '--method', 'schulze', '--format', 'json']);
    expect(schulze.code).toBe(0);
    expect(JSON.parse(schulze.stdout).result.winners).toEqual(['Bo']);
    const table = await run(['--ballots', path, '--method', 'plurality']);
    expect(table.stdout).toMatch(/Ana\s+4\s+elected/);
  });

  it('counts an option file and shows option names', async () => {
    const star: BallotFile = {
      ...decision,
      method: 'star',
      rules: {},
      options: [
        { id: 'a', name: 'Garden' },
        { id: 'b', name: 'Library' },
      ],
      eligible: undefined,
      ballots: [
        { receipt: '1', scores: { a: 5, b: 1 } },
        { receipt: '2', scores: { a: 0, b: 4 } },
        { receipt: '3', scores: { a: 3, b: 2 } },
      ],
    };
    delete star.eligible;
    const r = await run(['--ballots', file('star.json', writeBallotFile(star))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Garden\s+8\s+elected/);
  });

  it('prints a participatory budget and a committee', async () => {
    const pb: BallotFile = {
      format: 'mutual-ballots',
      version: 1,
      contest: { id: 'pb-2', title: 'Fund' },
      method: 'pb',
      rules: { budget: 500, rule: 'greedy' },
      options: [
        { id: 'a', name: 'Garden', cost: 300 },
        { id: 'b', name: 'Library', cost: 400 },
      ],
      ballots: [
        { receipt: '1', approve: ['a'] },
        { receipt: '2', approve: ['a', 'b'] },
        { receipt: '3', approve: ['b'] },
        { receipt: '4', approve: ['b'] },
      ],
    };
    const r = await run(['--ballots', file('pb.json', writeBallotFile(pb))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/funded\s+Library\s+400\s+3/);
    expect(r.stdout).toContain('Spent 400 of 500.');
    const committee = await run([
      '--ballots',
      file(
        'committee.json',
        writeBallotFile({
          ...pb,
          method: 'committee',
          rules: { seats: 1, rule: 'av' },
          options: [
            { id: 'a', name: 'Garden' },
            { id: 'b', name: 'Library' },
          ],
        }),
      ),
    ]);
    expect(committee.code).toBe(0);
    expect(committee.stdout).toContain('Elected: Library');
    const tooMany = await run([
      '--ballots',
      file(
        'committee-seats.json',
        writeBallotFile({
          ...pb,
          method: 'committee',
          rules: { seats: 3, rule: 'av' },
          options: [
            { id: 'a', name: 'Garden' },
            { id: 'b', name: 'Library' },
          ],
        }),
      ),
    ]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stdout).toBe('');
    expect(tooMany.stderr).toMatch(
      /^mutual tally: .*committee-seats\.json: rules\.seats is 3 but the file lists 2 options: a committee election needs at least as many candidates as seats\n$/,
    );
  });

  it('fails with one line naming the problem', async () => {
    const bad = await run(['--ballots', file('bad.blt', '2 1\n1 3 0\n0\n"A"\n"B"\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^mutual tally: .*bad\.blt: line 2: candidate 3 does not exist \(there are 2\)\n$/,
    );
    const json = await run(['--ballots', file('bad.json', '{"format":"mutual-ballots","version":9}')]);
    expect(json.code).toBe(1);
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
    expect(json.stderr).toContain('version 9 is not supported');
    const missing = await run(['--ballots', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    const method = await run(['--ballots', file('chair2.blt', blt), '--method', 'approval']);
    expect(method.code).toBe(1);
    expect(method.stderr).toContain('cannot count the ranked ballots');
    const shape = await run([
      '--ballots',
      file('decision4.json', writeBallotFile(decision)),
      '--method',
      'schulze',
    ]);
    expect(shape.code).toBe(1);
  });

  it('refuses bad arguments with the usage', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--ballots', 'x', '--format', 'xml'])).code).toBe(2);
    const r = await run(['--ballots', 'x', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: mutual tally --ballots FILE');
  });

  it('is reached through mutual tally', async () => {
    let out = '';
    const code = await tallyCommand(['--ballots', file('decision3.json', writeBallotFile(decision))], {
      stdout: (t) => (out += t),
      stderr: () => {},
    });
    expect(code).toBe(0);
    expect(out).toContain('PASSED');
  });
});
