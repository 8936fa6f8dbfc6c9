import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The public reference data lives beside the project (../shared/conformance). A user's clone does not
// have it; conformance suites then skip with a message instead of failing.
export const conformanceRoot = resolve(import.meta.dirname, '..', '..', 'shared', 'conformance');

export function conformancePath(...parts: string[]): string | null {
  const path = join(conformanceRoot, ...parts);
  if (!existsSync(path)) {
    console.warn(`conformance data not found at ${path}: skipping these reference cases`);
    return null;
  }
  return path;
}
