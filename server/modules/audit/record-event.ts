import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { NIL_UUID } from '../../lib/ids.ts';

export type Visibility = 'public' | 'members' | 'admins';

export type AuditInput = {
  /** The co-op whose chain records the event; omitted for deployment-wide events. */
  coopId?: string | null;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
  visibility: Visibility;
  at: Date;
};

export const GENESIS_HASH = '0'.repeat(64);

export type HashedFields = {
  coopId: string;
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data: unknown;
  visibility: string;
};

// The hash covers the previous hash and the canonical JSON of every recorded field, so changing,
// inserting or removing any event breaks every later link.
export function eventHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    action: e.action,
    actorId: e.actorId,
    at: e.at.toISOString(),
    coopId: e.coopId,
    data: e.data,
    seq: e.seq,
    subjectId: e.subjectId,
    subjectType: e.subjectType,
    visibility: e.visibility,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** Appends an event to its chain. Must run inside the transaction of the change it records. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const coopId = input.coopId ?? NIL_UUID;
  // The upsert takes the row lock on the chain head until commit, so one chain never forks.
  const [row] = await queryRows<{ seq: string | number; hash: string }>(
    tx,
    sql`
    insert into audit_heads (coop_id, seq, hash) values (${coopId}, 1, ${GENESIS_HASH})
    on conflict (coop_id) do update set seq = audit_heads.seq + 1
    returning seq, hash`,
  );
  if (!row) throw new Error('audit head upsert returned no row');
  const seq = Number(row.seq);
  const data = JSON.parse(canonicalJson(input.data ?? {})) as Record<string, unknown>;
  const fields: HashedFields = {
    coopId,
    seq,
    at: input.at,
    actorId: input.actorId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    data,
    visibility: input.visibility,
  };
  const hash = eventHash(row.hash, fields);
  // Event and new head in one round trip: the head's row lock is held for as short a time as possible.
  await tx.execute(sql`
    with event as (
      insert into audit_events (coop_id, seq, at, actor_id, action, subject_type, subject_id, data, visibility, prev_hash, hash)
      values (${coopId}, ${seq}, ${input.at.toISOString()}, ${fields.actorId}, ${fields.action}, ${fields.subjectType},
              ${fields.subjectId}, ${JSON.stringify(data)}::jsonb, ${fields.visibility}, ${row.hash}, ${hash})
    )
    update audit_heads set hash = ${hash} where coop_id = ${coopId}`);
  return { seq, hash };
}
