// Shared helpers of the benchmarks: run work for a while on N concurrent loops, summarise latency.

export type Timing = { count: number; seconds: number; perSecond: number; latencies: number[] };

/** Runs `work` in `concurrency` loops for `seconds`; each loop starts the next call when one ends. */
export async function runFor(
  seconds: number,
  concurrency: number,
  work: () => Promise<unknown>,
): Promise<Timing> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await work();
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - start) / 1000;
  return { count: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, latencies };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function ratio(value: number, baseline: number): string {
  return `${((100 * value) / baseline).toFixed(0)} %`;
}

/** The same server URL with another database name. */
export function serverUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
