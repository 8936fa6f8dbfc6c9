import { AppError } from '../../lib/errors.ts';
import * as tally from '../tally/index.ts';
import { rational as Q } from '../tally/index.ts';
import type { CountInput } from './count.ts';
import { weightedTurnout } from './count.ts';
import { shuffle } from './secrecy.ts';

// Participatory budgets are counted by the engine's budgeting rules (Method of Equal Shares, or
// greedy by votes) and published as a Pabulib `.pb` file, which anyone can re-count with
// `mutual tally --pb`. The budgeting rules are reached through the counting engine's index; while it
// does not export them, budgets cannot be put to a vote (BUDGET_COUNT_UNAVAILABLE).

type PbInstanceLike = {
  votes: { voterId: string; fields: Record<string, string> }[];
  meta: Record<string, string>;
};
type PbEngine = {
  createApprovalInstance(input: {
    projects: { id: string; cost: string }[];
    budget: string;
    ballots: string[][];
    meta?: Record<string, string>;
  }): PbInstanceLike;
  runPbRule(
    instance: PbInstanceLike,
    options: { rule: 'greedy' | 'equalshares/add1' },
  ): { selected: string[]; cost: string; explanation: { notes: string[]; steps: unknown[] } };
  writePbFile(instance: PbInstanceLike): string;
};

function engine(): PbEngine | null {
  const e = tally as unknown as Partial<PbEngine>;
  return e.createApprovalInstance && e.runPbRule && e.writePbFile ? (e as PbEngine) : null;
}

export function budgetsAvailable(): boolean {
  return engine() !== null;
}

export function requireBudgetEngine(): void {
  if (!engine()) {
    throw new AppError(
      'rule',
      'BUDGET_COUNT_UNAVAILABLE',
      'Participatory budgets cannot be counted on this version of Mutual yet.',
    );
  }
}

/** Whole-number ballot copies per class in the ratio of each class's vote value. */
function copiesPerClass(input: CountInput): Map<string, number> {
  const eligible = Object.fromEntries(Object.entries(input.eligible).filter(([, n]) => n > 0));
  if (input.rules.scheme !== 'weighted-classes' || Object.keys(eligible).length === 0) {
    return new Map(Object.keys(input.eligible).map((c) => [c, 1]));
  }
  const values = tally.classVoteValues(eligible, { ...input.rules.classWeightsBps });
  const lcm = [...values.values()].reduce((l, v) => Q.lcm(l, v.den), 1n);
  let scaled = new Map([...values].map(([c, v]) => [c, (v.num * lcm) / v.den]));
  const common = [...scaled.values()].reduce((g, w) => Q.gcd(g, w), 0n) || 1n;
  scaled = new Map([...scaled].map(([c, w]) => [c, w / common]));
  return new Map([...scaled].map(([c, w]) => [c, Number(w)]));
}

export function countBudget(input: CountInput) {
  const pb = engine();
  if (!pb) requireBudgetEngine();
  const budget = input.rules.budget ?? '0';
  const copies = copiesPerClass(input);
  const voters: { id: string; approve: string[] }[] = [];
  for (const b of shuffle(input.ballots)) {
    const n = copies.get(b.classKey) ?? 1;
    for (let k = 0; k < n; k++)
      voters.push({ id: n === 1 ? b.receipt : `${b.receipt}.${k + 1}`, approve: b.content.approve ?? [] });
  }
  const instance = pb!.createApprovalInstance({
    projects: input.options.map((o) => ({ id: o.key, cost: o.cost ?? '0' })),
    budget,
    ballots: voters.map((v) => v.approve),
    meta: {
      description: input.proposal.title,
      unit: 'minor units of the co-op currency',
      instance: input.proposal.id,
      rule: input.rules.countedAs === 'greedy' ? 'greedy' : 'equalshares/add1',
    },
  });
  instance.votes.forEach((v, i) => {
    v.voterId = voters[i]!.id;
    v.fields = { ...v.fields, voter_id: voters[i]!.id };
  });
  const outcome = pb!.runPbRule(instance, {
    rule: input.rules.countedAs === 'greedy' ? 'greedy' : 'equalshares/add1',
  });
  const fileText = pb!.writePbFile(instance);
  const ballotsByClass = new Map<string, number>();
  for (const b of input.ballots) ballotsByClass.set(b.classKey, (ballotsByClass.get(b.classKey) ?? 0) + 1);
  const { share, values } = weightedTurnout(input, ballotsByClass);
  const quorumMet = Q.compare(share, Q.rational(input.rules.quorumBps, 10_000)) >= 0;
  const funded = quorumMet ? outcome.selected : [];
  const reasons = [
    ...(quorumMet
      ? []
      : [{ code: 'NO_QUORUM', message: `Turnout ${Q.toDecimalString(share, 4)} is below the quorum.` }]),
    ...(funded.length === 0 && quorumMet
      ? [{ code: 'NOTHING_FUNDED', message: 'No project was funded.' }]
      : []),
  ];
  const votesFor = new Map<string, number>();
  for (const b of input.ballots)
    for (const k of b.content.approve ?? []) votesFor.set(k, (votesFor.get(k) ?? 0) + 1);
  const eligibleTotal = Object.values(input.eligible).reduce((a, b) => a + b, 0);
  return {
    fileText,
    blt: null,
    result: {
      proposalId: input.proposal.id,
      final: true,
      outcome: funded.length > 0 ? ('funded' as const) : ('failed' as const),
      countedAs: input.rules.countedAs,
      reasons,
      turnout: {
        eligible: eligibleTotal,
        ballots: input.ballots.length,
        share: Q.toDecimalString(share, 4),
        exact: Q.toString(share),
      },
      quorum: { requiredBps: input.rules.quorumBps, met: quorumMet },
      threshold: null,
      totals: null,
      classes: Object.entries(input.eligible).map(([classKey, eligible]) => ({
        classKey,
        eligible,
        ballots: ballotsByClass.get(classKey) ?? 0,
        shareBps:
          input.rules.scheme === 'weighted-classes' ? (input.rules.classWeightsBps[classKey] ?? 0) : null,
        voteValue: Q.toString(values.get(classKey) ?? Q.ONE),
        turnout:
          eligible > 0 ? Q.toDecimalString(Q.rational(ballotsByClass.get(classKey) ?? 0, eligible), 4) : '0',
        yes: null,
        no: null,
        abstain: null,
        block: null,
        weightedYes: null,
        weightedNo: null,
        quorumMet: null,
      })),
      options: input.options.map((o) => ({
        key: o.key,
        name: o.name,
        score: String(votesFor.get(o.key) ?? 0),
        cost: o.cost,
        won: funded.includes(o.key),
      })),
      winners: funded,
      rounds: [],
      budget: { amount: budget, spent: quorumMet ? outcome.cost : '0' },
      explanation: [
        input.rules.countedAs === 'greedy'
          ? 'Greedy by votes: projects are funded in order of support while the money lasts.'
          : 'Method of Equal Shares: the budget is split equally among voters; a project is funded when its supporters can pay for it together, the cheapest per supporter first; unspent money is handed out again by adding one unit per voter until nothing more fits.',
        ...outcome.explanation.notes,
      ],
      closedAt: input.proposal.closedAt.toISOString(),
    },
  };
}
