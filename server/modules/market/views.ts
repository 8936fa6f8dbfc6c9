import type { z } from 'zod';
import type { serviceView, workerView } from '../../../contracts/market.ts';
import type { marketServices, marketWorkers } from '../../db/schema/index.ts';
import type { Policy } from '../coops/index.ts';
import { findCategory, ratingSummary } from './common.ts';

export type WorkerRow = typeof marketWorkers.$inferSelect;
export type ServiceRow = typeof marketServices.$inferSelect;
export type ServiceView = z.infer<typeof serviceView>;
export type WorkerView = z.infer<typeof workerView>;

export function toServiceView(row: ServiceRow, policy: Policy): ServiceView {
  const category = findCategory(policy, row.categoryKey);
  return {
    id: row.id,
    workerId: row.workerId,
    categoryKey: row.categoryKey,
    categoryName: category?.name ?? row.categoryKey,
    title: row.title,
    description: row.description,
    pricing: row.pricing as 'hourly' | 'fixed',
    rate: row.rate.toString(),
    currency: row.currency,
    minDurationMinutes: row.minDurationMinutes,
    active: row.active,
    checkedVersion: row.checkedVersion,
    belowFloor:
      row.belowFloorVersion !== null
        ? { floor: category?.minHourlyRate ?? '0', version: row.belowFloorVersion }
        : null,
  };
}

export function photoUrl(slug: string, worker: Pick<WorkerRow, 'id' | 'photoFile'>): string | null {
  if (!worker.photoFile) return null;
  const version = worker.photoFile.replace(/^.*-|\..*$/g, '').slice(-12);
  return `/api/coops/${slug}/workers/${worker.id}/photo?v=${version}`;
}

// About 1 km: a public profile shows where someone works, not where they live.
const roughly = (x: number) => Math.round(x * 100) / 100;

export function areaOf(worker: WorkerRow, exact: boolean): WorkerView['area'] {
  if (worker.areaLat !== null && worker.areaLng !== null && worker.areaRadiusKm !== null) {
    return {
      kind: 'radius',
      lat: exact ? worker.areaLat : roughly(worker.areaLat),
      lng: exact ? worker.areaLng : roughly(worker.areaLng),
      radiusKm: worker.areaRadiusKm,
    };
  }
  if (worker.areaPostalCodes.length > 0) return { kind: 'postal', postalCodes: worker.areaPostalCodes };
  return null;
}

export function toWorkerView(
  slug: string,
  worker: WorkerRow,
  services: ServiceRow[],
  policy: Policy,
  options: { exact: boolean },
): WorkerView {
  return {
    id: worker.id,
    accountId: worker.accountId,
    displayName: worker.displayName,
    bio: worker.bio,
    languages: worker.languages,
    skills: worker.skills,
    timeZone: worker.timeZone,
    area: areaOf(worker, options.exact),
    bufferMinutes: worker.bufferMinutes,
    instantBooking: worker.instantBooking,
    preferredCategories: worker.preferredCategories,
    active: worker.active,
    photoUrl: photoUrl(slug, worker),
    rating: ratingSummary(worker.ratingTotal, worker.ratingCount),
    services: services.map((s) => toServiceView(s, policy)),
  };
}
