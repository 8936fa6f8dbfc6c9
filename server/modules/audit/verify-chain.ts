import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { NIL_UUID } from '../../lib/ids.ts';
import { contentHash, GENESIS_HASH, legacyEventHash, linkHash } from './record-event.ts';

export type ChainReport =
  | { ok: true; coopId: string; events: number; head: string }
  | { ok: false; coopId: string; events: number; brokenAt: number; reason: string };

// Recomputes one chain from its first event. Reads in pages so a long chain never sits in memory.
export async function verifyChain(db: Executor, coopId: string = NIL_UUID): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  const pageSize = 2000;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.coopId} = ${coopId} and ${auditEvents.seq} >= ${expectedSeq}`)
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    for (const row of rows) {
      const seq = Number(row.seq);
      const fail = (reason: string): ChainReport => ({
        ok: false,
        coopId,
        events: expectedSeq - 1,
        brokenAt: seq,
        reason,
      });
      if (seq !== expectedSeq) return fail(`event ${expectedSeq} is missing`);
      if (row.prevHash !== prev) return fail('previous-hash link does not match the preceding event');
      const fields = { ...row, seq };
      if (
        linkHash(prev, seq, contentHash(fields)) !== row.hash &&
        legacyEventHash(prev, fields) !== row.hash
      ) {
        return fail('event content does not match its hash');
      }
      prev = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, coopId, events: expectedSeq - 1, head: prev };
}

export async function listChains(db: Executor): Promise<string[]> {
  const rows = await db.selectDistinct({ coopId: auditEvents.coopId }).from(auditEvents);
  return rows.map((r) => r.coopId);
}

export async function countEvents(db: Executor, coopId: string = NIL_UUID): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(auditEvents)
    .where(eq(auditEvents.coopId, coopId));
  return Number(rows[0]?.n ?? 0);
}
