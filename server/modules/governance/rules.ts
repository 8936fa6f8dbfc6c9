import {
  type ConstitutionChange,
  type ConstitutionDocument,
  constitutionDocument,
  type DecisionKind,
  diffConstitutions,
} from '../../../contracts/constitution.ts';
import type { countingMethods, FrozenRules, ProposalKind } from '../../../contracts/governance.ts';
import { AppError } from '../../lib/errors.ts';

// Pure rules of governance: which constitutional rules a proposal votes under, how the constitution's
// methods map onto the counting engine, and how a policy change applies to the constitution.

export const DECISION_KIND: Record<ProposalKind, DecisionKind> = {
  resolution: 'ordinary',
  policy: 'policy',
  bylaws: 'bylaws',
  admission: 'admission',
  expulsion: 'expulsion',
  election: 'election',
  budget: 'budget',
};

/** How the counting engine counts a contest. */
export type CountedAs = (typeof countingMethods)[number];

export const OPTION_PREFIX: Record<ProposalKind, string> = {
  resolution: 'o',
  policy: 'o',
  bylaws: 'o',
  admission: 'o',
  expulsion: 'o',
  election: 'c',
  budget: 'p',
};

/** The constitution's method for a kind, and how it is counted for this proposal. */
export function countingMethod(
  kind: ProposalKind,
  method: FrozenRules['method'],
  facts: { options: number; seats: number | null },
): { countedAs: CountedAs; note: string | null } {
  const decision = method === 'yes-no-abstain' || method === 'consent';
  if (kind === 'election') {
    const seats = facts.seats ?? 1;
    switch (method) {
      case 'stv':
        return { countedAs: 'stv', note: null };
      case 'ranked-choice':
        return seats === 1
          ? { countedAs: 'irv', note: null }
          : { countedAs: 'stv', note: 'ranked choice for several seats is counted by STV' };
      case 'single-choice':
        return { countedAs: 'plurality', note: null };
      case 'approval':
        return { countedAs: 'approval', note: null };
      case 'approval-committee':
        return { countedAs: 'committee', note: null };
      default:
        return {
          countedAs: 'approval',
          note: `an election cannot be counted by ${method}; approval is used`,
        };
    }
  }
  if (kind === 'budget') {
    if (method === 'greedy-budget') return { countedAs: 'greedy', note: null };
    if (method === 'equal-shares') return { countedAs: 'equal-shares', note: null };
    return {
      countedAs: 'equal-shares',
      note: `a budget cannot be counted by ${method}; the method of equal shares is used`,
    };
  }
  if (kind === 'resolution' && facts.options > 0) {
    switch (method) {
      case 'single-choice':
        return { countedAs: 'plurality', note: null };
      case 'approval':
      case 'approval-committee':
        return { countedAs: 'approval', note: null };
      case 'score':
        return { countedAs: 'score', note: null };
      case 'ranked-choice':
        return { countedAs: 'irv', note: null };
      case 'stv':
        return { countedAs: 'irv', note: 'one option is chosen: STV with one seat is instant runoff' };
      default:
        return {
          countedAs: 'plurality',
          note: `a choice among options cannot be counted by ${method}; single choice is used`,
        };
    }
  }
  if (decision) return { countedAs: 'decision', note: null };
  return {
    countedAs: 'decision',
    note: `a yes / no question cannot be counted by ${method}; it is counted as yes / no / abstain`,
  };
}

/** The rules a proposal votes under, read from a constitution document. */
export function rulesFrom(
  doc: ConstitutionDocument,
  version: number,
  proposal: {
    kind: ProposalKind;
    secretRequested: boolean;
    options: number;
    seats: number | null;
    budget: string | null;
  },
  frozen: boolean,
): FrozenRules {
  const decisionKind = DECISION_KIND[proposal.kind];
  const rule = doc.voting.decisions[decisionKind];
  const { countedAs, note } = countingMethod(proposal.kind, rule.method, proposal);
  const voting = doc.memberClasses.filter((c) => c.mayVote).map((c) => c.key);
  const weighted = doc.voting.scheme === 'weighted-classes';
  return {
    frozen,
    constitutionVersion: version,
    decisionKind,
    method: rule.method,
    countedAs,
    note,
    quorumBps: rule.quorumBps,
    thresholdBps: rule.thresholdBps,
    perClassQuorum: rule.perClassQuorum,
    // One way: a proposal may make an open vote secret, never the reverse.
    secret: rule.secret || proposal.secretRequested,
    scheme: doc.voting.scheme,
    classWeightsBps: weighted
      ? Object.fromEntries(voting.map((k) => [k, doc.voting.classWeightsBps[k] ?? 0]))
      : {},
    proxies: { ...doc.voting.proxies },
    minVotingDays: rule.minVotingDays,
    minDiscussionDays: rule.minDiscussionDays,
    secondsNeeded: rule.secondsNeeded,
    seats: proposal.kind === 'election' ? proposal.seats : countedAs === 'decision' ? null : 1,
    budget: proposal.kind === 'budget' ? proposal.budget : null,
    maxScore: countedAs === 'score' ? 5 : null,
  };
}

/** Classes whose members vote under a constitution. */
export function votingClasses(doc: ConstitutionDocument): string[] {
  return doc.memberClasses.filter((c) => c.mayVote).map((c) => c.key);
}

/**
 * A basis-point threshold as the engine reads it. 5001 means "more than half": basis points cannot
 * say it otherwise, and read literally it would fail 10 001 yes against 9 999 no. Every other value
 * means "at least".
 */
export function engineThreshold(bps: number): string | { share: string; inclusive: boolean } {
  if (bps === 5001) return 'majority';
  return { share: `${bps}/10000`, inclusive: true };
}

export function describeThreshold(bps: number): string {
  if (bps === 5001) return 'more than half of yes + no';
  return `at least ${(bps / 100).toFixed(2).replace(/\.00$/, '')}% of yes + no`;
}

// Sections a policy change may touch; everything else (classes, membership, voting) is the bylaws.
const POLICY_SECTIONS = new Set(['market', 'dispatch', 'surplus', 'openData']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch: objects merge recursively, null removes a member, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Every leaf path a patch sets, as dotted paths (for conflict checks and error fields). */
export function patchPaths(patch: unknown, prefix = ''): string[] {
  if (!isObject(patch)) return [prefix];
  return Object.entries(patch).flatMap(([k, v]) =>
    isObject(v) && Object.keys(v).length > 0
      ? patchPaths(v, prefix ? `${prefix}.${k}` : k)
      : [prefix ? `${prefix}.${k}` : k],
  );
}

export type AppliedChange = { document: ConstitutionDocument; diff: ConstitutionChange[] };

/**
 * Applies a proposed change to a constitution and validates the result with the constitution's own
 * schema. Throws a 400 naming the field (under `changes.`) when the result would not be a valid
 * constitution, when nothing would change, or when a policy change reaches into the bylaws.
 */
export function applyChange(
  kind: 'policy' | 'bylaws',
  base: ConstitutionDocument,
  changes: unknown,
): AppliedChange {
  if (!isObject(changes) || Object.keys(changes).length === 0) {
    throw new AppError('validation', 'NO_CHANGES', 'Give at least one change.', { field: 'changes' });
  }
  if ('schemaVersion' in changes) {
    throw new AppError(
      'validation',
      'CHANGE_NOT_ALLOWED',
      'The schema version is not changed by a proposal.',
      {
        field: 'changes.schemaVersion',
      },
    );
  }
  if (kind === 'policy') {
    const outside = Object.keys(changes).find((k) => !POLICY_SECTIONS.has(k));
    if (outside) {
      throw new AppError(
        'validation',
        'NEEDS_BYLAWS_AMENDMENT',
        `A policy change covers the market, dispatch, surplus and open data; "${outside}" is changed by a bylaws amendment.`,
        { field: `changes.${outside}` },
      );
    }
  }
  const merged = mergePatch(base, changes);
  const parsed = constitutionDocument.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new AppError(
      'validation',
      'CONSTITUTION_INVALID',
      `With this change the constitution would not be valid: ${path ? `${path}: ` : ''}${issue.message}`,
      { field: path ? `changes.${path}` : 'changes' },
    );
  }
  const diff = diffConstitutions(base, parsed.data);
  if (diff.length === 0) {
    throw new AppError('validation', 'NO_CHANGES', 'This change leaves the constitution as it is.', {
      field: 'changes',
    });
  }
  return { document: parsed.data, diff };
}

/**
 * Whether a passed change still applies cleanly to the constitution now in force: every field it
 * changes must still hold the value it had when the proposal was drafted. Returns the paths that
 * another change has touched meanwhile.
 */
export function conflictingPaths(
  draftedDiff: readonly ConstitutionChange[],
  current: ConstitutionDocument,
  proposed: ConstitutionDocument,
): string[] {
  const nowDiff = new Map(diffConstitutions(current, proposed).map((c) => [c.path, c]));
  const conflicts: string[] = [];
  for (const change of draftedDiff) {
    const now = nowDiff.get(change.path);
    // Where the current value differs from the drafted "before", someone changed it meanwhile.
    const currentValue = now ? now.before : change.after;
    if (JSON.stringify(currentValue ?? null) !== JSON.stringify(change.before ?? null))
      conflicts.push(change.path);
  }
  return conflicts;
}
