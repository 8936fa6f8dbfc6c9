import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  isoWeekday,
  isValidTimeZone,
  localToUtc,
  parseClock,
  utcToLocal,
  zoneOffsetMinutes,
} from './local-time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zone offsets and local time', () => {
  it('reads offsets on both sides of a change', () => {
    // Europe/Berlin: CET +60 until 2026-03-29 01:00Z, CEST +120 until 2026-10-25 01:00Z.
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2026-03-29T00:59:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2026-10-25T00:59:00Z'))).toBe(120);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Asia/Kathmandu', Date.parse('2026-06-01T00:00:00Z'))).toBe(345);
    expect(zoneOffsetMinutes('UTC', Date.parse('2026-06-01T00:00:00Z'))).toBe(0);
  });

  it('turns local times into instants on ordinary and DST days', () => {
    expect(iso(localToUtc('Europe/Berlin', '2026-03-28', 9 * 60))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(localToUtc('Europe/Berlin', '2026-03-30', 9 * 60))).toBe('2026-03-30T07:00:00.000Z');
    // Spring forward: 02:30 does not exist in Berlin on 29 March; the clock reads 03:30.
    expect(iso(localToUtc('Europe/Berlin', '2026-03-29', 150))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(localToUtc('Europe/Berlin', '2026-03-29', 180))).toBe('2026-03-29T01:00:00.000Z');
    // Fall back: 02:30 happens twice on 25 October; the earlier one is taken.
    expect(iso(localToUtc('Europe/Berlin', '2026-10-25', 150))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(localToUtc('Europe/Berlin', '2026-10-25', 180))).toBe('2026-10-25T02:00:00.000Z');
    // New York changes at 02:00 local on 8 March and 1 November 2026.
    expect(iso(localToUtc('America/New_York', '2026-03-08', 9 * 60))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(localToUtc('America/New_York', '2026-03-07', 9 * 60))).toBe('2026-03-07T14:00:00.000Z');
    expect(iso(localToUtc('America/New_York', '2026-11-01', 1440))).toBe('2026-11-02T05:00:00.000Z');
    // Lord Howe Island moves by half an hour; Sydney's southern-hemisphere change is in April.
    expect(iso(localToUtc('Australia/Lord_Howe', '2026-04-05', 12 * 60))).toBe('2026-04-05T01:30:00.000Z');
    expect(iso(localToUtc('Australia/Sydney', '2026-04-05', 12 * 60))).toBe('2026-04-05T02:00:00.000Z');
  });

  it('round-trips every existing local minute (property)', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/Santiago',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') }),
        (zone, raw) => {
          const t = Math.floor(raw / 60_000) * 60_000;
          const local = utcToLocal(zone, t);
          const back = localToUtc(zone, local.date, local.minute);
          // Equal, or the later of two instants with the same wall time (fall-back hour).
          expect(back <= t).toBe(true);
          expect(utcToLocal(zone, back)).toEqual(local);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('knows dates, weekdays and clock text', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:30')).toBeNull();
    expect(parseClock('9:30')).toBeNull();
    expect(isValidTimeZone('Europe/Madrid')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone("x'; drop table")).toBe(false);
  });
});
