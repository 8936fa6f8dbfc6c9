import type { RouteObject } from 'react-router';

// The admin ledger pages under /c/:slug, each loaded on first visit.
export const ledgerRoutes: RouteObject[] = [
  {
    path: 'admin/ledger',
    lazy: async () => ({ Component: (await import('./reports-page.tsx')).LedgerReportsPage }),
  },
  {
    path: 'admin/ledger/journal',
    lazy: async () => ({ Component: (await import('./journal-page.tsx')).LedgerJournalPage }),
  },
  {
    path: 'admin/ledger/entries/:entryId',
    lazy: async () => ({ Component: (await import('./entry-page.tsx')).LedgerEntryPage }),
  },
  {
    path: 'admin/ledger/accounts',
    lazy: async () => ({ Component: (await import('./accounts-page.tsx')).LedgerAccountsPage }),
  },
  {
    path: 'admin/ledger/accounts/:code',
    lazy: async () => ({ Component: (await import('./account-page.tsx')).LedgerAccountPage }),
  },
  {
    path: 'admin/ledger/payments',
    lazy: async () => ({ Component: (await import('./payments-page.tsx')).LedgerPaymentsPage }),
  },
];
