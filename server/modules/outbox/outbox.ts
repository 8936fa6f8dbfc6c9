import { and, asc, isNull, lte, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { runStatement, statement, type Tx } from '../../db/client.ts';
import { outbox } from '../../db/schema/index.ts';
import { type Email, MAX_ATTACHMENT_CHARS } from '../../lib/mailer.ts';

const insertEmail = statement(
  'outbox.email',
  sql`insert into outbox (id, kind, payload, created_at, available_at)
      values (${sql.placeholder('id')}, 'email', ${sql.placeholder('payload')}::jsonb, ${sql.placeholder('at')}, ${sql.placeholder('at')})`,
);

/**
 * Queues an email inside the caller's transaction; it leaves only if that transaction commits.
 * Attachments travel inside the row's payload, so they are capped: the outbox is not a file store.
 */
export async function enqueueEmail(
  tx: Tx,
  ctx: Pick<Context, 'newId' | 'clock'>,
  email: Email,
): Promise<void> {
  for (const a of email.attachments ?? []) {
    if (a.content.length > MAX_ATTACHMENT_CHARS) {
      throw new Error(`attachment ${a.filename} is over ${MAX_ATTACHMENT_CHARS} characters`);
    }
  }
  await runStatement(tx, insertEmail, {
    id: ctx.newId(),
    payload: JSON.stringify(email),
    at: ctx.clock().toISOString(),
  });
}

const MAX_ATTEMPTS = 8;

// Delivers what is due, one message per short transaction. `for update skip locked` lets several
// processes drain the same outbox without sending a message twice.
export async function deliverOutbox(ctx: Context, limit = 50): Promise<number> {
  let delivered = 0;
  for (let i = 0; i < limit; i++) {
    const done = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock();
      const [message] = await tx
        .select()
        .from(outbox)
        .where(
          and(isNull(outbox.sentAt), lte(outbox.availableAt, now), sql`${outbox.attempts} < ${MAX_ATTEMPTS}`),
        )
        .orderBy(asc(outbox.availableAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!message) return false;
      try {
        if (message.kind === 'email') await ctx.mailer.send(message.payload as Email);
        await tx
          .update(outbox)
          .set({ sentAt: now, deliveredVia: ctx.mailer.via, attempts: message.attempts + 1 })
          .where(sql`${outbox.id} = ${message.id}`);
      } catch (error) {
        const backoffMs = 2 ** message.attempts * 30_000;
        await tx
          .update(outbox)
          .set({
            attempts: message.attempts + 1,
            lastError: error instanceof Error ? error.message : String(error),
            availableAt: new Date(now.getTime() + backoffMs),
          })
          .where(sql`${outbox.id} = ${message.id}`);
        ctx.logger.warn({ outboxId: message.id, err: error }, 'outbox delivery failed; will retry');
      }
      return true;
    });
    if (!done) break;
    delivered++;
  }
  return delivered;
}

/** Starts the in-process deliverer: after each commit that queued something, and every few seconds. */
export function startOutboxDeliverer(
  ctx: Context,
  intervalMs = 5000,
): { kick: () => void; stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = deliverOutbox(ctx)
      .then(() => undefined)
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'outbox deliverer failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    kick: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
