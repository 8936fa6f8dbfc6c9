import { inArray } from 'drizzle-orm';
import type { ConstitutionDocument } from '../../../contracts/constitution.ts';
import { formatMoney } from '../../../contracts/money.ts';
import type { Executor } from '../../db/client.ts';
import { accounts } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { CoopAccess, Policy } from '../coops/index.ts';

// Rules shared by the market's use cases: who may sell and buy under the constitution, categories
// and their floors, and the people behind account ids.

export type Category = ConstitutionDocument['market']['categories'][number];

export function signedIn(access: CoopAccess): string {
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
  return access.accountId;
}

/** The signed-in person, who must hold a membership in a class that may sell services. */
export function requireSeller(access: CoopAccess, policy: Policy): string {
  const accountId = signedIn(access);
  const cls = access.membership
    ? policy.document.memberClasses.find((c) => c.key === access.membership!.classKey)
    : undefined;
  if (!cls?.maySell) {
    throw new AppError(
      'forbidden',
      'NOT_A_SELLER',
      'Only members of a class that may sell services can offer work here.',
    );
  }
  return accountId;
}

/** The signed-in person, if the constitution lets them buy: members of a buying class, or anyone when non-members may buy. */
export function requireBuyer(access: CoopAccess, policy: Policy): string {
  const accountId = signedIn(access);
  if (access.membership) {
    const cls = policy.document.memberClasses.find((c) => c.key === access.membership!.classKey);
    if (cls?.mayBuy) return accountId;
    throw new AppError('forbidden', 'MAY_NOT_BUY', 'Members of your class may not book services here.');
  }
  if (!policy.document.market.nonMembersMayBuy) {
    throw new AppError(
      'forbidden',
      'MAY_NOT_BUY',
      'Only members of this co-op can book its services. Join first.',
    );
  }
  return accountId;
}

export function sellingClasses(policy: Policy): string[] {
  return policy.document.memberClasses.filter((c) => c.maySell).map((c) => c.key);
}

export function findCategory(policy: Policy, key: string): Category | undefined {
  return policy.document.market.categories.find((c) => c.key === key);
}

export function requireCategory(policy: Policy, key: string, field = 'categoryKey'): Category {
  const category = findCategory(policy, key);
  if (!category) {
    throw new AppError('rule', 'UNKNOWN_CATEGORY', `This co-op offers no category "${key}".`, { field });
  }
  return category;
}

export function floorMessage(category: Category, currency: string, version: number): string {
  return `The pay floor for ${category.name} is ${formatMoney(category.minHourlyRate, currency)} an hour, set by version ${version} of the constitution`;
}

export type Person = { id: string; email: string; displayName: string };

export async function people(db: Executor, ids: string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: accounts.id, email: accounts.email, displayName: accounts.displayName })
    .from(accounts)
    .where(inArray(accounts.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function person(db: Executor, id: string): Promise<Person> {
  const found = (await people(db, [id])).get(id);
  if (!found) throw new Error(`account ${id} not found`);
  return found;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function notFound(code: string, message: string): AppError {
  return new AppError('not_found', code, message);
}

export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function ratingSummary(total: number, count: number): { average: string | null; count: number } {
  return { average: count > 0 ? (total / count).toFixed(2) : null, count };
}
