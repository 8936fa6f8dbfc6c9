import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';

// Which proxy speaks for whom. A member's proxy for a proposal is the appointment made for that
// proposal if there is one, otherwise their standing appointment (until revoked).

/** The account that may vote for `memberId` on `proposalId`, or null. */
export async function effectiveProxyOf(
  db: Executor,
  coopId: string,
  memberId: string,
  proposalId: string,
): Promise<string | null> {
  const rows = await queryRows<{ proxy_id: string }>(
    db,
    sql`select proxy_id from governance_proxies
        where coop_id = ${coopId} and member_id = ${memberId} and revoked_at is null
          and (proposal_id = ${proposalId} or proposal_id is null)
        order by (proposal_id is null) limit 1`,
  );
  return rows[0]?.proxy_id ?? null;
}

/** Members whose proxy on `proposalId` is `proxyId`. */
export async function membersRepresentedBy(
  db: Executor,
  coopId: string,
  proxyId: string,
  proposalId: string,
): Promise<string[]> {
  const rows = await queryRows<{ member_id: string }>(
    db,
    sql`select p.member_id from governance_proxies p
        where p.coop_id = ${coopId} and p.proxy_id = ${proxyId} and p.revoked_at is null
          and (p.proposal_id = ${proposalId}
               or (p.proposal_id is null and not exists (
                     select 1 from governance_proxies q
                     where q.coop_id = p.coop_id and q.member_id = p.member_id and q.revoked_at is null
                       and q.proposal_id = ${proposalId})))`,
  );
  return rows.map((r) => r.member_id);
}

/** Whether `accountId` has appointed anyone (standing, or for `proposalId` when given). */
export async function hasAppointedProxy(
  db: Executor,
  coopId: string,
  accountId: string,
  proposalId: string | null,
): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select 1 as n from governance_proxies
        where coop_id = ${coopId} and member_id = ${accountId} and revoked_at is null
          and (proposal_id is null ${proposalId ? sql`or proposal_id = ${proposalId}` : sql`or true`})
        limit 1`,
  );
  return rows.length > 0;
}

/** Whether anyone has appointed `accountId` (standing, or for `proposalId` when given). */
export async function holdsProxies(
  db: Executor,
  coopId: string,
  accountId: string,
  proposalId: string | null,
): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select 1 as n from governance_proxies
        where coop_id = ${coopId} and proxy_id = ${accountId} and revoked_at is null
          and (proposal_id is null ${proposalId ? sql`or proposal_id = ${proposalId}` : sql`or true`})
        limit 1`,
  );
  return rows.length > 0;
}
