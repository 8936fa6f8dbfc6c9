import { useMatches } from '@mantine/core';

/** Header buttons are a size smaller on phones so that the longest translations still fit in 320 px. */
export function useHeaderButtonSize(): 'compact-sm' | 'compact-md' {
  return useMatches({ base: 'compact-sm', sm: 'compact-md' });
}
