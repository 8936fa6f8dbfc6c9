import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'done'; data: T }
  | { state: 'failed'; error: unknown };

/**
 * Runs `load` on mount, again whenever `load` changes, and on `reload()`, keeping only the latest
 * answer. A reload keeps showing the data it has until the fresh answer arrives, so a page that
 * refreshes after an action does not flash a spinner or lose what the person was doing.
 */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> & { reload(): void } {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const source = useRef(load);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` changes only to ask for a reload.
  useEffect(() => {
    let current = true;
    const reloading = source.current === load;
    source.current = load;
    setResult((previous) => (reloading && previous.state === 'done' ? previous : { state: 'loading' }));
    load().then(
      (data) => current && setResult({ state: 'done', data }),
      (error: unknown) => current && setResult({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [load, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...result, reload };
}
