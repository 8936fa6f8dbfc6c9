import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

// The market's pages under /c/:slug. Each loads on first visit; the frame loads the market rules.
// The addresses match the links in the server's emails (bookings/:id, jobs/:id, worker, worker/offers).

function page(load: () => Promise<ComponentType>): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: await load() }) };
}

export const marketRoutes: RouteObject[] = [
  {
    ...page(async () => (await import('./market-context.tsx')).MarketLayout),
    children: [
      { path: 'market', ...page(async () => (await import('./search-page.tsx')).SearchPage) },
      { path: 'workers/:workerId', ...page(async () => (await import('./worker-page.tsx')).WorkerPage) },
      { path: 'bookings', ...page(async () => (await import('./customer-page.tsx')).CustomerPage) },
      { path: 'bookings/:bookingId', ...page(async () => (await import('./booking-page.tsx')).BookingPage) },
      { path: 'jobs/new', ...page(async () => (await import('./post-job-page.tsx')).PostJobPage) },
      { path: 'jobs/:jobId', ...page(async () => (await import('./job-page.tsx')).JobPage) },
      {
        path: 'worker',
        ...page(async () => (await import('./worker-dashboard-page.tsx')).WorkerDashboardPage),
      },
      { path: 'worker/offers', ...page(async () => (await import('./offers-page.tsx')).OffersPage) },
      {
        path: 'worker/profile',
        ...page(async () => (await import('./worker-profile-page.tsx')).WorkerProfilePage),
      },
      {
        path: 'worker/services',
        ...page(async () => (await import('./worker-services-page.tsx')).WorkerServicesPage),
      },
      {
        path: 'worker/availability',
        ...page(async () => (await import('./availability-page.tsx')).AvailabilityPage),
      },
      { path: 'admin/payouts', ...page(async () => (await import('./payouts-page.tsx')).PayoutsPage) },
      {
        path: 'admin/awaiting-payment',
        ...page(async () => (await import('./awaiting-payment-page.tsx')).AwaitingPaymentPage),
      },
    ],
  },
];
