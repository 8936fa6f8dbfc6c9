import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availableIntervals,
  covers,
  freeIntervals,
  type Interval,
  mayWorkWithin,
  mergeIntervals,
  slotStarts,
  subtractIntervals,
} from './availability-core.ts';

const H = 3_600_000;
const at = (s: string) => Date.parse(s);
const show = (list: Interval[]) =>
  list.map(
    (i) => `${new Date(i.start).toISOString().slice(0, 16)}/${new Date(i.end).toISOString().slice(11, 16)}`,
  );

const weekdays9to17 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 }));
const everyDay = (startMinute: number, endMinute: number) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute, endMinute }));

describe('weekly hours expanded in the worker’s zone', () => {
  it('keeps 09:00–17:00 local across the spring change (Berlin)', () => {
    const got = availableIntervals(
      'Europe/Berlin',
      weekdays9to17,
      [],
      at('2026-03-27T00:00:00Z'),
      at('2026-03-31T00:00:00Z'),
    );
    expect(show(got)).toEqual(['2026-03-27T08:00/16:00', '2026-03-30T07:00/15:00']);
  });

  it('gives the right length to a window that spans the change', () => {
    // 01:00–04:00 local is two real hours on the spring day and four on the autumn day.
    const rules = everyDay(60, 240);
    const spring = availableIntervals(
      'Europe/Berlin',
      rules,
      [],
      at('2026-03-29T00:00:00Z'),
      at('2026-03-29T12:00:00Z'),
    );
    expect(spring.reduce((s, i) => s + i.end - i.start, 0)).toBe(2 * H);
    const autumn = availableIntervals(
      'Europe/Berlin',
      rules,
      [],
      at('2026-10-24T22:00:00Z'),
      at('2026-10-25T12:00:00Z'),
    );
    expect(autumn.reduce((s, i) => s + i.end - i.start, 0)).toBe(4 * H);
    const ny = availableIntervals(
      'America/New_York',
      everyDay(0, 1440),
      [],
      at('2026-11-01T04:00:00Z'),
      at('2026-11-02T05:00:00Z'),
    );
    expect(ny.reduce((s, i) => s + i.end - i.start, 0)).toBe(25 * H);
  });

  it('applies days off, partial time off and extra hours', () => {
    const got = availableIntervals(
      'Europe/Madrid',
      weekdays9to17,
      [
        { date: '2026-03-02', kind: 'off', startMinute: null, endMinute: null },
        { date: '2026-03-03', kind: 'off', startMinute: 720, endMinute: 780 },
        { date: '2026-03-07', kind: 'extra', startMinute: 600, endMinute: 720 },
      ],
      at('2026-03-02T00:00:00Z'),
      at('2026-03-08T00:00:00Z'),
    );
    expect(show(got)).toEqual([
      '2026-03-03T08:00/11:00',
      '2026-03-03T12:00/16:00',
      '2026-03-04T08:00/16:00',
      '2026-03-05T08:00/16:00',
      '2026-03-06T08:00/16:00',
      '2026-03-07T09:00/11:00',
    ]);
  });

  it('joins a window that runs to midnight with the next day’s early hours', () => {
    const rules = [
      { weekday: 1, startMinute: 1200, endMinute: 1440 },
      { weekday: 2, startMinute: 0, endMinute: 120 },
    ];
    const got = availableIntervals('UTC', rules, [], at('2026-03-02T00:00:00Z'), at('2026-03-04T00:00:00Z'));
    expect(show(got)).toEqual(['2026-03-02T20:00/02:00']);
  });
});

describe('free time and slots', () => {
  const day = [{ start: at('2026-03-04T08:00:00Z'), end: at('2026-03-04T16:00:00Z') }];

  it('keeps the buffer before and after existing bookings', () => {
    const busy = [{ blockedFrom: at('2026-03-04T09:30:00Z'), end: at('2026-03-04T12:00:00Z') }];
    const free = freeIntervals(day, busy, 30);
    expect(show(free)).toEqual(['2026-03-04T08:00/09:30', '2026-03-04T12:30/16:00']);
    expect(covers(free, at('2026-03-04T12:30:00Z'), at('2026-03-04T14:30:00Z'))).toBe(true);
    expect(covers(free, at('2026-03-04T12:00:00Z'), at('2026-03-04T14:00:00Z'))).toBe(false);
    const slots = slotStarts(free, 120, 60, 0).map((s) => new Date(s).toISOString().slice(11, 16));
    expect(slots).toEqual(['13:00', '14:00']);
    expect(slotStarts(free, 60, 30, 0).length).toBe(2 + 6);
  });

  it('subtraction never leaves busy time and keeps every free minute (property)', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 200 }))
      .map(([s, l]) => ({ start: s, end: s + l }));
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 8 }),
        fc.array(interval, { maxLength: 8 }),
        (free, busy) => {
          const out = subtractIntervals(free, busy);
          const inAny = (list: Interval[], x: number) => list.some((i) => i.start <= x && x < i.end);
          for (let x = 0; x < 1200; x += 7) {
            expect(inAny(out, x)).toBe(inAny(free, x) && !inAny(busy, x));
          }
          expect(mergeIntervals(out)).toEqual(out);
        },
      ),
    );
  });
});

describe('mayWorkWithin: the quick filter before a schedule is read', () => {
  const weekdays = (...days: number[]) => days.reduce((mask, d) => mask | (1 << d), 0);
  const at = (iso: string) => Date.parse(iso);
  it('looks at the local dates the window touches, in the worker zone', () => {
    // Sunday 8 March 2026, 08:00–16:00 UTC: Sunday in Madrid, but already Monday in Auckland.
    const [from, to] = [at('2026-03-08T08:00:00Z'), at('2026-03-08T16:00:00Z')];
    expect(mayWorkWithin('Europe/Madrid', from, to, weekdays(1, 2, 3, 4, 5), null)).toBe(false);
    expect(mayWorkWithin('Europe/Madrid', from, to, weekdays(7), null)).toBe(true);
    expect(mayWorkWithin('Pacific/Auckland', from, to, weekdays(1), null)).toBe(true);
    // The end is exclusive: a window ending at local midnight does not touch the next day.
    expect(
      mayWorkWithin('UTC', at('2026-03-08T08:00:00Z'), at('2026-03-09T00:00:00Z'), weekdays(1), null),
    ).toBe(false);
  });
  it('counts extra hours on or after the first date, and any weekday in a long window', () => {
    const [from, to] = [at('2026-03-08T08:00:00Z'), at('2026-03-08T16:00:00Z')];
    expect(mayWorkWithin('Europe/Madrid', from, to, 0, '2026-03-08')).toBe(true);
    expect(mayWorkWithin('Europe/Madrid', from, to, 0, '2026-03-07')).toBe(false);
    expect(mayWorkWithin('Europe/Madrid', from, at('2026-03-20T00:00:00Z'), weekdays(3), null)).toBe(true);
    expect(mayWorkWithin('Europe/Madrid', from, from, weekdays(7), null)).toBe(false);
  });
});
