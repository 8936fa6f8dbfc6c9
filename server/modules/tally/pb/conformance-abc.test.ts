// Conformance with abcvoting's committee test instances (../shared/conformance/pabulib/abcvoting_yaml):
// for every instance and every rule implemented here, the committee must be one of the tied winning
// committees abcvoting lists (its irresolute result where there is one, otherwise its resolute one).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { conformancePath } from '../../../../test/conformance.ts';
import { type CommitteeRule, committeeRules, electCommittee } from './committee.ts';

type AbcInstance = {
  profile: number[][];
  num_cand: number;
  committeesize: number;
  compute: { rule_id: string; resolute: boolean; result: number[][] | null }[];
};

const folder = conformancePath('pabulib', 'abcvoting_yaml');
const files = folder
  ? readdirSync(folder)
      .filter((f) => f.endsWith('.abc.yaml'))
      .sort()
  : [];
const suite = folder ? describe : describe.skip;

function expectedFor(instance: AbcInstance, rule: CommitteeRule): number[][] | null {
  const entries = instance.compute.filter((c) => c.rule_id === rule && c.result);
  const irresolute = entries.find((c) => !c.resolute);
  return (irresolute ?? entries[0])?.result ?? null;
}

suite('abcvoting committee instances', () => {
  for (const file of files) {
    const instance = parse(readFileSync(join(folder as string, file), 'utf8')) as AbcInstance;
    const candidates = Array.from({ length: instance.num_cand }, (_, c) => String(c));
    const ballots = instance.profile.map((approved) => approved.map(String));
    describe(file.replace('.abc.yaml', ''), () => {
      for (const rule of committeeRules) {
        const allowed = expectedFor(instance, rule);
        const test = allowed ? it : it.skip;
        test(`${rule} (${instance.committeesize} seats, ${ballots.length} voters)`, () => {
          const outcome = electCommittee({ candidates, ballots }, { rule, seats: instance.committeesize });
          const committee = outcome.committee.map(Number);
          expect(committee).toHaveLength(instance.committeesize);
          const sets = (allowed as number[][]).map((c) => JSON.stringify([...c].sort((a, b) => a - b)));
          expect(sets, `elected ${JSON.stringify(committee)}`).toContain(JSON.stringify(committee));
        });
      }
    });
  }
});
