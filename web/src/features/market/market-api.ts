import { z } from 'zod';
import {
  availabilityView,
  awaitingPaymentList,
  bookingList,
  bookingStatus,
  bookingView,
  calendarFeedView,
  earningsView,
  jobList,
  jobView,
  marketRulesView,
  messageThread,
  myWorkerView,
  offerList,
  payoutBatchList,
  payoutBatchView,
  quoteView,
  reviewList,
  reviewView,
  searchResults,
  serviceView,
  slotsView,
  workerView,
} from '../../../../contracts/market.ts';
import { isApiError, parseBody, request } from '../../lib/api.ts';

// The marketplace calls of the web app; every answer is checked against its contract.

export type MarketRules = z.infer<typeof marketRulesView>;
export type Category = MarketRules['categories'][number];
export type Worker = z.infer<typeof workerView>;
export type MyWorker = z.infer<typeof myWorkerView>;
export type Service = z.infer<typeof serviceView>;
export type Availability = z.infer<typeof availabilityView>;
export type Slots = z.infer<typeof slotsView>;
export type SearchResults = z.infer<typeof searchResults>;
export type SearchResult = SearchResults['results'][number];
export type Explanation = SearchResult['explanation'];
export type Quote = z.infer<typeof quoteView>;
export type Booking = z.infer<typeof bookingView>;
export type BookingStatus = z.infer<typeof bookingStatus>;
export type BookingSummary = z.infer<typeof bookingList>['bookings'][number];
export type Review = z.infer<typeof reviewView>;
export type ReviewList = z.infer<typeof reviewList>;
export type MessageThread = z.infer<typeof messageThread>;
export type Job = z.infer<typeof jobView>;
export type JobSummary = z.infer<typeof jobList>['jobs'][number];
export type Offer = z.infer<typeof offerList>['offers'][number];
export type Earnings = z.infer<typeof earningsView>;
export type PayoutBatch = z.infer<typeof payoutBatchView>;
export type AwaitingPayment = z.infer<typeof awaitingPaymentList>;

const path = (slug: string, rest: string) => `/api/coops/${encodeURIComponent(slug)}${rest}`;
const id = (value: string) => encodeURIComponent(value);

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function getMarketRules(slug: string): Promise<MarketRules> {
  return parseBody(await request('GET', path(slug, '/market')), marketRulesView);
}

// --- Search and workers -------------------------------------------------------------------------

export type SearchParams = {
  category: string;
  from: string;
  to: string;
  durationMinutes: number;
  postalCode?: string;
  lat?: number;
  lng?: number;
  radiusKm?: number;
  language?: string;
  rateMin?: string;
  rateMax?: string;
  offset?: number;
  limit?: number;
};

export async function searchWorkers(slug: string, params: SearchParams): Promise<SearchResults> {
  return parseBody(await request('GET', path(slug, `/search${query(params)}`)), searchResults);
}

export async function getWorker(slug: string, workerId: string): Promise<Worker> {
  return parseBody(await request('GET', path(slug, `/workers/${id(workerId)}`)), workerView);
}

export async function getWorkerReviews(slug: string, workerId: string): Promise<ReviewList> {
  return parseBody(await request('GET', path(slug, `/workers/${id(workerId)}/reviews`)), reviewList);
}

export async function getSlots(
  slug: string,
  workerId: string,
  params: { serviceId: string; from: string; to: string; durationMinutes?: number },
): Promise<Slots> {
  return parseBody(
    await request('GET', path(slug, `/workers/${id(workerId)}/slots${query(params)}`)),
    slotsView,
  );
}

// --- My worker profile ----------------------------------------------------------------------------

export type WorkerProfileFields = {
  displayName: string;
  bio: string;
  languages: string[];
  skills: string[];
  timeZone: string;
  area:
    | { kind: 'radius'; lat: number; lng: number; radiusKm: number }
    | { kind: 'postal'; postalCodes: string[] };
  bufferMinutes: number;
  instantBooking: boolean;
  preferredCategories: string[];
  active: boolean;
};

/** My worker profile, or null when I have none in this co-op yet. */
export async function getMyWorker(slug: string): Promise<MyWorker | null> {
  try {
    return await parseBody(await request('GET', path(slug, '/me/worker')), myWorkerView);
  } catch (error) {
    if (isApiError(error) && error.code === 'NO_WORKER_PROFILE') return null;
    throw error;
  }
}

export async function saveMyWorker(slug: string, fields: WorkerProfileFields): Promise<MyWorker> {
  return parseBody(await request('PUT', path(slug, '/me/worker'), fields), myWorkerView);
}

export async function uploadPhoto(
  slug: string,
  photo: { contentType: 'image/jpeg' | 'image/png' | 'image/webp'; data: string },
): Promise<{ photoUrl: string }> {
  return parseBody(
    await request('PUT', path(slug, '/me/worker/photo'), photo),
    z.object({ photoUrl: z.string() }),
  );
}

export type ServiceFields = {
  categoryKey: string;
  title: string;
  description: string;
  pricing: 'hourly' | 'fixed';
  rate: string;
  minDurationMinutes: number;
};

export async function createService(slug: string, fields: ServiceFields): Promise<Service> {
  return parseBody(await request('POST', path(slug, '/me/worker/services'), fields), serviceView);
}

export async function updateService(
  slug: string,
  serviceId: string,
  patch: Partial<Omit<ServiceFields, 'categoryKey'>> & { active?: boolean },
): Promise<Service> {
  return parseBody(
    await request('PATCH', path(slug, `/me/worker/services/${id(serviceId)}`), patch),
    serviceView,
  );
}

export async function getMyAvailability(slug: string): Promise<Availability> {
  return parseBody(await request('GET', path(slug, '/me/worker/availability')), availabilityView);
}

export async function setWeeklyHours(
  slug: string,
  rules: { weekday: number; start: string; end: string }[],
): Promise<Availability> {
  return parseBody(await request('PUT', path(slug, '/me/worker/availability'), { rules }), availabilityView);
}

export async function addException(
  slug: string,
  input: { date: string; kind: 'off' | 'extra'; start?: string; end?: string; note: string },
): Promise<Availability> {
  return parseBody(
    await request('POST', path(slug, '/me/worker/availability/exceptions'), input),
    availabilityView,
  );
}

export async function removeException(slug: string, exceptionId: string): Promise<Availability> {
  return parseBody(
    await request('DELETE', path(slug, `/me/worker/availability/exceptions/${id(exceptionId)}`)),
    availabilityView,
  );
}

export async function renewCalendarFeed(slug: string): Promise<{ url: string }> {
  return parseBody(await request('POST', path(slug, '/me/worker/calendar-feed')), calendarFeedView);
}

export async function revokeCalendarFeed(slug: string): Promise<void> {
  await request('DELETE', path(slug, '/me/worker/calendar-feed'));
}

export async function getEarnings(slug: string, month?: string): Promise<Earnings> {
  return parseBody(await request('GET', path(slug, `/me/worker/earnings${query({ month })}`)), earningsView);
}

// --- Bookings -------------------------------------------------------------------------------------

export type BookingFields = {
  serviceId: string;
  startsAt: string;
  durationMinutes?: number;
  note: string;
  address: string;
};

export async function quoteBooking(slug: string, fields: BookingFields): Promise<Quote> {
  return parseBody(await request('POST', path(slug, '/bookings/quote'), fields), quoteView);
}

export async function requestBooking(
  slug: string,
  fields: BookingFields,
): Promise<{ bookingId: string; status: BookingStatus }> {
  const response = await request('POST', path(slug, '/bookings'), fields);
  return parseBody(response, z.object({ bookingId: z.string(), status: bookingStatus, quote: quoteView }));
}

export async function myBookings(
  slug: string,
  params: { role: 'customer' | 'worker'; when: 'upcoming' | 'past' | 'all'; limit?: number },
): Promise<BookingSummary[]> {
  return (await parseBody(await request('GET', path(slug, `/me/bookings${query(params)}`)), bookingList))
    .bookings;
}

export async function getBooking(slug: string, bookingId: string): Promise<Booking> {
  return parseBody(await request('GET', path(slug, `/bookings/${id(bookingId)}`)), bookingView);
}

export type Transition = 'accept' | 'decline' | 'payment' | 'complete' | 'confirm' | 'cancel' | 'dispute';

export async function moveBooking(
  slug: string,
  bookingId: string,
  transition: Transition,
  body?: Record<string, string>,
): Promise<Booking> {
  return parseBody(
    await request('POST', path(slug, `/bookings/${id(bookingId)}/${transition}`), body),
    bookingView,
  );
}

export const bookingCalendarUrl = (slug: string, bookingId: string) =>
  path(slug, `/bookings/${id(bookingId)}/calendar.ics`);

export async function leaveReview(
  slug: string,
  bookingId: string,
  input: { stars: number; body: string },
): Promise<Review> {
  return parseBody(
    await request('POST', path(slug, `/bookings/${id(bookingId)}/reviews`), input),
    reviewView,
  );
}

export async function replyToReview(slug: string, reviewId: string, reply: string): Promise<Review> {
  return parseBody(
    await request('POST', path(slug, `/reviews/${id(reviewId)}/reply`), { reply }),
    reviewView,
  );
}

export type Thread = { kind: 'booking' | 'job'; id: string };
const threadPath = (slug: string, thread: Thread) =>
  path(slug, `/${thread.kind === 'booking' ? 'bookings' : 'jobs'}/${id(thread.id)}/messages`);

export async function getMessages(slug: string, thread: Thread): Promise<MessageThread> {
  return parseBody(await request('GET', threadPath(slug, thread)), messageThread);
}

export async function sendMessage(slug: string, thread: Thread, body: string): Promise<MessageThread> {
  return parseBody(await request('POST', threadPath(slug, thread), { body }), messageThread);
}

// --- Posted jobs and offers -----------------------------------------------------------------------

export type JobFields = {
  categoryKey: string;
  title: string;
  description: string;
  location: { lat: number; lng: number };
  postalCode?: string;
  address: string;
  windowStart: string;
  windowEnd: string;
  durationMinutes: number;
  budget?: string;
  requiredSkills: string[];
};

export async function postJob(slug: string, fields: JobFields): Promise<Job> {
  return parseBody(await request('POST', path(slug, '/jobs'), fields), jobView);
}

export async function getJob(slug: string, jobId: string): Promise<Job> {
  return parseBody(await request('GET', path(slug, `/jobs/${id(jobId)}`)), jobView);
}

export async function myJobs(slug: string): Promise<JobSummary[]> {
  return (await parseBody(await request('GET', path(slug, '/me/jobs')), jobList)).jobs;
}

export async function cancelJob(slug: string, jobId: string, reason: string): Promise<Job> {
  return parseBody(await request('POST', path(slug, `/jobs/${id(jobId)}/cancel`), { reason }), jobView);
}

export async function myOffers(slug: string): Promise<Offer[]> {
  return (await parseBody(await request('GET', path(slug, '/me/offers')), offerList)).offers;
}

export async function acceptOffer(
  slug: string,
  offerId: string,
): Promise<{ bookingId: string; jobId: string }> {
  return parseBody(
    await request('POST', path(slug, `/offers/${id(offerId)}/accept`)),
    z.object({ bookingId: z.string(), jobId: z.string() }),
  );
}

export async function declineOffer(slug: string, offerId: string, reason: string): Promise<void> {
  await request('POST', path(slug, `/offers/${id(offerId)}/decline`), { reason });
}

// --- Payouts --------------------------------------------------------------------------------------

export async function bookingsAwaitingPayment(slug: string): Promise<AwaitingPayment> {
  return parseBody(await request('GET', path(slug, '/market/awaiting-payment')), awaitingPaymentList);
}

export async function listPayoutBatches(slug: string): Promise<PayoutBatch[]> {
  return (await parseBody(await request('GET', path(slug, '/market/payout-batches')), payoutBatchList))
    .batches;
}

export async function createPayoutBatch(slug: string): Promise<PayoutBatch> {
  return parseBody(await request('POST', path(slug, '/market/payout-batches')), payoutBatchView);
}

export async function markBatchPaid(slug: string, batchId: string, reference: string): Promise<PayoutBatch> {
  return parseBody(
    await request('POST', path(slug, `/market/payout-batches/${id(batchId)}/paid`), { reference }),
    payoutBatchView,
  );
}
