import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Label–value pairs as a description list, two columns from small screens up. */
export function Facts({ items, testId }: { items: { label: string; value: ReactNode }[]; testId?: string }) {
  return (
    <SimpleGrid
      component="dl"
      cols={{ base: 1, xs: 2 }}
      spacing="md"
      verticalSpacing="sm"
      m={0}
      data-testid={testId}
    >
      {items.map((item) => (
        <Stack key={item.label} gap={0}>
          <Text component="dt" size="sm" c="dimmed">
            {item.label}
          </Text>
          <Text component="dd" m={0} fw={600}>
            {item.value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
