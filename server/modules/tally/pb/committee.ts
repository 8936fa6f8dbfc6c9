// Approval-based committee rules for board elections: each voter approves any number of candidates and
// a fixed number of seats is filled. Names and definitions follow abcvoting (Lackner & Skowron,
// "Multi-Winner Voting with Approval Preferences"). Ties between candidates go to the candidate listed
// first (abcvoting's resolute convention); optimisation rules return the first optimal committee in
// lexicographic order of candidate positions. All scores are exact (bigint numerators over a common
// denominator, or bigint fractions).

import { TallyError } from '../choice/errors.ts';
import { buildElection } from './election.ts';
import { runEqualShares } from './equal-shares.ts';
import {
  add,
  compare,
  fromInteger,
  mulInt,
  type Rational,
  rational,
  sub,
  toDecimalString,
} from './rational.ts';

export const committeeRules = [
  'av',
  'sav',
  'pav',
  'slav',
  'cc',
  'geom2',
  'seqpav',
  'seqslav',
  'seqcc',
  'revseqpav',
  'seqphragmen',
  'equal-shares',
  'equal-shares-with-av-completion',
  'equal-shares-with-increment-completion',
] as const;
export type CommitteeRule = (typeof committeeRules)[number];

export type ApprovalProfile = {
  candidates: string[];
  // Each ballot lists the candidates the voter approves.
  ballots: string[][];
};

export type CommitteeStep = { candidate: string; phase: string; value: string; tiedWith: string[] };

export type CommitteeOutcome = {
  rule: CommitteeRule;
  seats: number;
  // Elected candidates in the order of `profile.candidates`.
  committee: string[];
  explanation: { steps: CommitteeStep[]; notes: string[] };
};

type Group = { approved: number[]; weight: number };
type Profile = { m: number; groups: Group[]; voters: number; approvers: number[][] };

function compile(profile: ApprovalProfile): Profile {
  const index = new Map<string, number>();
  profile.candidates.forEach((c, i) => {
    if (index.has(c))
      throw new TallyError('DUPLICATE_CANDIDATE', `candidate "${c}" is listed twice`, 'candidates');
    index.set(c, i);
  });
  const byKey = new Map<string, Group>();
  for (const ballot of profile.ballots) {
    const approved = [...new Set(ballot)].map((c) => {
      const i = index.get(c);
      if (i === undefined)
        throw new TallyError('UNKNOWN_CANDIDATE', `a ballot approves unknown candidate "${c}"`, 'ballots');
      return i;
    });
    approved.sort((a, b) => a - b);
    const key = approved.join(',');
    const group = byKey.get(key);
    if (group) group.weight += 1;
    else byKey.set(key, { approved, weight: 1 });
  }
  const groups = [...byKey.values()];
  const approvers: number[][] = profile.candidates.map(() => []);
  groups.forEach((g, gi) => {
    for (const c of g.approved) approvers[c]?.push(gi);
  });
  return { m: profile.candidates.length, groups, voters: profile.ballots.length, approvers };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

// Thiele rules: a voter with j approved members contributes w(1) + … + w(j). Weights are returned as
// integers over a common denominator so scores compare exactly.
function thieleWeights(rule: 'av' | 'pav' | 'slav' | 'cc' | 'geom2', seats: number): bigint[] {
  const fractions: [bigint, bigint][] = [];
  for (let j = 1; j <= seats; j++) {
    if (rule === 'av') fractions.push([1n, 1n]);
    else if (rule === 'pav') fractions.push([1n, BigInt(j)]);
    else if (rule === 'slav') fractions.push([1n, BigInt(2 * j - 1)]);
    else if (rule === 'cc') fractions.push([j === 1 ? 1n : 0n, 1n]);
    else fractions.push([1n, 2n ** BigInt(j - 1)]);
  }
  let lcm = 1n;
  for (const [, d] of fractions) lcm = (lcm * d) / gcd(lcm, d);
  // Index 0 is unused so that weights[j] is the weight of the j-th approved member.
  return [0n, ...fractions.map(([n, d]) => (n * lcm) / d)];
}

function marginalGains(p: Profile, weights: bigint[], held: number[], candidates: number[]): bigint[] {
  return candidates.map((c) => {
    let gain = 0n;
    for (const g of p.approvers[c] as number[]) {
      gain += BigInt((p.groups[g] as Group).weight) * (weights[(held[g] as number) + 1] ?? 0n);
    }
    return gain;
  });
}

// Exact optimum of a Thiele rule by branch and bound. Candidates are decided in index order, "take"
// before "skip", so the first optimal committee found is the lexicographically first. The bound adds
// the best remaining marginal gains measured against the partial committee: Thiele weights never
// increase, so gains can only shrink as members are added.
function optimalThiele(p: Profile, weights: bigint[], seats: number): { committee: number[]; score: bigint } {
  const held = new Array<number>(p.groups.length).fill(0);
  const chosen: number[] = [];
  let best = -1n;
  let bestCommittee: number[] = [];
  const search = (next: number, score: bigint) => {
    const missing = seats - chosen.length;
    if (missing === 0) {
      if (score > best) {
        best = score;
        bestCommittee = [...chosen];
      }
      return;
    }
    if (p.m - next < missing) return;
    const rest = Array.from({ length: p.m - next }, (_, k) => next + k);
    const gains = marginalGains(p, weights, held, rest).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    let bound = score;
    for (let k = 0; k < missing; k++) bound += gains[k] as bigint;
    if (bound <= best) return;
    const gain = marginalGains(p, weights, held, [next])[0] as bigint;
    chosen.push(next);
    for (const g of p.approvers[next] as number[]) held[g] = (held[g] as number) + 1;
    search(next + 1, score + gain);
    for (const g of p.approvers[next] as number[]) held[g] = (held[g] as number) - 1;
    chosen.pop();
    search(next + 1, score);
  };
  search(0, 0n);
  return { committee: bestCommittee, score: best };
}

function argBest<T>(items: number[], value: (c: number) => T, better: (a: T, b: T) => number) {
  let best: number[] = [];
  let bestValue: T | null = null;
  for (const c of items) {
    const v = value(c);
    const order = bestValue === null ? 1 : better(v, bestValue);
    if (order > 0) {
      best = [c];
      bestValue = v;
    } else if (order === 0) {
      best.push(c);
    }
  }
  return { best, value: bestValue as T };
}

export function electCommittee(
  profile: ApprovalProfile,
  options: { rule: CommitteeRule; seats: number },
): CommitteeOutcome {
  const { rule, seats } = options;
  if (!Number.isInteger(seats) || seats < 1)
    throw new TallyError('INVALID_SEATS', 'the number of seats must be a positive whole number', 'seats');
  const m = profile.candidates.length;
  if (seats > m) {
    throw new TallyError(
      'MORE_SEATS_THAN_CANDIDATES',
      `${seats} seats but only ${m} candidate${m === 1 ? '' : 's'}: a committee election needs at least as many candidates as seats`,
      'seats',
    );
  }
  const p = compile(profile);
  const name = (c: number) => profile.candidates[c] as string;
  const steps: CommitteeStep[] = [];
  const notes: string[] = [];
  const step = (phase: string, c: number, value: string, tied: number[]) =>
    steps.push({ candidate: name(c), phase, value, tiedWith: tied.filter((t) => t !== c).map(name) });
  const approvalCount = (c: number) =>
    (p.approvers[c] as number[]).reduce((sum, g) => sum + (p.groups[g] as Group).weight, 0);
  const all = Array.from({ length: p.m }, (_, c) => c);
  let elected: number[];

  // Fills the remaining seats by approval count (abcvoting's AV completion).
  const fillByApprovals = (start: number[], phase: string) => {
    const committee = [...start];
    while (committee.length < seats) {
      const rest = all.filter((c) => !committee.includes(c));
      const { best, value } = argBest(rest, approvalCount, (a, b) => a - b);
      const c = best[0] as number;
      step(phase, c, String(value), best);
      committee.push(c);
    }
    return committee;
  };

  // Sequential Phragmén from given loads: each step elects the candidate whose approvers, sharing one
  // more unit of load, reach the lowest maximum load. Candidates nobody approves come last.
  const phragmen = (start: number[], loads: Rational[], phase: string) => {
    const committee = [...start];
    while (committee.length < seats) {
      const rest = all.filter((c) => !committee.includes(c) && approvalCount(c) > 0);
      if (rest.length === 0) return fillByApprovals(committee, phase);
      const newLoad = (c: number) => {
        let sum = fromInteger(1n);
        for (const g of p.approvers[c] as number[]) {
          sum = add(sum, mulInt(loads[g] as Rational, BigInt((p.groups[g] as Group).weight)));
        }
        return rational(sum.num, sum.den * BigInt(approvalCount(c)));
      };
      const { best, value } = argBest(rest, newLoad, (a, b) => compare(b, a));
      const c = best[0] as number;
      for (const g of p.approvers[c] as number[]) loads[g] = value;
      step(phase, c, toDecimalString(value), best);
      committee.push(c);
    }
    return committee;
  };

  const equalShares = (perVoter: Rational, maxSelections: number) => {
    const election = buildElection({
      projects: profile.candidates.map((id) => ({ id, cost: '1' })),
      budget: String(seats),
      ballots: p.groups.flatMap((g) =>
        Array.from({ length: g.weight }, () => ({ projects: g.approved.map(name) })),
      ),
    });
    return runEqualShares(election, { utility: 'cost', perVoter, tieBreak: 'order', maxSelections });
  };
  const recordEqualShares = (result: ReturnType<typeof equalShares>) => {
    for (const round of result.rounds) {
      step('equal-shares', round.project, `max payment ${toDecimalString(round.maxPayment)}`, [
        round.project,
        ...round.tiedWith,
      ]);
    }
  };

  switch (rule) {
    case 'av':
      elected = fillByApprovals([], 'approvals');
      break;
    case 'sav': {
      // Each voter splits one vote equally among the candidates they approve.
      const score = (c: number) =>
        (p.approvers[c] as number[]).reduce(
          (sum, g) =>
            add(
              sum,
              rational(BigInt((p.groups[g] as Group).weight), BigInt((p.groups[g] as Group).approved.length)),
            ),
          fromInteger(0n),
        );
      elected = [];
      while (elected.length < seats) {
        const rest = all.filter((c) => !elected.includes(c));
        const { best, value } = argBest(rest, score, compare);
        step('satisfaction', best[0] as number, toDecimalString(value), best);
        elected.push(best[0] as number);
      }
      break;
    }
    case 'pav':
    case 'slav':
    case 'cc':
    case 'geom2': {
      const weights = thieleWeights(rule, seats);
      const { committee, score } = optimalThiele(p, weights, seats);
      const denominator = thieleDenominator(rule, seats);
      const total = toDecimalString(rational(score, denominator));
      for (const c of committee)
        steps.push({ candidate: name(c), phase: 'optimal committee', value: total, tiedWith: [] });
      notes.push(`${rule} score of the committee: ${total} (no other committee scores higher)`);
      elected = committee;
      break;
    }
    case 'seqpav':
    case 'seqslav':
    case 'seqcc': {
      const base = rule === 'seqpav' ? 'pav' : rule === 'seqslav' ? 'slav' : 'cc';
      const weights = thieleWeights(base, seats);
      const denominator = thieleDenominator(base, seats);
      const held = new Array<number>(p.groups.length).fill(0);
      elected = [];
      while (elected.length < seats) {
        const rest = all.filter((c) => !elected.includes(c));
        const gains = marginalGains(p, weights, held, rest);
        const { best, value } = argBest(
          rest,
          (c) => gains[rest.indexOf(c)] as bigint,
          (a, b) => (a > b ? 1 : a < b ? -1 : 0),
        );
        const c = best[0] as number;
        for (const g of p.approvers[c] as number[]) held[g] = (held[g] as number) + 1;
        step('marginal gain', c, toDecimalString(rational(value, denominator)), best);
        elected.push(c);
      }
      break;
    }
    case 'revseqpav': {
      // Start from everyone and remove, one at a time, the member whose removal costs the least PAV score.
      const weights = thieleWeights('pav', p.m);
      const denominator = thieleDenominator('pav', p.m);
      const held = p.groups.map((g) => g.approved.length);
      const committee = [...all];
      while (committee.length > seats) {
        const loss = (c: number) => {
          let sum = 0n;
          for (const g of p.approvers[c] as number[]) {
            sum += BigInt((p.groups[g] as Group).weight) * (weights[held[g] as number] as bigint);
          }
          return sum;
        };
        const { best, value } = argBest(committee, loss, (a, b) => (a < b ? 1 : a > b ? -1 : 0));
        const c = best[best.length - 1] as number;
        for (const g of p.approvers[c] as number[]) held[g] = (held[g] as number) - 1;
        step('removed', c, toDecimalString(rational(value, denominator)), best);
        committee.splice(committee.indexOf(c), 1);
      }
      elected = committee;
      break;
    }
    case 'seqphragmen':
      elected = phragmen(
        [],
        p.groups.map(() => fromInteger(0n)),
        'seq-phragmen',
      );
      break;
    case 'equal-shares':
    case 'equal-shares-with-av-completion': {
      // Budget: one unit per seat, split equally; each seat costs one unit.
      const result = equalShares(rational(BigInt(seats), BigInt(Math.max(p.voters, 1))), seats);
      recordEqualShares(result);
      if (rule === 'equal-shares') {
        // abcvoting's Phragmén phase: a voter's starting load is minus the budget they kept.
        const loads = p.groups.map((_, g) => sub(fromInteger(0n), result.remainingBudget(g)));
        elected = phragmen(result.selected, loads, 'seq-phragmen completion');
      } else {
        elected = fillByApprovals(result.selected, 'approval completion');
      }
      break;
    }
    case 'equal-shares-with-increment-completion': {
      if (all.filter((c) => approvalCount(c) > 0).length < seats) {
        notes.push('fewer candidates are approved than there are seats: filled by approval count');
        elected = fillByApprovals([], 'approvals');
        break;
      }
      // Pretend the committee were larger (more budget per voter) until Equal Shares alone fills the seats.
      let virtual = seats;
      for (;;) {
        const result = equalShares(rational(BigInt(virtual), BigInt(p.voters)), seats);
        if (result.selected.length === seats) {
          recordEqualShares(result);
          notes.push(`Equal Shares filled every seat with a budget of ${virtual} units (for ${seats} seats)`);
          elected = result.selected;
          break;
        }
        virtual += 1;
      }
      break;
    }
    default:
      throw new TallyError('UNKNOWN_RULE', `unknown committee rule "${String(rule)}"`, 'rule');
  }

  const set = new Set(elected);
  return {
    rule,
    seats,
    committee: profile.candidates.filter((_, c) => set.has(c)),
    explanation: { steps, notes },
  };
}

function thieleDenominator(rule: 'av' | 'pav' | 'slav' | 'cc' | 'geom2', seats: number): bigint {
  // weights[j] = w(j) · denominator, and w(1) = 1 for every Thiele rule here.
  return thieleWeights(rule, seats)[1] as bigint;
}
