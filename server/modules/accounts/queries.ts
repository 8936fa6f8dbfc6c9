import { eq, sql } from 'drizzle-orm';
import type { AccountView } from '../../../contracts/accounts.ts';
import type { Executor } from '../../db/client.ts';
import { accounts } from '../../db/schema/index.ts';

export type AccountRow = typeof accounts.$inferSelect;

export async function findAccountByEmail(db: Executor, email: string): Promise<AccountRow | undefined> {
  const rows = await db.select().from(accounts).where(sql`lower(${accounts.email}) = ${email.toLowerCase()}`);
  return rows[0];
}

export async function findAccountById(db: Executor, id: string): Promise<AccountRow | undefined> {
  const rows = await db.select().from(accounts).where(eq(accounts.id, id));
  return rows[0];
}

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    isOperator: row.isOperator,
    createdAt: row.createdAt.toISOString(),
  };
}
