import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformancePath } from '../../../../test/conformance.ts';
import { pbCommand } from './cli.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

const folder = mkdtempSync(join(tmpdir(), 'mutual-pb-cli-'));
const small = join(folder, 'small.pb');
writeFileSync(
  small,
  `META
key;value
description;Small test
num_projects;3
num_votes;3
budget;6
vote_type;approval
rule;equalshares/add1
PROJECTS
project_id;cost;name
A;3;Benches
B;3;Trees
C;2;Lights
VOTES
voter_id;vote
1;A,C
2;A,C
3;B,C
`,
);

describe('mutual tally --pb', () => {
  const instances = conformancePath('pabulib', 'instances');
  const real = instances ? it : it.skip;

  real('prints the official greedy outcome of a real instance as JSON', async () => {
    const { io, out, err } = capture();
    const file = join(instances as string, 'poland_warszawa_2017_aleksandrow.pb');
    expect(await pbCommand(['--pb', file, '--format', 'json'], io)).toBe(0);
    expect(err).toEqual([]);
    expect(JSON.parse(out.join(''))).toEqual({ rule: 'greedy', selected: ['261', '720'], cost: '110000' });
  });

  it('uses the rule named in META unless --rule is given', async () => {
    const a = capture();
    expect(await pbCommand(['--pb', small, '--format', 'json'], a.io)).toBe(0);
    expect(JSON.parse(a.out.join(''))).toEqual({ rule: 'equalshares/add1', selected: ['A', 'C'], cost: '5' });
    const b = capture();
    expect(await pbCommand(['--pb', small, '--rule', 'equalshares', '--format', 'json'], b.io)).toBe(0);
    expect(JSON.parse(b.out.join(''))).toEqual({ rule: 'equalshares', selected: ['C'], cost: '2' });
    const c = capture();
    expect(
      await pbCommand(
        ['--pb', small, '--rule', 'greedy', '--utility', 'cardinality', '--format', 'json'],
        c.io,
      ),
    ).toBe(0);
    expect(JSON.parse(c.out.join('')).selected).toEqual(['A', 'C']);
  });

  it('prints a table for people', async () => {
    const { io, out } = capture();
    expect(await pbCommand(['--pb', small], io)).toBe(0);
    const text = out.join('');
    expect(text).toContain('rule: equalshares/add1 (cost utilities)');
    expect(text).toMatch(/✓ {2}A +3 +2 {2}Benches/);
    expect(text).toMatch(/ {3}B +3 +1 {2}Trees/);
    expect(text).toContain('funded: 2 projects, cost 5 of 6');
    expect(text).toContain(
      'per-voter budget: raised from 2 to 3 in 1 steps; at 4 the outcome would cost 8 (over budget)',
    );
  });

  it('fails with one line naming the problem on a bad file', async () => {
    const bad = join(folder, 'bad.pb');
    writeFileSync(
      bad,
      `META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;5\nvote_type;approval\nPROJECTS\nproject_id;cost\nA;3\nVOTES\nvoter_id;vote\n1;B\n`,
    );
    const { io, out, err } = capture();
    expect(await pbCommand(['--pb', bad], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('')).toBe(`${bad}: line 12: voter "1" votes for unknown project "B"\n`);
  });

  it('fails on a missing file, an unknown option or a rule it does not count', async () => {
    const missing = capture();
    expect(await pbCommand(['--pb', join(folder, 'none.pb')], missing.io)).toBe(1);
    expect(missing.err.join('')).toContain('no such file');
    const option = capture();
    expect(await pbCommand(['--pb', small, '--bogus'], option.io)).toBe(2);
    expect(option.err.join('')).toContain("Unknown option '--bogus'");
    const rule = capture();
    expect(await pbCommand(['--pb', small, '--rule', 'borda'], rule.io)).toBe(2);
    expect(rule.err.join('')).toContain('--rule must be one of greedy, equalshares, equalshares/add1');
  });
});
