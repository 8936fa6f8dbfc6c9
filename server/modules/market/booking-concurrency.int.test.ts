import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createMarketWorker, foundTemplateCoop } from '../../../test/factories.ts';
import { errorOf, startTestServer, type TestServer } from '../../../test/http.ts';
import { queryRows } from '../../db/client.ts';

// Races only mean something with real connections: on the PostgreSQL server, not on PGlite.
describe.runIf(process.env.TEST_DATABASE_URL)('one slot, fifty customers at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('books the slot exactly once; the other 49 get a clean 409 BOOKING_OVERLAP', async () => {
    const ctx = server.ctx;
    ctx.testClock.now = new Date('2026-03-02T09:00:00Z');
    const coop = await foundTemplateCoop(ctx, { sector: 'home-services' });
    const { serviceId, workerId } = await createMarketWorker(ctx, coop, { bufferMinutes: 15 });
    // Non-members may book in a home-services co-op, so fifty fresh accounts will do.
    const agents = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const account = await createAccount(ctx, { email: `racer-${i}-${Date.now()}@example.test` });
        const agent = server.agent();
        await agent.post('/api/auth/sign-in', { email: account.email, password: 'correct horse battery' });
        return agent;
      }),
    );
    // Each customer asks for a slightly different time; all of them overlap 10:00–11:00 Madrid.
    const replies = await Promise.all(
      agents.map((agent, i) =>
        agent.post(`/api/coops/${coop.slug}/bookings`, {
          serviceId,
          startsAt: new Date(Date.parse('2026-03-03T09:00:00Z') + (i % 3) * 15 * 60_000).toISOString(),
        }),
      ),
    );
    const ok = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 409);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(errorOf(r)).toMatchObject({ code: 'BOOKING_OVERLAP', field: 'startsAt' });
    const [row] = await queryRows<{ n: string }>(
      ctx.db,
      sql`select count(*)::text as n from market_bookings where coop_id = ${coop.coopId} and worker_id = ${workerId}`,
    );
    expect(row?.n).toBe('1');
    const [audit] = await queryRows<{ n: string }>(
      ctx.db,
      sql`select count(*)::text as n from audit_events where coop_id = ${coop.coopId} and action = 'market.booking_requested'`,
    );
    expect(audit?.n).toBe('1');
  });
});
