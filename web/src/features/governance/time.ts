// Wall-clock times typed into the form are read in the co-op's time zone, not the browser's, so a
// member abroad schedules the same moment the others read.

/** Milliseconds the zone is ahead of UTC at `instant`. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** "2026-05-01T18:00" in `timeZone` as an ISO instant; null when the text is not such a time. */
export function zonedToIso(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00'] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  let instant = wall - zoneOffset(wall, timeZone);
  // Near a daylight-saving change the offset at the first guess can differ; one correction settles it.
  const second = wall - zoneOffset(instant, timeZone);
  if (second !== instant) instant = second;
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}

/** An ISO instant as "YYYY-MM-DDTHH:mm" in `timeZone`, for a datetime-local input. */
export function isoToZoned(iso: string, timeZone: string): string {
  const instant = new Date(iso).getTime();
  const local = new Date(instant + zoneOffset(instant, timeZone));
  return local.toISOString().slice(0, 16);
}
