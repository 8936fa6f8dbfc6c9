import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { CoopSummary } from '../../../contracts/coops.ts';
import type { Executor } from '../../db/client.ts';
import { coops, memberships } from '../../db/schema/index.ts';

const current = inArray(memberships.status, ['active', 'leaving']);

export async function listCoops(db: Executor): Promise<CoopSummary[]> {
  const rows = await db
    .select({
      id: coops.id,
      slug: coops.slug,
      name: coops.name,
      mission: coops.mission,
      sector: coops.sector,
      // Written out in full: inside a subquery the column names must carry their table.
      memberCount: sql<number>`(select count(*) from memberships m where m.coop_id = coops.id and m.status in ('active', 'leaving'))`,
    })
    .from(coops)
    .orderBy(asc(coops.name));
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

export async function findCoopIdBySlug(db: Executor, slug: string): Promise<string | null> {
  const rows = await db.select({ id: coops.id }).from(coops).where(eq(coops.slug, slug));
  return rows[0]?.id ?? null;
}

export async function memberCountsByClass(db: Executor, coopId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ classKey: memberships.classKey, n: sql<number>`count(*)` })
    .from(memberships)
    .where(and(eq(memberships.coopId, coopId), current))
    .groupBy(memberships.classKey);
  return new Map(rows.map((r) => [r.classKey, Number(r.n)]));
}
