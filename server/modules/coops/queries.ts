import { asc, eq } from 'drizzle-orm';
import type { CoopSummary } from '../../../contracts/coops.ts';
import type { Executor } from '../../db/client.ts';
import { coops } from '../../db/schema/index.ts';

export async function listCoops(db: Executor): Promise<CoopSummary[]> {
  const rows = await db.select().from(coops).orderBy(asc(coops.name));
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, mission: r.mission }));
}

export async function findCoopIdBySlug(db: Executor, slug: string): Promise<string | null> {
  const rows = await db.select({ id: coops.id }).from(coops).where(eq(coops.slug, slug));
  return rows[0]?.id ?? null;
}
