import { sql } from 'drizzle-orm';
import { bigint, check, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// One hash chain per co-op, and one for the deployment (coop_id = the nil UUID). Rows are never
// updated or deleted (a trigger in the migrations refuses it).
export const auditEvents = pgTable(
  'audit_events',
  {
    coopId: uuid('coop_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    data: jsonb('data').notNull(),
    visibility: text('visibility').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.seq] }),
    check('audit_events_visibility_check', sql`${t.visibility} in ('public', 'members', 'admins')`),
  ],
);

// The head of each chain: the upsert on this row serialises writers of one chain.
export const auditHeads = pgTable('audit_heads', {
  coopId: uuid('coop_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  /** The hash before the last advance: what the event written with the head links back to. */
  prevHash: text('prev_hash'),
});
