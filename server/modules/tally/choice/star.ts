import type { Rational } from '../rational.ts';
import * as Q from '../rational.ts';
import { type MethodOutcome, tiersByScore, type WeightedBallot } from './common.ts';
import type { MethodDetails, TieBreakPriority, TieBreakRecord } from './types.ts';

type StarRound = Extract<MethodDetails, { kind: 'star' }>['rounds'][number];

/**
 * STAR (Score Then Automatic Runoff), as star-server counts it. Scoring round: the two options with
 * the highest total score are finalists; a tie at the cut is broken by fewer head-to-head losses
 * against the options with the same total, then by more top scores, then by the tie-break order.
 * Runoff: the finalist scored higher on more ballots wins; a tie goes to the higher total score, then
 * to more top scores, then to the tie-break order. Several seats: repeated, without the earlier winners.
 */
export function star(
  options: readonly string[],
  ballots: readonly WeightedBallot[],
  maxScore: number,
  seats: number,
  priority: TieBreakPriority,
): MethodOutcome {
  const n = options.length;
  const rank = new Map(priority.order.map((o, i) => [o, i]));
  const total = new Array<bigint>(n).fill(0n);
  const top = new Array<bigint>(n).fill(0n);
  const pref = Array.from({ length: n }, () => new Array<bigint>(n).fill(0n));
  let counted = 0n;
  for (const { ballot, weight } of ballots) {
    counted += weight;
    const s = options.map((o) => ballot.scores?.[o] ?? 0);
    for (let i = 0; i < n; i++) {
      total[i]! += BigInt(s[i]!) * weight;
      if (s[i] === maxScore) top[i]! += weight;
      for (let j = 0; j < n; j++) if (s[i]! > s[j]!) pref[i]![j]! += weight;
    }
  }

  const tieBreaks: TieBreakRecord[] = [];
  const rounds: StarRound[] = [];
  const elected: number[] = [];
  const explanation = [
    'Scoring round (total score, top scores):',
    ...options.map((o, i) => `  ${o}: ${total[i]}, ${top[i]}`),
  ];

  const scoringOrder = (remaining: number[]) => {
    const losses = (i: number) =>
      remaining.filter((j) => j !== i && total[j] === total[i] && pref[j]![i]! > pref[i]![j]!).length;
    const cmp = (a: number, b: number) =>
      total[a] !== total[b]
        ? total[b]! > total[a]!
          ? 1
          : -1
        : losses(a) !== losses(b)
          ? losses(a) - losses(b)
          : top[a] !== top[b]
            ? top[b]! > top[a]!
              ? 1
              : -1
            : rank.get(options[a]!)! - rank.get(options[b]!)!;
    return { sorted: [...remaining].sort(cmp), losses };
  };

  while (elected.length < seats) {
    const remaining = options.map((_, i) => i).filter((i) => !elected.includes(i));
    if (remaining.length === 1) {
      elected.push(remaining[0]!);
      explanation.push(`${options[remaining[0]!]} is the only option left.`);
      break;
    }
    const { sorted, losses } = scoringOrder(remaining);
    const [a, b, c] = sorted as [number, number, number | undefined];
    if (c !== undefined && total[b] === total[c]) {
      const among = sorted.filter((i) => total[i] === total[b]);
      const by =
        losses(b) !== losses(c)
          ? 'head-to-head among equal totals'
          : top[b] !== top[c]
            ? 'more top scores'
            : priority.source;
      tieBreaks.push({
        stage: `scoring round ${rounds.length + 1}`,
        among: among.map((i) => options[i]!),
        order: among.map((i) => options[i]!),
        by,
      });
    }
    const first = pref[a]![b]!;
    const second = pref[b]![a]!;
    let winner: number;
    let decidedBy: StarRound['decidedBy'];
    if (first !== second) {
      winner = first > second ? a : b;
      decidedBy = 'runoff';
    } else if (total[a] !== total[b]) {
      winner = total[a]! > total[b]! ? a : b;
      decidedBy = 'total-score';
    } else if (top[a] !== top[b]) {
      winner = top[a]! > top[b]! ? a : b;
      decidedBy = 'top-scores';
    } else {
      winner = rank.get(options[a]!)! < rank.get(options[b]!)! ? a : b;
      decidedBy = 'tie-break';
      tieBreaks.push({
        stage: `runoff ${rounds.length + 1}`,
        among: [options[a]!, options[b]!],
        order: [options[winner]!, options[winner === a ? b : a]!],
        by: priority.source,
      });
    }
    const runnerUp = winner === a ? b : a;
    rounds.push({
      finalists: [options[a]!, options[b]!],
      preferences: { first, second, equal: counted - first - second },
      winner: options[winner]!,
      runnerUp: options[runnerUp]!,
      decidedBy,
    });
    explanation.push(
      `Runoff ${options[a]} vs ${options[b]}: ${first} prefer ${options[a]}, ${second} prefer ${options[b]}, ${counted - first - second} no preference → ${options[winner]} (${decidedBy}).`,
    );
    elected.push(winner);
  }

  const rest = options.map((_, i) => i).filter((i) => !elected.includes(i));
  const runnerUp = rounds.length > 0 && seats === 1 ? options.indexOf(rounds[0]!.runnerUp) : -1;
  const others = rest.filter((i) => i !== runnerUp);
  const totals = new Map<string, Rational>(options.map((o, i) => [o, Q.rational(total[i]!)]));
  const ranking = [
    ...elected.map((i) => [options[i]!]),
    ...(runnerUp >= 0 ? [[options[runnerUp]!]] : []),
    ...tiersByScore(
      others.map((i) => options[i]!),
      totals,
    ),
  ];
  const order = [...elected, ...(runnerUp >= 0 ? [runnerUp] : []), ...scoringOrder(others).sorted].map(
    (i) => options[i]!,
  );
  return {
    ranking,
    order,
    scores: totals,
    tieBreaks,
    details: {
      kind: 'star',
      rounds,
      topScoreCounts: Object.fromEntries(options.map((o, i) => [o, top[i]!])),
    },
    explanation,
  };
}
