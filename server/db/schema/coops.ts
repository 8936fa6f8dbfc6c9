import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';

export const coops = pgTable(
  'coops',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    mission: text('mission').notNull().default(''),
    sector: text('sector').notNull(),
    currency: text('currency').notNull(),
    timeZone: text('time_zone').notNull(),
    defaultLanguage: text('default_language').notNull(),
    foundedBy: uuid('founded_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('coops_slug_key').on(t.slug)],
);

// Versions are append-only (trigger) and chained by hash: each covers its document and the previous
// version's hash. A version takes effect at effective_from; the one in force at time T is the
// highest version with effective_from <= T.
export const constitutionVersions = pgTable(
  'constitution_versions',
  {
    coopId: uuid('coop_id').notNull(),
    version: integer('version').notNull(),
    document: jsonb('document').notNull(),
    documentHash: text('document_hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    origin: text('origin').notNull(),
    proposalId: uuid('proposal_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.version] }),
    check('constitution_versions_origin_check', sql`${t.origin} in ('founding', 'proposal')`),
  ],
);

export const membershipApplications = pgTable(
  'membership_applications',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    classKey: text('class_key').notNull(),
    statement: text('statement').notNull(),
    agreedVersion: integer('agreed_version').notNull(),
    status: text('status').notNull(),
    sharePrice: text('share_price').notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    paymentReference: text('payment_reference'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    check(
      'membership_applications_status_check',
      sql`${t.status} in ('awaiting_payment', 'awaiting_admission', 'awaiting_vote', 'admitted', 'declined', 'withdrawn')`,
    ),
    // One open application per person and co-op.
    uniqueIndex('membership_applications_open_key')
      .on(t.coopId, t.accountId)
      .where(sql`${t.status} in ('awaiting_payment', 'awaiting_admission', 'awaiting_vote')`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    memberNumber: integer('member_number').notNull(),
    classKey: text('class_key').notNull(),
    shares: integer('shares').notNull(),
    applicationId: uuid('application_id'),
    status: text('status').notNull(),
    admittedAt: timestamp('admitted_at', { withTimezone: true }).notNull(),
    noticeGivenAt: timestamp('notice_given_at', { withTimezone: true }),
    leavesAt: timestamp('leaves_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
    leftReason: text('left_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    check('memberships_status_check', sql`${t.status} in ('active', 'leaving', 'left', 'expelled')`),
    uniqueIndex('memberships_number_key').on(t.coopId, t.memberNumber),
    uniqueIndex('memberships_current_key')
      .on(t.coopId, t.accountId)
      .where(sql`${t.status} in ('active', 'leaving')`),
    index('memberships_account_idx').on(t.accountId),
  ],
);

export const coopRoles = pgTable(
  'coop_roles',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    role: text('role').notNull(),
    origin: text('origin').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    termEndsAt: timestamp('term_ends_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    // A committee role names a committee of the constitution: committee:<key>.
    check(
      'coop_roles_role_check',
      sql`${t.role} in ('board', 'admin') or ${t.role} ~ '^committee:[a-z][a-z0-9-]{0,39}$'`,
    ),
    uniqueIndex('coop_roles_current_key')
      .on(t.coopId, t.accountId, t.role)
      .where(sql`${t.revokedAt} is null`),
  ],
);
