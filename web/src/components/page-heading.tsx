import { rem, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// The first page of a visit keeps the browser's natural focus; after that, each client-side
// navigation moves focus to the new page's heading so screen readers announce the change.
let visitedOnePage = false;

/** The page's single h1, which also names the browser tab. */
export function PageHeading({ children, documentTitle }: { children: string; documentTitle?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  const title = documentTitle ?? children;

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);

  useEffect(() => {
    if (visitedOnePage) ref.current?.focus();
    visitedOnePage = true;
  }, []);

  return (
    <Title order={1} ref={ref} tabIndex={-1} fz={{ base: rem(26), sm: rem(34) }} style={{ outline: 'none' }}>
      {children}
    </Title>
  );
}
