import type { Context } from '../context.ts';
import { processDueLeavings } from '../modules/members/index.ts';

export type Task = { name: string; everyMs: number; run: (ctx: Context) => Promise<unknown> };

// Work that falls due with time. Each task is idempotent and catches up after downtime (it acts on
// everything due, not on what became due since the last run), so several processes may run it.
export const tasks: Task[] = [
  { name: 'members.process-due-leavings', everyMs: 60_000, run: processDueLeavings },
];

export function startScheduler(ctx: Context, list: Task[] = tasks): { stop: () => Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const timers = list.map((task) => {
    const tick = () => {
      const p = task
        .run(ctx)
        .catch((error: unknown) => ctx.logger.error({ err: error, task: task.name }, 'scheduled task failed'))
        .finally(() => running.delete(p));
      running.add(p);
    };
    tick();
    const timer = setInterval(tick, task.everyMs);
    timer.unref();
    return timer;
  });
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}
