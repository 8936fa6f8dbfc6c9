import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { reviewList, reviewView } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { marketReviews, marketWorkers } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess } from '../coops/index.ts';
import { roleOf } from './booking-flow.ts';
import { toReviewView } from './booking-views.ts';
import { notFound, people, person, ratingSummary, signedIn, UUID } from './common.ts';
import { bookingUrl, send } from './notify.ts';
import { bookingById, workerById } from './queries.ts';

// Reviews both ways once the work is done: one per side per booking, 1–5 stars and text. The
// worker's average is kept on their profile in the same transaction; a worker may reply once.

type ReviewView = z.infer<typeof reviewView>;

export async function leaveReview(
  ctx: Context,
  actor: Actor,
  slug: string,
  bookingId: string,
  input: { stars: number; body: string },
): Promise<ReviewView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const booking = await bookingById(ctx.db, coopId, bookingId);
  const role = roleOf(access, booking);
  if (role !== 'customer' && role !== 'worker') throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
  if (!['completed', 'settled'].includes(booking.status)) {
    throw new AppError('rule', 'REVIEW_TOO_EARLY', 'Reviews open once the work has been marked done.');
  }
  const direction = role === 'customer' ? 'by_customer' : 'by_worker';
  const subject = role === 'customer' ? booking.workerAccountId : booking.customerAccountId;
  const now = ctx.clock();
  const id = ctx.newId();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(marketReviews)
        .values({
          coopId,
          id,
          bookingId: booking.id,
          direction,
          authorAccountId: accountId,
          subjectAccountId: subject,
          workerId: booking.workerId,
          stars: input.stars,
          body: input.body,
          createdAt: now,
        })
        .returning();
      if (direction === 'by_customer') {
        await tx
          .update(marketWorkers)
          .set({
            ratingTotal: sql`${marketWorkers.ratingTotal} + ${input.stars}`,
            ratingCount: sql`${marketWorkers.ratingCount} + 1`,
          })
          .where(and(eq(marketWorkers.coopId, coopId), eq(marketWorkers.id, booking.workerId)));
      }
      await recordAudit(tx, {
        coopId,
        actorId: accountId,
        action: 'market.review_left',
        subjectType: 'market_booking',
        subjectId: booking.id,
        data: { reviewId: id, direction, stars: input.stars },
        visibility: 'members',
        at: now,
      });
      const author = await person(tx, accountId);
      await send(
        tx,
        ctx,
        await person(tx, subject),
        `New review: ${input.stars} stars for "${booking.title}"`,
        [
          `${author.displayName} reviewed the booking "${booking.title}": ${'★'.repeat(input.stars)}${'☆'.repeat(5 - input.stars)}`,
          input.body ? `"${input.body}"` : '',
          direction === 'by_customer' ? 'You may reply once.' : '',
          bookingUrl(ctx, slug, booking.id),
        ],
      );
      return { inserted: inserted!, author };
    });
    ctx.kickOutbox();
    return toReviewView(row.inserted, row.author.displayName);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'REVIEW_EXISTS', 'You have already reviewed this booking.');
    }
    throw error;
  }
}

/** The reviewed worker answers a customer's review, once. */
export async function replyToReview(
  ctx: Context,
  actor: Actor,
  slug: string,
  reviewId: string,
  input: { reply: string },
): Promise<ReviewView> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const accountId = signedIn(access);
  const coopId = access.coop.id;
  const [review] = UUID.test(reviewId)
    ? await ctx.db
        .select()
        .from(marketReviews)
        .where(and(eq(marketReviews.coopId, coopId), eq(marketReviews.id, reviewId)))
    : [];
  if (!review) throw notFound('REVIEW_NOT_FOUND', 'No such review.');
  if (review.direction !== 'by_customer' || review.subjectAccountId !== accountId) {
    throw new AppError('forbidden', 'FORBIDDEN', 'Only the reviewed worker can reply to a review.');
  }
  const now = ctx.clock();
  const updated = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(marketReviews)
      .set({ reply: input.reply, repliedAt: now })
      .where(
        and(eq(marketReviews.coopId, coopId), eq(marketReviews.id, review.id), isNull(marketReviews.reply)),
      )
      .returning();
    if (!row) throw new AppError('conflict', 'ALREADY_REPLIED', 'You have already replied to this review.');
    await recordAudit(tx, {
      coopId,
      actorId: accountId,
      action: 'market.review_replied',
      subjectType: 'market_booking',
      subjectId: review.bookingId,
      data: { reviewId: review.id },
      visibility: 'members',
      at: now,
    });
    return row;
  });
  const author = await person(ctx.db, updated.authorAccountId);
  return toReviewView(updated, author.displayName);
}

/** A public page names a reviewer by first name and initial: "Hugo Martín" → "Hugo M.". */
export function publicName(displayName: string): string {
  const [first, ...rest] = displayName.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : (first ?? '');
}

/** A worker's reviews from customers, newest first, with the average and count. Public. */
export async function workerReviews(
  ctx: Context,
  actor: Actor,
  slug: string,
  workerId: string,
): Promise<z.infer<typeof reviewList>> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  const worker = await workerById(ctx.db, access.coop.id, workerId);
  if (!worker?.active) throw notFound('WORKER_NOT_FOUND', 'No such worker here.');
  const rows = await ctx.db
    .select()
    .from(marketReviews)
    .where(
      and(
        eq(marketReviews.coopId, access.coop.id),
        eq(marketReviews.workerId, worker.id),
        eq(marketReviews.direction, 'by_customer'),
      ),
    )
    .orderBy(desc(marketReviews.createdAt))
    .limit(200);
  const names = await people(
    ctx.db,
    rows.map((r) => r.authorAccountId),
  );
  return {
    rating: ratingSummary(worker.ratingTotal, worker.ratingCount),
    reviews: rows.map((r) => toReviewView(r, publicName(names.get(r.authorAccountId)?.displayName ?? ''))),
  };
}
