// Speed of decisions, option methods and the published-ballot file, each next to a baseline over the
// same in-memory ballots measured in the same run: the least work a count can do (one pass tallying
// first choices or yes/no into plain numbers), or JSON.stringify + JSON.parse for the file.
// Each figure is the best of three runs. Run: node_modules/.bin/node bench/tally-choice.ts
import {
  type BallotFile,
  countBallotFile,
  readBallotFile,
  writeBallotFile,
} from '../server/modules/tally/ballot-file.ts';
import { countChoice } from '../server/modules/tally/choice/count.ts';
import { countDecision, type DecisionBallot } from '../server/modules/tally/choice/decision.ts';
import type { ChoiceBallot, ChoiceMethod, ChoiceRules } from '../server/modules/tally/choice/types.ts';

// mulberry32: small and seeded, so every run counts the same ballots.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Best of three: the machines are shared, and the minimum is the least disturbed run.
function time<T>(run: () => T): { ms: number; value: T } {
  let best = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    value = run();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, value: value as T };
}

const rows: string[][] = [['what', 'ballots', 'ms', 'baseline ms', 'ratio']];
function report(what: string, ballots: number, ms: number, baseline: number): void {
  rows.push([
    what,
    ballots.toLocaleString('en'),
    ms.toFixed(0),
    baseline.toFixed(1),
    `${(ms / baseline).toFixed(1)}×`,
  ]);
}

// Decisions: 1,000,000 ballots in three weighted classes.
{
  const random = prng(1);
  const classes = ['worker', 'customer', 'supporter'];
  const eligible = { worker: 400_000, customer: 900_000, supporter: 400_000 };
  const choices = ['yes', 'yes', 'no', 'abstain'] as const;
  const ballots: DecisionBallot[] = Array.from({ length: 1_000_000 }, () => {
    const c = classes[Math.floor(random() * 3)]!;
    return { class: c, choice: choices[Math.floor(random() * 4)]! };
  });
  const baseline = time(() => {
    const tally: Record<string, number> = {};
    for (const b of ballots) {
      const key = `${b.class}:${b.choice}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    return tally;
  });
  const counted = time(() =>
    countDecision({
      eligible,
      ballots,
      rules: {
        quorum: '1/3',
        threshold: 'two-thirds',
        classWeights: { worker: 5000, customer: 3500, supporter: 1500 },
        perClassQuorum: true,
      },
    }),
  );
  if (!counted.value.explanation.length) throw new Error('no result');
  report('decision, 3 weighted classes', ballots.length, counted.ms, baseline.ms);
}

// Ranked ballots: 200,000 over 8 options, truncated and with some equal ranks.
const options8 = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
function rankedBallots(count: number, seed: number): ChoiceBallot[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const order = [...options8].sort(() => random() - 0.5 + (options8.indexOf('a') - 3) * 0.01);
    const length = 1 + Math.floor(random() * options8.length);
    const ranking: (string | string[])[] = [];
    for (let i = 0; i < length; i++) {
      if (i > 0 && random() < 0.1) {
        const last = ranking.pop()!;
        ranking.push([...(typeof last === 'string' ? [last] : last), order[i]!]);
      } else ranking.push(order[i]!);
    }
    return { ranking };
  });
}
const ranked = rankedBallots(200_000, 2);
const firstChoiceBaseline = () =>
  time(() => {
    const tally = new Map<string, number>();
    for (const b of ranked) {
      const first = b.ranking![0]!;
      for (const o of typeof first === 'string' ? [first] : first) tally.set(o, (tally.get(o) ?? 0) + 1);
    }
    return tally;
  }).ms;
for (const [method, rules] of [
  ['plurality', {}],
  ['borda', {}],
  ['schulze', {}],
  ['ranked-pairs', {}],
  ['copeland', {}],
  ['minimax', {}],
  ['kemeny-young', {}],
  ['irv-ranking', {}],
] as [ChoiceMethod, ChoiceRules][]) {
  const baseline = firstChoiceBaseline();
  const counted = time(() => countChoice({ method, options: options8, ballots: ranked, rules }));
  report(`${method}, 8 options`, ranked.length, counted.ms, baseline);
}

// Score ballots: STAR and equal shares.
function scoreBallots(
  count: number,
  n: number,
  seed: number,
): { options: string[]; ballots: ChoiceBallot[] } {
  const random = prng(seed);
  const options = Array.from({ length: n }, (_, i) => `o${i}`);
  const ballots = Array.from({ length: count }, () => ({
    scores: Object.fromEntries(options.map((o, i) => [o, Math.min(5, Math.floor(random() * (6 + (i % 3))))])),
  }));
  return { options, ballots };
}
{
  const { options, ballots } = scoreBallots(200_000, 6, 3);
  const baseline = time(() => {
    const total = new Map<string, number>();
    for (const b of ballots)
      for (const [o, s] of Object.entries(b.scores ?? {})) total.set(o, (total.get(o) ?? 0) + s);
    return total;
  }).ms;
  report(
    'star, 6 options',
    ballots.length,
    time(() => countChoice({ method: 'star', options, ballots })).ms,
    baseline,
  );
}
{
  const { options, ballots } = scoreBallots(5_000, 10, 4);
  const baseline = time(() => {
    const total = new Map<string, number>();
    for (const b of ballots)
      for (const [o, s] of Object.entries(b.scores ?? {})) total.set(o, (total.get(o) ?? 0) + s);
    return total;
  }).ms;
  const counted = time(() =>
    countChoice({ method: 'score-equal-shares', options, ballots, rules: { seats: 3 } }),
  );
  report('score-equal-shares, 10 options, 3 seats', ballots.length, counted.ms, baseline);
}

// The published-ballot file: write, read back and count 100,000 ranked ballots.
{
  const file: BallotFile = {
    format: 'mutual-ballots',
    version: 1,
    contest: { id: 'bench', title: 'Benchmark' },
    method: 'schulze',
    rules: {},
    options: options8.map((id) => ({ id })),
    seed: 'bench',
    ballots: ranked
      .slice(0, 100_000)
      .map((b, i) => ({ receipt: `r${i.toString(36)}`, ranking: b.ranking as (string | string[])[] })),
  };
  const baseline = time(() => JSON.parse(JSON.stringify(file))).ms;
  const roundTrip = time(() => countBallotFile(readBallotFile(writeBallotFile(file))));
  report('ballot file write + read + count (schulze)', file.ballots.length, roundTrip.ms, baseline);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows)
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
