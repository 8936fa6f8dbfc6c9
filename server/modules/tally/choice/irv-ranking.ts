import * as Q from '../rational.ts';
import type { MethodOutcome } from './common.ts';
import { pairwiseRecord, type RankingGroup } from './ranked.ts';
import { fraction } from './share.ts';
import type { RoundRecord, TieBreakRecord } from './types.ts';

/**
 * Instant runoff used to rank every option (Condorcet-PHP's "InstantRunoff", for comparing methods on
 * the same ranked ballots; contests counted by IRV/STV with RCTab's rules go to the rcv module).
 * Each round a ballot counts for its first rank held by a single option still in the count (a rank
 * shared by several options is passed over). An option with more than half of all counted weight
 * takes the next place from the top; otherwise the options with the fewest votes take the next place
 * from the bottom. Among those tied for fewest, only the ones that neither beat another of them
 * head-to-head, nor have a better pairwise record (wins − losses, then wins) over all options, are
 * eliminated — repeated until it settles; if it cannot separate them they leave together.
 */
export function irvRanking(
  options: readonly string[],
  groups: readonly RankingGroup[],
  wins: bigint[][],
): MethodOutcome {
  const n = options.length;
  const total = groups.reduce((a, g) => a + g.weight, 0n);
  const record = pairwiseRecord(wins);
  const balance = record.wins.map((w, i) => w - record.losses[i]!);
  const done = new Set<number>();
  const places = new Map<number, number[]>();
  let winnersPlaced = 0;
  let losersPlaced = 0;
  const rounds: RoundRecord[] = [];
  const tieBreaks: TieBreakRecord[] = [];
  const names = (xs: readonly number[]) => xs.map((i) => options[i]!);

  const eliminateAmong = (tied: number[]): number[] => {
    const keep = tied.filter((x) =>
      tied.every(
        (y) =>
          y === x ||
          !(wins[x]![y]! > wins[y]![x]! || balance[x]! > balance[y]! || record.wins[x]! > record.wins[y]!),
      ),
    );
    return keep.length > 0 ? keep : tied;
  };

  while (done.size < n) {
    const remaining = options.map((_, i) => i).filter((i) => !done.has(i));
    const score = new Map<number, bigint>(remaining.map((i) => [i, 0n]));
    for (const { tiers, weight } of groups) {
      for (const tier of tiers) {
        if (tier.length !== 1) continue;
        const only = tier[0]!;
        if (!done.has(only)) {
          score.set(only, score.get(only)! + weight);
          break;
        }
      }
    }
    const values = [...score.values()];
    // bigint: Math.max/min do not apply.
    let max = values[0]!;
    let min = values[0]!;
    for (const v of values) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const tallies = Object.fromEntries(
      remaining.map((i) => [options[i]!, fraction(Q.rational(score.get(i)!))]),
    );
    if (max * 2n > total) {
      const elected = remaining.filter((i) => score.get(i) === max);
      places.set(++winnersPlaced, elected);
      for (const i of elected) done.add(i);
      rounds.push({ round: rounds.length + 1, tallies, elected: names(elected) });
      continue;
    }
    let losers = remaining.filter((i) => score.get(i) === min);
    if (losers.length > 1) {
      const among = losers;
      for (let k = 1; k < among.length; k++) losers = eliminateAmong(losers);
      if (losers.length < among.length) {
        tieBreaks.push({
          stage: `round ${rounds.length + 1}`,
          among: names(among),
          order: names([...among.filter((i) => !losers.includes(i)), ...losers]),
          by: 'pairwise comparison',
        });
      }
    }
    losersPlaced += losers.length;
    places.set(n - losersPlaced + 1, losers);
    for (const i of losers) done.add(i);
    rounds.push({ round: rounds.length + 1, tallies, eliminated: names(losers) });
  }

  const ranking = [...places.entries()].sort((a, b) => a[0] - b[0]).map(([, tier]) => names(tier));
  return {
    ranking,
    details: { kind: 'rounds', rounds },
    tieBreaks,
    explanation: [
      `Majority: more than half of ${total}.`,
      ...rounds.map(
        (r) =>
          `  round ${r.round}: ${Object.entries(r.tallies)
            .map(([o, v]) => `${o} ${v.decimal.replace(/\.0+$/, '')}`)
            .join(', ')}` +
          (r.elected ? ` → ${r.elected.join(', ')} placed` : ` → ${r.eliminated!.join(', ')} out`),
      ),
    ],
  };
}
