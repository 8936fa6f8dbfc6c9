import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { messageThread } from '../../../contracts/market.ts';
import type { Context } from '../../context.ts';
import { marketBookings, marketJobs, marketMessages } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { recordAudit } from '../audit/index.ts';
import { type CoopAccess, can, loadCoopAccess } from '../coops/index.ts';
import { notFound, people, signedIn, UUID } from './common.ts';
import { jobBookings } from './jobs.ts';

// Messages between the two parties of a booking or a job: plain text, kept, shown as a thread.
// Nobody else reads them, except the co-op's admins once a party has reported a dispute, and every
// such reading is written to the audit log.

type Thread = { kind: 'booking' | 'job'; id: string };
type Parties = {
  parties: string[];
  disputed: boolean;
  subjectType: string;
  /** A job's customer; its other party is whichever worker holds it now. */
  customer?: string;
  /** Earlier workers of a job and when they held it (their bookings were cancelled). */
  earlier?: { accountId: string; from: Date; to: Date }[];
};

async function partiesOf(ctx: Context, coopId: string, thread: Thread): Promise<Parties | null> {
  if (!UUID.test(thread.id)) return null;
  if (thread.kind === 'booking') {
    const [b] = await ctx.db
      .select()
      .from(marketBookings)
      .where(and(eq(marketBookings.coopId, coopId), eq(marketBookings.id, thread.id)));
    if (!b) return null;
    return {
      parties: [b.customerAccountId, b.workerAccountId],
      disputed: b.disputeReportedAt !== null,
      subjectType: 'market_booking',
    };
  }
  const [j] = await ctx.db
    .select()
    .from(marketJobs)
    .where(and(eq(marketJobs.coopId, coopId), eq(marketJobs.id, thread.id)));
  if (!j) return null;
  const bookings = await jobBookings(ctx.db, j);
  const b = bookings.find((x) => x.id === j.bookingId);
  return {
    parties: [j.customerAccountId, ...(b ? [b.workerAccountId] : [])],
    disputed: b?.disputeReportedAt != null,
    subjectType: 'market_job',
    customer: j.customerAccountId,
    earlier: bookings
      .filter((x) => x.id !== j.bookingId && x.status === 'cancelled')
      .map((x) => ({
        accountId: x.workerAccountId,
        from: x.respondedAt ?? x.requestedAt,
        to: x.cancelledAt ?? x.requestedAt,
      })),
  };
}

function threadWhere(coopId: string, thread: Thread) {
  return and(
    eq(marketMessages.coopId, coopId),
    thread.kind === 'booking' ? eq(marketMessages.bookingId, thread.id) : eq(marketMessages.jobId, thread.id),
  );
}

function refused(thread: Thread) {
  return thread.kind === 'booking'
    ? notFound('BOOKING_NOT_FOUND', 'No such booking.')
    : notFound('JOB_NOT_FOUND', 'No such job.');
}

async function access(ctx: Context, actor: Actor, slug: string): Promise<CoopAccess> {
  const a = await loadCoopAccess(ctx.db, slug, actor);
  signedIn(a);
  return a;
}

export async function readThread(
  ctx: Context,
  actor: Actor,
  slug: string,
  thread: Thread,
): Promise<z.infer<typeof messageThread>> {
  const a = await access(ctx, actor, slug);
  const coopId = a.coop.id;
  const p = await partiesOf(ctx, coopId, thread);
  if (!p) throw refused(thread);
  const party = p.parties.includes(a.accountId!);
  const asAdmin = !party && p.disputed && can(a, 'market.moderate');
  if (!party && !asAdmin) throw refused(thread);
  const all = await ctx.db
    .select()
    .from(marketMessages)
    .where(threadWhere(coopId, thread))
    .orderBy(asc(marketMessages.createdAt));
  // A job that went back to dispatch has had more than one worker. The one who holds it now reads
  // the customer's notes for whoever takes it, not what the customer and an earlier worker said.
  const rows =
    party && p.customer !== undefined && a.accountId !== p.customer
      ? all.filter(
          (m) =>
            (m.authorAccountId === a.accountId || m.authorAccountId === p.customer) &&
            !(p.earlier ?? []).some((e) => m.createdAt >= e.from && m.createdAt < e.to),
        )
      : all;
  if (asAdmin) {
    await ctx.db.transaction(async (tx) => {
      await recordAudit(tx, {
        coopId,
        actorId: a.accountId,
        action: 'market.dispute_messages_read',
        subjectType: p.subjectType,
        subjectId: thread.id,
        data: { messages: rows.length },
        visibility: 'admins',
        at: ctx.clock(),
      });
    });
  }
  const names = await people(
    ctx.db,
    rows.map((r) => r.authorAccountId),
  );
  return {
    readAsAdmin: asAdmin,
    messages: rows.map((r) => ({
      id: r.id,
      authorAccountId: r.authorAccountId,
      authorDisplayName: names.get(r.authorAccountId)?.displayName ?? '',
      body: r.body,
      createdAt: r.createdAt.toISOString(),
      mine: r.authorAccountId === a.accountId,
    })),
  };
}

export async function postMessage(
  ctx: Context,
  actor: Actor,
  slug: string,
  thread: Thread,
  input: { body: string },
): Promise<z.infer<typeof messageThread>> {
  const a = await access(ctx, actor, slug);
  const coopId = a.coop.id;
  const p = await partiesOf(ctx, coopId, thread);
  if (!p?.parties.includes(a.accountId!)) throw refused(thread);
  const now = ctx.clock();
  const id = ctx.newId();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(marketMessages).values({
      coopId,
      id,
      ...(thread.kind === 'booking' ? { bookingId: thread.id } : { jobId: thread.id }),
      authorAccountId: a.accountId!,
      body: input.body,
      createdAt: now,
    });
    // The event records that a message was sent, not what it says.
    await recordAudit(tx, {
      coopId,
      actorId: a.accountId,
      action: 'market.message_sent',
      subjectType: p.subjectType,
      subjectId: thread.id,
      data: { messageId: id, length: input.body.length },
      visibility: 'admins',
      at: now,
    });
  });
  return readThread(ctx, actor, slug, thread);
}
