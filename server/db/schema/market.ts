import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { coops } from './coops.ts';

// The marketplace (docs/decisions/0006-booking-integrity-and-money-split.md). Every table is owned by
// a co-op and carries coop_id in its keys. The rule that a worker is never booked twice for
// overlapping time is an exclusion constraint on market_bookings, written by hand in the migration
// (drizzle cannot express it): gist over (coop_id, worker_id, tstzrange(blocked_from, ends_at)).

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Statuses that hold the worker's time; the exclusion constraint covers exactly these. */
export const ACTIVE_BOOKING_STATUSES = [
  'requested',
  'accepted',
  'confirmed',
  'completed',
  'settled',
] as const;

export const marketWorkers = pgTable(
  'market_workers',
  {
    coopId: uuid('coop_id')
      .notNull()
      .references(() => coops.id),
    id: uuid('id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    displayName: text('display_name').notNull(),
    bio: text('bio').notNull().default(''),
    languages: text('languages').array().notNull().default(sql`'{}'`),
    skills: text('skills').array().notNull().default(sql`'{}'`),
    /** IANA zone the weekly hours and exceptions are written in. */
    timeZone: text('time_zone').notNull(),
    /** Service area as a point and radius; null when the worker lists postal codes instead. */
    areaLat: doublePrecision('area_lat'),
    areaLng: doublePrecision('area_lng'),
    areaRadiusKm: doublePrecision('area_radius_km'),
    areaPostalCodes: text('area_postal_codes').array().notNull().default(sql`'{}'`),
    /** Free time kept before each booking (travel, rest). */
    bufferMinutes: integer('buffer_minutes').notNull().default(0),
    instantBooking: boolean('instant_booking').notNull().default(false),
    /** Categories the worker prefers to be offered (dispatch and ranking preference). */
    preferredCategories: text('preferred_categories').array().notNull().default(sql`'{}'`),
    photoFile: text('photo_file'),
    photoType: text('photo_type'),
    /** SHA-256 of the private calendar feed token; null when no feed is enabled. */
    calendarTokenHash: text('calendar_token_hash'),
    /** Sum and count of the stars customers gave; kept with each review in the same transaction. */
    ratingTotal: integer('rating_total').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    /**
     * Minutes of work (confirmed or later) that started in the constitution's fairness window, as of
     * `recent_work_as_of`; refreshed by a scheduled task for search ranking (dispatch counts exactly).
     */
    recentWorkMinutes: integer('recent_work_minutes').notNull().default(0),
    recentWorkAsOf: ts('recent_work_as_of'),
    /**
     * Kept by triggers on the availability tables, for search to skip at once a worker who cannot
     * work on the dates asked: bit n set when a weekly rule falls on ISO weekday n (1 = Monday), and
     * the last date with extra hours.
     */
    workWeekdays: smallint('work_weekdays').notNull().default(0),
    extraHoursUntil: date('extra_hours_until', { mode: 'string' }),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    uniqueIndex('market_workers_account_key').on(t.coopId, t.accountId),
    index('market_workers_area_idx').on(t.coopId, t.areaLat, t.areaLng),
    check('market_workers_buffer_check', sql`${t.bufferMinutes} between 0 and 240`),
    check(
      'market_workers_area_check',
      sql`(${t.areaLat} is null) = (${t.areaLng} is null) and (${t.areaLat} is null) = (${t.areaRadiusKm} is null)
        and (${t.areaLat} is null or (${t.areaLat} between -90 and 90 and ${t.areaLng} between -180 and 180 and ${t.areaRadiusKm} > 0))`,
    ),
    check('market_workers_rating_check', sql`${t.ratingCount} >= 0 and ${t.ratingTotal} >= ${t.ratingCount}`),
  ],
);

export const marketServices = pgTable(
  'market_services',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    workerId: uuid('worker_id').notNull(),
    categoryKey: text('category_key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** `hourly`: rate per hour; `fixed`: price per job (covering at least the minimum duration). */
    pricing: text('pricing').notNull(),
    rate: bigint('rate', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    minDurationMinutes: integer('min_duration_minutes').notNull(),
    /** Constitution version whose pay floor the rate was last checked against. */
    checkedVersion: integer('checked_version').notNull(),
    /** Set when a later version raised the floor above this rate: hidden until the worker updates it. */
    belowFloorVersion: integer('below_floor_version'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    foreignKey({
      name: 'market_services_worker_fk',
      columns: [t.coopId, t.workerId],
      foreignColumns: [marketWorkers.coopId, marketWorkers.id],
    }),
    index('market_services_worker_idx').on(t.coopId, t.workerId),
    index('market_services_category_idx').on(t.coopId, t.categoryKey).where(sql`${t.active}`),
    check('market_services_pricing_check', sql`${t.pricing} in ('hourly', 'fixed')`),
    check('market_services_rate_check', sql`${t.rate} > 0`),
    check('market_services_duration_check', sql`${t.minDurationMinutes} between 15 and 1440`),
  ],
);

// Weekly hours in the worker's local time (minutes after local midnight), expanded to instants
// with the worker's IANA zone when needed, so they follow daylight-saving changes.
export const marketAvailabilityRules = pgTable(
  'market_availability_rules',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    workerId: uuid('worker_id').notNull(),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: smallint('weekday').notNull(),
    startMinute: smallint('start_minute').notNull(),
    endMinute: smallint('end_minute').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    foreignKey({
      name: 'market_availability_rules_worker_fk',
      columns: [t.coopId, t.workerId],
      foreignColumns: [marketWorkers.coopId, marketWorkers.id],
    }),
    index('market_availability_rules_worker_idx').on(t.coopId, t.workerId),
    check('market_availability_rules_weekday_check', sql`${t.weekday} between 1 and 7`),
    check(
      'market_availability_rules_minutes_check',
      sql`${t.startMinute} >= 0 and ${t.startMinute} < ${t.endMinute} and ${t.endMinute} <= 1440`,
    ),
  ],
);

/** A dated change to the weekly hours: time off (a whole day or part of it) or extra hours. */
export const marketAvailabilityExceptions = pgTable(
  'market_availability_exceptions',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    workerId: uuid('worker_id').notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    startMinute: smallint('start_minute'),
    endMinute: smallint('end_minute'),
    note: text('note').notNull().default(''),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    foreignKey({
      name: 'market_availability_exceptions_worker_fk',
      columns: [t.coopId, t.workerId],
      foreignColumns: [marketWorkers.coopId, marketWorkers.id],
    }),
    index('market_availability_exceptions_worker_idx').on(t.coopId, t.workerId, t.onDate),
    check('market_availability_exceptions_kind_check', sql`${t.kind} in ('off', 'extra')`),
    check(
      'market_availability_exceptions_minutes_check',
      sql`((${t.startMinute} is null) = (${t.endMinute} is null))
        and (${t.kind} = 'off' or ${t.startMinute} is not null)
        and (${t.startMinute} is null or (${t.startMinute} >= 0 and ${t.startMinute} < ${t.endMinute} and ${t.endMinute} <= 1440))`,
    ),
  ],
);

export const marketJobs = pgTable(
  'market_jobs',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    customerAccountId: uuid('customer_account_id')
      .notNull()
      .references(() => accounts.id),
    categoryKey: text('category_key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    postalCode: text('postal_code'),
    address: text('address').notNull().default(''),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    /** Estimated work time, for the pay-floor check; the booking holds the whole window. */
    durationMinutes: integer('duration_minutes').notNull(),
    requiredSkills: text('required_skills').array().notNull().default(sql`'{}'`),
    /** What the customer pays the worker (before the platform fee): their budget or the standard price. */
    price: bigint('price', { mode: 'bigint' }).notNull(),
    priceSource: text('price_source').notNull(),
    currency: text('currency').notNull(),
    policyVersion: integer('policy_version').notNull(),
    feeBps: integer('fee_bps').notNull(),
    /** dispatching (an offer is out or about to be), assigned, unfilled, cancelled. */
    status: text('status').notNull(),
    statusReason: text('status_reason'),
    /** Why a job went unfilled as a code and its numbers ({ code, params }), for any language. */
    statusNote: jsonb('status_note'),
    bookingId: uuid('booking_id'),
    offersMade: integer('offers_made').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    index('market_jobs_customer_idx').on(t.coopId, t.customerAccountId, t.createdAt),
    index('market_jobs_open_idx').on(t.coopId, t.windowStart).where(sql`${t.status} = 'dispatching'`),
    check(
      'market_jobs_status_check',
      sql`${t.status} in ('dispatching', 'assigned', 'unfilled', 'cancelled')`,
    ),
    check('market_jobs_window_check', sql`${t.windowStart} < ${t.windowEnd}`),
    check('market_jobs_duration_check', sql`${t.durationMinutes} between 15 and 1440`),
    check('market_jobs_price_check', sql`${t.price} > 0`),
    check('market_jobs_price_source_check', sql`${t.priceSource} in ('budget', 'standard')`),
  ],
);

export const marketJobOffers = pgTable(
  'market_job_offers',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    jobId: uuid('job_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    workerAccountId: uuid('worker_account_id').notNull(),
    /** 1 for the first worker asked, 2 for the next, … */
    round: integer('round').notNull(),
    score: doublePrecision('score').notNull(),
    /** The dispatch score's factors, weights and contributions at the moment of the offer. */
    explanation: jsonb('explanation').notNull(),
    policyVersion: integer('policy_version').notNull(),
    status: text('status').notNull(),
    offeredAt: ts('offered_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    respondedAt: ts('responded_at'),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    foreignKey({
      name: 'market_job_offers_job_fk',
      columns: [t.coopId, t.jobId],
      foreignColumns: [marketJobs.coopId, marketJobs.id],
    }),
    uniqueIndex('market_job_offers_worker_key').on(t.coopId, t.jobId, t.workerId),
    // One worker at a time.
    uniqueIndex('market_job_offers_pending_key').on(t.coopId, t.jobId).where(sql`${t.status} = 'pending'`),
    index('market_job_offers_due_idx').on(t.coopId, t.expiresAt).where(sql`${t.status} = 'pending'`),
    index('market_job_offers_worker_idx').on(t.coopId, t.workerAccountId, t.status),
    check(
      'market_job_offers_status_check',
      sql`${t.status} in ('pending', 'accepted', 'declined', 'expired', 'withdrawn')`,
    ),
  ],
);

export const marketBookings = pgTable(
  'market_bookings',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    workerId: uuid('worker_id').notNull(),
    workerAccountId: uuid('worker_account_id')
      .notNull()
      .references(() => accounts.id),
    customerAccountId: uuid('customer_account_id')
      .notNull()
      .references(() => accounts.id),
    serviceId: uuid('service_id'),
    jobId: uuid('job_id'),
    categoryKey: text('category_key').notNull(),
    title: text('title').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** starts_at minus the worker's buffer: the exclusion constraint covers [blocked_from, ends_at). */
    blockedFrom: ts('blocked_from').notNull(),
    bufferMinutes: integer('buffer_minutes').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    status: text('status').notNull(),
    // The price, fixed when requested under the constitution version in force then.
    pricing: text('pricing').notNull(),
    rate: bigint('rate', { mode: 'bigint' }).notNull(),
    subtotal: bigint('subtotal', { mode: 'bigint' }).notNull(),
    feeBps: integer('fee_bps').notNull(),
    fee: bigint('fee', { mode: 'bigint' }).notNull(),
    total: bigint('total', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    policyVersion: integer('policy_version').notNull(),
    cancelWindowHours: integer('cancel_window_hours').notNull(),
    cancelFeeBps: integer('cancel_fee_bps').notNull(),
    note: text('note').notNull().default(''),
    address: text('address').notNull().default(''),
    requestedAt: ts('requested_at').notNull(),
    respondedAt: ts('responded_at'),
    declineReason: text('decline_reason'),
    confirmedAt: ts('confirmed_at'),
    paymentProvider: text('payment_provider'),
    paymentReference: text('payment_reference'),
    paymentEntryId: uuid('payment_entry_id'),
    completedAt: ts('completed_at'),
    settledAt: ts('settled_at'),
    /** `customer` when the customer confirmed the work, `auto` when 48 hours passed without a word. */
    settledHow: text('settled_how'),
    settlementEntryId: uuid('settlement_entry_id'),
    cancelledAt: ts('cancelled_at'),
    cancelledBy: text('cancelled_by'),
    cancelReason: text('cancel_reason'),
    cancellationFee: bigint('cancellation_fee', { mode: 'bigint' }),
    refundAmount: bigint('refund_amount', { mode: 'bigint' }),
    refundPaymentId: uuid('refund_payment_id'),
    disputeReportedAt: ts('dispute_reported_at'),
    disputeReportedBy: uuid('dispute_reported_by'),
    disputeReason: text('dispute_reason'),
    reminderSentAt: ts('reminder_sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    foreignKey({
      name: 'market_bookings_worker_fk',
      columns: [t.coopId, t.workerId],
      foreignColumns: [marketWorkers.coopId, marketWorkers.id],
    }),
    index('market_bookings_worker_idx').on(t.coopId, t.workerId, t.startsAt),
    // Search's busy-time look-up for a batch of workers, answered from the index alone.
    index('market_bookings_busy_idx')
      .on(t.coopId, t.workerId, t.endsAt, t.blockedFrom)
      .where(sql`${t.status} in ('requested', 'accepted', 'confirmed', 'completed', 'settled')`),
    index('market_bookings_customer_idx').on(t.coopId, t.customerAccountId, t.startsAt),
    index('market_bookings_worker_account_idx').on(t.coopId, t.workerAccountId, t.startsAt),
    index('market_bookings_due_idx')
      .on(t.coopId, t.status, t.startsAt)
      .where(sql`${t.status} in ('requested', 'accepted', 'confirmed', 'completed')`),
    // One live booking per posted job; a cancelled one stays beside the next worker's.
    uniqueIndex('market_bookings_job_key')
      .on(t.coopId, t.jobId)
      .where(sql`${t.jobId} is not null and ${t.status} not in ('declined', 'cancelled', 'expired')`),
    check(
      'market_bookings_status_check',
      sql`${t.status} in ('requested', 'accepted', 'confirmed', 'completed', 'settled', 'declined', 'cancelled', 'expired')`,
    ),
    check(
      'market_bookings_time_check',
      sql`${t.startsAt} < ${t.endsAt} and ${t.blockedFrom} = ${t.startsAt} - make_interval(mins => ${t.bufferMinutes})`,
    ),
    check(
      'market_bookings_money_check',
      sql`${t.subtotal} > 0 and ${t.fee} >= 0 and ${t.total} = ${t.subtotal} + ${t.fee}
        and ${t.feeBps} between 0 and 10000 and ${t.cancelFeeBps} between 0 and 10000`,
    ),
    check('market_bookings_pricing_check', sql`${t.pricing} in ('hourly', 'fixed')`),
    check('market_bookings_source_check', sql`(${t.serviceId} is null) <> (${t.jobId} is null)`),
  ],
);

export const marketReviews = pgTable(
  'market_reviews',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    bookingId: uuid('booking_id').notNull(),
    /** `by_customer` reviews the worker; `by_worker` reviews the customer. */
    direction: text('direction').notNull(),
    authorAccountId: uuid('author_account_id').notNull(),
    subjectAccountId: uuid('subject_account_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    stars: smallint('stars').notNull(),
    body: text('body').notNull().default(''),
    reply: text('reply'),
    repliedAt: ts('replied_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    foreignKey({
      name: 'market_reviews_booking_fk',
      columns: [t.coopId, t.bookingId],
      foreignColumns: [marketBookings.coopId, marketBookings.id],
    }),
    uniqueIndex('market_reviews_side_key').on(t.coopId, t.bookingId, t.direction),
    index('market_reviews_subject_idx').on(t.coopId, t.subjectAccountId, t.createdAt),
    index('market_reviews_worker_idx').on(t.coopId, t.workerId, t.createdAt),
    check('market_reviews_direction_check', sql`${t.direction} in ('by_customer', 'by_worker')`),
    check('market_reviews_stars_check', sql`${t.stars} between 1 and 5`),
    check('market_reviews_reply_check', sql`(${t.reply} is null) = (${t.repliedAt} is null)`),
  ],
);

/** Plain-text messages between the customer and the worker of a booking or a job. */
export const marketMessages = pgTable(
  'market_messages',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    bookingId: uuid('booking_id'),
    jobId: uuid('job_id'),
    authorAccountId: uuid('author_account_id')
      .notNull()
      .references(() => accounts.id),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    index('market_messages_booking_idx')
      .on(t.coopId, t.bookingId, t.createdAt)
      .where(sql`${t.bookingId} is not null`),
    index('market_messages_job_idx').on(t.coopId, t.jobId, t.createdAt).where(sql`${t.jobId} is not null`),
    check('market_messages_thread_check', sql`(${t.bookingId} is null) <> (${t.jobId} is null)`),
    check('market_messages_body_check', sql`length(${t.body}) between 1 and 4000`),
  ],
);

/** Worker payouts requested together and marked paid by an admin; each item is a ledger payout. */
export const marketPayoutBatches = pgTable(
  'market_payout_batches',
  {
    coopId: uuid('coop_id').notNull(),
    id: uuid('id').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    total: bigint('total', { mode: 'bigint' }).notNull(),
    itemCount: integer('item_count').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: ts('created_at').notNull(),
    paidAt: ts('paid_at'),
    paidBy: uuid('paid_by').references(() => accounts.id),
    reference: text('reference'),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.id] }),
    index('market_payout_batches_created_idx').on(t.coopId, t.createdAt),
    check('market_payout_batches_status_check', sql`${t.status} in ('pending', 'paid')`),
  ],
);

export const marketPayoutItems = pgTable(
  'market_payout_items',
  {
    coopId: uuid('coop_id').notNull(),
    batchId: uuid('batch_id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    workerAccountId: uuid('worker_account_id').notNull(),
    ledgerAccountId: uuid('ledger_account_id').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.coopId, t.batchId, t.paymentId] }),
    foreignKey({
      name: 'market_payout_items_batch_fk',
      columns: [t.coopId, t.batchId],
      foreignColumns: [marketPayoutBatches.coopId, marketPayoutBatches.id],
    }),
    index('market_payout_items_worker_idx').on(t.coopId, t.workerAccountId),
    check('market_payout_items_amount_check', sql`${t.amount} > 0`),
  ],
);
