import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { runStatement, statement, type Tx } from '../../db/client.ts';
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

// An event's hash links it to the one before: sha256 of "<previous hash>\n<seq>\n<content hash>",
// where the content hash is sha256 of the canonical JSON of every other recorded field. Changing,
// inserting or removing any event breaks every later link. The content hash is made here; the link
// is made by the database in the statement that advances the chain head, so the head's row lock is
// held for one statement and the commit, not for a round trip through the application.
export function contentHash(e: Omit<HashedFields, 'seq'>): string {
  const body = canonicalJson({
    action: e.action,
    actorId: e.actorId,
    at: e.at.toISOString(),
    coopId: e.coopId,
    data: e.data,
    subjectId: e.subjectId,
    subjectType: e.subjectType,
    visibility: e.visibility,
  });
  return createHash('sha256').update(body).digest('hex');
}

export function linkHash(prevHash: string, seq: number, content: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${content}`).digest('hex');
}

/**
 * The first format (until migration 0017): sha256 of the previous hash and the canonical JSON of
 * every field including seq, computed by the application. Events written then keep it; the
 * verifier accepts either format for each link.
 */
export function legacyEventHash(prevHash: string, e: HashedFields): string {
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

// One statement: the upsert takes the chain head's row lock (held until commit, so one chain never
// forks), advances it and links the new hash; the event row takes the head's values.
const link = (prev: SQL, seq: SQL) =>
  sql`encode(sha256(convert_to(${prev} || E'\n' || (${seq})::text || E'\n' || ${sql.placeholder('content')}, 'UTF8')), 'hex')`;
const appendEvent = statement<{ seq: string | number; hash: string }>(
  'audit.append',
  sql`
    with head as (
      insert into audit_heads as h (coop_id, seq, hash, prev_hash)
      values (${sql.placeholder('coopId')}, 1, ${link(sql`${GENESIS_HASH}`, sql`1`)}, ${GENESIS_HASH})
      on conflict (coop_id) do update
        set seq = h.seq + 1, prev_hash = h.hash, hash = ${link(sql`h.hash`, sql`h.seq + 1`)}
      returning seq, prev_hash, hash
    )
    insert into audit_events (coop_id, seq, at, actor_id, action, subject_type, subject_id, data, visibility, prev_hash, hash)
    select ${sql.placeholder('coopId')}, head.seq, ${sql.placeholder('at')}, ${sql.placeholder('actorId')},
           ${sql.placeholder('action')}, ${sql.placeholder('subjectType')}, ${sql.placeholder('subjectId')},
           ${sql.placeholder('data')}::jsonb, ${sql.placeholder('visibility')}, head.prev_hash, head.hash
    from head
    returning seq, hash`,
);

/** Appends an event to its chain. Must run inside the transaction of the change it records. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const coopId = input.coopId ?? NIL_UUID;
  const data = JSON.parse(canonicalJson(input.data ?? {})) as Record<string, unknown>;
  const fields = {
    coopId,
    at: input.at,
    actorId: input.actorId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    data,
    visibility: input.visibility,
  };
  const [row] = await runStatement(tx, appendEvent, {
    ...fields,
    at: input.at.toISOString(),
    data: JSON.stringify(data),
    content: contentHash(fields),
  });
  if (!row) throw new Error('audit append returned no row');
  return { seq: Number(row.seq), hash: row.hash };
}
