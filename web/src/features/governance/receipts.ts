import type { TFunction } from 'i18next';
import type { BallotInput, ProposalView } from './api.ts';

// A voter's receipt and ballot key, kept in this browser only when the voter asks for it (a shared
// computer would otherwise let the next person check the ballot), plus a ballot described in words.

export type Kept = { receipt: string; ballotKey: string | null };

const storageKey = (proposalId: string, accountId: string) => `mutual.ballot.${proposalId}.${accountId}`;

export function keptReceipt(proposalId: string, accountId: string): Kept | null {
  try {
    const raw = window.localStorage.getItem(storageKey(proposalId, accountId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Kept>;
    return typeof value.receipt === 'string'
      ? { receipt: value.receipt, ballotKey: typeof value.ballotKey === 'string' ? value.ballotKey : null }
      : null;
  } catch {
    return null;
  }
}

export function keepReceipt(proposalId: string, accountId: string, kept: Kept | null): void {
  try {
    if (kept) window.localStorage.setItem(storageKey(proposalId, accountId), JSON.stringify(kept));
    else window.localStorage.removeItem(storageKey(proposalId, accountId));
  } catch {
    // Storage blocked: the voter still has what the page showed them.
  }
}

type Option = Pick<ProposalView['options'][number], 'key' | 'name'>;

/** "yes", "1. Ana, 2. Ben", "Ana, Ben", "Ana: 4, Ben: 2" — what a ballot says, in the reader's words. */
export function describeBallot(t: TFunction, ballot: BallotInput, options: Option[]): string {
  const name = (key: string) => options.find((o) => o.key === key)?.name ?? key;
  if (ballot.choice !== undefined) {
    if (ballot.choice === null) return t('governance.ballot.blank');
    if (['yes', 'no', 'abstain', 'block'].includes(ballot.choice))
      return t(`governance.ballot.choice.${ballot.choice}`);
    return name(ballot.choice);
  }
  if (ballot.ranking) {
    if (ballot.ranking.length === 0) return t('governance.ballot.blank');
    return ballot.ranking
      .map((entry, i) => `${i + 1}. ${Array.isArray(entry) ? entry.map(name).join(' = ') : name(entry)}`)
      .join(', ');
  }
  if (ballot.approve)
    return ballot.approve.length === 0 ? t('governance.ballot.blank') : ballot.approve.map(name).join(', ');
  if (ballot.scores)
    return Object.entries(ballot.scores)
      .map(([key, score]) => `${name(key)}: ${score}`)
      .join(', ');
  return t('governance.ballot.blank');
}
