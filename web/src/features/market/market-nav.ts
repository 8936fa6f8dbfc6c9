import { useTranslation } from 'react-i18next';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import { useIsSeller } from './market-context.tsx';

type NavLinkSpec = { to: string; label: string; testId: string };

/** The market's entries in the co-op's menu, by what the co-op offers and what the visitor may do there. */
export function useMarketNavLinks(): NavLinkSpec[] {
  const { t } = useTranslation();
  const { slug, me, constitution } = useCoop();
  const roles = useCoopRoles();
  const seller = useIsSeller();
  const base = `/c/${slug}`;
  const categories = constitution.document.market.categories;
  const links: NavLinkSpec[] = [];
  // A co-op whose work is all dispatched has nobody to search for: its entry is posting a job.
  if (categories.some((c) => !c.dispatched))
    links.push({ to: `${base}/market`, label: t('market.nav.market'), testId: 'nav-market' });
  else if (categories.length > 0)
    links.push({ to: `${base}/jobs/new`, label: t('market.nav.postJob'), testId: 'nav-post-job' });
  if (me.state === 'done' && me.data !== null)
    links.push({ to: `${base}/bookings`, label: t('market.nav.bookings'), testId: 'nav-bookings' });
  if (seller) links.push({ to: `${base}/worker`, label: t('market.nav.work'), testId: 'nav-work' });
  if (roles.board || roles.admin) {
    links.push({
      to: `${base}/admin/awaiting-payment`,
      label: t('market.nav.awaiting'),
      testId: 'nav-awaiting-payment',
    });
    links.push({ to: `${base}/admin/payouts`, label: t('market.nav.payouts'), testId: 'nav-payouts' });
  }
  return links;
}
