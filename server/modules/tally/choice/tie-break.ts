import { createHash } from 'node:crypto';
import type { ChoiceRules, TieBreakPriority } from './types.ts';

/**
 * The order that settles ties no rule of the method can settle, fixed before any ballot is read:
 * the contest's explicit order (options it leaves out follow in listed order); otherwise a lot drawn
 * from the seed — options sorted by the SHA-256 hex digest of `${seed}\n${option}`, which anyone can
 * recompute; otherwise the order in which the options are listed. Never Math.random.
 */
export function tieBreakPriority(options: readonly string[], rules: ChoiceRules = {}): TieBreakPriority {
  if (rules.tiebreakOrder && rules.tiebreakOrder.length > 0) {
    const listed = new Set(rules.tiebreakOrder);
    return {
      source: 'explicit-order',
      order: [...rules.tiebreakOrder, ...options.filter((o) => !listed.has(o))],
    };
  }
  if (rules.seed !== undefined) {
    return { source: 'seeded-lot', order: seededOrder(options, rules.seed), seed: rules.seed };
  }
  return { source: 'option-order', order: [...options] };
}

export function seededOrder(options: readonly string[], seed: string): string[] {
  const keyed = options.map((o, i) => ({
    o,
    i,
    key: createHash('sha256').update(`${seed}\n${o}`).digest('hex'),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  return keyed.map((k) => k.o);
}

/** Position of each option in the priority (0 = wins every tie). */
export function priorityRank(priority: TieBreakPriority): Map<string, number> {
  return new Map(priority.order.map((o, i) => [o, i]));
}

export function sortByPriority(options: readonly string[], rank: ReadonlyMap<string, number>): string[] {
  return [...options].sort((a, b) => rank.get(a)! - rank.get(b)!);
}
