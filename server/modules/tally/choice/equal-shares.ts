import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { type MethodOutcome, tiersByScore, type WeightedBallot } from './common.ts';
import { fraction } from './share.ts';
import type { RoundRecord, TieBreakPriority, TieBreakRecord } from './types.ts';

/**
 * Method of equal shares for a committee on score ballots (a score is the voter's utility; an approval
 * counts 1). Every valid ballot, blank ones included, holds a budget of 1. Each round, for every
 * option its supporters can still afford, ρ is the smallest price per unit of utility such that
 * Σ min(budget, ρ × utility) over its supporters covers its cost; the option with the lowest ρ is
 * elected (ties: higher total score, then the tie-break order) and each supporter pays min(budget,
 * ρ × utility). Cost per seat: budget total / seats ("per-seat", the textbook rule) or 1 ("unit-cost",
 * as star-server counts). When nothing is affordable, remaining seats go by total score.
 * Exact rational arithmetic throughout.
 */
export function equalShares(
  options: readonly string[],
  voters: readonly WeightedBallot[],
  seats: number,
  costRule: 'per-seat' | 'unit-cost',
  priority: TieBreakPriority,
): MethodOutcome {
  const n = options.length;
  const rank = new Map(priority.order.map((o, i) => [o, i]));
  // A ballot of weight w stands for w identical voters: budget w, utilities × w.
  const budget: Rational[] = voters.map((v) => Q.rational(v.weight));
  const utility: bigint[][] = voters.map(({ ballot, weight }) =>
    options.map((o) => BigInt(ballot.scores?.[o] ?? (ballot.approve?.includes(o) ? 1 : 0)) * weight),
  );
  const totalBudget = budget.reduce((a, b) => Q.add(a, b), Q.ZERO);
  const cost = costRule === 'per-seat' ? Q.div(totalBudget, Q.rational(seats)) : Q.ONE;
  const totalUtility = options.map((_, c) => utility.reduce((a, u) => a + u[c]!, 0n));

  const elected: number[] = [];
  const rounds: RoundRecord[] = [];
  const tieBreaks: TieBreakRecord[] = [];

  const priceOf = (c: number): Rational | null => {
    const supporters = voters.map((_, v) => v).filter((v) => utility[v]![c]! > 0n);
    const available = supporters.reduce((a, v) => Q.add(a, budget[v]!), Q.ZERO);
    if (supporters.length === 0 || Q.compare(available, cost) < 0) return null;
    // Sort supporters by budget / utility: who runs out of money first as ρ rises.
    const ratio = new Map(supporters.map((v) => [v, Q.div(budget[v]!, Q.rational(utility[v]![c]!))]));
    supporters.sort((a, b) => Q.compare(ratio.get(a)!, ratio.get(b)!));
    let price = cost;
    let util = supporters.reduce((a, v) => a + utility[v]![c]!, 0n);
    for (const v of supporters) {
      // Everyone from here on can pay ρ × utility in full.
      if (Q.compare(Q.mul(price, Q.rational(utility[v]![c]!)), Q.mul(budget[v]!, Q.rational(util))) <= 0)
        break;
      price = Q.sub(price, budget[v]!);
      util -= utility[v]![c]!;
    }
    if (util > 0n) return Q.div(price, Q.rational(util));
    return ratio.get(supporters.at(-1)!)!;
  };

  while (elected.length < seats) {
    const prices = new Map<number, Rational>();
    for (let c = 0; c < n; c++) {
      if (elected.includes(c)) continue;
      const rho = priceOf(c);
      if (rho) prices.set(c, rho);
    }
    if (prices.size === 0) break;
    const best = [...prices.values()].reduce((a, b) => Q.min(a, b));
    const tied = [...prices.keys()].filter((c) => Q.equals(prices.get(c)!, best));
    tied.sort((a, b) =>
      totalUtility[a] !== totalUtility[b]
        ? totalUtility[b]! > totalUtility[a]!
          ? 1
          : -1
        : rank.get(options[a]!)! - rank.get(options[b]!)!,
    );
    const chosen = tied[0]!;
    if (tied.length > 1) {
      const by = totalUtility[tied[0]!] !== totalUtility[tied[1]!] ? 'higher total score' : priority.source;
      tieBreaks.push({
        stage: `round ${rounds.length + 1}`,
        among: tied.map((c) => options[c]!),
        order: tied.map((c) => options[c]!),
        by,
      });
    }
    for (let v = 0; v < voters.length; v++) {
      const u = utility[v]![chosen]!;
      if (u > 0n) budget[v] = Q.sub(budget[v]!, Q.min(budget[v]!, Q.mul(best, Q.rational(u))));
    }
    elected.push(chosen);
    rounds.push({
      round: rounds.length + 1,
      tallies: Object.fromEntries([...prices].map(([c, rho]) => [options[c]!, fraction(rho)])),
      elected: [options[chosen]!],
      note: 'price per unit of utility (ρ) of each affordable option',
    });
  }

  const byTotal = (xs: number[]) =>
    [...xs].sort((a, b) =>
      totalUtility[a] !== totalUtility[b]
        ? totalUtility[b]! > totalUtility[a]!
          ? 1
          : -1
        : rank.get(options[a]!)! - rank.get(options[b]!)!,
    );
  const completed: number[] = [];
  const rest = byTotal(options.map((_, i) => i).filter((i) => !elected.includes(i)));
  while (elected.length + completed.length < seats) completed.push(rest.shift()!);
  const totals = new Map(options.map((o, i) => [o, Q.rational(totalUtility[i]!)]));
  return {
    variant: costRule,
    ranking: [
      ...[...elected, ...completed].map((i) => [options[i]!]),
      ...tiersByScore(
        rest.map((i) => options[i]!),
        totals,
      ),
    ],
    order: [...elected, ...completed, ...rest].map((i) => options[i]!),
    scores: totals,
    tieBreaks,
    details: { kind: 'equal-shares', rounds, completedByTotal: completed.map((i) => options[i]!) },
    explanation: [
      `Budget: 1 per voter, ${Q.toString(totalBudget)} in all; each seat costs ${Q.toString(cost)} (${costRule}).`,
      ...rounds.map(
        (r) =>
          `  round ${r.round}: ρ ${Object.entries(r.tallies)
            .map(([o, f]) => `${o} ${Q.toString(f.exact)}`)
            .join(', ')} → ${r.elected!.join(', ')}`,
      ),
      ...(completed.length > 0
        ? [`Nothing else affordable; filled by total score: ${completed.map((i) => options[i]!).join(', ')}.`]
        : []),
    ],
  };
}
