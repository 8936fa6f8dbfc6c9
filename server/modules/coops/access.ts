import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Executor, runStatement, statement } from '../../db/client.ts';
import { coopRoles, coops, memberships } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { noConstitution, type Policy, policyOf } from './constitution.ts';

export type CoopRow = typeof coops.$inferSelect;
export type CoopRole = 'board' | 'admin' | `committee:${string}`;

/** What an actor is within one co-op; the input of every co-op policy check. */
export type CoopAccess = {
  coop: CoopRow;
  accountId: string | null;
  isOperator: boolean;
  membership: { id: string; memberNumber: number; classKey: string; status: 'active' | 'leaving' } | null;
  roles: CoopRole[];
};

export async function findCoopBySlug(db: Executor, slug: string): Promise<CoopRow | undefined> {
  const rows = await db.select().from(coops).where(eq(coops.slug, slug));
  return rows[0];
}

export async function requireCoop(db: Executor, slug: string): Promise<CoopRow> {
  const coop = await findCoopBySlug(db, slug);
  if (!coop)
    throw new AppError('not_found', 'COOP_NOT_FOUND', `No co-op is hosted here at "${slug}".`, {
      field: 'slug',
    });
  return coop;
}

// Reads the member register and the role table (owned by the members module) for authorization only.
export async function coopAccess(db: Executor, coop: CoopRow, actor: Actor): Promise<CoopAccess> {
  if (actor.kind !== 'account') {
    return { coop, accountId: null, isOperator: false, membership: null, roles: [] };
  }
  const [member] = await db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.coopId, coop.id),
        eq(memberships.accountId, actor.accountId),
        inArray(memberships.status, ['active', 'leaving']),
      ),
    );
  const roles = await db
    .select({ role: coopRoles.role })
    .from(coopRoles)
    .where(
      and(
        eq(coopRoles.coopId, coop.id),
        eq(coopRoles.accountId, actor.accountId),
        isNull(coopRoles.revokedAt),
      ),
    );
  return {
    coop,
    accountId: actor.accountId,
    isOperator: actor.isOperator,
    membership: member
      ? {
          id: member.id,
          memberNumber: member.memberNumber,
          classKey: member.classKey,
          status: member.status as 'active' | 'leaving',
        }
      : null,
    roles: roles.map((r) => r.role as CoopRole),
  };
}

/** Resolves the co-op by slug and the actor's standing in it, in one call for routes and use cases. */
export async function loadCoopAccess(db: Executor, slug: string, actor: Actor): Promise<CoopAccess> {
  return coopAccess(db, await requireCoop(db, slug), actor);
}

const scopeQuery = statement<{
  id: string;
  slug: string;
  name: string;
  mission: string;
  sector: string;
  currency: string;
  time_zone: string;
  default_language: string;
  founded_by: string | null;
  created_at: string;
  member_id: string | null;
  member_number: number | null;
  class_key: string | null;
  member_status: string | null;
  roles: string[];
  head: { version: number; effectiveFrom: string; documentHash: string } | null;
}>(
  'coops.scope',
  sql`select c.id, c.slug, c.name, c.mission, c.sector, c.currency, c.time_zone, c.default_language,
        c.founded_by, c.created_at,
        m.id as member_id, m.member_number, m.class_key, m.status as member_status,
        array(select r.role from coop_roles r where r.coop_id = c.id
          and r.account_id = ${sql.placeholder('accountId')}::uuid and r.revoked_at is null order by r.role) as roles,
        (select json_build_object('version', v.version, 'effectiveFrom', v.effective_from, 'documentHash', v.document_hash)
          from constitution_versions v where v.coop_id = c.id and v.effective_from <= ${sql.placeholder('at')}::timestamptz
          order by v.version desc limit 1) as head
      from coops c
      left join memberships m on m.coop_id = c.id and m.account_id = ${sql.placeholder('accountId')}::uuid
        and m.status in ('active', 'leaving')
      where c.slug = ${sql.placeholder('slug')}`,
);

/**
 * The co-op, the actor's standing in it and the version of the constitution in force at `at`, in
 * one round trip (the document itself comes from the per-process cache of parsed versions). The
 * hot paths (search, quotes, booking requests) start here.
 */
export async function loadCoopScope(
  db: Executor,
  slug: string,
  actor: Actor,
  at: Date,
): Promise<{ access: CoopAccess; policy: Policy }> {
  const accountId = actor.kind === 'account' ? actor.accountId : null;
  const [row] = await runStatement(db, scopeQuery, { slug, accountId, at: at.toISOString() });
  if (!row)
    throw new AppError('not_found', 'COOP_NOT_FOUND', `No co-op is hosted here at "${slug}".`, {
      field: 'slug',
    });
  const access: CoopAccess = {
    coop: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      mission: row.mission,
      sector: row.sector,
      currency: row.currency,
      timeZone: row.time_zone,
      defaultLanguage: row.default_language,
      foundedBy: row.founded_by,
      createdAt: new Date(row.created_at),
    },
    accountId,
    isOperator: actor.kind === 'account' && actor.isOperator,
    membership:
      row.member_id !== null && row.member_number !== null && row.class_key !== null
        ? {
            id: row.member_id,
            memberNumber: row.member_number,
            classKey: row.class_key,
            status: row.member_status as 'active' | 'leaving',
          }
        : null,
    roles: row.roles as CoopRole[],
  };
  if (!row.head) throw noConstitution();
  const policy = await policyOf(db, row.id, {
    version: row.head.version,
    effectiveFrom: new Date(row.head.effectiveFrom),
    documentHash: row.head.documentHash,
  });
  return { access, policy };
}
