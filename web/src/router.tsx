import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/layout.tsx';
import { RouteErrorPage } from './features/errors/route-error-page.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { useSession } from './lib/session.tsx';

/** Pages for people who are not signed in; a signed-in visitor goes home instead. */
function GuestOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  return session.account ? <Navigate to="/" replace /> : children;
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
