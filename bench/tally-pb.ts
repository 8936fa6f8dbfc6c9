// Participatory-budgeting counting speed. A synthetic city-sized instance (100,000 voters, 150 projects,
// approval ballots from a seeded generator) counted with Equal Shares + Add1 completion, next to a
// baseline measured in the same run: one pass summing approvals per project over the same ballots.
// Then the real Pabulib instances from the conformance data, if present.
//
//   node_modules/.bin/node bench/tally-pb.ts

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApprovalInstance, type PbInstance, readPbFile } from '../server/modules/tally/pb/pb-file.ts';
import { type PbRuleOptions, runPbRule } from '../server/modules/tally/pb/rules.ts';
import { conformancePath } from '../test/conformance.ts';

// mulberry32: small, fast, seeded.
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticInstance(voters: number, projects: number, seed: number): PbInstance {
  const random = generator(seed);
  const ids = Array.from({ length: projects }, (_, i) => `P${String(i + 1).padStart(3, '0')}`);
  // Costs from 10,000 to 1,000,000 in steps of 500; popularity skewed so a few projects draw many votes.
  const costs = ids.map(() => 10_000 + Math.floor(random() * 1981) * 500);
  const popularity = ids.map(() => random() ** 2 + 0.02);
  const cumulative: number[] = [];
  let sum = 0;
  for (const p of popularity) {
    sum += p;
    cumulative.push(sum);
  }
  const pick = () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const ballots: string[][] = [];
  for (let v = 0; v < voters; v++) {
    const size = 1 + Math.floor(random() * 8);
    const chosen = new Set<number>();
    while (chosen.size < size) chosen.add(pick());
    ballots.push([...chosen].sort((a, b) => a - b).map((i) => ids[i] as string));
  }
  const total = costs.reduce((a, b) => a + b, 0);
  return createApprovalInstance({
    projects: ids.map((id, i) => ({ id, cost: String(costs[i]) })),
    budget: String(Math.round(total / 4)),
    ballots,
  });
}

function time<T>(run: () => T, repeat = 1): { ms: number; value: T } {
  let best = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    value = run();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, value: value as T };
}

const format = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));

const instance = syntheticInstance(100_000, 150, 20241103);
const approvalsTotal = instance.votes.reduce((n, v) => n + v.projects.length, 0);
console.log(
  `synthetic instance: ${instance.votes.length} voters, ${instance.projects.length} projects, ` +
    `${approvalsTotal} approvals, budget ${instance.budget}`,
);

// Baseline: the least any count must do — read every approval once.
const baseline = time(() => {
  const index = new Map(instance.projects.map((p, i) => [p.id, i]));
  const counts = new Array<number>(instance.projects.length).fill(0);
  for (const vote of instance.votes) {
    for (const id of vote.projects) {
      const i = index.get(id) as number;
      counts[i] = (counts[i] as number) + 1;
    }
  }
  return counts;
}, 5);
console.log(`baseline (sum approvals per project, one pass): ${format(baseline.ms)} ms`);

const runs: [string, PbRuleOptions][] = [
  ['greedy', { rule: 'greedy' }],
  ['equal shares (fixed budget)', { rule: 'equalshares' }],
  ['equal shares + add1 completion', { rule: 'equalshares/add1' }],
];
for (const [label, options] of runs) {
  const { ms, value } = time(() => runPbRule(instance, options), options.rule === 'equalshares/add1' ? 1 : 3);
  const steps = value.explanation.steps.filter((s) => s.kind === 'budget-step').length;
  console.log(
    `${label.padEnd(32)} ${format(ms).padStart(7)} ms  ×${(ms / baseline.ms).toFixed(0)} baseline  ` +
      `${value.selected.length} funded, cost ${value.cost}${steps ? `, ${steps} per-voter budgets tried` : ''}`,
  );
}

const folder = conformancePath('pabulib', 'instances');
if (folder) {
  console.log('\nreal Pabulib instances (read + count):');
  for (const file of readdirSync(folder).sort()) {
    const text = readFileSync(join(folder, file), 'utf8');
    const read = time(() => readPbFile(text), 3);
    const pb = read.value;
    const cells = runs.map(([, options]) => {
      const { ms } = time(() => runPbRule(pb, options), 3);
      return `${options.rule} ${format(ms)} ms`;
    });
    console.log(
      `  ${file.padEnd(46)} ${String(pb.votes.length).padStart(5)} voters  read ${format(read.ms)} ms  ${cells.join('  ')}`,
    );
  }
}
