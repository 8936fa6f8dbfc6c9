import type { z } from 'zod';
import type { marketRulesView } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import type { Actor } from '../../lib/actor.ts';
import { loadCoopAccess, policyAt } from '../coops/index.ts';

/** The market's rules in force now, as the constitution states them: public, like the constitution. */
export async function marketRules(
  ctx: Context,
  actor: Actor,
  slug: string,
): Promise<z.infer<typeof marketRulesView>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const policy = await policyAt(ctx.db, access.coop.id, ctx.clock());
  const { market, dispatch } = policy.document;
  return {
    constitutionVersion: policy.version,
    currency: access.coop.currency,
    platformFeeBps: market.platformFeeBps,
    cancellation: market.cancellation,
    nonMembersMayBuy: market.nonMembersMayBuy,
    categories: market.categories.map((c) => ({
      key: c.key,
      name: c.name,
      minHourlyRate: c.minHourlyRate,
      standardPrice: c.standardPrice ?? null,
      dispatched: c.dispatched,
    })),
    dispatch,
  };
}
