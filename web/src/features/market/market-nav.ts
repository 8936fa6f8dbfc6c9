import type { TFunction } from 'i18next';

type NavLinkSpec = { to: string; label: string; testId: string };

/** The market's entries in the co-op's menu, by what the visitor may do there. */
export function marketNavLinks(
  t: TFunction,
  base: string,
  visitor: { signedIn: boolean; seller: boolean; moderator: boolean },
): NavLinkSpec[] {
  const links: NavLinkSpec[] = [
    { to: `${base}/market`, label: t('market.nav.market'), testId: 'nav-market' },
  ];
  if (visitor.signedIn)
    links.push({ to: `${base}/bookings`, label: t('market.nav.bookings'), testId: 'nav-bookings' });
  if (visitor.seller) links.push({ to: `${base}/worker`, label: t('market.nav.work'), testId: 'nav-work' });
  if (visitor.moderator)
    links.push({ to: `${base}/admin/payouts`, label: t('market.nav.payouts'), testId: 'nav-payouts' });
  return links;
}
