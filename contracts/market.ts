import { z } from 'zod';
import { basisPoints, currencyCode, minorUnits, nonNegativeMinorUnits } from './money.ts';

// The marketplace API: workers and their services, availability, search, bookings, posted jobs and
// offers, reviews, messages, calendars and payouts. Amounts are strings of minor units; times are
// ISO 8601 instants; local times of day are "HH:MM" in the worker's time zone.

const iso = z.iso.datetime({ offset: true }).describe('ISO 8601 instant');
const isoOut = z.string().describe('ISO 8601 instant (UTC)');
const id = z.string().uuid();
const key = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, starting with a letter');
const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time of day as HH:MM')
  .describe('Local time of day, HH:MM (24:00 ends a day)');
const localDate = z.iso.date().describe('Local date, YYYY-MM-DD');
const positiveMinorUnits = minorUnits.refine((v) => /^\d+$/.test(v) && BigInt(v) > 0n, 'must be above zero');
const text = (max: number) => z.string().trim().max(max);

export const bookingStatus = z
  .enum(['requested', 'accepted', 'confirmed', 'completed', 'settled', 'declined', 'cancelled', 'expired'])
  .describe(
    'requested: waiting for the worker; accepted: waiting for payment; confirmed: paid; completed: the worker marked it done; settled: confirmed by the customer (or after 48 h) and paid out to the worker’s account; declined, cancelled, expired: ended',
  );
export type BookingStatus = z.infer<typeof bookingStatus>;

export const jobStatus = z
  .enum(['dispatching', 'assigned', 'unfilled', 'cancelled'])
  .describe(
    'dispatching: offered to one worker at a time; assigned: a worker accepted (see the booking); unfilled: nobody could take it; cancelled by the customer',
  );

export const offerStatus = z.enum(['pending', 'accepted', 'declined', 'expired', 'withdrawn']);

// ---------------------------------------------------------------------------------------------
// Market rules (from the constitution in force)

export const categoryView = z
  .object({
    key: z.string(),
    name: z.string(),
    minHourlyRate: z.string().describe('Pay floor per hour, minor units'),
    standardPrice: z.string().nullable().describe('Standard price of a posted job, minor units'),
    dispatched: z.boolean().describe('Posted as jobs and dispatched rather than booked'),
  })
  .describe('MarketCategory');

export const marketRulesView = z
  .object({
    constitutionVersion: z.number().int(),
    currency: currencyCode,
    platformFeeBps: basisPoints,
    cancellation: z.object({ windowHours: z.number().int(), feeBps: basisPoints }),
    nonMembersMayBuy: z.boolean(),
    categories: z.array(categoryView),
    dispatch: z.object({
      weights: z.object({
        fairness: z.number(),
        proximity: z.number(),
        rating: z.number(),
        skillMatch: z.number(),
        preference: z.number(),
      }),
      fairnessWindowDays: z.number().int(),
      offerTimeoutMinutes: z.number().int(),
      maxDistanceKm: z.number().int(),
      maxJobsPerDay: z.number().int(),
    }),
  })
  .describe('MarketRules');

// ---------------------------------------------------------------------------------------------
// Worker profiles

export const serviceArea = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('radius'),
        lat: z.number().min(-90).max(90).describe('Latitude of the centre'),
        lng: z.number().min(-180).max(180).describe('Longitude of the centre'),
        radiusKm: z.number().gt(0).max(500).describe('Radius served, km'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('postal'),
        postalCodes: z
          .array(
            z
              .string()
              .trim()
              .regex(/^[A-Za-z0-9 -]{2,10}$/, 'a postal code'),
          )
          .min(1)
          .max(200)
          .describe('Postal codes served'),
      })
      .strict(),
  ])
  .describe('Where the worker works: a point and radius, or a list of postal codes');

export const workerProfileInput = z
  .object({
    displayName: text(80).min(1).describe('Name shown to customers'),
    bio: text(2000).default('').describe('A few words about the worker'),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language tag such as en or pt-BR'))
      .max(12)
      .default([])
      .describe('Languages spoken (BCP 47 tags)'),
    skills: z.array(key).max(30).default([]).describe('Skills and certifications, e.g. first-aid'),
    timeZone: z.string().min(1).max(64).describe('IANA time zone of the weekly hours, e.g. Europe/Madrid'),
    area: serviceArea,
    bufferMinutes: z.number().int().min(0).max(240).default(0).describe('Free time kept before each booking'),
    instantBooking: z.boolean().default(false).describe('Requests are accepted at once'),
    preferredCategories: z
      .array(key)
      .max(20)
      .default([])
      .describe('Kinds of work the worker prefers to be offered'),
    active: z.boolean().default(true).describe('Shown in search and offered jobs'),
  })
  .strict()
  .describe('Create or update my worker profile');
export type WorkerProfileInput = z.infer<typeof workerProfileInput>;

export const ratingSummary = z
  .object({
    average: z.string().nullable().describe('Average stars with two decimals, null without reviews'),
    count: z.number().int(),
  })
  .describe('RatingSummary');

export const serviceView = z
  .object({
    id,
    workerId: id,
    categoryKey: z.string(),
    categoryName: z.string(),
    title: z.string(),
    description: z.string(),
    pricing: z.enum(['hourly', 'fixed']),
    rate: z.string().describe('Hourly rate or fixed price, minor units'),
    currency: currencyCode,
    minDurationMinutes: z.number().int(),
    active: z.boolean(),
    checkedVersion: z
      .number()
      .int()
      .describe('Constitution version whose pay floor the rate was checked against'),
    belowFloor: z
      .object({ floor: z.string(), version: z.number().int() })
      .nullable()
      .describe('Set when a later constitution raised the floor above this rate: hidden until updated'),
  })
  .describe('Service');

export const workerView = z
  .object({
    id,
    accountId: id,
    displayName: z.string(),
    bio: z.string(),
    languages: z.array(z.string()),
    skills: z.array(z.string()),
    timeZone: z.string(),
    area: z
      .discriminatedUnion('kind', [
        z.object({
          kind: z.literal('radius'),
          lat: z.number().describe('Rounded to about 1 km in public views'),
          lng: z.number(),
          radiusKm: z.number(),
        }),
        z.object({ kind: z.literal('postal'), postalCodes: z.array(z.string()) }),
      ])
      .nullable(),
    bufferMinutes: z.number().int(),
    instantBooking: z.boolean(),
    preferredCategories: z.array(z.string()),
    active: z.boolean(),
    photoUrl: z.string().nullable(),
    rating: ratingSummary,
    services: z.array(serviceView),
  })
  .describe('Worker');

export const myWorkerView = workerView
  .extend({
    calendarFeed: z.object({ enabled: z.boolean() }),
    flaggedServices: z
      .number()
      .int()
      .describe('Services hidden because a newer constitution raised the pay floor above them'),
  })
  .describe('MyWorkerProfile');

export const photoInput = z
  .object({
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']).describe('Type of the image'),
    data: z
      .string()
      .max(2_796_204)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')
      .describe('The image, base64-encoded; at most 2 MiB once decoded'),
  })
  .strict()
  .describe('Upload my profile photo');

// ---------------------------------------------------------------------------------------------
// Services

export const serviceInput = z
  .object({
    categoryKey: key.describe('Category from the constitution'),
    title: text(120).min(1),
    description: text(4000).default(''),
    pricing: z.enum(['hourly', 'fixed']).describe('hourly: rate per hour; fixed: price per job'),
    rate: positiveMinorUnits.describe('Hourly rate or fixed price, minor units'),
    minDurationMinutes: z
      .number()
      .int()
      .min(15)
      .max(1440)
      .default(60)
      .describe('Shortest booking; a fixed price covers at least this'),
  })
  .strict()
  .describe('Offer a service');

export const servicePatch = z
  .object({
    title: text(120).min(1).optional(),
    description: text(4000).optional(),
    pricing: z.enum(['hourly', 'fixed']).optional(),
    rate: positiveMinorUnits.optional(),
    minDurationMinutes: z.number().int().min(15).max(1440).optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .describe('Change a service');

// ---------------------------------------------------------------------------------------------
// Availability

export const weeklyRuleInput = z
  .object({
    weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'),
    start: clock,
    end: clock,
  })
  .strict();

export const availabilityInput = z
  .object({ rules: z.array(weeklyRuleInput).max(70).describe('The whole weekly schedule (replaces it)') })
  .strict()
  .describe('Set my weekly hours');

export const exceptionInput = z
  .object({
    date: localDate,
    kind: z.enum(['off', 'extra']).describe('off: time off; extra: hours beyond the weekly schedule'),
    start: clock.optional().describe('Omit start and end for a whole day off'),
    end: clock.optional(),
    note: text(200).default(''),
  })
  .strict()
  .describe('Add time off or extra hours on a date');

export const availabilityView = z
  .object({
    timeZone: z.string(),
    bufferMinutes: z.number().int(),
    rules: z.array(z.object({ id, weekday: z.number().int(), start: clock, end: clock })),
    exceptions: z.array(
      z.object({
        id,
        date: z.string(),
        kind: z.enum(['off', 'extra']),
        start: clock.nullable(),
        end: clock.nullable(),
        note: z.string(),
      }),
    ),
  })
  .describe('Availability');

export const slotsQuery = z
  .object({
    serviceId: id,
    from: iso,
    to: iso,
    durationMinutes: z.coerce
      .number()
      .int()
      .min(15)
      .max(1440)
      .optional()
      .describe('Default: the service minimum'),
  })
  .strict();

export const slotsView = z
  .object({
    timeZone: z.string().describe('The worker’s time zone'),
    durationMinutes: z.number().int(),
    slots: z.array(z.object({ startsAt: isoOut, endsAt: isoOut })),
  })
  .describe('FreeSlots');

// ---------------------------------------------------------------------------------------------
// Search

export const factorNoteCode = z
  .enum([
    'worked_hours',
    'postal_code_only',
    'distance',
    'no_reviews',
    'reviews',
    'no_skills_asked',
    'skills_matched',
    'no_preference',
    'prefers_this',
    'prefers_other',
  ])
  .describe(
    'worked_hours {hours, windowDays, busiestHours}; postal_code_only; distance {km, limitKm}; no_reviews; reviews {average, count}; no_skills_asked; skills_matched {matched, required, skills}; no_preference; prefers_this; prefers_other',
  );

const explanation = z
  .object({
    score: z.number().describe('Weighted mean of the factors, 0 to 1'),
    factors: z.array(
      z.object({
        factor: z.enum(['fairness', 'proximity', 'rating', 'skillMatch', 'preference']),
        weight: z.number(),
        value: z.number().describe('0 to 1'),
        contribution: z.number().describe('Share of the score'),
        detail: z.string().describe('Where the value comes from, in English'),
        note: z
          .object({
            code: factorNoteCode,
            params: z.record(z.string(), z.union([z.string(), z.number()])),
          })
          .optional()
          .describe(
            'The same as `detail`, as a code and its numbers, to say in the reader’s language (absent from offers made before it existed)',
          ),
      }),
    ),
  })
  .describe('Explanation');

const commaSeparatedKeys = z
  .string()
  .max(400)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(key).max(20));

export const searchQuery = z
  .object({
    category: key.describe('Category key'),
    lat: z.coerce.number().min(-90).max(90).optional().describe('Where the work is (with lng)'),
    lng: z.coerce.number().min(-180).max(180).optional(),
    radiusKm: z.coerce
      .number()
      .gt(0)
      .max(500)
      .optional()
      .describe('Default: the constitution’s dispatch limit'),
    postalCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 -]{2,10}$/)
      .optional(),
    from: iso.describe('Earliest start'),
    to: iso.describe('Latest end'),
    durationMinutes: z.coerce.number().int().min(15).max(1440).default(60),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
      .optional(),
    rateMin: nonNegativeMinorUnits.optional().describe('Lowest hourly rate (or fixed price)'),
    rateMax: nonNegativeMinorUnits.optional().describe('Highest hourly rate (or fixed price)'),
    skills: commaSeparatedKeys.optional().describe('Comma-separated skills wanted'),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    offset: z.coerce.number().int().min(0).max(1000).default(0),
  })
  .strict();
export type SearchQuery = z.infer<typeof searchQuery>;

export const priceEstimate = z.object({
  subtotal: z.string().describe('Worker’s price, minor units'),
  fee: z.string().describe('Platform fee, minor units'),
  total: z.string().describe('What the customer pays, minor units'),
});

export const searchResult = z
  .object({
    worker: z.object({
      id,
      displayName: z.string(),
      photoUrl: z.string().nullable(),
      languages: z.array(z.string()),
      skills: z.array(z.string()),
      rating: ratingSummary,
      instantBooking: z.boolean(),
    }),
    service: serviceView,
    distanceKm: z.number().nullable(),
    firstSlot: z.object({ startsAt: isoOut, endsAt: isoOut }).describe('Earliest free slot in the window'),
    estimate: priceEstimate.describe('Price for the requested duration'),
    explanation,
  })
  .describe('SearchResult');

export const searchResults = z
  .object({
    constitutionVersion: z.number().int(),
    feeBps: basisPoints,
    currency: currencyCode,
    results: z.array(searchResult),
    hasMore: z.boolean(),
  })
  .describe('SearchResults');

// ---------------------------------------------------------------------------------------------
// Bookings

export const bookingInput = z
  .object({
    serviceId: id,
    startsAt: iso,
    durationMinutes: z
      .number()
      .int()
      .min(15)
      .max(1440)
      .optional()
      .describe('Hourly services; default and minimum: the service minimum'),
    note: text(2000).default('').describe('For the worker'),
    address: text(300).default('').describe('Where the work is done'),
  })
  .strict()
  .describe('Request a booking (or get its quote)');
export type BookingInput = z.infer<typeof bookingInput>;

export const quoteView = z
  .object({
    startsAt: isoOut,
    endsAt: isoOut,
    durationMinutes: z.number().int(),
    pricing: z.enum(['hourly', 'fixed']),
    rate: z.string(),
    subtotal: z.string().describe('rate × hours, or the fixed price'),
    feeBps: basisPoints,
    fee: z.string().describe('Platform fee at the constitution’s current rate, half-even'),
    total: z.string(),
    currency: currencyCode,
    constitutionVersion: z.number().int(),
    cancellation: z.object({
      windowHours: z.number().int(),
      feeBps: basisPoints,
      freeUntil: isoOut.describe('Cancelling before this costs nothing'),
    }),
    instantBooking: z.boolean(),
  })
  .describe('Quote');

const party = z.object({ accountId: id, displayName: z.string() });

export const reviewView = z
  .object({
    id,
    bookingId: id,
    direction: z.enum(['by_customer', 'by_worker']),
    authorDisplayName: z.string(),
    stars: z.number().int().min(1).max(5),
    body: z.string(),
    reply: z.string().nullable(),
    repliedAt: isoOut.nullable(),
    createdAt: isoOut,
  })
  .describe('Review');

export const bookingAction = z.enum([
  'accept',
  'decline',
  'record_payment',
  'complete',
  'confirm',
  'cancel',
  'review',
  'report_dispute',
  'message',
]);

export const bookingView = z
  .object({
    id,
    status: bookingStatus,
    viewerRole: z.enum(['customer', 'worker', 'admin']),
    worker: party.extend({ workerId: id }),
    customer: party,
    serviceId: id.nullable(),
    jobId: id.nullable(),
    categoryKey: z.string(),
    title: z.string(),
    startsAt: isoOut,
    endsAt: isoOut,
    durationMinutes: z.number().int(),
    price: z.object({
      pricing: z.enum(['hourly', 'fixed']),
      rate: z.string(),
      subtotal: z.string(),
      feeBps: basisPoints,
      fee: z.string(),
      total: z.string(),
      currency: currencyCode,
      constitutionVersion: z.number().int().describe('Constitution version the booking was priced under'),
    }),
    note: z.string(),
    address: z.string(),
    timeline: z
      .array(z.object({ event: z.string(), at: isoOut }))
      .describe('requested, accepted, declined, paid, completed, settled, cancelled, … in order'),
    cancellation: z
      .object({
        windowHours: z.number().int(),
        feeBps: basisPoints,
        freeUntil: isoOut,
        cancelledBy: z.enum(['customer', 'worker', 'admin']).nullable(),
        reason: z.string().nullable(),
        cancellationFee: z.string().nullable(),
        refund: z.string().nullable(),
      })
      .describe('The cancellation terms of this booking, and what happened if it was cancelled'),
    declineReason: z.string().nullable(),
    settledHow: z.enum(['customer', 'auto']).nullable(),
    autoConfirmAt: isoOut.nullable().describe('When a completed booking settles without the customer'),
    dispute: z.object({ reportedAt: isoOut, reason: z.string() }).nullable(),
    reviews: z.object({ byCustomer: reviewView.nullable(), byWorker: reviewView.nullable() }),
    customerRating: ratingSummary.describe('How workers rated this customer'),
    actions: z.array(bookingAction).describe('What the viewer may do now'),
  })
  .describe('Booking');
export type BookingView = z.infer<typeof bookingView>;

export const bookingSummary = z
  .object({
    id,
    status: bookingStatus,
    viewerRole: z.enum(['customer', 'worker']),
    title: z.string(),
    categoryKey: z.string(),
    otherParty: z.string().describe('The worker’s name for a customer, the customer’s for a worker'),
    startsAt: isoOut,
    endsAt: isoOut,
    total: z.string(),
    currency: currencyCode,
    jobId: id.nullable(),
  })
  .describe('BookingSummary');

export const myBookingsQuery = z
  .object({
    role: z.enum(['customer', 'worker']).default('customer'),
    when: z.enum(['upcoming', 'past', 'all']).default('upcoming'),
    status: bookingStatus.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const bookingList = z.object({ bookings: z.array(bookingSummary) }).describe('BookingList');

export const reasonInput = z
  .object({ reason: text(1000).default('').describe('Why, in a few words') })
  .strict();

export const bookingPaymentInput = z
  .object({
    reference: text(140).min(1).describe('Bank transfer reference or receipt number'),
    provider: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,31}$/)
      .default('manual'),
  })
  .strict()
  .describe('Record that the customer paid (manual payment, recorded by an admin)');

export const awaitingPaymentList = z
  .object({
    now: isoOut.describe('The server’s time the ages were measured at'),
    currency: currencyCode,
    total: z.string().describe('What all of them add up to, in minor units'),
    bookings: z
      .array(
        z.object({
          id,
          title: z.string(),
          customer: z.object({ accountId: id, displayName: z.string() }),
          worker: z.object({ workerId: id, displayName: z.string() }),
          total: z
            .string()
            .describe('What the customer owes, in minor units (the worker’s price and the fee)'),
          currency: currencyCode,
          acceptedAt: isoOut.describe('Since when the payment has been due'),
          waitingMinutes: z.number().int().describe('How long the payment has been due'),
          startsAt: isoOut.describe('The booking lapses at its start if still unpaid'),
          endsAt: isoOut,
          jobId: id.nullable().describe('The posted job the booking came from, if any'),
        }),
      )
      .describe('Oldest first'),
  })
  .describe(
    'BookingsAwaitingPayment: bookings the worker accepted whose payment nobody has recorded yet (manual provider: the board or an admin records the bank or cash reference)',
  );

export const disputeInput = z
  .object({ reason: text(2000).min(1).describe('What went wrong') })
  .strict()
  .describe('Report a problem to the co-op’s admins (they may then read the messages)');

// ---------------------------------------------------------------------------------------------
// Reviews

export const reviewInput = z
  .object({
    stars: z.number().int().min(1).max(5),
    body: text(4000).default(''),
  })
  .strict()
  .describe('Review the other party of a completed booking');

export const replyInput = z
  .object({ reply: text(2000).min(1) })
  .strict()
  .describe('The worker’s one reply to a review');

export const reviewList = z
  .object({ rating: ratingSummary, reviews: z.array(reviewView) })
  .describe('ReviewList');

// ---------------------------------------------------------------------------------------------
// Messages

export const messageInput = z
  .object({ body: text(4000).min(1).describe('Plain text') })
  .strict()
  .describe('Send a message');

export const messageView = z
  .object({
    id,
    authorAccountId: id,
    authorDisplayName: z.string(),
    body: z.string(),
    createdAt: isoOut,
    mine: z.boolean(),
  })
  .describe('Message');

export const messageThread = z
  .object({
    messages: z.array(messageView),
    readAsAdmin: z.boolean().describe('An admin is reading a reported dispute (the access is audited)'),
  })
  .describe('MessageThread');

// ---------------------------------------------------------------------------------------------
// Posted jobs and offers

export const jobInput = z
  .object({
    categoryKey: key.describe('A dispatched category'),
    title: text(120).min(1),
    description: text(4000).default(''),
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
      .strict()
      .describe('Where the work is'),
    postalCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 -]{2,10}$/)
      .optional(),
    address: text(300).default(''),
    windowStart: iso.describe('Earliest start'),
    windowEnd: iso.describe('Latest end; the assigned worker is booked for the whole window'),
    durationMinutes: z
      .number()
      .int()
      .min(15)
      .max(1440)
      .default(30)
      .describe('Estimated work time (for the pay floor)'),
    budget: positiveMinorUnits
      .optional()
      .describe('What you offer the worker; default: the category’s standard price'),
    requiredSkills: z.array(key).max(10).default([]),
  })
  .strict()
  .describe('Post a job to be dispatched');
export type JobInput = z.infer<typeof jobInput>;

export const jobView = z
  .object({
    id,
    status: jobStatus,
    statusText: z.string().describe('The status in words for the customer'),
    statusReason: z
      .string()
      .nullable()
      .describe(
        'The reason behind the status, in the words of whoever gave it: why the customer withdrew or cancelled, why the worker cancelled (the job is being offered again), or why nobody could take it',
      ),
    statusNote: z
      .object({
        code: z.enum(['window_started', 'category_gone', 'no_worker']),
        params: z.record(z.string(), z.number().int()),
      })
      .nullable()
      .describe(
        'Why an unfilled job went unfilled, to say in the reader’s language: window_started (its time window began first); category_gone (the co-op stopped offering the work); no_worker {asked, and per reason for leaving workers out: not_available, too_far, outside_worker_area, daily_limit}. Null otherwise, and for jobs closed before it existed',
      ),
    viewerRole: z
      .enum(['customer', 'worker', 'admin'])
      .describe('Who is looking: the customer, the worker who holds the job, or an admin'),
    customerDisplayName: z.string().describe('The customer who posted the job'),
    categoryKey: z.string(),
    title: z.string(),
    description: z.string(),
    address: z.string(),
    windowStart: isoOut,
    windowEnd: isoOut,
    durationMinutes: z.number().int(),
    requiredSkills: z.array(z.string()),
    price: z.object({
      source: z.enum(['budget', 'standard']),
      subtotal: z.string(),
      feeBps: basisPoints,
      fee: z.string(),
      total: z.string(),
      currency: currencyCode,
      constitutionVersion: z.number().int(),
    }),
    offers: z
      .array(
        z.object({
          round: z.number().int(),
          status: offerStatus,
          offeredAt: isoOut,
          expiresAt: isoOut,
          respondedAt: isoOut.nullable(),
          worker: z
            .object({ workerId: id, displayName: z.string() })
            .nullable()
            .describe('Shown to admins and once accepted'),
          explanation: explanation.nullable().describe('Shown to admins'),
        }),
      )
      .describe('One worker at a time, in order of the dispatch score'),
    booking: z
      .object({ id, status: bookingStatus, workerDisplayName: z.string() })
      .nullable()
      .describe('The booking of the worker who holds the job (or with which it ended)'),
    cancelledBookings: z
      .array(
        z.object({
          id,
          workerDisplayName: z.string(),
          cancelledBy: z.enum(['customer', 'worker', 'admin']),
          reason: z.string().nullable().describe('As given by whoever cancelled'),
          cancelledAt: isoOut,
        }),
      )
      .describe(
        'Earlier bookings of this job that were cancelled, oldest first: a worker’s cancellation sends the job back to dispatch',
      ),
    createdAt: isoOut,
  })
  .describe('Job');

export const jobList = z
  .object({
    jobs: z.array(
      z.object({
        id,
        status: jobStatus,
        statusText: z.string(),
        title: z.string(),
        categoryKey: z.string(),
        windowStart: isoOut,
        windowEnd: isoOut,
        bookingId: id.nullable(),
      }),
    ),
  })
  .describe('JobList');

export const offerView = z
  .object({
    id,
    jobId: id,
    status: offerStatus,
    round: z.number().int(),
    offeredAt: isoOut,
    expiresAt: isoOut,
    job: z.object({
      categoryKey: z.string(),
      title: z.string(),
      description: z.string(),
      address: z.string(),
      postalCode: z.string().nullable(),
      windowStart: isoOut,
      windowEnd: isoOut,
      durationMinutes: z.number().int(),
      earnings: z.string().describe('What the worker earns, minor units'),
      currency: currencyCode,
      distanceKm: z.number().nullable(),
    }),
    explanation: explanation.describe('Why this worker was asked'),
  })
  .describe('JobOffer');

export const offerList = z.object({ offers: z.array(offerView) }).describe('JobOfferList');

// ---------------------------------------------------------------------------------------------
// Calendar, earnings, payouts

export const calendarFeedView = z
  .object({
    url: z.string().describe('Private feed URL for a calendar app; anyone with it can read the bookings'),
  })
  .describe('CalendarFeed');

export const earningsQuery = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional()
      .describe('YYYY-MM; default this month'),
  })
  .strict();

export const earningsView = z
  .object({
    month: z.string(),
    currency: currencyCode,
    earned: z
      .string()
      .describe('Credited to the worker’s payable in the month (settlements, cancellation fees)'),
    paidOut: z.string().describe('Paid out in the month'),
    owed: z.string().describe('What the co-op owes the worker now'),
    settledBookings: z.number().int(),
    hoursWorked: z.string().describe('Hours of settled bookings in the month, two decimals'),
  })
  .describe('Earnings');

export const payoutBatchView = z
  .object({
    id,
    status: z.enum(['pending', 'paid']),
    currency: currencyCode,
    total: z.string(),
    itemCount: z.number().int(),
    createdAt: isoOut,
    paidAt: isoOut.nullable(),
    reference: z.string().nullable(),
    items: z.array(
      z.object({
        paymentId: id,
        workerAccountId: id,
        displayName: z.string(),
        amount: z.string(),
      }),
    ),
  })
  .describe('PayoutBatch');

export const payoutBatchList = z.object({ batches: z.array(payoutBatchView) }).describe('PayoutBatchList');

export const payBatchInput = z
  .object({ reference: text(140).min(1).describe('Bank batch or transfer reference') })
  .strict()
  .describe('Mark a payout batch paid');
