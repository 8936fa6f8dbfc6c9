// Phragmén's sequential rule for budgets (pabutools `sequential_phragmen`): voters earn money at the
// same steady rate; a project is bought as soon as its supporters together hold its cost, and their
// holdings are spent ("loads" equalised). The rule stops at the first project that would be bought but
// no longer fits in the budget.

import type { Election } from './election.ts';
import { add, compare, fromInteger, mulInt, type Rational, rational, ZERO } from './rational.ts';

export type PhragmenStep = { project: number; load: Rational; fits: boolean };

export function phragmenFill(
  election: Election,
  initial: number[],
  budget: bigint = election.budget,
): { selected: number[]; steps: PhragmenStep[] } {
  const chosen = new Set(initial);
  let spent = 0n;
  for (const p of initial) spent += election.costs[p] as bigint;
  // Projects nobody supports can never be "bought" by anyone and are left out.
  let candidates = election.projectIds
    .map((_, i) => i)
    .filter(
      (p) =>
        !chosen.has(p) && (election.approvals[p] as number) > 0 && (election.costs[p] as bigint) <= budget,
    );
  const loads: Rational[] = election.groups.map(() => ZERO);
  const selected: number[] = [];
  const steps: PhragmenStep[] = [];
  while (candidates.length > 0) {
    let best: Rational | null = null;
    let tied: number[] = [];
    for (const p of candidates) {
      let sum: Rational = fromInteger(election.costs[p] as bigint);
      for (const g of election.supporters[p] as number[]) {
        sum = add(sum, mulInt(loads[g] as Rational, BigInt(election.groups[g]?.weight ?? 0)));
      }
      const load = rational(sum.num, sum.den * BigInt(election.approvals[p] as number));
      const order = best ? compare(load, best) : -1;
      if (order < 0) {
        best = load;
        tied = [p];
      } else if (order === 0) {
        tied.push(p);
      }
    }
    if (!best) break;
    const winner = tied.reduce((a, b) =>
      (election.tieRank[b] as number) < (election.tieRank[a] as number) ? b : a,
    );
    // If any project reaching this load together cannot fit, the rule ends (pabutools' stopping rule).
    const blocked = tied.find((p) => spent + (election.costs[p] as bigint) > budget);
    if (blocked !== undefined) {
      steps.push({ project: blocked, load: best, fits: false });
      break;
    }
    for (const g of election.supporters[winner] as number[]) loads[g] = best;
    spent += election.costs[winner] as bigint;
    selected.push(winner);
    steps.push({ project: winner, load: best, fits: true });
    candidates = candidates.filter((p) => p !== winner);
  }
  return { selected, steps };
}
