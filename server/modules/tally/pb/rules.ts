// The participatory-budgeting rules as one entry point: read the options, run the rule on the compact
// election, and describe every step in plain data for display.

import { type Election, electionFromInstance, isExhaustive, totalCost } from './election.ts';
import { type MesResult, runEqualShares } from './equal-shares.ts';
import { type GreedyStep, greedyFill, type Utility } from './greedy.ts';
import { maxWelfare } from './max-welfare.ts';
import type { PbInstance } from './pb-file.ts';
import { phragmenFill } from './phragmen.ts';
import {
  add,
  compare,
  decimalToRational,
  div,
  divInt,
  formatScaled,
  fromInteger,
  isPositive,
  mulInt,
  type Rational,
  rational,
  toDecimalString,
} from './rational.ts';

export const pbRules = ['greedy', 'equalshares', 'equalshares/add1', 'seq-phragmen', 'max-welfare'] as const;
export type PbRule = (typeof pbRules)[number];

// How plain Equal Shares (`rule: 'equalshares'`) is completed when it leaves money unspent.
export type MesCompletion =
  | { kind: 'none' }
  // pabutools completion_by_rule_combination: then greedy (same utility) with what is left.
  | { kind: 'greedy' }
  // pabutools completion_by_rule_combination: then seq-Phragmén (loads start at zero).
  | { kind: 'seq-phragmen' }
  // pabutools voter_budget_increment: add `step` (currency units) to every voter's budget and re-run
  // until the outcome is exhaustive among the projects MES considers; an overspending outcome is
  // discarded for the one before it.
  | { kind: 'voter-budget-increment'; step: string }
  // pabutools exhaustion_by_budget_increase: raise the total budget by `step` (currency units) and
  // re-run until the outcome is exhaustive or overspends (then the one before it is kept).
  | { kind: 'budget-increase'; step: string };

export type PbRuleOptions = {
  rule: PbRule;
  utility?: Utility;
  completion?: MesCompletion;
  // Projects funded before the rule starts (pabutools' initial_budget_allocation).
  initialSelection?: string[];
  // The drawn order that settles ties no other criterion settles; defaults to the file's order.
  tieOrder?: string[];
  // equalshares/add1 and the budget-raising completions: refuse to run more than this many budget steps
  // (default 100000) rather than run for hours.
  maxBudgetSteps?: number;
};

export type PbStep =
  | {
      kind: 'greedy';
      phase: 'greedy' | 'completion';
      project: string;
      votes: string;
      cost: string;
      funded: boolean;
      remaining: string;
    }
  | { kind: 'free'; project: string }
  | {
      kind: 'equal-shares';
      round: number;
      project: string;
      cost: string;
      // cost / maxPayment: how many voters the project is effectively backed by.
      effectiveVotes: string;
      maxPayment: string;
      tiedWith: string[];
      decidedBy: 'rho' | 'cost' | 'votes' | 'order';
    }
  | {
      kind: 'budget-step';
      perVoter: string;
      funded: number;
      cost: string;
      result: 'kept' | 'overspends' | 'exhaustive' | 'everything-funded';
    }
  | { kind: 'seq-phragmen'; project: string; load: string; funded: boolean }
  | { kind: 'comparison'; prefersRule: number; prefersGreedy: number; switchedToGreedy: boolean };

export type PbExplanation = {
  rule: PbRule;
  utility: Utility;
  budget: string;
  voters: number;
  steps: PbStep[];
  notes: string[];
};

export type PbOutcome = {
  rule: PbRule;
  // Funded project ids, in the order of the PROJECTS section.
  selected: string[];
  cost: string;
  explanation: PbExplanation;
};

const defaultMaxBudgetSteps = 100_000;

export function runPbRule(instance: PbInstance, options: PbRuleOptions): PbOutcome {
  const election = electionFromInstance(instance, options.tieOrder);
  const notes: string[] = [];
  if (instance.voteType !== 'approval' && instance.voteType !== 'choose-1' && options.rule !== 'greedy') {
    notes.push(
      `${instance.voteType} ballots are read as approvals: every project a voter lists counts as supported`,
    );
  }
  return runOnElection(election, options, notes);
}

function runOnElection(election: Election, options: PbRuleOptions, notes: string[] = []): PbOutcome {
  const utility = options.utility ?? 'cost';
  const index = new Map(election.projectIds.map((id, i) => [id, i]));
  const initial = (options.initialSelection ?? []).map((id) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`the initial selection names unknown project "${id}"`);
    return i;
  });
  const steps: PbStep[] = [];
  const describe = new Describer(election);
  let selected: number[];

  switch (options.rule) {
    case 'greedy': {
      const run = greedyFill(election, utility, initial);
      steps.push(...describe.greedy(run.steps, 'greedy'));
      selected = [...initial, ...run.selected];
      break;
    }
    case 'max-welfare':
      if (initial.length > 0) throw new Error('max-welfare does not take an initial selection');
      selected = maxWelfare(election, utility);
      break;
    case 'seq-phragmen': {
      const run = phragmenFill(election, initial);
      steps.push(...describe.phragmen(run.steps));
      selected = [...initial, ...run.selected];
      break;
    }
    case 'equalshares':
      selected = equalSharesWithCompletion(
        election,
        utility,
        initial,
        options.completion ?? { kind: 'none' },
        steps,
        describe,
        options.maxBudgetSteps ?? defaultMaxBudgetSteps,
      );
      break;
    case 'equalshares/add1':
      if (utility !== 'cost')
        notes.push('equalshares/add1 is defined with cost utilities; the utility option was ignored');
      if (initial.length > 0) throw new Error('equalshares/add1 does not take an initial selection');
      selected = equalSharesAdd1(
        election,
        options.maxBudgetSteps ?? defaultMaxBudgetSteps,
        steps,
        describe,
        notes,
      );
      break;
    default:
      throw new Error(`unknown rule "${String(options.rule)}"`);
  }

  const chosen = new Set(selected);
  return {
    rule: options.rule,
    selected: election.projectIds.filter((_, i) => chosen.has(i)),
    cost: describe.money(totalCost(election, chosen)),
    explanation: {
      rule: options.rule,
      utility: options.rule === 'equalshares/add1' ? 'cost' : utility,
      budget: describe.money(election.budget),
      voters: election.voterCount,
      steps,
      notes,
    },
  };
}

function perVoterShare(election: Election, total: Rational): Rational {
  return election.voterCount === 0 ? rational(0n) : divInt(total, BigInt(election.voterCount));
}

// A completion step in currency units: a decimal ("0.1") or a fraction ("1/24").
function parseStep(text: string, election: Election): Rational {
  const [top, bottom, extra] = text.split('/');
  const numerator = decimalToRational(top ?? '');
  const denominator = bottom === undefined ? fromInteger(1n) : decimalToRational(bottom);
  const step =
    numerator && denominator && isPositive(denominator) && extra === undefined
      ? div(numerator, denominator)
      : null;
  if (!step || !isPositive(step)) throw new Error(`the completion step "${text}" must be a positive number`);
  return mulInt(step, 10n ** BigInt(election.scale));
}

function equalSharesWithCompletion(
  election: Election,
  utility: Utility,
  initial: number[],
  completion: MesCompletion,
  steps: PbStep[],
  describe: Describer,
  maxSteps: number,
): number[] {
  const exclude = new Set(initial);
  const run = (total: Rational) =>
    runEqualShares(election, {
      utility,
      perVoter: perVoterShare(election, total),
      exclude,
      tieBreak: 'equalshares',
    });
  const budget = fromInteger(election.budget);

  if (completion.kind === 'voter-budget-increment' || completion.kind === 'budget-increase') {
    const step = parseStep(completion.step, election);
    const perVoterStep = completion.kind === 'voter-budget-increment';
    // pabutools bounds the budget-increase search at budget × (voters + 1).
    const bound = mulInt(budget, BigInt(election.voterCount + 1));
    let total = budget;
    let tries = 0;
    let previous: { selected: number[]; result: MesResult | null } = { selected: [...initial], result: null };
    for (;;) {
      const result = run(total);
      const outcome = new Set([...initial, ...result.selected]);
      const cost = totalCost(election, outcome);
      const perVoter = perVoterShare(election, total);
      if (cost > election.budget) {
        steps.push(describe.budgetStep(perVoter, outcome.size, cost, 'overspends'));
        break;
      }
      const exhaustive = perVoterStep
        ? isExhaustive(election, outcome, result.eligible)
        : isExhaustive(election, outcome);
      steps.push(describe.budgetStep(perVoter, outcome.size, cost, exhaustive ? 'exhaustive' : 'kept'));
      previous = { selected: [...outcome], result };
      if (exhaustive) break;
      total = perVoterStep ? add(total, mulInt(step, BigInt(election.voterCount))) : add(total, step);
      if (!perVoterStep && compare(total, bound) > 0) break;
      if (++tries > maxSteps) {
        throw new Error(`the ${completion.kind} completion did not settle within ${maxSteps} steps`);
      }
    }
    if (previous.result) steps.push(...describe.equalShares(previous.result));
    return previous.selected;
  }

  const result = run(budget);
  steps.push(...describe.equalShares(result));
  const outcome = [...initial, ...result.selected];
  if (completion.kind === 'none' || isExhaustive(election, new Set(outcome))) return outcome;
  if (completion.kind === 'greedy') {
    const filled = greedyFill(election, utility, outcome);
    steps.push(...describe.greedy(filled.steps, 'completion'));
    return [...outcome, ...filled.selected];
  }
  const filled = phragmenFill(election, outcome);
  steps.push(...describe.phragmen(filled.steps));
  return [...outcome, ...filled.selected];
}

// The official Equal Shares with Add1 completion (Pabulib `rule;equalshares/add1`, equalshares.net).
// Stopping rule implemented: start at floor(budget / voters) whole currency units per voter, add one
// unit per step, and keep the LAST outcome that does not overspend the real budget — the search ends at
// the first overspending outcome (or when every project MES can fund is funded). It does not stop at
// the first exhaustive outcome. Then a greedy (utilitarian) completion with what is left, then the
// comparison step: switch to plain greedy only if strictly more voters have more approved projects
// funded under greedy than under the Equal Shares outcome.
function equalSharesAdd1(
  election: Election,
  maxSteps: number,
  steps: PbStep[],
  describe: Describer,
  notes: string[],
): number[] {
  const unit = 10n ** BigInt(election.scale);
  const voters = BigInt(election.voterCount);
  const run = (perVoterUnits: bigint) =>
    runEqualShares(election, {
      utility: 'cost',
      perVoter: fromInteger(perVoterUnits * unit),
      tieBreak: 'equalshares',
    });
  let units = voters === 0n ? 0n : election.budget / (voters * unit);
  let kept = run(units);
  const everything = election.costs.reduce((a, b) => a + b, 0n);
  const mesCost = (r: MesResult) => totalCost(election, r.selected);
  if (everything <= election.budget) {
    // Everything fits: the budget search cannot change anything the completion will not add.
    notes.push('every project fits in the budget, so the per-voter budget was not raised');
    steps.push(describe.budgetStep(fromInteger(units * unit), kept.selected.length, mesCost(kept), 'kept'));
  } else {
    for (let step = 0; ; step++) {
      if (kept.selected.length === kept.eligible.length) {
        steps.push(
          describe.budgetStep(
            fromInteger(units * unit),
            kept.selected.length,
            mesCost(kept),
            'everything-funded',
          ),
        );
        break;
      }
      steps.push(describe.budgetStep(fromInteger(units * unit), kept.selected.length, mesCost(kept), 'kept'));
      if (step >= maxSteps) {
        throw new Error(
          `equalshares/add1 did not settle within ${maxSteps} budget steps of one currency unit`,
        );
      }
      const next = run(units + 1n);
      const cost = mesCost(next);
      if (cost > election.budget) {
        steps.push(
          describe.budgetStep(fromInteger((units + 1n) * unit), next.selected.length, cost, 'overspends'),
        );
        break;
      }
      units += 1n;
      kept = next;
    }
  }
  steps.push(...describe.equalShares(kept));
  const completed = greedyFill(election, 'cost', kept.selected);
  steps.push(...describe.greedy(completed.steps, 'completion'));
  const mesOutcome = [...kept.selected, ...completed.selected];

  const greedy = greedyFill(election, 'cost', []).selected;
  const inMes = new Set(mesOutcome);
  const inGreedy = new Set(greedy);
  let prefersRule = 0;
  let prefersGreedy = 0;
  for (const group of election.groups) {
    let mes = 0;
    let gr = 0;
    for (const p of group.projects) {
      if (inMes.has(p)) mes += 1;
      if (inGreedy.has(p)) gr += 1;
    }
    if (mes > gr) prefersRule += group.weight;
    else if (gr > mes) prefersGreedy += group.weight;
  }
  const switched = prefersGreedy > prefersRule;
  steps.push({ kind: 'comparison', prefersRule, prefersGreedy, switchedToGreedy: switched });
  return switched ? greedy : mesOutcome;
}

// Turns the integer internals into strings for people: money back in currency units, ratios as decimals.
class Describer {
  readonly election: Election;
  private readonly unit: bigint;
  constructor(election: Election) {
    this.election = election;
    this.unit = 10n ** BigInt(election.scale);
  }

  money(units: bigint): string {
    return formatScaled(units, this.election.scale);
  }

  amount(value: Rational): string {
    return toDecimalString(divInt(value, this.unit), Math.max(6, this.election.scale));
  }

  id(p: number): string {
    return this.election.projectIds[p] as string;
  }

  votes(p: number): string {
    return formatScaled(this.election.scores[p] as bigint, this.election.pointsScale);
  }

  greedy(run: GreedyStep[], phase: 'greedy' | 'completion'): PbStep[] {
    return run.map((s) => ({
      kind: 'greedy',
      phase,
      project: this.id(s.project),
      votes: this.votes(s.project),
      cost: this.money(this.election.costs[s.project] as bigint),
      funded: s.selected,
      remaining: this.money(s.remaining),
    }));
  }

  equalShares(result: MesResult): PbStep[] {
    const steps: PbStep[] = result.free.map((p) => ({ kind: 'free', project: this.id(p) }));
    result.rounds.forEach((round, i) => {
      const cost = fromInteger(this.election.costs[round.project] as bigint);
      steps.push({
        kind: 'equal-shares',
        round: i + 1,
        project: this.id(round.project),
        cost: this.money(cost.num),
        effectiveVotes: toDecimalString(div(cost, round.maxPayment), 6),
        maxPayment: this.amount(round.maxPayment),
        tiedWith: round.tiedWith.map((p) => this.id(p)),
        decidedBy: round.decidedBy,
      });
    });
    return steps;
  }

  phragmen(run: { project: number; load: Rational; fits: boolean }[]): PbStep[] {
    return run.map((s) => ({
      kind: 'seq-phragmen',
      project: this.id(s.project),
      load: this.amount(s.load),
      funded: s.fits,
    }));
  }

  budgetStep(
    perVoter: Rational,
    funded: number,
    cost: bigint,
    result: 'kept' | 'overspends' | 'exhaustive' | 'everything-funded',
  ): PbStep {
    return { kind: 'budget-step', perVoter: this.amount(perVoter), funded, cost: this.money(cost), result };
  }
}
