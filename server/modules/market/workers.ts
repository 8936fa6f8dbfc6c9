import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { myWorkerView, WorkerProfileInput } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { marketWorkers } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess, policyAt } from '../coops/index.ts';
import { notFound, requireSeller } from './common.ts';
import { isValidTimeZone } from './local-time.ts';
import { requireOwnWorker, servicesOf, workerByAccount, workerById } from './queries.ts';
import { photoUrl, toWorkerView, type WorkerRow, type WorkerView } from './views.ts';

type MyWorkerView = z.infer<typeof myWorkerView>;

function myView(
  slug: string,
  worker: WorkerRow,
  services: Awaited<ReturnType<typeof servicesOf>>,
  policy: Awaited<ReturnType<typeof policyAt>>,
): MyWorkerView {
  return {
    ...toWorkerView(slug, worker, services, policy, { exact: true }),
    calendarFeed: { enabled: worker.calendarTokenHash !== null },
    flaggedServices: services.filter((s) => s.active && s.belowFloorVersion !== null).length,
  };
}

/** A member of a selling class creates or updates their worker profile in a co-op. */
export async function saveWorkerProfile(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: WorkerProfileInput,
): Promise<MyWorkerView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, access.coop.id, now);
  const accountId = requireSeller(access, policy);
  if (!isValidTimeZone(input.timeZone)) {
    throw new AppError(
      'rule',
      'TIME_ZONE_INVALID',
      `"${input.timeZone}" is not a time zone we know (e.g. Europe/Madrid).`,
      {
        field: 'timeZone',
      },
    );
  }
  const known = policy.document.market.categories.map((c) => c.key);
  input.preferredCategories.forEach((key, i) => {
    if (!known.includes(key)) {
      throw new AppError('rule', 'UNKNOWN_CATEGORY', `This co-op offers no category "${key}".`, {
        field: `preferredCategories.${i}`,
      });
    }
  });
  const coopId = access.coop.id;
  const area =
    input.area.kind === 'radius'
      ? {
          areaLat: input.area.lat,
          areaLng: input.area.lng,
          areaRadiusKm: input.area.radiusKm,
          areaPostalCodes: [],
        }
      : {
          areaLat: null,
          areaLng: null,
          areaRadiusKm: null,
          areaPostalCodes: [...new Set(input.area.postalCodes.map((p) => p.toUpperCase()))],
        };
  const fields = {
    displayName: input.displayName,
    bio: input.bio,
    languages: [...new Set(input.languages)],
    skills: [...new Set(input.skills)],
    timeZone: input.timeZone,
    ...area,
    bufferMinutes: input.bufferMinutes,
    instantBooking: input.instantBooking,
    preferredCategories: [...new Set(input.preferredCategories)],
    active: input.active,
    updatedAt: now,
  };
  try {
    await ctx.db.transaction(async (tx) => {
      const existing = await workerByAccount(tx, coopId, accountId);
      const workerId = existing?.id ?? ctx.newId();
      if (existing) {
        await tx
          .update(marketWorkers)
          .set(fields)
          .where(and(eq(marketWorkers.coopId, coopId), eq(marketWorkers.id, workerId)));
      } else {
        await tx.insert(marketWorkers).values({ coopId, id: workerId, accountId, createdAt: now, ...fields });
      }
      await recordAudit(tx, {
        coopId,
        actorId: accountId,
        action: existing ? 'market.worker_updated' : 'market.worker_created',
        subjectType: 'market_worker',
        subjectId: workerId,
        data: {
          displayName: input.displayName,
          timeZone: input.timeZone,
          area: input.area.kind,
          instantBooking: input.instantBooking,
          active: input.active,
        },
        visibility: 'members',
        at: now,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'conflict',
        'WORKER_PROFILE_CHANGED',
        'Your profile was being saved twice at once; try again.',
      );
    }
    throw error;
  }
  return myWorkerProfile(ctx, actor, slug);
}

export async function myWorkerProfile(ctx: Context, actor: Actor, slug: string): Promise<MyWorkerView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  const worker = await requireOwnWorker(ctx.db, access.coop.id, access.accountId);
  const policy = await policyAt(ctx.db, access.coop.id, ctx.clock());
  return myView(slug, worker, await servicesOf(ctx.db, access.coop.id, worker.id), policy);
}

/** A worker's public profile: anyone may read it while it is active; services shown are the bookable ones. */
export async function viewWorker(
  ctx: Context,
  actor: Actor,
  slug: string,
  workerId: string,
): Promise<WorkerView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const worker = await workerById(ctx.db, access.coop.id, workerId);
  const own = worker && worker.accountId === access.accountId;
  if (!worker || (!worker.active && !own)) throw notFound('WORKER_NOT_FOUND', 'No such worker here.');
  const policy = await policyAt(ctx.db, access.coop.id, ctx.clock());
  const services = (await servicesOf(ctx.db, access.coop.id, worker.id)).filter(
    (s) => own || (s.active && s.belowFloorVersion === null),
  );
  return toWorkerView(slug, worker, services, policy, { exact: !!own });
}

// Photos: images only, recognised by their first bytes (the declared type must agree), at most 2 MiB.
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

const SIGNATURES: Record<string, { ext: string; test: (b: Buffer) => boolean }> = {
  'image/jpeg': { ext: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/png': {
    ext: 'png',
    test: (b) =>
      b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  'image/webp': {
    ext: 'webp',
    test: (b) =>
      b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
};

export function photoDir(ctx: Context, coopId: string): string {
  return join(ctx.config.dataDir, 'market', 'photos', coopId);
}

export async function uploadWorkerPhoto(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: { contentType: string; data: string },
): Promise<{ photoUrl: string }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  const coopId = access.coop.id;
  const worker = await requireOwnWorker(ctx.db, coopId, access.accountId);
  const bytes = Buffer.from(input.data, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new AppError('rule', 'PHOTO_TOO_LARGE', 'A photo may be at most 2 MiB.', { field: 'data' });
  }
  const kind = SIGNATURES[input.contentType];
  if (!kind?.test(bytes)) {
    throw new AppError(
      'rule',
      'PHOTO_NOT_AN_IMAGE',
      'Upload a JPEG, PNG or WebP image of the declared type.',
      {
        field: 'data',
      },
    );
  }
  const dir = photoDir(ctx, coopId);
  mkdirSync(dir, { recursive: true });
  const file = `${worker.id}-${ctx.newId().replaceAll('-', '')}.${kind.ext}`;
  const path = join(dir, file);
  writeFileSync(`${path}.part`, bytes);
  renameSync(`${path}.part`, path);
  const now = ctx.clock();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(marketWorkers)
        .set({ photoFile: file, photoType: input.contentType, updatedAt: now })
        .where(and(eq(marketWorkers.coopId, coopId), eq(marketWorkers.id, worker.id)));
      await recordAudit(tx, {
        coopId,
        actorId: access.accountId,
        action: 'market.worker_photo_changed',
        subjectType: 'market_worker',
        subjectId: worker.id,
        data: { bytes: bytes.length, type: input.contentType },
        visibility: 'admins',
        at: now,
      });
    });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  if (worker.photoFile) rmSync(join(dir, worker.photoFile), { force: true });
  return { photoUrl: photoUrl(slug, { id: worker.id, photoFile: file })! };
}

export async function workerPhoto(
  ctx: Context,
  actor: Actor,
  slug: string,
  workerId: string,
): Promise<{ contentType: string; bytes: Buffer }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const worker = await workerById(ctx.db, access.coop.id, workerId);
  if (!worker?.photoFile || !worker.photoType || (!worker.active && worker.accountId !== access.accountId)) {
    throw notFound('PHOTO_NOT_FOUND', 'This worker has no photo.');
  }
  try {
    return {
      contentType: worker.photoType,
      bytes: readFileSync(join(photoDir(ctx, access.coop.id), worker.photoFile)),
    };
  } catch {
    throw notFound('PHOTO_NOT_FOUND', 'This worker has no photo.');
  }
}
