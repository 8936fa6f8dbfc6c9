import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { serviceInput, servicePatch } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/client.ts';
import { marketServices } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess, type Policy, policyAt } from '../coops/index.ts';
import { enqueueEmail } from '../outbox/index.ts';
import { type Category, floorMessage, notFound, person, requireCategory, requireSeller } from './common.ts';
import { meetsFloor, type Pricing } from './pricing.ts';
import { requireOwnWorker, serviceById } from './queries.ts';
import { type ServiceView, toServiceView } from './views.ts';

type ServiceInput = z.infer<typeof serviceInput>;
type ServicePatch = z.infer<typeof servicePatch>;

/** Refuses a price below the category's pay floor, quoting the floor and the constitution version. */
export function checkFloor(
  category: Category,
  policy: Policy,
  currency: string,
  price: { pricing: Pricing; rate: bigint; minDurationMinutes: number },
): void {
  const floor = BigInt(category.minHourlyRate);
  if (meetsFloor(price.pricing, price.rate, price.minDurationMinutes, floor)) return;
  const what =
    price.pricing === 'hourly'
      ? 'this hourly rate is below it'
      : `a fixed price for at least ${price.minDurationMinutes} minutes must pay at least that per hour`;
  throw new AppError(
    'rule',
    'RATE_BELOW_FLOOR',
    `${floorMessage(category, currency, policy.version)}; ${what}.`,
    {
      field: 'rate',
    },
  );
}

export async function createService(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: ServiceInput,
): Promise<ServiceView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const accountId = requireSeller(access, policy);
  const coopId = access.coop.id;
  const worker = await requireOwnWorker(ctx.db, coopId, accountId);
  const category = requireCategory(policy, input.categoryKey);
  const rate = BigInt(input.rate);
  checkFloor(category, policy, access.coop.currency, {
    pricing: input.pricing,
    rate,
    minDurationMinutes: input.minDurationMinutes,
  });
  const id = ctx.newId();
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(marketServices)
      .values({
        coopId,
        id,
        workerId: worker.id,
        categoryKey: category.key,
        title: input.title,
        description: input.description,
        pricing: input.pricing,
        rate,
        currency: access.coop.currency,
        minDurationMinutes: input.minDurationMinutes,
        checkedVersion: policy.version,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      coopId,
      actorId: accountId,
      action: 'market.service_created',
      subjectType: 'market_service',
      subjectId: id,
      data: {
        category: category.key,
        pricing: input.pricing,
        rate: input.rate,
        checkedVersion: policy.version,
      },
      visibility: 'members',
      at: now,
    });
    return inserted!;
  });
  return toServiceView(row, policy);
}

/**
 * Changes a service. Any change to the price, and putting it back on sale, is checked against the
 * floor in force now; passing that check lifts a below-floor flag.
 */
export async function updateService(
  ctx: Context,
  actor: Actor,
  slug: string,
  serviceId: string,
  patch: ServicePatch,
): Promise<ServiceView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const accountId = requireSeller(access, policy);
  const coopId = access.coop.id;
  const worker = await requireOwnWorker(ctx.db, coopId, accountId);
  const current = await serviceById(ctx.db, coopId, serviceId);
  if (!current || current.workerId !== worker.id)
    throw notFound('SERVICE_NOT_FOUND', 'You have no such service.');
  const next = {
    pricing: (patch.pricing ?? current.pricing) as Pricing,
    rate: patch.rate !== undefined ? BigInt(patch.rate) : current.rate,
    minDurationMinutes: patch.minDurationMinutes ?? current.minDurationMinutes,
    active: patch.active ?? current.active,
  };
  const priceTouched =
    patch.pricing !== undefined || patch.rate !== undefined || patch.minDurationMinutes !== undefined;
  let checked = false;
  if (next.active && (priceTouched || (patch.active === true && !current.active))) {
    checkFloor(requireCategory(policy, current.categoryKey), policy, access.coop.currency, next);
    checked = true;
  } else if (current.belowFloorVersion !== null) {
    // A flagged service whose price did not change keeps its flag unless the floor came down.
    const category = requireCategory(policy, current.categoryKey);
    checked = meetsFloor(next.pricing, next.rate, next.minDurationMinutes, BigInt(category.minHourlyRate));
  }
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(marketServices)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        pricing: next.pricing,
        rate: next.rate,
        minDurationMinutes: next.minDurationMinutes,
        active: next.active,
        ...(checked ? { checkedVersion: policy.version, belowFloorVersion: null } : {}),
        updatedAt: now,
      })
      .where(and(eq(marketServices.coopId, coopId), eq(marketServices.id, current.id)))
      .returning();
    await recordAudit(tx, {
      coopId,
      actorId: accountId,
      action: 'market.service_updated',
      subjectType: 'market_service',
      subjectId: current.id,
      data: {
        changes: Object.keys(patch),
        pricing: next.pricing,
        rate: next.rate.toString(),
        active: next.active,
        ...(checked ? { checkedVersion: policy.version } : {}),
      },
      visibility: 'members',
      at: now,
    });
    return updated!;
  });
  return toServiceView(row, policy);
}

/**
 * After the constitution changes, marks every active service whose price is now below its
 * category's floor (and tells its worker once); lifts the mark where a lowered floor is met again.
 * Idempotent and catches up: it compares against whatever version is in force.
 */
export async function flagServicesBelowFloor(ctx: Context): Promise<number> {
  const now = ctx.clock();
  const coops = await queryRows<{ coop_id: string; slug: string; currency: string }>(
    ctx.db,
    sql`select distinct s.coop_id, c.slug, c.currency from market_services s join coops c on c.id = s.coop_id where s.active`,
  );
  let flagged = 0;
  for (const coop of coops) {
    const policy = await policyAt(ctx.db, coop.coop_id, now);
    for (const category of policy.document.market.categories) {
      const floor = BigInt(category.minHourlyRate);
      // Below the floor: an hourly rate under it, or a fixed price paying less than it per hour.
      const below = sql`((pricing = 'hourly' and rate < ${floor.toString()}::bigint)
        or (pricing = 'fixed' and rate * 60 < ${floor.toString()}::bigint * min_duration_minutes))`;
      flagged += await ctx.db.transaction(async (tx) => {
        const marked = await queryRows<{ id: string; worker_id: string; title: string; account_id: string }>(
          tx,
          sql`update market_services s set below_floor_version = ${policy.version}, updated_at = ${now.toISOString()}::timestamptz
              from market_workers w
              where s.coop_id = ${coop.coop_id} and s.category_key = ${category.key} and s.active
                and s.below_floor_version is null and ${below}
                and w.coop_id = s.coop_id and w.id = s.worker_id
              returning s.id, s.worker_id, s.title, w.account_id`,
        );
        await tx.execute(
          sql`update market_services set below_floor_version = null, checked_version = ${policy.version}, updated_at = ${now.toISOString()}::timestamptz
              where coop_id = ${coop.coop_id} and category_key = ${category.key}
                and below_floor_version is not null and not ${below}`,
        );
        const byWorker = new Map<string, typeof marked>();
        for (const m of marked) byWorker.set(m.account_id, [...(byWorker.get(m.account_id) ?? []), m]);
        for (const [accountId, services] of byWorker) {
          const who = await person(tx, accountId);
          await enqueueEmail(tx, ctx, {
            to: who.email,
            subject: `Update your ${category.name} price: the pay floor went up`,
            text: `${floorMessage(category, coop.currency, policy.version)}.\n\nThese services of yours are below it and are hidden from search until you raise their price:\n${services.map((s) => `- ${s.title}`).join('\n')}\n\n${ctx.config.publicUrl}/c/${coop.slug}/worker\n`,
          });
          await recordAudit(tx, {
            coopId: coop.coop_id,
            actorId: null,
            action: 'market.services_below_floor',
            subjectType: 'market_worker',
            subjectId: services[0]!.worker_id,
            data: {
              category: category.key,
              floor: category.minHourlyRate,
              version: policy.version,
              services: services.map((s) => s.id),
            },
            visibility: 'members',
            at: now,
          });
        }
        return marked.length;
      });
    }
  }
  if (flagged > 0) ctx.kickOutbox();
  return flagged;
}
