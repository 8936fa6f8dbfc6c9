import { formatMoney } from '../../../contracts/money.ts';
import type { Context } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import type { EmailAttachment } from '../../lib/mailer.ts';
import { enqueueEmail } from '../outbox/index.ts';
import { bookingEvent, organizerFrom, renderCalendar } from './booking-ics.ts';
import { type Person, people } from './common.ts';
import { formatClock, utcToLocal } from './local-time.ts';
import type { BookingRow } from './queries.ts';

// The market's emails, queued in the outbox inside the transaction of the change they announce.
// Links point at the web app's pages: /c/:slug/bookings/:id, /c/:slug/jobs/:id, /c/:slug/worker/offers.

type NotifyContext = Pick<Context, 'newId' | 'clock' | 'config'>;

export function bookingUrl(ctx: NotifyContext, slug: string, bookingId: string): string {
  return `${ctx.config.publicUrl}/c/${slug}/bookings/${bookingId}`;
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayText(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

const hm = (at: Date, timeZone: string) => formatClock(utcToLocal(timeZone, at.getTime()).minute);

/** "Tue 3 Mar 2026, 10:00–12:00 (Europe/Madrid)" in the reader's frame: the worker's zone. */
export function whenText(startsAt: Date, endsAt: Date, timeZone: string): string {
  return `${dayText(startsAt, timeZone)}, ${hm(startsAt, timeZone)}–${hm(endsAt, timeZone)} (${timeZone})`;
}

/** "Tue 3 Mar 2026, 10:15 (Europe/Madrid)". */
export function momentText(at: Date, timeZone: string): string {
  return `${dayText(at, timeZone)}, ${hm(at, timeZone)} (${timeZone})`;
}

export async function send(
  tx: Tx,
  ctx: NotifyContext,
  to: Person,
  subject: string,
  lines: string[],
  attachments: EmailAttachment[] = [],
): Promise<void> {
  await enqueueEmail(tx, ctx, {
    to: to.email,
    subject,
    text: `Hello ${to.displayName},\n\n${lines.filter(Boolean).join('\n')}\n`,
    ...(attachments.length > 0 ? { attachments } : {}),
  });
}

/**
 * The booking as `booking.ics` for one of its parties. Confirmations carry METHOD:PUBLISH, not
 * REQUEST: the booking is already agreed in Mutual, and a REQUEST would make calendar apps offer
 * accept/decline replies to the sender, which nobody reads. A cancellation carries METHOD:CANCEL
 * with the same UID and a higher SEQUENCE, so apps that added the event remove it.
 */
function calendarFile(
  ctx: NotifyContext,
  slug: string,
  b: BookingRow,
  role: 'worker' | 'customer',
  otherName: string,
  method: 'PUBLISH' | 'CANCEL',
): EmailAttachment {
  const event = bookingEvent(b, {
    url: bookingUrl(ctx, slug, b.id),
    role,
    otherName,
    organizer: organizerFrom(ctx.config.mailFrom),
  });
  return {
    filename: 'booking.ics',
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    content: renderCalendar([event], { method }),
  };
}

export type BookingEvent =
  | 'requested'
  | 'instant'
  | 'accepted'
  | 'declined'
  | 'confirmed'
  | 'completed'
  | 'settled'
  | 'cancelled'
  | 'expired'
  | 'reminder'
  | 'dispute';

/** The email(s) a booking event sends, to the party (or parties) it concerns. */
export async function notifyBooking(
  tx: Tx,
  ctx: NotifyContext,
  input: {
    slug: string;
    booking: BookingRow;
    timeZone: string;
    event: BookingEvent;
    reason?: string | null;
    /** For a posted job's booking: what now happens to the job, told to the customer. */
    jobNote?: string;
    /** The two parties, when the caller already has them. */
    parties?: Map<string, Person>;
  },
): Promise<void> {
  const { booking: b, slug } = input;
  const who = input.parties ?? (await people(tx, [b.workerAccountId, b.customerAccountId]));
  const worker = who.get(b.workerAccountId)!;
  const customer = who.get(b.customerAccountId)!;
  const when = whenText(b.startsAt, b.endsAt, input.timeZone);
  const total = formatMoney(b.total, b.currency);
  const link = bookingUrl(ctx, slug, b.id);
  const parties: [Person, 'customer' | 'worker', Person][] = [
    [customer, 'customer', worker],
    [worker, 'worker', customer],
  ];
  const reason = input.reason ? [`Reason: ${input.reason}`] : [];
  switch (input.event) {
    case 'requested':
      await send(tx, ctx, worker, `New booking request: ${b.title}`, [
        `${customer.displayName} asks to book "${b.title}" on ${when}.`,
        b.note ? `Their note: ${b.note}` : '',
        `Accept or decline: ${link}`,
      ]);
      return;
    case 'instant':
      await send(tx, ctx, worker, `New booking: ${b.title}`, [
        `${customer.displayName} booked "${b.title}" on ${when} (instant booking).`,
        link,
      ]);
      await send(tx, ctx, customer, `Booking accepted: ${b.title}`, [
        `${worker.displayName} takes your booking on ${when}. Pay ${total} to confirm it.`,
        link,
      ]);
      return;
    case 'accepted':
      await send(tx, ctx, customer, `Booking accepted: ${b.title}`, [
        `${worker.displayName} accepted your booking on ${when}. Pay ${total} to confirm it.`,
        link,
      ]);
      return;
    case 'declined':
      await send(tx, ctx, customer, `Booking declined: ${b.title}`, [
        `${worker.displayName} cannot take your booking on ${when}.`,
        ...reason,
        'Nothing was charged. You can look for another time or worker.',
      ]);
      return;
    case 'confirmed':
      for (const [p, role, other] of parties) {
        await send(
          tx,
          ctx,
          p,
          `Booking confirmed: ${b.title}`,
          [
            `The booking on ${when} is paid and confirmed (${total}).`,
            'The attached booking.ics adds it to your calendar.',
            link,
          ],
          [calendarFile(ctx, slug, b, role, other.displayName, 'PUBLISH')],
        );
      }
      return;
    case 'completed':
      await send(tx, ctx, customer, `Work done: ${b.title}`, [
        `${worker.displayName} marked the booking on ${when} as done.`,
        'Confirm it, or report a problem, within 48 hours; after that it is confirmed for you.',
        link,
      ]);
      return;
    case 'settled':
      await send(tx, ctx, worker, `Booking settled: ${b.title}`, [
        `The booking on ${when} is settled; your earnings are in your account with the co-op.`,
        link,
      ]);
      return;
    case 'cancelled':
      for (const [p, role, other] of parties) {
        // Only a confirmed booking was sent as a calendar file; that event is what the CANCEL removes.
        const sentCalendar = b.confirmedAt !== null;
        await send(
          tx,
          ctx,
          p,
          `Booking cancelled: ${b.title}`,
          [
            `The booking on ${when} was cancelled.`,
            ...reason,
            b.refundAmount !== null && b.refundAmount > 0n
              ? `${formatMoney(b.refundAmount, b.currency)} will be refunded.`
              : '',
            role === 'customer' && input.jobNote ? input.jobNote : '',
            sentCalendar ? 'The attached booking.ics removes it from your calendar.' : '',
            link,
          ],
          sentCalendar ? [calendarFile(ctx, slug, b, role, other.displayName, 'CANCEL')] : [],
        );
      }
      return;
    case 'expired':
      await send(tx, ctx, customer, `Booking request expired: ${b.title}`, [
        `The booking on ${when} was not confirmed before it was due to start, so it has lapsed. Nothing was charged.`,
      ]);
      return;
    case 'reminder':
      await send(tx, ctx, customer, `Tomorrow: ${b.title}`, [
        `A reminder: ${worker.displayName}, ${when}.`,
        link,
      ]);
      await send(tx, ctx, worker, `Tomorrow: ${b.title}`, [
        `A reminder: ${customer.displayName}, ${when}.`,
        b.address ? `Address: ${b.address}` : '',
        link,
      ]);
      return;
    case 'dispute':
      return;
  }
}
