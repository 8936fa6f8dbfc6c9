// Great-circle distance on a spherical Earth: close enough for "how far is the worker" (errors
// well under 1 % at city scale). Pure.

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

export type Point = { lat: number; lng: number };

export function distanceKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box that contains every point within `km` of the centre (for an index scan). */
export function boundingBox(
  centre: Point,
  km: number,
): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (km / EARTH_RADIUS_KM) * (180 / Math.PI);
  const cos = Math.cos(rad(centre.lat));
  const dLng = cos < 1e-6 ? 180 : Math.min(180, dLat / cos);
  return {
    minLat: Math.max(-90, centre.lat - dLat),
    maxLat: Math.min(90, centre.lat + dLat),
    minLng: centre.lng - dLng,
    maxLng: centre.lng + dLng,
  };
}
