import type { FoundCoopInput } from '../../contracts/coops.ts';
import { currencyExponent } from '../../contracts/money.ts';
import type { Context } from '../context.ts';
import { uuidv7 } from '../lib/ids.ts';
import { findAccountByEmail, signUp } from '../modules/accounts/index.ts';
import { findCoopIdBySlug, policyAt } from '../modules/coops/index.ts';
import {
  addOption,
  castBallot,
  closeDueVotes,
  createProposal,
  openDueVotes,
  secondProposal,
  submitProposal,
} from '../modules/governance/index.ts';
import {
  acceptBooking,
  acceptOffer,
  completeBooking,
  confirmBooking,
  createService,
  freeSlots,
  leaveReview,
  myOffers,
  postJob,
  postMessage,
  recordPayment,
  replyToReview,
  requestBooking,
  saveWorkerProfile,
  setWeeklyHours,
} from '../modules/market/index.ts';
import {
  applyForMembership,
  decideAdmission,
  foundCoop,
  grantRole,
  recordSharePayment,
} from '../modules/members/index.ts';

export const DEMO_PASSWORD = 'demo-password-not-secret';

type DemoCoop = {
  input: FoundCoopInput;
  founder: string;
  board: string;
  members: [name: string, classKey: string][];
};

// Every person here is fictional; emails use the reserved .example domain so nothing is ever sent.
const demoCoops: DemoCoop[] = [
  {
    input: {
      slug: 'demo-childcare',
      name: 'Little Steps Care Co-op (demo)',
      mission: 'Childminders and families sharing a fair, trusted care service.',
      sector: 'childcare',
      currency: 'EUR',
      timeZone: 'Europe/Lisbon',
      defaultLanguage: 'en',
    },
    founder: 'Ana Ferreira',
    board: 'Rui Matos',
    members: [
      ['Inês Costa', 'worker'],
      ['Tiago Nunes', 'worker'],
      ['Marta Lopes', 'customer'],
      ['Paulo Sousa', 'customer'],
      ['Joana Reis', 'customer'],
      ['Clara Pinto', 'supporter'],
    ],
  },
  {
    input: {
      slug: 'demo-home-services',
      name: 'Brightwork Home Services (demo)',
      mission: 'Cleaners, handypeople and gardeners who own their platform.',
      sector: 'home-services',
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      defaultLanguage: 'es',
    },
    founder: 'Lucía Romero',
    board: 'Diego Navarro',
    members: [
      ['Sofía Herrera', 'worker'],
      ['Mateo Castillo', 'worker'],
      ['Valeria Ortega', 'worker'],
      ['Hugo Delgado', 'customer'],
      ['Elena Vidal', 'customer'],
      ['Marco Ruiz', 'supporter'],
    ],
  },
  {
    input: {
      slug: 'demo-recycling',
      name: 'Circuit Urban Recycling (demo)',
      mission: 'Waste pickers and neighbours running the city’s pickups together.',
      sector: 'urban-recycling',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      defaultLanguage: 'fr',
    },
    founder: 'Amadou Diallo',
    board: 'Claire Martin',
    members: [
      ['Yanis Benali', 'worker'],
      ['Léa Dubois', 'worker'],
      ['Nadia Haddad', 'customer'],
      ['Louis Girard', 'customer'],
      ['Camille Roux', 'supporter'],
    ],
  },
  {
    input: {
      slug: 'demo-data-entry',
      name: 'Keystroke Data Co-op (demo)',
      mission: 'Remote data-entry workers sharing batches fairly and owning the surplus.',
      sector: 'data-entry',
      currency: 'USD',
      timeZone: 'America/Chicago',
      defaultLanguage: 'en',
    },
    founder: 'Grace Okafor',
    board: 'Sam Patel',
    members: [
      ['Priya Raman', 'worker'],
      ['Jordan Lee', 'worker'],
      ['Miguel Santos', 'worker'],
      ['Northwind Archive Ltd', 'customer'],
      ['Riverside Library', 'customer'],
      ['Ada Mensah', 'supporter'],
    ],
  },
];

type Hours = { weekday: number; start: string; end: string }[];
type DemoWorker = {
  name: string;
  bio: string;
  languages: string[];
  skills?: string[];
  services: [category: string, title: string, rateMajor: number, minMinutes?: number][];
  instant?: boolean;
};
type DemoBooking = {
  customer: string;
  worker: string;
  minutes: number;
  note: string;
  /** settled: booked, paid, done and reviewed in the past; confirmed or requested: ahead. */
  kind: 'settled' | 'confirmed' | 'requested';
  review?: { byCustomer: [number, string]; byWorker: [number, string]; reply?: string };
};
type DemoJob = {
  customer: string;
  category: string;
  title: string;
  kind: 'settled' | 'open';
  minutes: number;
};
type DemoMarket = {
  centre: { lat: number; lng: number };
  hours: Hours;
  workers: DemoWorker[];
  bookings: DemoBooking[];
  jobs: DemoJob[];
};

const weekdays = (start: string, end: string): Hours =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

// Workers, services, hours and a few bookings and jobs per demo co-op (all fictional).
const demoMarkets: Record<string, DemoMarket> = {
  'demo-childcare': {
    centre: { lat: 38.7223, lng: -9.1393 },
    hours: [...weekdays('15:00', '21:00'), { weekday: 6, start: '09:00', end: '14:00' }],
    workers: [
      {
        name: 'Inês Costa',
        bio: 'Early-years educator, first-aid certified, loves outdoor play.',
        languages: ['pt', 'en'],
        skills: ['first-aid', 'early-years'],
        services: [['babysitting', 'Evening babysitting', 15]],
      },
      {
        name: 'Tiago Nunes',
        bio: 'Student nurse; school pick-ups and homework help.',
        languages: ['pt', 'es'],
        skills: ['first-aid'],
        services: [
          ['after-school-pickup', 'School pick-up and homework', 14],
          ['babysitting', 'Babysitting', 14],
        ],
        instant: true,
      },
    ],
    bookings: [
      {
        customer: 'Marta Lopes',
        worker: 'Inês Costa',
        minutes: 180,
        note: 'Two children, 4 and 7.',
        kind: 'settled',
        review: {
          byCustomer: [5, 'Wonderful with the kids, and they were asleep on time.'],
          byWorker: [5, 'A lovely family, clear instructions.'],
          reply: 'Thank you, Marta!',
        },
      },
      {
        customer: 'Paulo Sousa',
        worker: 'Tiago Nunes',
        minutes: 120,
        note: 'Pick-up from Escola Básica.',
        kind: 'confirmed',
      },
      {
        customer: 'Joana Reis',
        worker: 'Inês Costa',
        minutes: 240,
        note: 'Saturday morning.',
        kind: 'requested',
      },
    ],
    jobs: [],
  },
  'demo-home-services': {
    centre: { lat: 40.4168, lng: -3.7038 },
    hours: weekdays('08:00', '18:00'),
    workers: [
      {
        name: 'Sofía Herrera',
        bio: 'Ten years of cleaning homes and offices; eco products on request.',
        languages: ['es', 'en'],
        skills: ['deep-cleaning'],
        services: [['cleaning', 'Home cleaning', 16]],
        instant: true,
      },
      {
        name: 'Mateo Castillo',
        bio: 'Handyman: shelves, doors, small plumbing and electrics.',
        languages: ['es'],
        skills: ['plumbing', 'electrics'],
        services: [
          ['handyman', 'Repairs and assembly', 22],
          ['urgent-repair', 'Urgent repairs', 30],
        ],
      },
      {
        name: 'Valeria Ortega',
        bio: 'Gardener for balconies, patios and community gardens.',
        languages: ['es', 'it'],
        services: [['gardening', 'Garden care', 17]],
      },
    ],
    bookings: [
      {
        customer: 'Hugo Delgado',
        worker: 'Sofía Herrera',
        minutes: 150,
        note: 'Three-bedroom flat, please bring a ladder.',
        kind: 'settled',
        review: {
          byCustomer: [5, 'Spotless and on time.'],
          byWorker: [4, 'Friendly, flat ready as agreed.'],
          reply: 'Gracias, Hugo. See you next month.',
        },
      },
      {
        customer: 'Elena Vidal',
        worker: 'Mateo Castillo',
        minutes: 120,
        note: 'Wardrobe assembly.',
        kind: 'settled',
        review: {
          byCustomer: [4, 'Solid work, a little late.'],
          byWorker: [5, 'All parts ready, easy job.'],
        },
      },
      {
        customer: 'Elena Vidal',
        worker: 'Valeria Ortega',
        minutes: 120,
        note: 'Balcony plants.',
        kind: 'confirmed',
      },
      {
        customer: 'Hugo Delgado',
        worker: 'Mateo Castillo',
        minutes: 60,
        note: 'Dripping tap.',
        kind: 'requested',
      },
    ],
    jobs: [
      {
        customer: 'Hugo Delgado',
        category: 'urgent-repair',
        title: 'Burst pipe under the sink',
        kind: 'open',
        minutes: 90,
      },
    ],
  },
  'demo-recycling': {
    centre: { lat: 48.8566, lng: 2.3522 },
    hours: [...weekdays('07:00', '19:00'), { weekday: 6, start: '08:00', end: '13:00' }],
    workers: [
      {
        name: 'Yanis Benali',
        bio: 'Cargo-bike pickups in the 10th and 11th.',
        languages: ['fr', 'ar'],
        services: [
          ['household-pickup', 'Sorted household pickup', 13],
          ['bulky-items', 'Bulky items', 16],
        ],
      },
      {
        name: 'Léa Dubois',
        bio: 'E-waste and bulky items, van available.',
        languages: ['fr', 'en'],
        skills: ['e-waste-handling'],
        services: [
          ['household-pickup', 'Household pickup', 14],
          ['e-waste', 'E-waste collection', 16],
        ],
      },
    ],
    bookings: [],
    jobs: [
      {
        customer: 'Nadia Haddad',
        category: 'household-pickup',
        title: 'Three bags of sorted recycling',
        kind: 'settled',
        minutes: 30,
      },
      {
        customer: 'Louis Girard',
        category: 'household-pickup',
        title: 'Glass and paper from a party',
        kind: 'open',
        minutes: 30,
      },
    ],
  },
  'demo-data-entry': {
    centre: { lat: 41.8781, lng: -87.6298 },
    hours: weekdays('08:00', '17:00'),
    workers: [
      {
        name: 'Priya Raman',
        bio: 'Fast, accurate transcription; medical terminology.',
        languages: ['en', 'ta'],
        skills: ['medical-terms'],
        services: [['transcription', 'Audio transcription', 16]],
      },
      {
        name: 'Jordan Lee',
        bio: 'Spreadsheets and data cleaning.',
        languages: ['en', 'ko'],
        services: [
          ['data-cleaning', 'Data cleaning', 18],
          ['form-processing', 'Form batches', 14],
        ],
      },
      {
        name: 'Miguel Santos',
        bio: 'Bilingual form processing.',
        languages: ['en', 'es'],
        services: [['form-processing', 'Form batches, English and Spanish', 14]],
      },
    ],
    bookings: [],
    jobs: [
      {
        customer: 'Riverside Library',
        category: 'form-processing',
        title: 'Membership forms, batch 12',
        kind: 'settled',
        minutes: 180,
      },
      {
        customer: 'Northwind Archive Ltd',
        category: 'transcription',
        title: 'Oral history interview, 40 min',
        kind: 'open',
        minutes: 180,
      },
    ],
  },
};

function demoEmail(name: string, slug: string): string {
  return `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.')}@${slug}.example`;
}

async function demoAccount(ctx: Context, name: string, slug: string) {
  const email = demoEmail(name, slug);
  const existing = await findAccountByEmail(ctx.db, email);
  if (existing) return { kind: 'account' as const, accountId: existing.id, isOperator: false };
  const { account } = await signUp(
    ctx,
    { kind: 'anonymous' },
    { email, displayName: name, password: DEMO_PASSWORD },
  );
  return { kind: 'account' as const, accountId: account.id, isOperator: false };
}

/** The co-op whose demo has a governance history: it is founded three weeks back and lives to now. */
export const GOVERNANCE_DEMO = 'demo-home-services';
const HISTORY_DAYS = 21;
const DAY_MS = 86_400_000;

type Actor = Awaited<ReturnType<typeof demoAccount>>;

/** A context whose clock starts in the past and is moved forward by the seed, never beyond now. */
function history(ctx: Context, days: number) {
  const end = ctx.clock().getTime();
  let t = end - days * DAY_MS;
  const past: Context = { ...ctx, clock: () => new Date(t), newId: () => uuidv7(t) };
  return {
    ctx: past,
    at: () => new Date(t),
    end,
    advanceTo: (when: Date | string) => {
      t = Math.min(Math.max(t, new Date(when).getTime()), end);
    },
    advance: (ms: number) => {
      t = Math.min(t + ms, end);
    },
  };
}

/**
 * Three weeks of democracy in the home-services demo: a fee cut from 8% to 7% decided by secret
 * ballot and in force since, a resolution open for voting now, and a board election in discussion.
 */
async function seedGovernance(
  h: ReturnType<typeof history>,
  slug: string,
  people: Record<string, Actor>,
): Promise<void> {
  const ctx = h.ctx;
  const p = (name: string) => people[name]!;
  h.advance(3_600_000);
  const fee = await createProposal(ctx, p('Sofía Herrera'), slug, {
    kind: 'policy',
    title: 'Lower the platform fee to 7%',
    body: 'Card fees fell this year. A 7% fee still covers the platform, and workers keep more of each booking.',
    changes: { market: { platformFeeBps: 700 } },
  });
  await submitProposal(ctx, p('Sofía Herrera'), slug, fee.id);
  await secondProposal(ctx, p('Mateo Castillo'), slug, fee.id);
  const discussed = await secondProposal(ctx, p('Hugo Delgado'), slug, fee.id);
  h.advanceTo(discussed.votingOpensAt!);
  await openDueVotes(ctx);
  const votes: [string, string][] = [
    ['Lucía Romero', 'yes'],
    ['Diego Navarro', 'yes'],
    ['Sofía Herrera', 'yes'],
    ['Mateo Castillo', 'yes'],
    ['Valeria Ortega', 'no'],
    ['Hugo Delgado', 'yes'],
    ['Elena Vidal', 'no'],
  ];
  for (const [name, choice] of votes) {
    h.advance(3 * 3_600_000);
    await castBallot(ctx, p(name), slug, fee.id, { ballot: { choice } });
  }
  h.advanceTo(discussed.votingClosesAt!);
  await closeDueVotes(ctx);

  h.advance(DAY_MS);
  const tools = await createProposal(ctx, p('Valeria Ortega'), slug, {
    kind: 'resolution',
    title: 'Start a shared tool library for members',
    body: 'Buy a set of professional garden and repair tools that worker members can borrow for jobs.',
    votingClosesAt: new Date(h.at().getTime() + 14 * DAY_MS).toISOString(),
  });
  await submitProposal(ctx, p('Valeria Ortega'), slug, tools.id);
  const toolsOpen = await secondProposal(ctx, p('Elena Vidal'), slug, tools.id);
  h.advanceTo(toolsOpen.votingOpensAt!);
  await openDueVotes(ctx);
  for (const [name, choice] of [
    ['Valeria Ortega', 'yes'],
    ['Mateo Castillo', 'yes'],
    ['Elena Vidal', 'abstain'],
  ] as const) {
    h.advance(2 * 3_600_000);
    await castBallot(ctx, p(name), slug, tools.id, { ballot: { choice } });
  }

  // The election is drafted a day before now, so its discussion is still running.
  h.advanceTo(new Date(h.end - DAY_MS));
  const board = await createProposal(ctx, p('Diego Navarro'), slug, {
    kind: 'election',
    title: 'Board election 2026',
    body: 'Two seats for two years. Stand yourself from the proposal page.',
    role: 'board',
    seats: 2,
    termMonths: 24,
    candidates: [p('Diego Navarro').accountId],
  });
  await submitProposal(ctx, p('Diego Navarro'), slug, board.id);
  await secondProposal(ctx, p('Sofía Herrera'), slug, board.id);
  await addOption(ctx, p('Sofía Herrera'), slug, board.id, { description: 'Ten years of cleaning jobs.' });
  await addOption(ctx, p('Hugo Delgado'), slug, board.id, {
    description: 'A customer’s voice on the board.',
  });
}

const HOUR_MS = 3_600_000;
const MARKET_DAYS = 10;

type MarketState = {
  workers: Map<string, { workerId: string; services: Map<string, string> }>;
  scale: number;
};

/** The earliest free slot of a worker's service on the hour, within `days` from `from`. */
async function firstSlot(
  ctx: Context,
  slug: string,
  worker: { workerId: string; serviceId: string },
  minutes: number,
  from: Date,
  days: number,
): Promise<Date | null> {
  const { slots } = await freeSlots(ctx, { kind: 'anonymous' }, slug, worker.workerId, {
    serviceId: worker.serviceId,
    from: from.toISOString(),
    to: new Date(from.getTime() + days * DAY_MS).toISOString(),
    durationMinutes: minutes,
  });
  const slot = slots.find((x) => new Date(x.startsAt).getUTCMinutes() === 0);
  return slot ? new Date(slot.startsAt) : null;
}

/** Workers set up at the start of the demo's history, then bookings and jobs that ran their course. */
async function seedMarketHistory(
  h: ReturnType<typeof history>,
  slug: string,
  timeZone: string,
  currency: string,
  spec: DemoMarket,
  people: Record<string, Actor>,
  admin: Actor,
): Promise<MarketState> {
  const ctx = h.ctx;
  const p = (name: string) => people[name]!;
  const scale = 10 ** currencyExponent(currency);
  const workers: MarketState['workers'] = new Map();
  for (const [i, w] of spec.workers.entries()) {
    const angle = (2 * Math.PI * i) / spec.workers.length;
    const profile = await saveWorkerProfile(ctx, p(w.name), slug, {
      displayName: w.name,
      bio: w.bio,
      languages: w.languages,
      skills: w.skills ?? [],
      timeZone,
      area: {
        kind: 'radius',
        lat: spec.centre.lat + 0.02 * Math.sin(angle),
        lng: spec.centre.lng + 0.02 * Math.cos(angle),
        radiusKm: 12,
      },
      bufferMinutes: 15,
      instantBooking: w.instant ?? false,
      preferredCategories: [],
      active: true,
    });
    const services = new Map<string, string>();
    for (const [category, title, rateMajor, minMinutes] of w.services) {
      const service = await createService(ctx, p(w.name), slug, {
        categoryKey: category,
        title,
        description: '',
        pricing: 'hourly',
        rate: String(rateMajor * scale),
        minDurationMinutes: minMinutes ?? 60,
      });
      services.set(category, service.id);
    }
    await setWeeklyHours(ctx, p(w.name), slug, { rules: spec.hours });
    workers.set(w.name, { workerId: profile.id, services });
  }
  const state = { workers, scale };
  const pay = (bookingId: string) =>
    recordPayment(ctx, admin, slug, bookingId, {
      reference: `DEMO-${bookingId.slice(-8)}`,
      provider: 'manual',
    });
  // Done, confirmed by the customer and settled through the ledger.
  const finish = async (bookingId: string, worker: string, customer: string, end: Date) => {
    h.advanceTo(new Date(end.getTime() + 30 * 60_000));
    await completeBooking(ctx, p(worker), slug, bookingId);
    h.advance(2 * HOUR_MS);
    await confirmBooking(ctx, p(customer), slug, bookingId);
  };
  for (const b of spec.bookings.filter((x) => x.kind === 'settled')) {
    const w = workers.get(b.worker)!;
    const serviceId = [...w.services.values()][0]!;
    const start = await firstSlot(
      ctx,
      slug,
      { workerId: w.workerId, serviceId },
      b.minutes,
      new Date(h.at().getTime() + 2 * HOUR_MS),
      4,
    );
    if (!start || start.getTime() + (b.minutes + 240) * 60_000 > h.end) continue;
    const booked = await requestBooking(ctx, p(b.customer), slug, {
      serviceId,
      startsAt: start.toISOString(),
      durationMinutes: b.minutes,
      note: b.note,
      address: '',
    });
    h.advance(HOUR_MS);
    if (booked.status === 'requested') await acceptBooking(ctx, p(b.worker), slug, booked.bookingId);
    h.advance(HOUR_MS);
    await pay(booked.bookingId);
    await postMessage(
      ctx,
      p(b.customer),
      slug,
      { kind: 'booking', id: booked.bookingId },
      { body: 'Hello! The door code is 4721.' },
    );
    await postMessage(
      ctx,
      p(b.worker),
      slug,
      { kind: 'booking', id: booked.bookingId },
      { body: 'Thanks, see you then.' },
    );
    await finish(booked.bookingId, b.worker, b.customer, new Date(start.getTime() + b.minutes * 60_000));
    if (b.review) {
      const [cs, cb] = b.review.byCustomer;
      const review = await leaveReview(ctx, p(b.customer), slug, booked.bookingId, { stars: cs, body: cb });
      const [ws, wb] = b.review.byWorker;
      await leaveReview(ctx, p(b.worker), slug, booked.bookingId, { stars: ws, body: wb });
      if (b.review.reply) await replyToReview(ctx, p(b.worker), slug, review.id, { reply: b.review.reply });
    }
  }
  for (const job of spec.jobs.filter((j) => j.kind === 'settled')) {
    const posted = await postDemoJob(
      h,
      slug,
      spec,
      state,
      job,
      people,
      new Date(h.at().getTime() + 2 * HOUR_MS),
    );
    if (!posted) continue;
    // Whoever the dispatch score chose takes it.
    for (const name of workers.keys()) {
      const offer = (await myOffers(ctx, p(name), slug)).offers.find(
        (o) => o.jobId === posted.id && o.status === 'pending',
      );
      if (!offer) continue;
      h.advance(5 * 60_000);
      const { bookingId } = await acceptOffer(ctx, p(name), slug, offer.id);
      h.advance(HOUR_MS);
      await pay(bookingId);
      await finish(bookingId, name, job.customer, posted.windowEnd);
      break;
    }
  }
  return state;
}

/** Posts a job whose window is a free slot of a worker who does this kind of work. */
async function postDemoJob(
  h: ReturnType<typeof history>,
  slug: string,
  spec: DemoMarket,
  state: MarketState,
  job: DemoJob,
  people: Record<string, Actor>,
  from: Date,
): Promise<{ id: string; windowEnd: Date } | null> {
  const candidate = [...state.workers.values()].find((w) => w.services.has(job.category));
  if (!candidate) return null;
  const minutes = Math.max(120, job.minutes);
  const start = await firstSlot(
    h.ctx,
    slug,
    { workerId: candidate.workerId, serviceId: candidate.services.get(job.category)! },
    minutes,
    from,
    4,
  );
  if (!start) return null;
  const windowEnd = new Date(start.getTime() + minutes * 60_000);
  if (windowEnd.getTime() + 4 * HOUR_MS > h.end && from.getTime() < h.end) return null;
  const posted = await postJob(h.ctx, people[job.customer]!, slug, {
    categoryKey: job.category,
    title: job.title,
    description: '',
    location: spec.centre,
    address: '',
    windowStart: start.toISOString(),
    windowEnd: windowEnd.toISOString(),
    durationMinutes: job.minutes,
    requiredSkills: [],
  });
  return { id: posted.id, windowEnd };
}

/** At the end of the history (now): bookings requested or confirmed for the coming days, open jobs. */
async function seedMarketAhead(
  h: ReturnType<typeof history>,
  slug: string,
  spec: DemoMarket,
  state: MarketState,
  people: Record<string, Actor>,
  admin: Actor,
): Promise<void> {
  h.advanceTo(new Date(h.end));
  const ctx = h.ctx;
  const tomorrow = new Date(h.end + DAY_MS);
  for (const b of spec.bookings.filter((x) => x.kind !== 'settled')) {
    const w = state.workers.get(b.worker)!;
    const serviceId = [...w.services.values()][0]!;
    const start = await firstSlot(ctx, slug, { workerId: w.workerId, serviceId }, b.minutes, tomorrow, 7);
    if (!start) continue;
    const booked = await requestBooking(ctx, people[b.customer]!, slug, {
      serviceId,
      startsAt: start.toISOString(),
      durationMinutes: b.minutes,
      note: b.note,
      address: '',
    });
    if (b.kind === 'confirmed') {
      if (booked.status === 'requested') await acceptBooking(ctx, people[b.worker]!, slug, booked.bookingId);
      await recordPayment(ctx, admin, slug, booked.bookingId, {
        reference: `DEMO-${booked.bookingId.slice(-8)}`,
        provider: 'manual',
      });
    }
  }
  for (const job of spec.jobs.filter((j) => j.kind === 'open')) {
    await postDemoJob(h, slug, spec, state, job, people, tomorrow);
  }
}

/** Seeds the demo co-ops; skips any that already exist, so it can run again safely. */
export async function seedDemo(realCtx: Context, log: (line: string) => void): Promise<void> {
  for (const demo of demoCoops) {
    const slug = demo.input.slug;
    if (await findCoopIdBySlug(realCtx.db, slug)) {
      log(`${slug}: already there, skipped`);
      continue;
    }
    // Every demo starts in the past, so bookings and jobs can have run their course by now.
    const past = history(realCtx, slug === GOVERNANCE_DEMO ? HISTORY_DAYS : MARKET_DAYS);
    const ctx = past.ctx;
    const people: Record<string, Actor> = {};
    const founder = await demoAccount(ctx, demo.founder, slug);
    people[demo.founder] = founder;
    await foundCoop(ctx, founder, demo.input);
    const coopId = (await findCoopIdBySlug(ctx.db, slug))!;
    const policy = await policyAt(ctx.db, coopId, ctx.clock());
    const join = async (name: string, classKey: string) => {
      const person = await demoAccount(ctx, name, slug);
      const { applicationId, status } = await applyForMembership(ctx, person, slug, {
        classKey,
        statement: 'Demo member.',
        agreedVersion: policy.version,
      });
      let now = status;
      if (now === 'awaiting_payment') {
        now = (
          await recordSharePayment(ctx, founder, slug, applicationId, {
            reference: `DEMO-${applicationId.slice(0, 8)}`,
          })
        ).status;
      }
      if (now === 'awaiting_admission') {
        await decideAdmission(ctx, founder, slug, applicationId, {
          decision: 'admit',
          reason: 'Welcome to the demo co-op.',
        });
      }
      people[name] = person;
      return person;
    };
    const board = await join(demo.board, 'worker');
    await ctx.db.transaction((tx) =>
      grantRole(tx, ctx, {
        coopId,
        accountId: board.accountId,
        role: 'board',
        origin: 'founding',
        actorId: founder.accountId,
      }),
    );
    for (const [name, classKey] of demo.members) await join(name, classKey);
    const market = demoMarkets[slug];
    const marketState = market
      ? await seedMarketHistory(past, slug, demo.input.timeZone, demo.input.currency, market, people, founder)
      : null;
    if (slug === GOVERNANCE_DEMO) {
      await seedGovernance(past, slug, people);
      log(
        `${slug}: a fee cut decided by secret ballot, a resolution open for voting, a board election in discussion`,
      );
    }
    if (market && marketState) {
      await seedMarketAhead(past, slug, market, marketState, people, founder);
      log(
        `${slug}: ${market.workers.length} workers with services and hours, bookings and jobs past and ahead`,
      );
    }
    log(
      `${slug}: founded with ${demo.members.length + 2} members (founder ${demoEmail(demo.founder, slug)})`,
    );
  }
  log(`demo accounts sign in with the password "${DEMO_PASSWORD}"`);
}
