import {
  type ConstitutionDocument,
  constitutionDocument,
  type DecisionKind,
  type DecisionRule,
} from '../../../contracts/constitution.ts';
import { currencyExponent } from '../../../contracts/money.ts';

export const sectors = ['childcare', 'home-services', 'urban-recycling', 'data-entry', 'blank'] as const;
export type Sector = (typeof sectors)[number];

// Sensible starting rules, drawn from common co-op bylaws: ordinary business by simple majority with a
// modest quorum; rule and bylaw changes by two thirds; dissolution by three quarters of a large turnout.
function decisions(secretElections = true): Record<DecisionKind, DecisionRule> {
  const rule = (
    quorumBps: number,
    thresholdBps: number,
    method: DecisionRule['method'],
    extra: Partial<DecisionRule> = {},
  ): DecisionRule => ({
    quorumBps,
    thresholdBps,
    method,
    minVotingDays: 7,
    minDiscussionDays: 3,
    secondsNeeded: 2,
    secret: false,
    perClassQuorum: false,
    ...extra,
  });
  return {
    ordinary: rule(2000, 5001, 'yes-no-abstain', { secondsNeeded: 1 }),
    policy: rule(3000, 5001, 'yes-no-abstain', { secret: true }),
    bylaws: rule(5000, 6667, 'yes-no-abstain', {
      secret: true,
      minVotingDays: 14,
      minDiscussionDays: 7,
      secondsNeeded: 3,
    }),
    admission: rule(1000, 5001, 'yes-no-abstain', {
      minVotingDays: 3,
      minDiscussionDays: 0,
      secondsNeeded: 0,
    }),
    expulsion: rule(5000, 6667, 'yes-no-abstain', {
      secret: true,
      minVotingDays: 14,
      minDiscussionDays: 7,
      secondsNeeded: 3,
    }),
    election: rule(2500, 1, 'approval-committee', {
      secret: secretElections,
      minVotingDays: 7,
      secondsNeeded: 1,
    }),
    budget: rule(2000, 1, 'equal-shares', { secret: true, secondsNeeded: 1 }),
    dissolution: rule(7500, 7500, 'yes-no-abstain', {
      secret: true,
      minVotingDays: 21,
      minDiscussionDays: 14,
      secondsNeeded: 5,
    }),
  };
}

type Cat = [key: string, name: string, minHourlyMajor: number, standardMajor?: number, dispatched?: boolean];

function build(
  currency: string,
  spec: {
    classes: ConstitutionDocument['memberClasses'];
    classWeightsBps?: Record<string, number>;
    categories: Cat[];
    feeBps: number;
    nonMembersMayBuy: boolean;
    classSplitBps: Record<string, number>;
    measure: ConstitutionDocument['surplus']['measure'];
    committees?: ConstitutionDocument['committees'];
  },
): ConstitutionDocument {
  const scale = 10n ** BigInt(currencyExponent(currency));
  const money = (major: number) => (BigInt(major) * scale).toString();
  return constitutionDocument.parse({
    schemaVersion: 1,
    memberClasses: spec.classes.map((c) => ({ ...c, sharePrice: money(Number(c.sharePrice)) })),
    membership: { noticeDays: 90 },
    voting: {
      scheme: spec.classWeightsBps ? 'weighted-classes' : 'one-member-one-vote',
      classWeightsBps: spec.classWeightsBps ?? {},
      proxies: { allowed: true, maxPerPerson: 2 },
      decisions: decisions(),
    },
    market: {
      categories: spec.categories.map(([key, name, min, standard, dispatched]) => ({
        key,
        name,
        minHourlyRate: money(min),
        ...(standard !== undefined ? { standardPrice: money(standard) } : {}),
        dispatched: dispatched ?? false,
      })),
      platformFeeBps: spec.feeBps,
      cancellation: { windowHours: 24, feeBps: 5000 },
      nonMembersMayBuy: spec.nonMembersMayBuy,
    },
    dispatch: {
      weights: { fairness: 40, proximity: 25, rating: 15, skillMatch: 15, preference: 5 },
      fairnessWindowDays: 30,
      offerTimeoutMinutes: 15,
      maxDistanceKm: 25,
      maxJobsPerDay: 8,
    },
    surplus: {
      reserveBps: 3000,
      communityFundBps: 1000,
      patronageBps: 6000,
      classSplitBps: spec.classSplitBps,
      measure: spec.measure,
      minCashBps: 2000,
      rounding: 'half-even',
    },
    ...(spec.committees ? { committees: spec.committees } : {}),
    openData: { minGroupSize: 5, datasets: ['finances', 'membership', 'activity'] },
  });
}

// Share prices below are in major units (e.g. euros) and scaled to the co-op's currency.
const worker = (price: number, description: string) => ({
  key: 'worker',
  name: 'Worker',
  description,
  sharePrice: String(price),
  maySell: true,
  mayBuy: true,
  mayVote: true,
  admission: 'board' as const,
  founder: true,
  openToApplicants: true,
});
const customer = (price: number, description: string) => ({
  key: 'customer',
  name: 'Customer',
  description,
  sharePrice: String(price),
  maySell: false,
  mayBuy: true,
  mayVote: true,
  admission: 'automatic' as const,
  founder: false,
  openToApplicants: true,
});
const supporter = {
  key: 'supporter',
  name: 'Supporter',
  description: 'People and organisations who back the co-op without working or buying through it.',
  sharePrice: '100',
  maySell: false,
  mayBuy: true,
  mayVote: false,
  admission: 'board' as const,
  founder: false,
  openToApplicants: true,
};

export function templateConstitution(sector: Sector, currency: string): ConstitutionDocument {
  switch (sector) {
    case 'childcare':
      return build(currency, {
        classes: [
          worker(100, 'Childminders, nannies and carers who work through the co-op.'),
          customer(20, 'Families who book care.'),
          supporter,
        ],
        classWeightsBps: { worker: 6000, customer: 4000 },
        categories: [
          ['babysitting', 'Babysitting', 14],
          ['nanny-share', 'Nanny share', 16],
          ['after-school-pickup', 'After-school pick-up', 14],
        ],
        feeBps: 800,
        nonMembersMayBuy: false,
        classSplitBps: { worker: 8000, customer: 2000 },
        measure: { worker: 'hours', customer: 'spending' },
        committees: [
          {
            key: 'safeguarding',
            name: 'Safeguarding committee',
            purpose:
              'Keeps children safe: reviews carers’ background checks and first-aid training, hears concerns from families and carers, and advises the board on them.',
          },
        ],
      });
    case 'home-services':
      return build(currency, {
        classes: [
          worker(100, 'Cleaners, handypeople, gardeners and movers who work through the co-op.'),
          customer(20, 'Households and businesses who book services.'),
          supporter,
        ],
        classWeightsBps: { worker: 6000, customer: 4000 },
        categories: [
          ['cleaning', 'Cleaning', 15],
          ['handyman', 'Handyman', 20],
          ['gardening', 'Gardening', 16],
          ['moving-help', 'Moving help', 16],
          ['urgent-repair', 'Urgent repair', 25, 80, true],
        ],
        feeBps: 800,
        nonMembersMayBuy: true,
        classSplitBps: { worker: 7500, customer: 2500 },
        measure: { worker: 'earnings', customer: 'spending' },
      });
    case 'urban-recycling':
      return build(currency, {
        classes: [
          worker(50, 'Collectors and sorters who do the pickups.'),
          customer(10, 'Households and shops whose waste is collected.'),
          supporter,
        ],
        classWeightsBps: { worker: 6500, customer: 3500 },
        categories: [
          ['household-pickup', 'Household pickup', 13, 12, true],
          ['bulky-items', 'Bulky items', 15, 35, true],
          ['e-waste', 'E-waste', 15, 20, true],
        ],
        feeBps: 1000,
        nonMembersMayBuy: true,
        classSplitBps: { worker: 8500, customer: 1500 },
        measure: { worker: 'hours', customer: 'spending' },
        committees: [
          {
            key: 'health-and-safety',
            name: 'Health and safety committee',
            purpose:
              'Looks after the safety of collectors and sorters: protective equipment, safe handling of hazardous and electronic waste, and reports of accidents and near misses.',
          },
        ],
      });
    case 'data-entry':
      return build(currency, {
        classes: [
          worker(50, 'Members who take on data-entry batches.'),
          customer(50, 'Organisations that send work.'),
          supporter,
        ],
        classWeightsBps: { worker: 7000, customer: 3000 },
        categories: [
          ['transcription', 'Transcription', 14, 60, true],
          ['data-cleaning', 'Data cleaning', 14, 80, true],
          ['form-processing', 'Form processing batches', 13, 50, true],
        ],
        feeBps: 700,
        nonMembersMayBuy: true,
        classSplitBps: { worker: 9000, customer: 1000 },
        measure: { worker: 'earnings', customer: 'spending' },
      });
    case 'blank':
      return build(currency, {
        classes: [
          {
            key: 'member',
            name: 'Member',
            description: 'Every member of the co-op.',
            sharePrice: '10',
            maySell: true,
            mayBuy: true,
            mayVote: true,
            admission: 'board',
            founder: true,
            openToApplicants: true,
          },
        ],
        categories: [],
        feeBps: 500,
        nonMembersMayBuy: false,
        classSplitBps: { member: 10_000 },
        measure: { member: 'earnings' },
      });
  }
}
