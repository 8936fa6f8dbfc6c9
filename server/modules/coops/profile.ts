import type { CoopProfile } from '../../../contracts/coops.ts';
import type { Context } from '../../context.ts';
import { requireCoop } from './access.ts';
import { policyAt } from './constitution.ts';
import { memberCountsByClass } from './queries.ts';

/** The public face of a co-op: no personal data, only counts per class. */
export async function getCoopProfile(ctx: Context, slug: string): Promise<CoopProfile> {
  const coop = await requireCoop(ctx.db, slug);
  const policy = await policyAt(ctx.db, coop.id, ctx.clock());
  const counts = await memberCountsByClass(ctx.db, coop.id);
  const byClass = policy.document.memberClasses.map((c) => ({
    classKey: c.key,
    name: c.name,
    members: counts.get(c.key) ?? 0,
  }));
  return {
    id: coop.id,
    slug: coop.slug,
    name: coop.name,
    mission: coop.mission,
    sector: coop.sector,
    currency: coop.currency,
    timeZone: coop.timeZone,
    defaultLanguage: coop.defaultLanguage,
    createdAt: coop.createdAt.toISOString(),
    constitutionVersion: policy.version,
    members: { total: [...counts.values()].reduce((a, b) => a + b, 0), byClass },
  };
}
