import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { coops } from './coops.ts';

// The co-op's double-entry ledger (docs/decisions/0004-ledger.md). The rules that keep it exact are
// triggers in the migrations, so they hold for hand-written SQL too: every entry balances per currency
// at commit, entries and postings are append-only, accounts are never deleted, and `balance` changes
// only through the trigger that applies each posting under the account's row lock.

export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    coopId: uuid('coop_id')
      .notNull()
      .references(() => coops.id),
    id: uuid('id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    currency: text('currency').notNull(),
    parentId: uuid('parent_id'),
    /** Holds sub-accounts only (e.g. 3000 Member share capital); postings go to its children. */
    placeholder: boolean('placeholder').notNull().default(false),
    ownerKind: text('owner_kind'),
    ownerAccountId: uuid('owner_account_id').references(() => accounts.id),
    /** Sum of this account's postings, debit positive; maintained by the posting trigger only. */
    balance: bigint('balance', { mode: 'bigint' }).notNull().default(sql`0`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    uniqueIndex('ledger_accounts_code_key').on(t.coopId, t.code),
    uniqueIndex('ledger_accounts_owner_key')
      .on(t.coopId, t.ownerKind, t.ownerAccountId)
      .where(sql`${t.ownerKind} is not null`),
    index('ledger_accounts_parent_idx').on(t.coopId, t.parentId),
    foreignKey({
      name: 'ledger_accounts_parent_fk',
      columns: [t.coopId, t.parentId],
      foreignColumns: [t.coopId, t.id],
    }),
    check(
      'ledger_accounts_type_check',
      sql`${t.type} in ('asset', 'liability', 'equity', 'revenue', 'expense')`,
    ),
    check('ledger_accounts_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('ledger_accounts_code_check', sql`${t.code} ~ '^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$'`),
    check(
      'ledger_accounts_owner_check',
      sql`(${t.ownerKind} is null) = (${t.ownerAccountId} is null) and (${t.ownerKind} is null or ${t.ownerKind} in ('share_capital', 'worker_payable'))`,
    ),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    /** Unique per co-op: a repeated request with the same key returns this entry and posts nothing. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** SHA-256 of what was asked (kind, link, postings), to refuse a key reused for something else. */
    requestHash: text('request_hash').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    linkType: text('link_type'),
    linkId: text('link_id'),
    /** Version of the co-op's constitution whose rules priced this entry, when one did. */
    policyVersion: integer('policy_version'),
    reversesEntryId: uuid('reverses_entry_id'),
    /** Id of the transaction that recorded the entry; once it commits the entry takes no more postings. */
    txid: bigint('txid', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    uniqueIndex('ledger_entries_idempotency_key').on(t.coopId, t.idempotencyKey),
    // An entry is reversed at most once.
    uniqueIndex('ledger_entries_reverses_key')
      .on(t.coopId, t.reversesEntryId)
      .where(sql`${t.reversesEntryId} is not null`),
    index('ledger_entries_occurred_idx').on(t.coopId, t.occurredAt, t.id),
    index('ledger_entries_link_idx').on(t.coopId, t.linkType, t.linkId).where(sql`${t.linkType} is not null`),
    foreignKey({
      name: 'ledger_entries_reverses_fk',
      columns: [t.coopId, t.reversesEntryId],
      foreignColumns: [t.coopId, t.id],
    }),
    check('ledger_entries_kind_check', sql`${t.kind} ~ '^[a-z][a-z0-9_]{0,39}$'`),
    check('ledger_entries_link_check', sql`(${t.linkType} is null) = (${t.linkId} is null)`),
  ],
);

// No foreign key to ledger_accounts on purpose: the posting trigger updates the account row anyway
// and refuses an unknown account, and a second lock mode on that hot row would slow every posting.
export const ledgerPostings = pgTable(
  'ledger_postings',
  {
    coopId: uuid('coop_id').notNull(),
    entryId: uuid('entry_id').notNull(),
    line: smallint('line').notNull(),
    accountId: uuid('account_id').notNull(),
    /** Minor units, debit positive, credit negative; never zero. */
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.entryId, t.line] }),
    index('ledger_postings_account_idx').on(t.coopId, t.accountId),
    foreignKey({
      name: 'ledger_postings_entry_fk',
      columns: [t.coopId, t.entryId],
      foreignColumns: [ledgerEntries.coopId, ledgerEntries.id],
    }),
    check('ledger_postings_amount_check', sql`${t.amount} <> 0`),
    check('ledger_postings_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

// Money entering or leaving the co-op through a payment provider. Incoming payments are recorded
// when received; payouts wait as `pending` until the provider (or, for `manual`, a person) pays them.
export const ledgerPayments = pgTable(
  'ledger_payments',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    provider: text('provider').notNull(),
    direction: text('direction').notNull(),
    status: text('status').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    /** The account credited by an incoming payment, or debited by a payout. */
    accountId: uuid('account_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    reference: text('reference'),
    description: text('description').notNull(),
    linkType: text('link_type'),
    linkId: text('link_id'),
    entryId: uuid('entry_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: uuid('completed_by').references(() => accounts.id),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    uniqueIndex('ledger_payments_idempotency_key').on(t.coopId, t.idempotencyKey),
    index('ledger_payments_status_idx').on(t.coopId, t.status, t.createdAt),
    foreignKey({
      name: 'ledger_payments_account_fk',
      columns: [t.coopId, t.accountId],
      foreignColumns: [ledgerAccounts.coopId, ledgerAccounts.id],
    }),
    foreignKey({
      name: 'ledger_payments_entry_fk',
      columns: [t.coopId, t.entryId],
      foreignColumns: [ledgerEntries.coopId, ledgerEntries.id],
    }),
    check('ledger_payments_direction_check', sql`${t.direction} in ('incoming', 'outgoing')`),
    check('ledger_payments_status_check', sql`${t.status} in ('pending', 'completed', 'cancelled')`),
    check('ledger_payments_amount_check', sql`${t.amount} > 0`),
    check('ledger_payments_provider_check', sql`${t.provider} ~ '^[a-z][a-z0-9_]{0,31}$'`),
    check('ledger_payments_link_check', sql`(${t.linkType} is null) = (${t.linkId} is null)`),
    check(
      'ledger_payments_completed_check',
      sql`(${t.status} = 'completed') = (${t.entryId} is not null and ${t.completedAt} is not null)`,
    ),
  ],
);
