import { type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { RouterProvider } from 'react-router/dom';
import { SessionProvider } from './lib/session.tsx';
import { router } from './router.tsx';

const theme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps white text on filled buttons, and teal links on white, above the 4.5:1 ratio.
  primaryShade: 9,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

// Mantine's default "dimmed" grey and error red are below the WCAG AA ratio on white; use darker ones. Light
// teal buttons (teal 9 text) get the palest teal behind them, and a hovered filled button turns darker
// rather than lighter (teal 8 under white text is below 4.5:1), so text stays readable in every state.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-teal-light': 'var(--mantine-color-teal-0)',
    '--mantine-color-teal-light-hover': 'var(--mantine-color-teal-1)',
    '--mantine-color-teal-filled-hover': '#066a4c',
  },
  dark: {},
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-center" />
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </MantineProvider>
  );
}
