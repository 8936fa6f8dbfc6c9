import { z } from 'zod';
import { basisPoints, nonNegativeMinorUnits } from './money.ts';

// The constitution: a co-op's rules as data. Everything that decides money or power reads the
// version in force at the moment it acts. Shares and rates are integers (basis points, minor units).

const key = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, starting with a letter')
  .describe('Stable machine key');

export const decisionKinds = [
  'ordinary',
  'policy',
  'bylaws',
  'admission',
  'expulsion',
  'election',
  'budget',
  'dissolution',
] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const votingMethods = [
  'yes-no-abstain',
  'consent',
  'single-choice',
  'approval',
  'score',
  'ranked-choice',
  'stv',
  'approval-committee',
  'equal-shares',
  'greedy-budget',
] as const;

export const memberClass = z
  .object({
    key,
    name: z.string().min(1).max(60).describe('Name of the class, e.g. Worker'),
    description: z.string().max(500).default('').describe('Who belongs to this class'),
    sharePrice: nonNegativeMinorUnits.describe('Price of the one member share, in minor units'),
    maySell: z.boolean().describe('Members of this class may offer services'),
    mayBuy: z.boolean().describe('Members of this class may book services'),
    mayVote: z.boolean().describe('Members of this class vote'),
    admission: z
      .enum(['automatic', 'board', 'vote'])
      .describe('How applicants are admitted: once paid, by the board, or by a member vote'),
    founder: z.boolean().default(false).describe('The founder joins this class'),
    openToApplicants: z.boolean().default(true).describe('Whether people may apply to this class'),
  })
  .strict();

export const decisionRule = z
  .object({
    quorumBps: basisPoints.describe('Share of eligible voters who must cast a ballot (abstentions count)'),
    thresholdBps: basisPoints.min(1).describe('Share of yes among yes + no needed to pass'),
    method: z.enum(votingMethods).describe('Default voting method'),
    minVotingDays: z.number().int().min(0).max(90).describe('Shortest voting period in days'),
    minDiscussionDays: z
      .number()
      .int()
      .min(0)
      .max(90)
      .default(0)
      .describe('Shortest discussion before voting'),
    secondsNeeded: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .describe('Members who must second a proposal before it goes ahead'),
    secret: z.boolean().describe('Secret ballot'),
    perClassQuorum: z
      .boolean()
      .default(false)
      .describe('Each voting class must meet the quorum on its own (double majority)'),
  })
  .strict();

export const category = z
  .object({
    key,
    name: z.string().min(1).max(60),
    minHourlyRate: nonNegativeMinorUnits.describe('Pay floor: lowest hourly rate a worker may charge'),
    standardPrice: nonNegativeMinorUnits
      .optional()
      .describe('Standard price of a posted job in this category'),
    dispatched: z.boolean().default(false).describe('Work in this category is posted as jobs and dispatched'),
  })
  .strict();

export const committeeKey = key.describe('Key of a committee the constitution lists');

export const committee = z
  .object({
    key,
    name: z.string().min(1).max(80).describe('Name of the committee, e.g. Safeguarding committee'),
    purpose: z.string().max(1000).default('').describe('What the committee is for'),
  })
  .strict();

/** A role in a co-op: the board, the platform's admins, or a seat on one of the constitution's committees. */
export const coopRoleName = z
  .union([z.enum(['board', 'admin']), z.templateLiteral(['committee:', key])])
  .describe('board, admin, or committee:<key> for a seat on a committee the constitution lists');
export type CoopRoleName = z.infer<typeof coopRoleName>;

export const committeeRole = (key: string): CoopRoleName => `committee:${key}`;

/** The committee key of a committee role, or null for board and admin. */
export function committeeKeyOf(role: string): string | null {
  return role.startsWith('committee:') ? role.slice('committee:'.length) : null;
}

const weight = z.number().int().min(0).max(100);

export const constitutionDocument = z
  .object({
    schemaVersion: z.literal(1),
    memberClasses: z.array(memberClass).min(1).max(12),
    membership: z
      .object({
        noticeDays: z
          .number()
          .int()
          .min(0)
          .max(730)
          .describe('Notice before a leaving member’s share is redeemed'),
      })
      .strict(),
    voting: z
      .object({
        scheme: z.enum(['one-member-one-vote', 'weighted-classes']),
        classWeightsBps: z
          .record(z.string(), basisPoints)
          .default({})
          .describe('Share of the total vote each class carries (weighted scheme); sums to 10000'),
        proxies: z.object({ allowed: z.boolean(), maxPerPerson: z.number().int().min(0).max(20) }).strict(),
        decisions: z
          .object(
            Object.fromEntries(decisionKinds.map((k) => [k, decisionRule])) as Record<
              DecisionKind,
              typeof decisionRule
            >,
          )
          .strict(),
      })
      .strict(),
    market: z
      .object({
        categories: z.array(category).max(50),
        platformFeeBps: basisPoints.describe('Share of each booking the platform keeps'),
        cancellation: z
          .object({
            windowHours: z
              .number()
              .int()
              .min(0)
              .max(720)
              .describe('Free cancellation until this many hours before the start'),
            feeBps: basisPoints.describe('Fee for a later cancellation, as a share of the price'),
          })
          .strict(),
        nonMembersMayBuy: z.boolean(),
      })
      .strict(),
    dispatch: z
      .object({
        weights: z
          .object({
            fairness: weight,
            proximity: weight,
            rating: weight,
            skillMatch: weight,
            preference: weight,
          })
          .strict(),
        fairnessWindowDays: z.number().int().min(1).max(365),
        offerTimeoutMinutes: z.number().int().min(1).max(1440),
        maxDistanceKm: z.number().int().min(1).max(1000),
        maxJobsPerDay: z.number().int().min(1).max(50),
      })
      .strict(),
    surplus: z
      .object({
        reserveBps: basisPoints,
        communityFundBps: basisPoints,
        patronageBps: basisPoints,
        classSplitBps: z
          .record(z.string(), basisPoints)
          .describe('Split of the patronage pool between classes'),
        measure: z
          .record(z.string(), z.enum(['earnings', 'hours', 'spending']))
          .describe('Patronage measure per class'),
        minCashBps: basisPoints.describe('Smallest share of a dividend paid in cash'),
        rounding: z.literal('half-even'),
      })
      .strict(),
    committees: z
      .array(committee)
      .max(20)
      .optional()
      .describe(
        'Committees whose seats members elect (absent: none); changed by a bylaws amendment, elections fill them',
      ),
    openData: z
      .object({
        minGroupSize: z
          .number()
          .int()
          .min(2)
          .max(1000)
          .describe('Figures about fewer people than this are suppressed'),
        datasets: z.array(z.string()).max(50),
      })
      .strict(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const classKeys = doc.memberClasses.map((c) => c.key);
    const dup = classKeys.find((k, i) => classKeys.indexOf(k) !== i);
    if (dup)
      ctx.addIssue({ code: 'custom', path: ['memberClasses'], message: `class key "${dup}" is used twice` });
    const founders = doc.memberClasses.filter((c) => c.founder);
    if (founders.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['memberClasses'],
        message: 'exactly one class must be marked for the founder',
      });
    }
    const voting = doc.memberClasses.filter((c) => c.mayVote).map((c) => c.key);
    if (voting.length === 0)
      ctx.addIssue({ code: 'custom', path: ['memberClasses'], message: 'at least one class must vote' });
    if (doc.voting.scheme === 'weighted-classes') {
      checkSplit(ctx, ['voting', 'classWeightsBps'], doc.voting.classWeightsBps, voting, 'voting classes');
    }
    const committees = (doc.committees ?? []).map((c) => c.key);
    const dupCommittee = committees.find((k, i) => committees.indexOf(k) !== i);
    if (dupCommittee)
      ctx.addIssue({
        code: 'custom',
        path: ['committees'],
        message: `committee "${dupCommittee}" is listed twice`,
      });
    const cats = doc.market.categories.map((c) => c.key);
    const dupCat = cats.find((k, i) => cats.indexOf(k) !== i);
    if (dupCat)
      ctx.addIssue({
        code: 'custom',
        path: ['market', 'categories'],
        message: `category "${dupCat}" is listed twice`,
      });
    const s = doc.surplus;
    if (s.reserveBps + s.communityFundBps + s.patronageBps !== 10_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['surplus'],
        message: 'reserve, community fund and patronage shares must add up to 100%',
      });
    }
    checkSplit(
      ctx,
      ['surplus', 'classSplitBps'],
      s.classSplitBps,
      Object.keys(s.classSplitBps),
      'classes',
      classKeys,
    );
    for (const k of Object.keys(s.measure)) {
      if (!classKeys.includes(k))
        ctx.addIssue({ code: 'custom', path: ['surplus', 'measure', k], message: `no class "${k}"` });
    }
    for (const kind of decisionKinds) {
      const rule = doc.voting.decisions[kind];
      if (
        kind === 'election' &&
        !['approval-committee', 'stv', 'ranked-choice', 'single-choice', 'approval'].includes(rule.method)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['voting', 'decisions', kind, 'method'],
          message: 'an election needs a method that elects people',
        });
      }
    }
  });

function checkSplit(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  split: Record<string, number>,
  required: string[],
  what: string,
  allowed: string[] = required,
): void {
  for (const k of Object.keys(split)) {
    if (!allowed.includes(k))
      ctx.addIssue({ code: 'custom', path: [...path, k], message: `no such class "${k}" among ${what}` });
  }
  for (const k of required) {
    if (!(k in split))
      ctx.addIssue({ code: 'custom', path: [...path, k], message: `missing a share for class "${k}"` });
  }
  const total = Object.values(split).reduce((a, b) => a + b, 0);
  if (Object.keys(split).length > 0 && total !== 10_000) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `shares must add up to 100% (they add up to ${total / 100}%)`,
    });
  }
}

export type ConstitutionDocument = z.infer<typeof constitutionDocument>;
export type MemberClass = z.infer<typeof memberClass>;
export type DecisionRule = z.infer<typeof decisionRule>;
export type Committee = z.infer<typeof committee>;

export type ConstitutionChange = { path: string; before: unknown; after: unknown };

/** Field-by-field differences between two documents, as dotted paths (arrays of keyed items by key). */
export function diffConstitutions(before: unknown, after: unknown, path = ''): ConstitutionChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const keyed = (v: unknown): v is { key: string }[] =>
    Array.isArray(v) && v.every((i) => isObj(i) && typeof i.key === 'string');
  if (keyed(before) && keyed(after)) {
    const keys = [...new Set([...before.map((i) => i.key), ...after.map((i) => i.key)])];
    return keys.flatMap((k) =>
      diffConstitutions(
        before.find((i) => i.key === k),
        after.find((i) => i.key === k),
        `${path}[${k}]`,
      ),
    );
  }
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffConstitutions(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return [{ path, before: before ?? null, after: after ?? null }];
}
