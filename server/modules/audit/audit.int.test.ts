import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dbError, type TestContext } from '../../../test/db.ts';
import { createAccount } from '../../../test/factories.ts';
import { NIL_UUID } from '../../lib/ids.ts';
import { recordAudit, verifyChain } from './index.ts';
import { GENESIS_HASH, legacyEventHash } from './record-event.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.database.close();
});

describe('audit chain', () => {
  it('links every event to the one before and verifies on a fresh database', async () => {
    expect(await verifyChain(ctx.db)).toMatchObject({ ok: true, events: 0 });
    await createAccount(ctx);
    await createAccount(ctx);
    const report = await verifyChain(ctx.db);
    expect(report).toMatchObject({ ok: true, events: 2 });
  });

  it('keeps a separate chain per co-op', async () => {
    const coopId = ctx.newId();
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await recordAudit(tx, {
          coopId,
          actorId: null,
          action: 'test.event',
          subjectType: 'test',
          data: { i },
          visibility: 'public',
          at: ctx.clock(),
        });
      }
    });
    expect(await verifyChain(ctx.db, coopId)).toMatchObject({ ok: true, events: 3 });
  });

  it('refuses updates and deletes, even in hand-written SQL', async () => {
    expect(await dbError(ctx.db.execute(sql`update audit_events set action = 'x' where seq = 1`))).toMatch(
      /append-only/,
    );
    expect(await dbError(ctx.db.execute(sql`delete from audit_events`))).toMatch(/append-only/);
  });

  it('rolls the event back with the change it records', async () => {
    const before = await verifyChain(ctx.db);
    await expect(
      ctx.db.transaction(async (tx) => {
        await recordAudit(tx, {
          actorId: null,
          action: 'test.rolled_back',
          subjectType: 'test',
          visibility: 'admins',
          at: ctx.clock(),
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyChain(ctx.db)).toMatchObject({ ok: true, events: before.events });
  });

  it('finds the first tampered event', async () => {
    await createAccount(ctx);
    // Someone with database access bypasses the trigger and rewrites history.
    await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(
        sql`update audit_events set data = '{"forged":true}'::jsonb where coop_id = ${NIL_UUID} and seq = 2`,
      );
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    const report = await verifyChain(ctx.db);
    expect(report).toMatchObject({ ok: false, brokenAt: 2, reason: 'event content does not match its hash' });
  });

  it('continues a chain written in the first hash format, and the verifier checks both', async () => {
    const coopId = ctx.newId();
    const at = new Date('2026-01-05T10:00:00.000Z');
    let prev = GENESIS_HASH;
    for (const seq of [1, 2]) {
      const fields = {
        coopId,
        seq,
        at,
        actorId: null,
        action: 'test.legacy',
        subjectType: 'test',
        subjectId: null,
        data: { seq },
        visibility: 'admins',
      };
      const hash = legacyEventHash(prev, fields);
      await ctx.db.execute(sql`insert into audit_events (coop_id, seq, at, actor_id, action, subject_type, subject_id, data, visibility, prev_hash, hash)
        values (${coopId}, ${seq}, ${at.toISOString()}, null, 'test.legacy', 'test', null, ${JSON.stringify({ seq })}::jsonb, 'admins', ${prev}, ${hash})`);
      prev = hash;
    }
    await ctx.db.execute(sql`insert into audit_heads (coop_id, seq, hash) values (${coopId}, 2, ${prev})`);
    await ctx.db.transaction((tx) =>
      recordAudit(tx, {
        coopId,
        actorId: null,
        action: 'test.new',
        subjectType: 'test',
        visibility: 'admins',
        at,
      }),
    );
    expect(await verifyChain(ctx.db, coopId)).toMatchObject({ ok: true, events: 3 });

    await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(
        sql`update audit_events set data = '{"seq":9}'::jsonb where coop_id = ${coopId} and seq = 1`,
      );
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    expect(await verifyChain(ctx.db, coopId)).toMatchObject({ ok: false, brokenAt: 1 });
  });
});
