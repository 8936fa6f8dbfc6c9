import { type DistinctBallots, dedupeBallots, encodeBallots, OVERVOTE_CODE } from './ballots.ts';
import { divTruncated, formatFixed, mulTruncated, parseFixed, scaleFor } from './decimal.ts';
import { compareJavaStrings, JavaRandom, javaHashSetOrder, javaShuffle } from './java-random.ts';
import {
  type EncodedBallots,
  EXPLICIT_OVERVOTE,
  type InactiveBallots,
  type OvervoteRule,
  RankedChoiceError,
  type RankedChoiceInput,
  type RankedChoiceResult,
  type RankedChoiceRound,
  type RankedChoiceRules,
  type RoundOutcome,
  type TabulationPass,
  type TiebreakMode,
  UNDECLARED_WRITE_INS,
  type WinnerElectionMode,
} from './types.ts';

// Counting follows RCTab 2.x as described in the conformance README (the "rules as reproduced"):
// per-ballot truncated arithmetic, Gregory-style fractional surplus transfer, and RCTab's order of
// winner / elimination checks. Work is incremental: only ballots of candidates who left the count are
// re-walked, which gives the same result as RCTab's full re-walk because the continuing set only shrinks.

type Rules = {
  mode: WinnerElectionMode;
  seats: number;
  dp: number;
  scale: bigint;
  tiebreak: TiebreakMode;
  seed: bigint;
  decisions: readonly string[];
  overvote: OvervoteRule;
  maxSkip: number;
  maxRank: number;
  nonIntegerThreshold: boolean;
  hare: boolean;
  batch: boolean;
  continueUntilTwo: boolean;
  exhaustOnDuplicate: boolean;
  firstRoundThreshold: boolean;
  stopAfterRound: number;
  percentThreshold: bigint; // fixed point, percent
  cutoff: boolean;
};

type Contest = {
  names: string[]; // config candidates, then the undeclared write-in pseudo-candidate if present
  uwi: number; // its index or -1
  excluded: boolean[];
  /** Tie-break order: lower = earlier (wins ties, is eliminated last) for useCandidateOrder / generatePermutation. */
  order: number[];
  ballots: DistinctBallots;
  weights: bigint[];
  totalBallots: bigint;
  rules: Rules;
};

const CONTINUING = 0;
const ELECTED = 1;
const ELIMINATED = 2;
const EXCLUDED = 3;

const OVERVOTES = 0;
const SKIPPED = 1;
const EXHAUSTED = 2;
const REPEATED = 3;
const FINAL_SURPLUS = 4;

export function countRankedChoice(input: RankedChoiceInput): RankedChoiceResult {
  const rules = normalizeRules(input.rules);
  const configured = input.candidates.map((c) => (typeof c === 'string' ? { name: c, excluded: false } : c));
  const names = configured.map((c) => c.name);
  const seen = new Set<string>();
  for (const name of names) {
    if (name === UNDECLARED_WRITE_INS || name === EXPLICIT_OVERVOTE) {
      throw new RankedChoiceError('RESERVED_NAME', `"${name}" is reserved and cannot be a candidate's name`);
    }
    if (seen.has(name))
      throw new RankedChoiceError('DUPLICATE_CANDIDATE', `candidate "${name}" is listed twice`);
    seen.add(name);
  }
  const uwiIndex = names.length;
  const encoded: EncodedBallots =
    'start' in input.ballots
      ? input.ballots
      : encodeBallots(
          input.ballots,
          new Map([...names.map((n, i) => [n, i] as const), [UNDECLARED_WRITE_INS, uwiIndex]]),
        );
  let usesUwi = input.includeUndeclaredWriteIns === true;
  for (let m = 0; m < encoded.candidate.length; m++) {
    const c = encoded.candidate[m]!;
    if (c === uwiIndex) usesUwi = true;
    else if (c < OVERVOTE_CODE || c > uwiIndex) {
      throw new RankedChoiceError(
        'UNKNOWN_CANDIDATE',
        `a ballot mark refers to candidate index ${c}, which does not exist`,
      );
    }
    if (encoded.rank[m]! > rules.maxRank) {
      throw new RankedChoiceError(
        'RANK_ABOVE_MAXIMUM',
        `a ballot uses rank ${encoded.rank[m]}, above the maximum of ${rules.maxRank} rankings allowed`,
      );
    }
  }
  const allNames = usesUwi ? [...names, UNDECLARED_WRITE_INS] : names;
  const ballots = dedupeBallots(encoded);
  const weights = Array.from(ballots.weight, (w) => BigInt(w));
  const contest: Contest = {
    names: allNames,
    uwi: usesUwi ? uwiIndex : -1,
    excluded: [...configured.map((c) => c.excluded === true), ...(usesUwi ? [false] : [])],
    order: tiebreakOrder(names, rules, usesUwi),
    ballots,
    weights,
    totalBallots: weights.reduce((a, b) => a + b, 0n),
    rules,
  };

  const transfersSurplus =
    rules.seats > 1 && rules.mode !== 'bottomsUp' && rules.mode !== 'bottomsUpUsingPercentageThreshold';
  if (rules.mode !== 'multiPassIrv') {
    const pass = tabulate(contest, rules.seats, new Set(), transfersSurplus);
    return { winners: pass.winners, passes: [pass], decimalPlaces: rules.dp, transfersSurplus };
  }
  // Sequential IRV: one single-seat count per seat, each excluding earlier winners.
  const passes: TabulationPass[] = [];
  const winners: string[] = [];
  const earlier = new Set<number>();
  for (let seat = 0; seat < rules.seats; seat++) {
    const hopefuls = allNames.filter((_, c) => !contest.excluded[c] && !earlier.has(c) && c !== contest.uwi);
    if (hopefuls.length === 0) break;
    const pass = tabulate(contest, 1, earlier, false);
    passes.push(pass);
    for (const w of pass.winners) {
      winners.push(w);
      earlier.add(allNames.indexOf(w));
    }
    if (pass.winners.length === 0) break;
  }
  return { winners, passes, decimalPlaces: rules.dp, transfersSurplus: false };
}

function normalizeRules(rules: RankedChoiceRules): Rules {
  const dp = rules.decimalPlaces ?? 4;
  if (!Number.isInteger(dp) || dp < 0 || dp > 20) {
    throw new RankedChoiceError('BAD_RULES', `decimalPlaces must be a whole number from 0 to 20, got ${dp}`);
  }
  const mode = rules.winnerElectionMode;
  const seats = rules.numberOfWinners;
  if (
    !Number.isInteger(seats) ||
    seats < 0 ||
    (seats === 0 && mode !== 'bottomsUpUsingPercentageThreshold')
  ) {
    throw new RankedChoiceError('BAD_RULES', `numberOfWinners must be a positive whole number, got ${seats}`);
  }
  if (mode === 'singleWinnerMajority' && seats !== 1) {
    throw new RankedChoiceError(
      'BAD_RULES',
      `singleWinnerMajority elects one winner, but numberOfWinners is ${seats}`,
    );
  }
  const percent = rules.multiSeatBottomsUpPercentageThreshold;
  if (mode === 'bottomsUpUsingPercentageThreshold' && (percent === undefined || percent === '')) {
    throw new RankedChoiceError(
      'BAD_RULES',
      'bottomsUpUsingPercentageThreshold needs multiSeatBottomsUpPercentageThreshold',
    );
  }
  const maxSkip = rules.maxSkippedRanksAllowed ?? 'unlimited';
  const maxRank = rules.maxRankingsAllowed ?? 'max';
  return {
    mode,
    seats,
    dp,
    scale: scaleFor(dp),
    tiebreak: rules.tiebreakMode ?? 'useCandidateOrder',
    seed: BigInt(rules.randomSeed ?? 0),
    decisions: rules.tieDecisions ?? [],
    overvote: rules.overvoteRule ?? 'alwaysSkipToNextRank',
    maxSkip: maxSkip === 'unlimited' ? Number.MAX_SAFE_INTEGER : maxSkip,
    maxRank: maxRank === 'max' ? Number.MAX_SAFE_INTEGER : maxRank,
    nonIntegerThreshold: rules.nonIntegerWinningThreshold === true,
    hare: rules.hareQuota === true,
    batch: rules.batchElimination === true,
    continueUntilTwo: rules.continueUntilTwoCandidatesRemain === true,
    exhaustOnDuplicate: rules.exhaustOnDuplicateCandidate === true,
    firstRoundThreshold: rules.doesFirstRoundDetermineThreshold === true,
    stopAfterRound: rules.stopTabulationEarlyAfterRound ?? Number.MAX_SAFE_INTEGER,
    percentThreshold: percent === undefined || percent === '' ? 0n : parseFixed(String(percent), dp),
    cutoff: rules.cutoffElimination === true,
  };
}

function tiebreakOrder(configNames: string[], rules: Rules, usesUwi: boolean): number[] {
  let ordered = configNames;
  if (rules.tiebreak === 'generatePermutation') {
    // RCTab sorts the configured names, then shuffles them with java.util.Random(seed).
    ordered = javaShuffle([...configNames].sort(compareJavaStrings), new JavaRandom(rules.seed));
  }
  const position = new Map(ordered.map((name, i) => [name, i]));
  const order = configNames.map((name) => position.get(name)!);
  if (usesUwi) order.push(configNames.length);
  return order;
}

type Move = { to: number; category: number };

function tabulate(
  contest: Contest,
  seats: number,
  alsoExcluded: ReadonlySet<number>,
  transfersSurplus: boolean,
): TabulationPass {
  const { names, uwi, ballots, weights, rules } = contest;
  const { scale, dp } = rules;
  const n = names.length;
  const D = ballots.ballotCount;
  const bStart = ballots.start;
  const bRank = ballots.rank;
  const bCand = ballots.candidate;
  const percentMode = rules.mode === 'bottomsUpUsingPercentageThreshold';
  const bottomsUp = rules.mode === 'bottomsUp' || percentMode;

  const status = new Uint8Array(n);
  for (let c = 0; c < n; c++) if (contest.excluded[c] || alsoExcluded.has(c)) status[c] = EXCLUDED;
  // Whether ballots may rest with c: continuing, or (continue-until-two) already elected.
  const open = new Uint8Array(n);
  for (let c = 0; c < n; c++) open[c] = status[c] === CONTINUING ? 1 : 0;

  const position = new Int32Array(D).fill(-1); // first mark of the rank the ballot currently counts at
  const value = new Array<bigint>(D).fill(scale);
  const piles: number[][] = Array.from({ length: n }, () => []);
  const tally = new Array<bigint>(n).fill(0n);
  const kept = new Array<bigint>(n).fill(0n); // elected with surplus transfer: value retained
  const inactive = [0n, 0n, 0n, 0n, 0n];
  let undervotes = 0n;
  const random = new JavaRandom(rules.seed);
  let decisionIndex = 0;
  const history: bigint[][] = []; // tallies of earlier rounds, for previousRoundCounts tie-breaks

  const rounds: RankedChoiceRound[] = [];
  const winners: number[] = [];
  let seatsFilled = 0;
  let threshold = 0n;
  let finalRound = false;
  type Leaver = {
    candidate: number;
    elected: boolean;
    fraction: bigint;
    outcome: Map<string, bigint>;
    threshold: bigint;
  };
  let leavers: Leaver[] = [];
  const electedAt = new Map<number, bigint>(); // threshold in force when each winner was elected
  const outcomes = new Map<RoundOutcome, Map<string, bigint>>();

  // Walks ballot b from the rank after its current one; returns the new recipient or inactive category.
  const walk = (b: number, allSeatsFilled: boolean): Move => {
    const s = bStart[b]!;
    const e = bStart[b + 1]!;
    let p = s;
    let last = 0;
    const current = position[b]!;
    if (current >= 0) {
      last = bRank[current]!;
      p = current;
      while (p < e && bRank[p] === last) p++;
    }
    if (allSeatsFilled && transfersSurplus) return { to: -1, category: FINAL_SURPLUS };
    while (p < e) {
      const r = bRank[p]!;
      let q = p;
      while (q < e && bRank[q] === r) q++;
      if (r - last > rules.maxSkip + 1) return { to: -1, category: SKIPPED };
      last = r;
      if (rules.exhaustOnDuplicate) {
        for (let m = p; m < q; m++) {
          const c = bCand[m]!;
          if (c === OVERVOTE_CODE) continue;
          for (let k = s; k < p; k++) if (bCand[k] === c) return { to: -1, category: REPEATED };
        }
      }
      let skip = false;
      let explicit = false;
      for (let m = p; m < q; m++) if (bCand[m] === OVERVOTE_CODE) explicit = true;
      if (explicit) {
        if (rules.overvote === 'exhaustImmediately') return { to: -1, category: OVERVOTES };
        skip = true;
      } else if (q - p > 1) {
        if (rules.overvote === 'exhaustImmediately') return { to: -1, category: OVERVOTES };
        if (rules.overvote === 'alwaysSkipToNextRank') skip = true;
        else {
          let continuing = 0;
          for (let m = p; m < q; m++) if (open[bCand[m]!]) continuing++;
          if (continuing >= 2) return { to: -1, category: OVERVOTES };
        }
      }
      if (!skip) {
        for (let m = p; m < q; m++) {
          const c = bCand[m]!;
          if (open[c]) {
            position[b] = p;
            return { to: c, category: -1 };
          }
        }
      }
      p = q;
    }
    return { to: -1, category: EXHAUSTED };
  };

  const place = (b: number, move: Move, amount: bigint) => {
    if (move.to >= 0) {
      piles[move.to]!.push(b);
      tally[move.to] = tally[move.to]! + amount;
    } else {
      inactive[move.category] = inactive[move.category]! + amount;
    }
  };

  for (let round = 1; ; round++) {
    const allSeatsFilled = !percentMode && seatsFilled >= seats;
    if (round === 1) {
      for (let b = 0; b < D; b++) {
        if (bStart[b] === bStart[b + 1]) {
          undervotes += weights[b]!;
          continue;
        }
        place(b, walk(b, allSeatsFilled), scale * weights[b]!);
      }
    } else {
      for (const leaver of leavers) {
        const c = leaver.candidate;
        const pile = piles[c]!;
        piles[c] = [];
        let retained = 0n;
        for (const b of pile) {
          const w = weights[b]!;
          let moving = value[b]!;
          if (leaver.elected) {
            const transfer = mulTruncated(moving, leaver.fraction, scale);
            retained += (moving - transfer) * w;
            value[b] = transfer;
            moving = transfer;
            if (transfer === 0n) continue;
          }
          const move = walk(b, allSeatsFilled);
          const amount = moving * w;
          place(b, move, amount);
          const key = move.to >= 0 ? names[move.to]! : 'exhausted';
          leaver.outcome.set(key, (leaver.outcome.get(key) ?? 0n) + amount);
        }
        if (leaver.elected) {
          kept[c] = retained;
          if (retained > leaver.threshold)
            leaver.outcome.set('residual surplus', retained - leaver.threshold);
        }
      }
    }

    // Threshold from the votes with continuing candidates.
    let active = 0n;
    for (let c = 0; c < n; c++) if (open[c]) active += tally[c]!;
    const recompute =
      round === 1 ||
      (percentMode && !rules.firstRoundThreshold) ||
      (!percentMode &&
        seats === 1 &&
        !rules.firstRoundThreshold &&
        !(rules.continueUntilTwo && seatsFilled > 0));
    if (recompute) threshold = computeThreshold(active, seats, rules, percentMode);

    const record: RankedChoiceRound = {
      round,
      tally: displayTally(),
      threshold: formatFixed(threshold, dp),
      inactive: inactiveRecord(),
      outcomes: [],
    };
    rounds.push(record);
    history.push(tally.slice());
    leavers = [];
    if (finalRound) break;

    const hopefuls: number[] = [];
    for (let c = 0; c < n; c++) if (status[c] === CONTINUING) hopefuls.push(c);
    const openCount = open.reduce((a, x) => a + x, 0);
    if (seatsFilled >= seats && !percentMode && (!rules.continueUntilTwo || openCount <= 2)) break;

    const uwiHasVotes = uwi >= 0 && status[uwi] === CONTINUING && tally[uwi]! > 0n;
    let elected: number[] = [];
    if (!uwiHasVotes && hopefuls.length > 0) {
      if (percentMode) {
        if (hopefuls.every((c) => tally[c]! > threshold)) elected = hopefuls;
      } else if (seatsFilled < seats) {
        const unfilled = seats - seatsFilled;
        const candidatesOnly = hopefuls.filter((c) => c !== uwi);
        if (unfilled >= hopefuls.length) elected = candidatesOnly;
        else {
          if (!bottomsUp) {
            const reached = candidatesOnly.filter((c) => tally[c]! >= threshold);
            elected =
              reached.length > 1 &&
              (rules.mode === 'multiWinnerAllowOnlyOneWinnerPerRound' || rules.firstRoundThreshold)
                ? [pickTop(reached, round)]
                : reached;
          }
          if (elected.length === 0 && seats === 1 && hopefuls.length === 2)
            elected = [pickTop(candidatesOnly, round)];
          if (
            elected.length === 0 &&
            !bottomsUp &&
            rules.firstRoundThreshold &&
            hopefuls.length - 1 === unfilled
          ) {
            elected = [pickTop(candidatesOnly, round)];
          }
        }
      }
    }

    if (elected.length > 0) {
      for (const c of sortByName(elected)) {
        status[c] = ELECTED;
        if (!rules.continueUntilTwo) open[c] = 0;
        winners.push(c);
        electedAt.set(c, threshold);
        const outcome = new Map<string, bigint>();
        record.outcomes.push({ kind: 'elected', candidate: names[c]!, transfers: {} });
        outcomes.set(record.outcomes.at(-1)!, outcome);
        if (transfersSurplus) {
          const surplus = tally[c]! - threshold;
          const fraction = surplus > 0n ? divTruncated(surplus, tally[c]!, scale) : 0n;
          leavers.push({ candidate: c, elected: true, fraction, outcome, threshold });
        }
      }
      seatsFilled += elected.length;
      if (percentMode) break;
      const remaining = status.reduce((a, s) => a + (s === CONTINUING ? 1 : 0), 0);
      if (seatsFilled >= seats) {
        if (transfersSurplus) finalRound = true;
        else if (!rules.continueUntilTwo || open.reduce((a, x) => a + x, 0) <= 2) break;
      } else if (remaining === 0) break;
    } else {
      const eliminated = chooseEliminations(hopefuls, uwiHasVotes, round);
      if (eliminated.length === 0) break;
      for (const c of sortByName(eliminated)) {
        status[c] = ELIMINATED;
        open[c] = 0;
        const outcome = new Map<string, bigint>();
        record.outcomes.push({ kind: 'eliminated', candidate: names[c]!, transfers: {} });
        outcomes.set(record.outcomes.at(-1)!, outcome);
        leavers.push({ candidate: c, elected: false, fraction: 0n, outcome, threshold });
      }
    }
    if (round >= rules.stopAfterRound) break;
    if (round > 4 * n + 10) throw new Error('count did not finish; this is a bug');
  }

  for (const [outcome, transfers] of outcomes) outcome.transfers = formatTransfers(transfers);
  if (!transfersSurplus) for (const r of rounds) delete r.inactive.finalRoundSurplus;
  return {
    winners: winners.map((c) => names[c]!),
    rounds,
    summary: {
      finalThreshold: rounds.at(-1)!.threshold,
      numCandidates: n,
      numWinners: rules.mode === 'multiPassIrv' ? 1 : rules.seats,
      totalNumBallots: contest.totalBallots.toString(),
      undervotes: Number(undervotes),
    },
  };

  function displayTally(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let c = 0; c < n; c++) {
      if (status[c] === CONTINUING || open[c]) out[names[c]!] = formatFixed(tally[c]!, dp);
      else if (status[c] === ELECTED) {
        // A winner whose surplus moved on is shown with what it kept, at most the threshold.
        const t = electedAt.get(c)!;
        out[names[c]!] = formatFixed(smaller(kept[c]!, t), dp);
      }
    }
    return out;
  }

  function inactiveRecord(): InactiveBallots {
    return {
      overvotes: formatFixed(inactive[OVERVOTES]!, dp),
      skippedRankings: formatFixed(inactive[SKIPPED]!, dp),
      exhaustedChoices: formatFixed(inactive[EXHAUSTED]!, dp),
      repeatedRankings: formatFixed(inactive[REPEATED]!, dp),
      finalRoundSurplus: formatFixed(inactive[FINAL_SURPLUS]!, dp),
    };
  }

  function formatTransfers(transfers: Map<string, bigint>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of [...transfers.keys()].sort(compareJavaStrings)) {
      const amount = transfers.get(key)!;
      if (amount !== 0n) out[key] = formatFixed(amount, dp);
    }
    return out;
  }

  function sortByName(list: number[]): number[] {
    return [...list].sort((a, b) => compareJavaStrings(names[a]!, names[b]!));
  }

  function chooseEliminations(hopefuls: number[], uwiHasVotes: boolean, round: number): number[] {
    if (hopefuls.length === 0) return [];
    if (uwiHasVotes) return [uwi];
    if (rules.cutoff) {
      const below = hopefuls.filter((c) => tally[c]! < threshold);
      if (below.length > 0) return below;
    }
    if (rules.batch) {
      const batch = batchEliminations();
      if (batch.length >= 2) return batch;
    }
    let lowest = tally[hopefuls[0]!]!;
    for (const c of hopefuls) if (tally[c]! < lowest) lowest = tally[c]!;
    const tied = hopefuls.filter((c) => tally[c] === lowest);
    return [tied.length === 1 ? tied[0]! : breakTie(tied, 'loser', round)];
  }

  // Eliminates every candidate who could not overtake the next-lowest even with all lower votes.
  function batchEliminations(): number[] {
    const inCount: number[] = [];
    for (let c = 0; c < n; c++) if (open[c]) inCount.push(c);
    inCount.sort((a, b) => (tally[a]! < tally[b]! ? -1 : tally[a]! > tally[b]! ? 1 : 0));
    const cuts: number[] = [];
    let sum = 0n;
    let i = 0;
    while (i < inCount.length) {
      const level = tally[inCount[i]!]!;
      while (i < inCount.length && tally[inCount[i]!] === level) sum += tally[inCount[i++]!]!;
      if (i < inCount.length && sum < tally[inCount[i]!]!) cuts.push(i);
    }
    let cut = cuts.at(-1) ?? 0;
    if (rules.continueUntilTwo && inCount.length - cut === 1) cut = cuts.at(-2) ?? 0;
    return inCount.slice(0, cut).filter((c) => status[c] === CONTINUING);
  }

  function pickTop(list: number[], round: number): number {
    let best = tally[list[0]!]!;
    for (const c of list) if (tally[c]! > best) best = tally[c]!;
    const tied = list.filter((c) => tally[c] === best);
    return tied.length === 1 ? tied[0]! : breakTie(tied, 'winner', round);
  }

  function breakTie(tied: number[], want: 'winner' | 'loser', round: number): number {
    const sorted = sortByName(tied);
    const mode = rules.tiebreak;
    if (mode === 'useCandidateOrder' || mode === 'generatePermutation') {
      const byOrder = [...sorted].sort((a, b) => contest.order[a]! - contest.order[b]!);
      return want === 'winner' ? byOrder[0]! : byOrder.at(-1)!;
    }
    if (mode === 'random') return sorted[Math.floor(random.nextDouble() * sorted.length)]!;
    let remaining = sorted;
    if (mode === 'previousRoundCountsThenRandom' || mode === 'previousRoundCountsThenAsk') {
      // history holds this round too; look back from the round before.
      for (let r = history.length - 2; r >= 0 && remaining.length > 1; r--) {
        const counts = history[r]!;
        let target = counts[remaining[0]!]!;
        for (const c of remaining) {
          const v = counts[c]!;
          if (want === 'loser' ? v < target : v > target) target = v;
        }
        remaining = remaining.filter((c) => counts[c] === target);
      }
      if (remaining.length === 1) return remaining[0]!;
      if (mode === 'previousRoundCountsThenRandom') {
        const order = javaHashSetOrder(remaining.map((c) => names[c]!));
        return names.indexOf(order[Math.floor(random.nextDouble() * order.length)]!);
      }
    }
    const decision = rules.decisions[decisionIndex];
    const choices = remaining.map((c) => names[c]!);
    if (decision === undefined || !choices.includes(decision)) {
      throw new RankedChoiceError(
        'TIE_NEEDS_DECISION',
        `round ${round}: ${choices.join(', ')} are tied for ${want === 'winner' ? 'election' : 'elimination'}; ` +
          `the tie-break mode ${mode} needs a decision (tieDecisions[${decisionIndex}])`,
      );
    }
    decisionIndex++;
    return names.indexOf(decision);
  }
}

// Math.min does not take bigints.
function smaller(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function computeThreshold(active: bigint, seats: number, rules: Rules, percentMode: boolean): bigint {
  const { scale, dp } = rules;
  if (percentMode) return (active * rules.percentThreshold) / (100n * scale);
  const unit = rules.nonIntegerThreshold ? 1n : scaleFor(dp);
  if (rules.hare) {
    const denominator = BigInt(seats) * unit;
    return ((active + denominator - 1n) / denominator) * unit;
  }
  return (active / BigInt(seats + 1) / unit) * unit + unit;
}
