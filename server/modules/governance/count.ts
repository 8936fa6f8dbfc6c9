import { createHash } from 'node:crypto';
import type { FrozenRules, ResultView } from '../../../contracts/governance.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import {
  type BallotFile,
  type BallotFileBallot,
  type BallotFileCount,
  type BallotFileRules,
  classVoteValues,
  countBallotFile,
  rational as Q,
  type Rational,
  readBallotFile,
  writeBallotFile,
  writeBlt,
} from '../tally/index.ts';
import { describeThreshold, engineThreshold } from './rules.ts';
import { shuffle } from './secrecy.ts';

// Turns a closed vote into the published-ballot file and counts that file with the engine, so the
// published ballots re-count to exactly the stored result. Pure apart from the shuffle.

export type StoredBallot = { receipt: string; classKey: string; content: BallotContent };
export type BallotContent = {
  choice?: string | null;
  ranking?: (string | string[])[];
  approve?: string[];
  scores?: Record<string, number>;
};
export type CountOption = { key: string; name: string; cost: string | null };

export type CountInput = {
  proposal: { id: string; title: string; kind: string; closedAt: Date };
  rules: FrozenRules;
  options: CountOption[];
  /** Voters on the roll per class. */
  eligible: Record<string, number>;
  ballots: StoredBallot[];
};

export type CountOutput = {
  file: BallotFile;
  fileText: string;
  blt: string | null;
  /** Null when no ballot was cast (nothing to count). */
  count: BallotFileCount | null;
  result: Omit<ResultView, 'resultHash' | 'ballotFileHash' | 'ballotFileUrl' | 'bltUrl' | 'enactment'>;
};

/** Approval committee elections: Method of Equal Shares, seats left over filled by seq-Phragmén (abcvoting). */
export const COMMITTEE_RULE = 'equal-shares';
/** Budgets: Method of Equal Shares, money left over handed out by adding one unit per voter. */
export const PB_RULE = 'equalshares/add1';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function resultHashOf(result: unknown): string {
  return sha256(canonicalJson(result));
}
export const fileHashOf = sha256;

/** Whether ballots name their class in the file: only when the count needs it (weights, per-class quorum). */
function classesNeeded(rules: FrozenRules): boolean {
  return rules.scheme === 'weighted-classes' || rules.perClassQuorum;
}

/** Whole-number ballot weights in the ratio of each class's vote value (for ranked counts). */
function classBallotWeights(eligible: Record<string, number>, weights: Record<string, number>) {
  const values = classVoteValues(eligible, weights);
  const lcm = [...values.values()].reduce((l, v) => Q.lcm(l, v.den), 1n);
  let scaled = new Map([...values].map(([c, v]) => [c, (v.num * lcm) / v.den]));
  const common = [...scaled.values()].reduce((g, w) => Q.gcd(g, w), 0n) || 1n;
  scaled = new Map([...scaled].map(([c, w]) => [c, w / common]));
  return scaled;
}

export function buildBallotFile(input: CountInput): BallotFile {
  const { rules } = input;
  const withClasses = classesNeeded(rules);
  const eligibleByClass = Object.fromEntries(Object.entries(input.eligible).filter(([, n]) => n > 0));
  const total = Object.values(eligibleByClass).reduce((a, b) => a + b, 0);
  const eligible = withClasses ? eligibleByClass : { members: total };
  const weighted = rules.scheme === 'weighted-classes';
  const classWeights = weighted
    ? Object.fromEntries(Object.keys(eligibleByClass).map((c) => [c, rules.classWeightsBps[c] ?? 0]))
    : undefined;
  const countedAs = rules.countedAs;
  const method = countedAs === 'equal-shares' || countedAs === 'greedy' ? 'pb' : countedAs;
  const seats = Math.min(rules.seats ?? 1, Math.max(input.options.length, 1));
  let fileRules: BallotFileRules;
  if (method === 'decision') {
    fileRules = {
      quorum: `${rules.quorumBps}/10000`,
      threshold: engineThreshold(rules.thresholdBps),
      ...(classWeights ? { classWeights } : {}),
      ...(rules.perClassQuorum ? { perClassQuorum: true } : {}),
      ...(rules.method === 'consent' ? { allowBlock: true } : {}),
    };
  } else if (method === 'irv' || method === 'stv') {
    fileRules = method === 'stv' ? { seats } : {};
  } else if (method === 'committee') {
    fileRules = { seats, rule: COMMITTEE_RULE };
  } else if (method === 'pb') {
    fileRules = { budget: Number(rules.budget ?? '0'), rule: countedAs === 'greedy' ? 'greedy' : PB_RULE };
  } else {
    fileRules = { seats, ...(classWeights ? { classWeights } : {}) };
  }
  // Methods without class weights of their own get whole-number ballot weights in the classes' ratio.
  const rankedWeights =
    classWeights && ['irv', 'stv', 'committee', 'pb'].includes(method)
      ? classBallotWeights(eligibleByClass, classWeights)
      : null;
  const ballots = shuffle(input.ballots).map((b): BallotFileBallot => {
    const weight = rankedWeights?.get(b.classKey);
    return {
      receipt: b.receipt,
      ...(withClasses ? { class: b.classKey } : {}),
      ...(weight !== undefined && weight !== 1n ? { weight: Number(weight) } : {}),
      ...b.content,
    } as BallotFileBallot;
  });
  return {
    format: 'mutual-ballots',
    version: 1,
    contest: {
      id: input.proposal.id,
      title: input.proposal.title,
      kind: rules.decisionKind,
      closedAt: input.proposal.closedAt.toISOString(),
    },
    method,
    rules: fileRules,
    options:
      method === 'decision'
        ? []
        : input.options.map((o) => ({
            id: o.key,
            name: o.name,
            ...(method === 'pb' ? { cost: Number(o.cost ?? '0') } : {}),
          })),
    eligible,
    // Ties no rule settles are settled by a lot anyone can recompute from the proposal id.
    seed: input.proposal.id,
    ballots,
  };
}

function bltOf(file: BallotFile): string {
  const ids = file.options.map((o) => o.id);
  const index = new Map(ids.map((id, i) => [id, i + 1]));
  return writeBlt({
    title: file.contest.title,
    seats: file.rules.seats ?? 1,
    candidates: file.options.map((o) => o.name ?? o.id),
    withdrawn: [],
    ballots: file.ballots.map((b) => ({
      id: b.receipt,
      weight: b.weight ?? 1,
      ranking: (b.ranking ?? []).map((t) =>
        typeof t === 'string' ? [index.get(t)!] : t.map((x) => index.get(x)!),
      ),
    })),
  });
}

const dec = (r: Rational, places = 4) => Q.toDecimalString(r, places);

/** Counts a closed vote: writes the file, reads it back, counts what was read. */
export function countVote(input: CountInput): CountOutput {
  const built = buildBallotFile(input);
  const fileText = writeBallotFile(built);
  const file = readBallotFile(fileText);
  const blt = file.method === 'stv' || file.method === 'irv' ? bltOf(file) : null;
  if (input.ballots.length === 0) return { file, fileText, blt, count: null, result: noBallots(input) };
  const count = countBallotFile(file);
  return { file, fileText, blt, count, result: resultOf(input, file, count) };
}

/** Nobody voted (or nobody could): nothing is decided, whatever the method would make of no ballots. */
function noBallots(input: CountInput): CountOutput['result'] {
  const eligible = Object.values(input.eligible).reduce((a, b) => a + b, 0);
  return {
    proposalId: input.proposal.id,
    final: true,
    outcome: 'failed',
    countedAs: input.rules.countedAs,
    reasons: [
      eligible === 0
        ? { code: 'NO_VOTERS', message: 'Nobody was on the voter roll.' }
        : { code: 'NO_BALLOTS', message: 'Nobody voted.' },
    ],
    turnout: { eligible, ballots: 0, share: '0.0000', exact: '0' },
    quorum: { requiredBps: input.rules.quorumBps, met: input.rules.quorumBps === 0 },
    threshold: null,
    totals: null,
    classes: Object.entries(input.eligible).map(([classKey, n]) => ({
      classKey,
      eligible: n,
      ballots: 0,
      shareBps:
        input.rules.scheme === 'weighted-classes' ? (input.rules.classWeightsBps[classKey] ?? 0) : null,
      voteValue: '1',
      turnout: '0',
      yes: null,
      no: null,
      abstain: null,
      block: null,
      weightedYes: null,
      weightedNo: null,
      quorumMet: null,
    })),
    options: input.options.map((o) => ({ key: o.key, name: o.name, score: null, cost: o.cost, won: false })),
    winners: [],
    rounds: [],
    budget: input.rules.budget ? { amount: input.rules.budget, spent: '0' } : null,
    explanation: ['No ballots were cast, so nothing was decided.'],
    closedAt: input.proposal.closedAt.toISOString(),
  };
}

type ClassRow = ResultView['classes'][number];

function classRows(input: CountInput, values: Map<string, Rational>): ClassRow[] {
  const byClass = new Map<string, number>();
  for (const b of input.ballots) byClass.set(b.classKey, (byClass.get(b.classKey) ?? 0) + 1);
  return Object.entries(input.eligible).map(([classKey, eligible]) => {
    const ballots = byClass.get(classKey) ?? 0;
    return {
      classKey,
      eligible,
      ballots,
      shareBps:
        input.rules.scheme === 'weighted-classes' ? (input.rules.classWeightsBps[classKey] ?? 0) : null,
      voteValue: Q.toString(values.get(classKey) ?? Q.ONE),
      turnout: eligible > 0 ? dec(Q.rational(ballots, eligible)) : '0',
      yes: null,
      no: null,
      abstain: null,
      block: null,
      weightedYes: null,
      weightedNo: null,
      quorumMet: null,
    };
  });
}

/** Turnout measured with the class weights (every vote counts 1 under one member one vote). */
export function weightedTurnout(
  input: Pick<CountInput, 'eligible' | 'rules'>,
  ballotsByClass: Map<string, number>,
) {
  const eligible = Object.fromEntries(Object.entries(input.eligible).filter(([, n]) => n > 0));
  const total = Object.values(eligible).reduce((a, b) => a + b, 0);
  const weights = input.rules.scheme === 'weighted-classes' ? input.rules.classWeightsBps : undefined;
  const values =
    total === 0
      ? new Map<string, Rational>()
      : classVoteValues(eligible, weights ? { ...weights } : undefined);
  let weightedBallots = Q.ZERO;
  for (const [cls, n] of ballotsByClass)
    weightedBallots = Q.add(weightedBallots, Q.mul(Q.rational(n), values.get(cls) ?? Q.ONE));
  const share = total === 0 ? Q.ZERO : Q.div(weightedBallots, Q.rational(total));
  return { share, values };
}

function resultOf(input: CountInput, file: BallotFile, count: BallotFileCount): CountOutput['result'] {
  const { rules } = input;
  const eligibleTotal = Object.values(input.eligible).reduce((a, b) => a + b, 0);
  const ballotsByClass = new Map<string, number>();
  for (const b of input.ballots) ballotsByClass.set(b.classKey, (ballotsByClass.get(b.classKey) ?? 0) + 1);
  const { share, values } = weightedTurnout(input, ballotsByClass);
  const base = {
    proposalId: input.proposal.id,
    final: true,
    countedAs: rules.countedAs,
    turnout: {
      eligible: eligibleTotal,
      ballots: input.ballots.length,
      share: dec(share),
      exact: Q.toString(share),
    },
    closedAt: input.proposal.closedAt.toISOString(),
    budget: null,
  };
  const optionName = new Map(input.options.map((o) => [o.key, o]));

  if (count.kind === 'decision') {
    const r = count.result;
    const rows = classRows(input, values);
    const engineClass = new Map(r.classes.map((c) => [c.class, c]));
    for (const row of rows) {
      const c = engineClass.get(row.classKey);
      if (!c) continue;
      row.yes = Number(c.counts.yes);
      row.no = Number(c.counts.no);
      row.abstain = Number(c.counts.abstain);
      row.block = Number(c.counts.block);
      row.weightedYes = dec(Q.mul(Q.rational(c.counts.yes), c.voteValue.exact));
      row.weightedNo = dec(Q.mul(Q.rational(c.counts.no), c.voteValue.exact));
      row.quorumMet = c.quorumMet;
    }
    if (engineClass.has('members') && rows.every((row) => row.yes === null)) {
      // One electorate without classes in the file: counts per class are not published.
      for (const row of rows) row.voteValue = '1';
    }
    return {
      ...base,
      outcome: r.passed ? 'passed' : 'failed',
      reasons: r.reasons.map((x) => ({ code: x.code, message: x.message })),
      turnout: { ...base.turnout, share: r.turnout.decimal, exact: Q.toString(r.turnout.exact) },
      quorum: { requiredBps: rules.quorumBps, met: r.quorum.met },
      threshold: {
        requiredBps: rules.thresholdBps,
        rule: describeThreshold(rules.thresholdBps),
        yesShare: r.threshold.yesShare?.decimal ?? null,
        met: r.threshold.met,
      },
      totals: {
        yes: r.totals.yes.decimal,
        no: r.totals.no.decimal,
        abstain: r.totals.abstain.decimal,
        block: r.totals.block.decimal,
      },
      classes: rows,
      options: [],
      winners: [],
      rounds: [],
      explanation: r.explanation,
    };
  }

  const quorumMet = Q.compare(share, Q.rational(rules.quorumBps, 10_000)) >= 0;
  const reasons: ResultView['reasons'] = [];
  if (!quorumMet) {
    reasons.push({
      code: 'NO_QUORUM',
      message: `Turnout ${dec(share)} is below the quorum of ${(rules.quorumBps / 100).toFixed(2)}%.`,
    });
  }
  let winners: string[];
  let scores: Record<string, string> = {};
  let rounds: ResultView['rounds'] = [];
  let explanation: string[];
  let spent: string | null = null;
  if (count.kind === 'ranked-choice') {
    const r = count.result;
    winners = r.winners;
    const pass = r.passes[0];
    rounds = (pass?.rounds ?? []).map((round) => ({
      round: round.round,
      tally: round.tally,
      elected: round.outcomes.filter((o) => o.kind === 'elected').map((o) => o.candidate),
      eliminated: round.outcomes.filter((o) => o.kind === 'eliminated').map((o) => o.candidate),
      threshold: round.threshold,
    }));
    const last = rounds.at(-1);
    scores = last ? { ...last.tally } : {};
    explanation = [
      file.method === 'stv'
        ? `Single transferable vote for ${file.rules.seats ?? 1} seat(s), RCTab rules: a candidate reaching the threshold is elected and their surplus passes on; otherwise the last candidate is eliminated and their ballots pass to the next choice.`
        : 'Instant runoff: the last candidate is eliminated each round and their ballots pass to the next choice, until one has a majority of the continuing ballots.',
      ...rounds.map(
        (round) =>
          `Round ${round.round}: ${Object.entries(round.tally)
            .map(([k, v]) => `${optionName.get(k)?.name ?? k} ${v}`)
            .join(
              ', ',
            )}${round.elected.length ? `; elected ${round.elected.join(', ')}` : ''}${round.eliminated.length ? `; eliminated ${round.eliminated.join(', ')}` : ''}.`,
      ),
    ];
  } else if (count.kind === 'committee') {
    const r = count.result;
    winners = r.committee;
    const approvals = new Map<string, number>();
    for (const b of input.ballots)
      for (const k of b.content.approve ?? []) approvals.set(k, (approvals.get(k) ?? 0) + 1);
    scores = Object.fromEntries(input.options.map((o) => [o.key, String(approvals.get(o.key) ?? 0)]));
    explanation = [
      `Approval committee (${r.rule}): each voter approves any candidates; the Method of Equal Shares gives each voter an equal share of the seats to spend on candidates they approve, and seats left over go by sequential Phragmén.`,
      ...r.explanation.steps.map(
        (st) =>
          `${optionName.get(st.candidate)?.name ?? st.candidate} elected (${st.phase}, ${st.value})${st.tiedWith.length ? `, tied with ${st.tiedWith.join(', ')}` : ''}.`,
      ),
      ...r.explanation.notes,
    ];
  } else if (count.kind === 'pb') {
    const r = count.result;
    winners = r.selected;
    spent = r.cost;
    const approvals = new Map<string, number>();
    for (const b of input.ballots)
      for (const k of b.content.approve ?? []) approvals.set(k, (approvals.get(k) ?? 0) + 1);
    scores = Object.fromEntries(input.options.map((o) => [o.key, String(approvals.get(o.key) ?? 0)]));
    explanation = [
      r.rule === 'greedy'
        ? 'Greedy by votes: projects are funded in order of support while the money lasts.'
        : 'Method of Equal Shares: the budget is split equally among the voters; a project is funded when its supporters can pay for it together, the one costing each supporter least first; money left over is handed out again by adding one unit per voter until nothing more fits.',
      ...r.explanation.notes,
    ];
  } else if (count.kind === 'choice') {
    const r = count.result;
    winners = r.winners;
    scores = Object.fromEntries(Object.entries(r.scores ?? {}).map(([k, v]) => [k, v.decimal]));
    if (r.details?.kind === 'rounds') {
      rounds = r.details.rounds.map((round) => ({
        round: round.round,
        tally: Object.fromEntries(Object.entries(round.tallies).map(([k, v]) => [k, v.decimal])),
        elected: round.elected ?? [],
        eliminated: round.eliminated ?? [],
        threshold: null,
      }));
    }
    explanation = r.explanation;
  } else {
    throw new Error('unexpected count kind');
  }
  if (winners.length === 0) {
    reasons.push({
      code: 'NO_WINNER',
      message: count.kind === 'pb' ? 'No project was funded.' : 'No option won.',
    });
  }
  const won = quorumMet && winners.length > 0;
  const outcome: ResultView['outcome'] = !won
    ? 'failed'
    : input.proposal.kind === 'election'
      ? 'elected'
      : input.proposal.kind === 'budget'
        ? 'funded'
        : 'passed';
  return {
    ...base,
    outcome,
    reasons,
    quorum: { requiredBps: rules.quorumBps, met: quorumMet },
    threshold: null,
    totals: null,
    classes: classRows(input, values),
    options: input.options.map((o) => ({
      key: o.key,
      name: o.name,
      score: scores[o.key] ?? null,
      cost: o.cost,
      won: won && winners.includes(o.key),
    })),
    winners: won ? winners : [],
    rounds,
    budget:
      count.kind === 'pb' ? { amount: input.rules.budget ?? '0', spent: won ? (spent ?? '0') : '0' } : null,
    explanation,
  };
}
