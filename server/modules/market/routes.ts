import { z } from 'zod';
import { errorResponses } from '../../../contracts/errors.ts';
import {
  availabilityInput,
  availabilityView,
  awaitingPaymentList,
  bookingInput,
  bookingList,
  bookingPaymentInput,
  bookingStatus,
  bookingView,
  calendarFeedView,
  disputeInput,
  earningsQuery,
  earningsView,
  exceptionInput,
  jobInput,
  jobList,
  jobView,
  marketRulesView,
  messageInput,
  messageThread,
  myBookingsQuery,
  myWorkerView,
  offerList,
  payBatchInput,
  payoutBatchList,
  payoutBatchView,
  photoInput,
  quoteView,
  reasonInput,
  replyInput,
  reviewInput,
  reviewList,
  reviewView,
  searchQuery,
  searchResults,
  serviceInput,
  servicePatch,
  serviceView,
  slotsQuery,
  slotsView,
  workerProfileInput,
  workerView,
} from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import type { App } from '../../http/types.ts';
import {
  addAvailabilityException,
  freeSlots,
  removeAvailabilityException,
  setWeeklyHours,
  viewMyAvailability,
} from './availability.ts';
import {
  acceptBooking,
  cancelBooking,
  completeBooking,
  confirmBooking,
  declineBooking,
  recordPayment,
  reportDispute,
} from './booking-flow.ts';
import { bookingsAwaitingPayment, myBookings, viewBooking } from './booking-views.ts';
import { quoteBooking, requestBooking } from './bookings.ts';
import { bookingCalendar, calendarFeed, renewCalendarFeed, revokeCalendarFeed } from './calendar.ts';
import { acceptOffer, cancelJob, declineOffer, myJobs, myOffers, postJob, viewJob } from './jobs.ts';
import { postMessage, readThread } from './messages.ts';
import { createPayoutBatch, listPayoutBatches, markBatchPaid, myEarnings } from './payouts.ts';
import { leaveReview, replyToReview, workerReviews } from './reviews.ts';
import { marketRules } from './rules.ts';
import { searchWorkers } from './search.ts';
import { createService, updateService } from './services.ts';
import { myWorkerProfile, saveWorkerProfile, uploadWorkerPhoto, viewWorker, workerPhoto } from './workers.ts';

const slug = z.string().max(60).describe('Co-op address');
const slugParams = z.object({ slug });
const workerParams = z.object({ slug, workerId: z.string().max(40).describe('Worker id') });
const serviceParams = z.object({ slug, serviceId: z.string().max(40).describe('Service id') });
const bookingParams = z.object({ slug, bookingId: z.string().max(40).describe('Booking id') });
const exceptionParams = z.object({ slug, exceptionId: z.string().max(40) });
const reviewParams = z.object({ slug, reviewId: z.string().max(40).describe('Review id') });
const batchParams = z.object({ slug, batchId: z.string().max(40).describe('Payout batch id') });
const jobParams = z.object({ slug, jobId: z.string().max(40).describe('Job id') });
const offerParams = z.object({ slug, offerId: z.string().max(40).describe('Offer id') });

export async function marketRoutes(app: App, ctx: Context): Promise<void> {
  const tags = ['market'];

  app.get(
    '/api/coops/:slug/market',
    {
      schema: {
        tags,
        summary: 'The market rules in force: categories and pay floors, fee, cancellation, dispatch',
        params: slugParams,
        response: { 200: marketRulesView, ...errorResponses },
      },
    },
    async (request) => marketRules(ctx, request.actor, request.params.slug),
  );

  app.get(
    '/api/coops/:slug/search',
    {
      schema: {
        tags,
        summary:
          'Workers free for a time, by category, place, language and price, ranked by the constitution’s weights with an explanation each',
        params: slugParams,
        querystring: searchQuery,
        response: { 200: searchResults, ...errorResponses },
      },
    },
    async (request) => searchWorkers(ctx, request.actor, request.params.slug, request.query),
  );

  // --- Worker profile -----------------------------------------------------------------------

  app.put(
    '/api/coops/:slug/me/worker',
    {
      schema: {
        tags,
        summary: 'Create or update my worker profile (members of a class that may sell)',
        params: slugParams,
        body: workerProfileInput,
        response: { 200: myWorkerView, ...errorResponses },
      },
    },
    async (request) => saveWorkerProfile(ctx, request.actor, request.params.slug, request.body),
  );

  app.get(
    '/api/coops/:slug/me/worker',
    {
      schema: {
        tags,
        summary: 'My worker profile, with every service (flagged ones included)',
        params: slugParams,
        response: { 200: myWorkerView, ...errorResponses },
      },
    },
    async (request) => myWorkerProfile(ctx, request.actor, request.params.slug),
  );

  app.put(
    '/api/coops/:slug/me/worker/photo',
    {
      bodyLimit: 2_900_000,
      schema: {
        tags,
        summary: 'Upload my profile photo (JPEG, PNG or WebP, at most 2 MiB, base64 in JSON)',
        params: slugParams,
        body: photoInput,
        response: { 200: z.object({ photoUrl: z.string() }), ...errorResponses },
      },
    },
    async (request) => uploadWorkerPhoto(ctx, request.actor, request.params.slug, request.body),
  );

  app.get(
    '/api/coops/:slug/workers/:workerId',
    {
      schema: {
        tags,
        summary: 'A worker’s public profile with their bookable services',
        params: workerParams,
        response: { 200: workerView, ...errorResponses },
      },
    },
    async (request) => viewWorker(ctx, request.actor, request.params.slug, request.params.workerId),
  );

  app.get(
    '/api/coops/:slug/workers/:workerId/photo',
    {
      schema: {
        tags,
        summary: 'A worker’s photo',
        params: workerParams,
        querystring: z.object({ v: z.string().max(40).optional() }),
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (request, reply) => {
      const photo = await workerPhoto(ctx, request.actor, request.params.slug, request.params.workerId);
      return reply
        .type(photo.contentType)
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .send(photo.bytes);
    },
  );

  app.get(
    '/api/coops/:slug/workers/:workerId/slots',
    {
      schema: {
        tags,
        summary: 'Free start times for one of the worker’s services (up to 31 days)',
        params: workerParams,
        querystring: slotsQuery,
        response: { 200: slotsView, ...errorResponses },
      },
    },
    async (request) =>
      freeSlots(ctx, request.actor, request.params.slug, request.params.workerId, request.query),
  );

  // --- Services -----------------------------------------------------------------------------

  app.post(
    '/api/coops/:slug/me/worker/services',
    {
      schema: {
        tags,
        summary: 'Offer a service; its rate may not be below the category’s pay floor',
        params: slugParams,
        body: serviceInput,
        response: { 201: serviceView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createService(ctx, request.actor, request.params.slug, request.body)),
  );

  app.patch(
    '/api/coops/:slug/me/worker/services/:serviceId',
    {
      schema: {
        tags,
        summary: 'Change a service (price changes are checked against the floor in force)',
        params: serviceParams,
        body: servicePatch,
        response: { 200: serviceView, ...errorResponses },
      },
    },
    async (request) =>
      updateService(ctx, request.actor, request.params.slug, request.params.serviceId, request.body),
  );

  // --- Availability -------------------------------------------------------------------------

  app.get(
    '/api/coops/:slug/me/worker/availability',
    {
      schema: {
        tags,
        summary: 'My weekly hours and upcoming exceptions',
        params: slugParams,
        response: { 200: availabilityView, ...errorResponses },
      },
    },
    async (request) => viewMyAvailability(ctx, request.actor, request.params.slug),
  );

  app.put(
    '/api/coops/:slug/me/worker/availability',
    {
      schema: {
        tags,
        summary: 'Replace my weekly hours (local times in my time zone)',
        params: slugParams,
        body: availabilityInput,
        response: { 200: availabilityView, ...errorResponses },
      },
    },
    async (request) => setWeeklyHours(ctx, request.actor, request.params.slug, request.body),
  );

  app.post(
    '/api/coops/:slug/me/worker/availability/exceptions',
    {
      schema: {
        tags,
        summary: 'Add time off or extra hours on a date',
        params: slugParams,
        body: exceptionInput,
        response: { 201: availabilityView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addAvailabilityException(ctx, request.actor, request.params.slug, request.body)),
  );

  app.delete(
    '/api/coops/:slug/me/worker/availability/exceptions/:exceptionId',
    {
      schema: {
        tags,
        summary: 'Remove an exception',
        params: exceptionParams,
        response: { 200: availabilityView, ...errorResponses },
      },
    },
    async (request) =>
      removeAvailabilityException(ctx, request.actor, request.params.slug, request.params.exceptionId),
  );

  // --- Calendar -----------------------------------------------------------------------------

  app.post(
    '/api/coops/:slug/me/worker/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Make a new private calendar feed URL (the previous one stops working)',
        params: slugParams,
        response: { 200: calendarFeedView, ...errorResponses },
      },
    },
    async (request) => renewCalendarFeed(ctx, request.actor, request.params.slug),
  );

  app.delete(
    '/api/coops/:slug/me/worker/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Turn my calendar feed off',
        params: slugParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeCalendarFeed(ctx, request.actor, request.params.slug);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/calendar/:slug/:workerId/:token.ics',
    {
      schema: {
        tags,
        summary: 'A worker’s bookings as an iCalendar feed (secret URL)',
        params: z.object({ slug, workerId: z.string().max(40), token: z.string().max(100) }),
        produces: ['text/calendar'],
      },
    },
    async (request, reply) => {
      const { slug: s, workerId, token } = request.params;
      const body = await calendarFeed(ctx, s, workerId, token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );

  // --- Bookings -----------------------------------------------------------------------------

  app.post(
    '/api/coops/:slug/bookings/quote',
    {
      schema: {
        tags,
        summary: 'The price breakdown of a slot (every check of a request, nothing written)',
        params: slugParams,
        body: bookingInput,
        response: { 200: quoteView, ...errorResponses },
      },
    },
    async (request) => quoteBooking(ctx, request.actor, request.params.slug, request.body),
  );

  app.post(
    '/api/coops/:slug/bookings',
    {
      schema: {
        tags,
        summary: 'Request a booking; 409 BOOKING_OVERLAP when the slot was just taken',
        params: slugParams,
        body: bookingInput,
        response: {
          201: z.object({ bookingId: z.string().uuid(), status: bookingStatus, quote: quoteView }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requestBooking(ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/api/coops/:slug/me/bookings',
    {
      schema: {
        tags,
        summary: 'My bookings as a customer or as a worker',
        params: slugParams,
        querystring: myBookingsQuery,
        response: { 200: bookingList, ...errorResponses },
      },
    },
    async (request) => myBookings(ctx, request.actor, request.params.slug, request.query),
  );

  app.get(
    '/api/coops/:slug/bookings/:bookingId',
    {
      schema: {
        tags,
        summary: 'A booking, for its customer, its worker or the co-op’s admins',
        params: bookingParams,
        response: { 200: bookingView, ...errorResponses },
      },
    },
    async (request) => viewBooking(ctx, request.actor, request.params.slug, request.params.bookingId),
  );

  app.get(
    '/api/coops/:slug/bookings/:bookingId/calendar.ics',
    {
      schema: {
        tags,
        summary: 'The booking as an .ics file for a calendar',
        params: bookingParams,
        produces: ['text/calendar'],
      },
    },
    async (request, reply) => {
      const body = await bookingCalendar(ctx, request.actor, request.params.slug, request.params.bookingId);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="booking-${request.params.bookingId}.ics"`)
        .send(body);
    },
  );

  const transition = (
    name: string,
    summary: string,
    run: (
      slug: string,
      bookingId: string,
      actor: Parameters<typeof acceptBooking>[1],
      body: unknown,
    ) => Promise<unknown>,
    body?: z.ZodType,
  ) =>
    app.post(
      `/api/coops/:slug/bookings/:bookingId/${name}`,
      {
        schema: {
          tags,
          summary,
          params: bookingParams,
          ...(body ? { body } : {}),
          response: { 200: bookingView, ...errorResponses },
        },
      },
      async (request) => {
        await run(request.params.slug, request.params.bookingId, request.actor, request.body);
        return viewBooking(ctx, request.actor, request.params.slug, request.params.bookingId);
      },
    );

  transition('accept', 'Accept a booking request (the worker)', (s, id, actor) =>
    acceptBooking(ctx, actor, s, id),
  );
  transition(
    'decline',
    'Decline a booking request (the worker)',
    (s, id, actor, body) => declineBooking(ctx, actor, s, id, body as z.infer<typeof reasonInput>),
    reasonInput,
  );
  transition(
    'payment',
    'Record the customer’s payment (admins; manual provider); the booking is confirmed',
    (s, id, actor, body) => recordPayment(ctx, actor, s, id, body as z.infer<typeof bookingPaymentInput>),
    bookingPaymentInput,
  );
  transition('complete', 'Mark the work done (the worker)', (s, id, actor) =>
    completeBooking(ctx, actor, s, id),
  );
  transition('confirm', 'Confirm the work was done (the customer); the booking settles', (s, id, actor) =>
    confirmBooking(ctx, actor, s, id),
  );
  transition(
    'cancel',
    'Cancel before the start (either party or an admin), with the cancellation terms of the booking',
    (s, id, actor, body) => cancelBooking(ctx, actor, s, id, body as z.infer<typeof reasonInput>),
    reasonInput,
  );
  transition(
    'dispute',
    'Report a problem to the co-op’s admins (either party)',
    (s, id, actor, body) => reportDispute(ctx, actor, s, id, body as z.infer<typeof disputeInput>),
    disputeInput,
  );

  // --- Posted jobs and offers ---------------------------------------------------------------

  app.post(
    '/api/coops/:slug/jobs',
    {
      schema: {
        tags,
        summary: 'Post a job in a dispatched category; it is offered to one worker at a time',
        params: slugParams,
        body: jobInput,
        response: { 201: jobView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await postJob(ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/api/coops/:slug/me/jobs',
    {
      schema: {
        tags,
        summary: 'The jobs I posted, with their status',
        params: slugParams,
        response: { 200: jobList, ...errorResponses },
      },
    },
    async (request) => myJobs(ctx, request.actor, request.params.slug),
  );

  app.get(
    '/api/coops/:slug/jobs/:jobId',
    {
      schema: {
        tags,
        summary: 'A job with its offers in order (the customer, the assigned worker, admins)',
        params: jobParams,
        response: { 200: jobView, ...errorResponses },
      },
    },
    async (request) => viewJob(ctx, request.actor, request.params.slug, request.params.jobId),
  );

  app.post(
    '/api/coops/:slug/jobs/:jobId/cancel',
    {
      schema: {
        tags,
        summary: 'Withdraw a job nobody has taken yet (the customer)',
        params: jobParams,
        body: reasonInput,
        response: { 200: jobView, ...errorResponses },
      },
    },
    async (request) => cancelJob(ctx, request.actor, request.params.slug, request.params.jobId, request.body),
  );

  app.get(
    '/api/coops/:slug/me/offers',
    {
      schema: {
        tags,
        summary: 'Job offers made to me, open ones first, with why I was asked',
        params: slugParams,
        response: { 200: offerList, ...errorResponses },
      },
    },
    async (request) => myOffers(ctx, request.actor, request.params.slug),
  );

  app.post(
    '/api/coops/:slug/offers/:offerId/accept',
    {
      schema: {
        tags,
        summary: 'Take the job: a booking for its window is created, waiting for payment',
        params: offerParams,
        response: {
          200: z.object({ bookingId: z.string().uuid(), jobId: z.string().uuid() }),
          ...errorResponses,
        },
      },
    },
    async (request) => acceptOffer(ctx, request.actor, request.params.slug, request.params.offerId),
  );

  app.post(
    '/api/coops/:slug/offers/:offerId/decline',
    {
      schema: {
        tags,
        summary: 'Turn the job down; it goes to the next worker',
        params: offerParams,
        body: reasonInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await declineOffer(ctx, request.actor, request.params.slug, request.params.offerId, request.body);
      return reply.status(204).send(null);
    },
  );

  // --- Reviews and messages -----------------------------------------------------------------

  app.post(
    '/api/coops/:slug/bookings/:bookingId/reviews',
    {
      schema: {
        tags,
        summary: 'Review the other party once the work is done (once per side)',
        params: bookingParams,
        body: reviewInput,
        response: { 201: reviewView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await leaveReview(ctx, request.actor, request.params.slug, request.params.bookingId, request.body),
        ),
  );

  app.post(
    '/api/coops/:slug/reviews/:reviewId/reply',
    {
      schema: {
        tags,
        summary: 'The reviewed worker replies to a review, once',
        params: reviewParams,
        body: replyInput,
        response: { 200: reviewView, ...errorResponses },
      },
    },
    async (request) =>
      replyToReview(ctx, request.actor, request.params.slug, request.params.reviewId, request.body),
  );

  app.get(
    '/api/coops/:slug/workers/:workerId/reviews',
    {
      schema: {
        tags,
        summary: 'A worker’s reviews from customers, with the average and count',
        params: workerParams,
        response: { 200: reviewList, ...errorResponses },
      },
    },
    async (request) => workerReviews(ctx, request.actor, request.params.slug, request.params.workerId),
  );

  for (const kind of ['booking', 'job'] as const) {
    const params = kind === 'booking' ? bookingParams : jobParams;
    const path =
      kind === 'booking'
        ? '/api/coops/:slug/bookings/:bookingId/messages'
        : '/api/coops/:slug/jobs/:jobId/messages';
    const idOf = (p: { bookingId?: string; jobId?: string }) =>
      kind === 'booking' ? p.bookingId! : p.jobId!;
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `The ${kind}’s messages (its two parties; admins only on a reported dispute, audited)`,
          params,
          response: { 200: messageThread, ...errorResponses },
        },
      },
      async (request) =>
        readThread(ctx, request.actor, request.params.slug, { kind, id: idOf(request.params) }),
    );
    app.post(
      path,
      {
        schema: {
          tags,
          summary: `Write to the other party of the ${kind}`,
          params,
          body: messageInput,
          response: { 201: messageThread, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await postMessage(
              ctx,
              request.actor,
              request.params.slug,
              { kind, id: idOf(request.params) },
              request.body,
            ),
          ),
    );
  }

  // --- Earnings and payouts -----------------------------------------------------------------

  app.get(
    '/api/coops/:slug/me/worker/earnings',
    {
      schema: {
        tags,
        summary: 'My earnings in a month, from the ledger, and what the co-op owes me now',
        params: slugParams,
        querystring: earningsQuery,
        response: { 200: earningsView, ...errorResponses },
      },
    },
    async (request) => myEarnings(ctx, request.actor, request.params.slug, request.query),
  );

  app.get(
    '/api/coops/:slug/market/awaiting-payment',
    {
      schema: {
        tags,
        summary:
          'Accepted bookings whose customer payment is not recorded yet, oldest first (board and admins; record each with POST …/bookings/:bookingId/payment)',
        params: slugParams,
        response: { 200: awaitingPaymentList, ...errorResponses },
      },
    },
    async (request) => bookingsAwaitingPayment(ctx, request.actor, request.params.slug),
  );

  app.get(
    '/api/coops/:slug/market/payout-batches',
    {
      schema: {
        tags,
        summary: 'Worker payout batches (board and admins)',
        params: slugParams,
        response: { 200: payoutBatchList, ...errorResponses },
      },
    },
    async (request) => listPayoutBatches(ctx, request.actor, request.params.slug),
  );

  app.post(
    '/api/coops/:slug/market/payout-batches',
    {
      schema: {
        tags,
        summary: 'Request a payout of everything owed to each worker, as one batch (board and admins)',
        params: slugParams,
        response: { 201: payoutBatchView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPayoutBatch(ctx, request.actor, request.params.slug)),
  );

  app.post(
    '/api/coops/:slug/market/payout-batches/:batchId/paid',
    {
      schema: {
        tags,
        summary: 'Mark a batch paid: each payout is posted from the worker’s payable to the bank',
        params: batchParams,
        body: payBatchInput,
        response: { 200: payoutBatchView, ...errorResponses },
      },
    },
    async (request) =>
      markBatchPaid(ctx, request.actor, request.params.slug, request.params.batchId, request.body),
  );
}
