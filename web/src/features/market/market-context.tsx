import { Stack } from '@mantine/core';
import { createContext, useCallback, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { LoadFailed, Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { useLoad } from '../../lib/use-load.ts';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import { type Category, getMarketRules, type MarketRules } from './market-api.ts';

/** What the market pages of one co-op share: its market rules in force and who the visitor is in it. */
export type MarketData = {
  rules: MarketRules;
  /** Categories booked directly (searchable) and those posted as jobs and dispatched. */
  booked: Category[];
  dispatched: Category[];
  category(key: string): Category | undefined;
  /** The visitor is a current member of a class that may sell services. */
  seller: boolean;
  /** Board or admin: records payments, reads disputes, makes payout batches. */
  moderator: boolean;
};

const MarketContext = createContext<MarketData | null>(null);

export function useMarket(): MarketData {
  const market = useContext(MarketContext);
  if (!market) throw new Error('useMarket must be used inside a market page');
  return market;
}

/** Whether the signed-in visitor may sell here: a current membership in a class that may sell. */
export function useIsSeller(): boolean {
  const { me, constitution } = useCoop();
  const membership = me.state === 'done' ? me.data?.membership : null;
  if (!membership || membership.status === 'left' || membership.status === 'expelled') return false;
  return constitution.document.memberClasses.some((c) => c.key === membership.classKey && c.maySell);
}

/** The frame of the market pages: loads the market rules once for all of them. */
export function MarketLayout() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const roles = useCoopRoles();
  const seller = useIsSeller();
  const load = useCallback(() => getMarketRules(slug), [slug]);
  const rules = useLoad(load);

  const data = useMemo<MarketData | null>(() => {
    if (rules.state !== 'done') return null;
    const categories = rules.data.categories;
    return {
      rules: rules.data,
      booked: categories.filter((c) => !c.dispatched),
      dispatched: categories.filter((c) => c.dispatched),
      category: (key) => categories.find((c) => c.key === key),
      seller,
      moderator: roles.board || roles.admin,
    };
  }, [rules, seller, roles.board, roles.admin]);

  if (rules.state === 'failed') {
    return (
      <Stack gap="md">
        <PageHeading>{t('market.loadFailed')}</PageHeading>
        <LoadFailed title={t('market.loadFailed')} error={rules.error} onRetry={rules.reload} />
      </Stack>
    );
  }
  if (!data) return <Loading />;
  return (
    <MarketContext value={data}>
      <Outlet />
    </MarketContext>
  );
}
