import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, Navigate, useSearchParams } from 'react-router';
import { Layout } from './components/layout.tsx';
import { RouteErrorPage } from './features/errors/route-error-page.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { ledgerRoutes } from './features/ledger/ledger-routes.tsx';
import { marketRoutes } from './features/market/market-routes.tsx';
import { safeNextPath } from './lib/next-path.ts';
import { useSession } from './lib/session.tsx';

/** Pages for people who are not signed in; a signed-in visitor goes where they were headed instead. */
function GuestOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  const [params] = useSearchParams();
  return session.account ? <Navigate to={safeNextPath(params.get('next'))} replace /> : children;
}

/** A co-op page, loaded on first visit with the co-op's own code. */
function coopPage(load: () => Promise<ComponentType>) {
  return { lazy: async () => ({ Component: await load() }) };
}

// The home page ships in the main bundle; the others load on first visit.
export const router = createBrowserRouter([
  {
    Component: Layout,
    ErrorBoundary: RouteErrorPage,
    children: [
      {
        ErrorBoundary: RouteErrorPage,
        children: [
          { index: true, Component: HomePage },
          {
            path: 'sign-up',
            lazy: async () => {
              const { SignUpPage } = await import('./features/accounts/sign-up-page.tsx');
              return {
                element: (
                  <GuestOnly>
                    <SignUpPage />
                  </GuestOnly>
                ),
              };
            },
          },
          {
            path: 'sign-in',
            lazy: async () => {
              const { SignInPage } = await import('./features/accounts/sign-in-page.tsx');
              return {
                element: (
                  <GuestOnly>
                    <SignInPage />
                  </GuestOnly>
                ),
              };
            },
          },
          {
            path: 'forgot-password',
            lazy: async () => ({
              Component: (await import('./features/accounts/forgot-password-page.tsx')).ForgotPasswordPage,
            }),
          },
          {
            path: 'reset-password',
            lazy: async () => ({
              Component: (await import('./features/accounts/reset-password-page.tsx')).ResetPasswordPage,
            }),
          },
          {
            path: 'found',
            lazy: async () => ({
              Component: (await import('./features/coops/found-coop-page.tsx')).FoundCoopPage,
            }),
          },
          {
            path: 'c/:slug',
            lazy: async () => ({ Component: (await import('./features/coops/coop-layout.tsx')).CoopLayout }),
            children: [
              {
                index: true,
                ...coopPage(async () => (await import('./features/coops/coop-home-page.tsx')).CoopHomePage),
              },
              {
                path: 'constitution',
                ...coopPage(
                  async () => (await import('./features/coops/constitution-page.tsx')).ConstitutionPage,
                ),
              },
              {
                path: 'finances',
                ...coopPage(async () => (await import('./features/coops/finances-page.tsx')).FinancesPage),
              },
              {
                path: 'join',
                ...coopPage(async () => (await import('./features/coops/join-page.tsx')).JoinPage),
              },
              {
                path: 'me',
                ...coopPage(
                  async () => (await import('./features/coops/my-membership-page.tsx')).MyMembershipPage,
                ),
              },
              {
                path: 'me/statement',
                ...coopPage(async () => (await import('./features/coops/statement-page.tsx')).StatementPage),
              },
              {
                path: 'members',
                ...coopPage(async () => (await import('./features/coops/register-page.tsx')).RegisterPage),
              },
              {
                path: 'admin/applications',
                ...coopPage(
                  async () => (await import('./features/coops/applications-page.tsx')).ApplicationsPage,
                ),
              },
              ...ledgerRoutes,
              ...marketRoutes,
              {
                path: 'proposals',
                ...coopPage(
                  async () => (await import('./features/governance/proposals-page.tsx')).ProposalsPage,
                ),
              },
              {
                path: 'proposals/new',
                ...coopPage(
                  async () => (await import('./features/governance/new-proposal-page.tsx')).NewProposalPage,
                ),
              },
              {
                path: 'proposals/:proposalId',
                ...coopPage(
                  async () => (await import('./features/governance/proposal-page.tsx')).ProposalPage,
                ),
              },
              {
                path: 'proposals/:proposalId/results',
                ...coopPage(async () => (await import('./features/governance/results-page.tsx')).ResultsPage),
              },
              {
                path: 'votes',
                ...coopPage(
                  async () => (await import('./features/governance/my-votes-page.tsx')).MyVotesPage,
                ),
              },
            ],
          },
          {
            path: '*',
            lazy: async () => ({
              Component: (await import('./features/errors/not-found-page.tsx')).NotFoundPage,
            }),
          },
        ],
      },
    ],
  },
]);
