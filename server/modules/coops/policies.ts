import { AppError } from '../../lib/errors.ts';
import type { CoopAccess } from './access.ts';

// Pure authorization rules for co-op resources. Use cases call `authorize` first, before any read
// or write; routes never decide access themselves.
export type CoopAction =
  | 'coop.view_members'
  | 'coop.export_register'
  | 'coop.decide_admissions'
  | 'coop.manage_ledger'
  | 'coop.view_ledger'
  | 'coop.record_payments'
  | 'coop.view_own_statement'
  | 'coop.view_proposals'
  | 'coop.take_part'
  | 'coop.moderate_discussion'
  | 'market.moderate';

export function can(access: CoopAccess, action: CoopAction): boolean {
  const member = access.membership !== null;
  const board = access.roles.includes('board');
  const admin = access.roles.includes('admin');
  switch (action) {
    case 'coop.view_members':
    case 'coop.view_own_statement':
    case 'coop.view_proposals':
    case 'coop.take_part':
      return member;
    case 'coop.moderate_discussion':
      return board || admin;
    case 'coop.export_register':
    case 'coop.decide_admissions':
      return board;
    case 'coop.manage_ledger':
    case 'coop.view_ledger':
    case 'coop.record_payments':
      return board || admin;
    // Reading the messages of a reported dispute, and seeing who a job was offered to and why.
    case 'market.moderate':
      return board || admin;
  }
}

export function authorize(access: CoopAccess, action: CoopAction): void {
  if (can(access, action)) return;
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  throw new AppError('forbidden', 'FORBIDDEN', 'You do not have the role in this co-op that this needs.');
}
