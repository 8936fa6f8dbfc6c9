import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/db.ts';
import { queryRows, runStatement, statement } from './client.ts';

// Named statements exist on the PostgreSQL server; PGlite runs the same statements unnamed.
const onServer = Boolean(process.env.TEST_DATABASE_URL);

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.db.execute(
    sql`create table statement_probe (id int primary key, at timestamptz not null, amount bigint not null)`,
  );
});
afterAll(async () => {
  await ctx?.database.close();
});

const insertProbe = statement<{ id: number; at: string; amount: string }>(
  'test.statement-probe-insert',
  sql`insert into statement_probe (id, at, amount)
      values (${sql.placeholder('id')}, ${sql.placeholder('at')}, ${sql.placeholder('amount')})
      returning id, at, amount::text as amount`,
);

describe('hot-path statements', () => {
  it('refuses a second statement under a name already given, whatever its text', () => {
    expect(() => statement('test.statement-probe-insert', sql`select 1`)).toThrow(/defined twice/);
  });

  it('passes dates and bigints exactly, and runs on the transaction it is given', async () => {
    const at = new Date('2026-03-02T09:15:30.123Z');
    const [row] = await runStatement(ctx.db, insertProbe, { id: 1, at, amount: 9_007_199_254_740_993n });
    expect(row!.id).toBe(1);
    expect(new Date(row!.at).toISOString()).toBe(at.toISOString());
    expect(row!.amount).toBe('9007199254740993');

    // Inside a transaction it runs on that transaction's connection: it rolls back with it.
    await expect(
      ctx.db.transaction(async (tx) => {
        await runStatement(tx, insertProbe, { id: 2, at, amount: 1n });
        const seen = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from statement_probe`);
        expect(seen[0]!.n).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const left = await queryRows<{ id: number }>(ctx.db, sql`select id from statement_probe order by id`);
    expect(left.map((r) => r.id)).toEqual([1]);
  });

  it.runIf(onServer)('is prepared once per connection on the PostgreSQL server, under its name', async () => {
    await ctx.db.transaction(async (tx) => {
      await runStatement(tx, insertProbe, { id: 3, at: new Date(), amount: 3n });
      await runStatement(tx, insertProbe, { id: 4, at: new Date(), amount: 4n });
      const prepared = await queryRows<{ name: string }>(
        tx,
        sql`select name from pg_prepared_statements where name = 'test.statement-probe-insert'`,
      );
      expect(prepared).toHaveLength(1);
    });
  });
});
