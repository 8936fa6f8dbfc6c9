import type { TFunction } from 'i18next';

// The kinds of journal entries the modules post; a kind not listed here is shown as the server names it.
export const ENTRY_KINDS = [
  'share_purchase',
  'share_redemption',
  'membership_fee',
  'payment_received',
  'booking_payment',
  'booking_settlement',
  'cancellation_fee',
  'refund',
  'payout',
  'expense',
  'adjustment',
  'opening_balance',
  'dividend',
  'surplus_allocation',
  'budget_earmark',
  'reversal',
] as const;

export function kindLabel(t: TFunction, kind: string): string {
  return (ENTRY_KINDS as readonly string[]).includes(kind) ? t(`ledger.kinds.${kind}`) : kind;
}

const LINK_TYPES = [
  'membership_application',
  'membership',
  'market_booking',
  'market_payout_batch',
  'proposal',
];

export function linkTypeLabel(t: TFunction, type: string): string {
  return LINK_TYPES.includes(type) ? t(`ledger.links.${type}`) : type;
}
