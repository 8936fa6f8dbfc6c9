import type { Context } from '../context.ts';
import {
  closeDueVotes,
  enactDue,
  openDueVotes,
  sendDigests,
  sendReminders,
} from '../modules/governance/index.ts';
import {
  autoConfirmCompleted,
  expireOffers,
  expireStaleBookings,
  flagServicesBelowFloor,
  refreshRecentWork,
  sendDayBeforeReminders,
} from '../modules/market/index.ts';
import { processDueLeavings } from '../modules/members/index.ts';

export type Task = { name: string; everyMs: number; run: (ctx: Context) => Promise<unknown> };

// Work that falls due with time. Each task is idempotent and catches up after downtime (it acts on
// everything due, not on what became due since the last run), so several processes may run it.
export const tasks: Task[] = [
  { name: 'members.process-due-leavings', everyMs: 60_000, run: processDueLeavings },
  // Governance: open voting at its time (and file admission proposals), close and count at its time,
  // remind non-voters 24 h before the close, send weekly digests, enact decisions at their effective time.
  { name: 'governance.open-due-votes', everyMs: 30_000, run: openDueVotes },
  { name: 'governance.close-due-votes', everyMs: 30_000, run: closeDueVotes },
  { name: 'governance.send-reminders', everyMs: 300_000, run: sendReminders },
  { name: 'governance.send-digests', everyMs: 3_600_000, run: sendDigests },
  { name: 'governance.enact-due', everyMs: 60_000, run: enactDue },
  // Market: hide services a raised pay floor left behind, lapse unconfirmed bookings at their start,
  // remind both parties the day before, settle completed work 48 h after it was marked done.
  { name: 'market.flag-services-below-floor', everyMs: 60_000, run: flagServicesBelowFloor },
  { name: 'market.expire-stale-bookings', everyMs: 60_000, run: expireStaleBookings },
  { name: 'market.day-before-reminders', everyMs: 300_000, run: sendDayBeforeReminders },
  { name: 'market.auto-confirm-completed', everyMs: 300_000, run: autoConfirmCompleted },
  // A job offer nobody answered in time goes to the next worker by dispatch score.
  { name: 'market.expire-offers', everyMs: 30_000, run: expireOffers },
  // Each worker's hours in the fairness window, which search ranking reads.
  { name: 'market.refresh-recent-work', everyMs: 300_000, run: refreshRecentWork },
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
    const timer = setInterval(tick, ctx.config.schedulerTickMs ?? task.everyMs);
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
