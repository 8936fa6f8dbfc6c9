import { createEvents, type EventAttributes } from 'ics';
import type { BookingRow } from './queries.ts';

// Bookings as iCalendar events (RFC 5545, written by the `ics` library), shared by the worker's
// feed, the .ics download and the files attached to confirmation and cancellation emails.

export const PRODUCT_ID = 'mutual/market';

/** The same UID wherever a booking appears, so a later CANCEL or update finds the event it sent. */
export function bookingUid(bookingId: string): string {
  return `booking-${bookingId}@mutual`;
}

/**
 * Calendar apps keep the copy with the highest SEQUENCE. Every change of a booking stamps a later
 * time, so the seconds of its latest change only ever grow (and fit the 31-bit integer RFC 5545
 * allows until 2038; the modulo keeps it valid after).
 */
export function bookingSequence(b: BookingRow): number {
  const times = [b.requestedAt, b.respondedAt, b.confirmedAt, b.completedAt, b.settledAt, b.cancelledAt];
  const latest = Math.max(...times.filter((t): t is Date => t !== null).map((t) => t.getTime()));
  return Math.floor(latest / 1000) % 2_000_000_000;
}

/** "Mutual <no-reply@example.org>" → { name: 'Mutual', email: 'no-reply@example.org' }. */
export function organizerFrom(mailFrom: string): { name?: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom);
  if (!match) return { email: mailFrom.trim() };
  return match[1] ? { name: match[1], email: match[2]! } : { email: match[2]! };
}

export function bookingEvent(
  b: BookingRow,
  view: {
    url: string;
    role: 'worker' | 'customer';
    otherName: string | undefined;
    organizer?: { name?: string; email: string };
  },
): EventAttributes {
  const tentative = b.status === 'requested' || b.status === 'accepted';
  const cancelled = ['cancelled', 'declined', 'expired'].includes(b.status);
  return {
    uid: bookingUid(b.id),
    start: b.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: b.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `${b.title}${view.otherName ? ` — ${view.otherName}` : ''}`,
    description: [
      tentative ? 'Not confirmed yet.' : '',
      cancelled ? 'Cancelled.' : '',
      view.role === 'worker' && b.note ? `Note: ${b.note}` : '',
      view.url,
    ]
      .filter(Boolean)
      .join('\n'),
    ...(b.address ? { location: b.address } : {}),
    url: view.url,
    status: cancelled ? 'CANCELLED' : tentative ? 'TENTATIVE' : 'CONFIRMED',
    busyStatus: cancelled ? 'FREE' : 'BUSY',
    productId: PRODUCT_ID,
    sequence: bookingSequence(b),
    ...(view.organizer ? { organizer: view.organizer } : {}),
  };
}

/**
 * PUBLISH: "here is an event, add it" — a feed, a download, a confirmation. CANCEL (with the same
 * UID and a higher SEQUENCE): "remove the event I published". RFC 5546 §4.1 uses exactly this pair
 * for published events, and both need an ORGANIZER.
 */
export function renderCalendar(
  events: EventAttributes[],
  options: { method: 'PUBLISH' | 'CANCEL'; calName?: string },
): string {
  const { error, value } = createEvents(events, {
    productId: PRODUCT_ID,
    method: options.method,
    ...(options.calName ? { calName: options.calName } : {}),
  });
  if (error || value === null) throw error ?? new Error('could not write the calendar');
  return value;
}
