import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways inside its own box on narrow screens instead of widening the page.
 * The box is a labelled, focusable region so keyboard users can scroll it too.
 */
export function ScrollTable({
  label,
  minWidth,
  children,
  ...props
}: { label: string; minWidth: number; children: ReactNode } & TableProps) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      <Table striped highlightOnHover verticalSpacing="xs" {...props}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
