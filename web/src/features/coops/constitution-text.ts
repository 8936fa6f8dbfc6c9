import type { TFunction } from 'i18next';
import {
  type ConstitutionDocument,
  type DecisionRule,
  decisionKinds,
  type MemberClass,
} from '../../../../contracts/constitution.ts';
import { money, percent } from '../../lib/format.ts';

// The constitution in plain language: each rule of the document becomes a translated sentence with
// its numbers formatted for the reader. Pure (no React), so the same text serves every page.

export type RuleGroup = { key: string; title?: string; items: string[] };
export type RuleSection = { key: string; title: string; intro?: string; groups: RuleGroup[] };

type Text = { t: TFunction; locale: string; currency: string };

function list(locale: string, items: string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** What members of a class may do, e.g. "May offer services, book services and vote." */
export function classRights({ t, locale }: Text, cls: MemberClass): string {
  const rights = [
    ...(cls.maySell ? [t('rules.class.sell')] : []),
    ...(cls.mayBuy ? [t('rules.class.buy')] : []),
    ...(cls.mayVote ? [t('rules.class.vote')] : []),
  ];
  return rights.length > 0
    ? t('rules.class.rights', { rights: list(locale, rights) })
    : t('rules.class.noRights');
}

export function sharePrice({ t, locale, currency }: Text, cls: MemberClass): string {
  return BigInt(cls.sharePrice) === 0n
    ? t('rules.class.free')
    : t('rules.class.sharePrice', { price: money(cls.sharePrice, currency, locale) });
}

export function admissionRule({ t }: Text, cls: MemberClass): string {
  return t(`rules.class.admission.${cls.admission}`);
}

/** Every fact about one member class, in the order a person deciding to join needs them. */
export function classRules(text: Text, cls: MemberClass): string[] {
  const { t } = text;
  return [
    ...(cls.description ? [cls.description] : []),
    sharePrice(text, cls),
    classRights(text, cls),
    ...(cls.mayVote ? [] : [t('rules.class.noVote')]),
    admissionRule(text, cls),
    cls.openToApplicants ? t('rules.class.open') : t('rules.class.closed'),
    ...(cls.founder ? [t('rules.class.founder')] : []),
  ];
}

function decisionRules({ t, locale }: Text, rule: DecisionRule): string[] {
  return [
    rule.quorumBps === 0
      ? t('rules.decision.noQuorum')
      : t('rules.decision.quorum', { share: percent(rule.quorumBps, locale) }),
    ...(rule.perClassQuorum ? [t('rules.decision.perClassQuorum')] : []),
    t('rules.decision.threshold', { share: percent(rule.thresholdBps, locale) }),
    t('rules.decision.method', { method: t(`methods.${rule.method}`) }),
    ...(rule.minDiscussionDays > 0
      ? [t('rules.decision.discussion', { count: rule.minDiscussionDays })]
      : []),
    t('rules.decision.voting', { count: rule.minVotingDays }),
    rule.secondsNeeded === 0
      ? t('rules.decision.noSeconds')
      : t('rules.decision.seconds', { count: rule.secondsNeeded }),
    rule.secret ? t('rules.decision.secret') : t('rules.decision.open'),
  ];
}

/** The whole document as titled sections of sentences. */
export function constitutionSections(
  t: TFunction,
  doc: ConstitutionDocument,
  currency: string,
  locale: string,
): RuleSection[] {
  const text: Text = { t, locale, currency };
  const className = (key: string) => doc.memberClasses.find((c) => c.key === key)?.name ?? key;
  const { voting, market, dispatch, surplus } = doc;

  const votingItems =
    voting.scheme === 'one-member-one-vote'
      ? [t('rules.voting.oneMemberOneVote')]
      : [
          t('rules.voting.weighted'),
          ...Object.entries(voting.classWeightsBps).map(([key, bps]) =>
            t('rules.voting.classWeight', { name: className(key), share: percent(bps, locale) }),
          ),
        ];
  votingItems.push(
    voting.proxies.allowed && voting.proxies.maxPerPerson > 0
      ? t('rules.voting.proxies', { count: voting.proxies.maxPerPerson })
      : t('rules.voting.noProxies'),
  );

  const marketItems = [
    t('rules.market.fee', { share: percent(market.platformFeeBps, locale) }),
    t('rules.market.cancellation', {
      count: market.cancellation.windowHours,
      share: percent(market.cancellation.feeBps, locale),
    }),
    market.nonMembersMayBuy ? t('rules.market.nonMembersMayBuy') : t('rules.market.membersOnly'),
    ...(market.categories.length === 0 ? [t('rules.market.noCategories')] : []),
  ];

  const weights = dispatch.weights;
  const dispatchItems = [
    ...(['fairness', 'proximity', 'rating', 'skillMatch', 'preference'] as const).map((k) =>
      t('rules.dispatch.weight', { factor: t(`rules.dispatch.factors.${k}`), weight: weights[k] }),
    ),
    t('rules.dispatch.fairnessWindow', { count: dispatch.fairnessWindowDays }),
    t('rules.dispatch.offerTimeout', { count: dispatch.offerTimeoutMinutes }),
    t('rules.dispatch.maxDistance', { count: dispatch.maxDistanceKm }),
    t('rules.dispatch.maxJobs', { count: dispatch.maxJobsPerDay }),
  ];

  const surplusItems = [
    t('rules.surplus.split', {
      reserve: percent(surplus.reserveBps, locale),
      fund: percent(surplus.communityFundBps, locale),
      patronage: percent(surplus.patronageBps, locale),
    }),
    ...Object.entries(surplus.classSplitBps).map(([key, bps]) => {
      const measure = surplus.measure[key];
      return measure
        ? t('rules.surplus.classShareBy', {
            name: className(key),
            share: percent(bps, locale),
            measure: t(`rules.surplus.measures.${measure}`),
          })
        : t('rules.surplus.classShare', { name: className(key), share: percent(bps, locale) });
    }),
    t('rules.surplus.minCash', { share: percent(surplus.minCashBps, locale) }),
    t('rules.surplus.rounding'),
  ];

  return [
    {
      key: 'classes',
      title: t('rules.sections.classes'),
      groups: doc.memberClasses.map((cls) => ({
        key: cls.key,
        title: cls.name,
        items: classRules(text, cls),
      })),
    },
    {
      key: 'membership',
      title: t('rules.sections.membership'),
      groups: [
        { key: 'notice', items: [t('rules.membership.notice', { count: doc.membership.noticeDays })] },
      ],
    },
    { key: 'voting', title: t('rules.sections.voting'), groups: [{ key: 'scheme', items: votingItems }] },
    ...((doc.committees ?? []).length > 0
      ? [
          {
            key: 'committees',
            title: t('rules.sections.committees'),
            intro: t('rules.committees.intro'),
            groups: (doc.committees ?? []).map((c) => ({
              key: `committee-${c.key}`,
              title: c.name,
              items: c.purpose ? [c.purpose] : [t('rules.committees.noPurpose')],
            })),
          },
        ]
      : []),
    {
      key: 'decisions',
      title: t('rules.sections.decisions'),
      intro: t('rules.decision.intro'),
      groups: decisionKinds.map((kind) => ({
        key: kind,
        title: t(`decisionKinds.${kind}`),
        items: decisionRules(text, voting.decisions[kind]),
      })),
    },
    {
      key: 'market',
      title: t('rules.sections.market'),
      groups: [
        { key: 'rules', items: marketItems },
        ...market.categories.map((c) => ({
          key: `category-${c.key}`,
          title: c.name,
          items: [
            t('rules.market.payFloor', { rate: money(c.minHourlyRate, currency, locale) }),
            ...(c.standardPrice
              ? [t('rules.market.standardPrice', { price: money(c.standardPrice, currency, locale) })]
              : []),
            ...(c.dispatched ? [t('rules.market.dispatched')] : []),
          ],
        })),
      ],
    },
    {
      key: 'dispatch',
      title: t('rules.sections.dispatch'),
      intro: t('rules.dispatch.intro'),
      groups: [{ key: 'weights', items: dispatchItems }],
    },
    { key: 'surplus', title: t('rules.sections.surplus'), groups: [{ key: 'split', items: surplusItems }] },
    {
      key: 'openData',
      title: t('rules.sections.openData'),
      groups: [
        {
          key: 'open-data',
          items: [
            t('rules.openData.minGroupSize', { count: doc.openData.minGroupSize }),
            ...(doc.openData.datasets.length > 0
              ? [
                  t('rules.openData.datasets', {
                    list: list(
                      locale,
                      doc.openData.datasets.map((d) => t(`rules.openData.names.${d}`, { defaultValue: d })),
                    ),
                  }),
                ]
              : []),
          ],
        },
      ],
    },
  ];
}
