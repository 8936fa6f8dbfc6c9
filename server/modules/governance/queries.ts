import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ConstitutionChange, CoopRoleName } from '../../../contracts/constitution.ts';
import type {
  EnactmentDetails,
  EnactmentView,
  FrozenRules,
  ProposalKind,
  ProposalStatus,
} from '../../../contracts/governance.ts';
import type { Executor } from '../../db/client.ts';
import { accounts, proposalOptions, proposalSeconds, proposals, voterRoll } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';

export type ProposalRow = typeof proposals.$inferSelect;
export type OptionRow = typeof proposalOptions.$inferSelect;
export type RollRow = typeof voterRoll.$inferSelect;

/** Kind-specific content kept in `payload`. */
export type Payload =
  | { kind: 'resolution' }
  | {
      kind: 'policy' | 'bylaws';
      changes: Record<string, unknown>;
      diff: ConstitutionChange[];
      effectiveAt: string | null;
    }
  | { kind: 'admission'; applicationId: string }
  | { kind: 'expulsion'; membershipId: string }
  | { kind: 'election'; role: CoopRoleName; seats: number; termMonths: number }
  | { kind: 'budget'; amount: string };

/** The enactment as stored on the proposal (and shown, through `enactmentOf`). */
export type Enactment = {
  status: 'pending' | 'enacted' | 'not_enacted' | 'nothing_to_enact';
  at: string | null;
  reason: string | null;
  details: EnactmentDetails | null;
};

/**
 * The proposal's enactment as members see it. Details written before they carried their `kind` (an
 * object of the proposal kind's fields, or `{}`) are read by the proposal's kind.
 */
export function enactmentOf(row: ProposalRow, currency: string): EnactmentView | null {
  const stored = row.enactment as (Omit<Enactment, 'details'> & { details: unknown }) | null;
  if (!stored) return null;
  return {
    status: stored.status,
    at: stored.at,
    reason: stored.reason,
    details: detailsOf(row, stored.details, currency),
  };
}

function detailsOf(row: ProposalRow, value: unknown, currency: string): EnactmentDetails | null {
  if (typeof value !== 'object' || value === null || Object.keys(value).length === 0) return null;
  const d = value as Record<string, unknown>;
  if (typeof d.kind === 'string') return d as EnactmentDetails;
  if (Array.isArray(d.conflicts)) return { kind: 'conflict', ...d } as EnactmentDetails;
  const kind = kindOf(row);
  switch (kind) {
    case 'policy':
    case 'bylaws':
    case 'election':
    case 'admission':
      return { kind, ...d } as EnactmentDetails;
    case 'expulsion':
      return { kind, currency, ...d } as EnactmentDetails;
    case 'budget':
      return { kind, currency, entryId: null, funded: [], ...d } as unknown as EnactmentDetails;
    case 'resolution':
      return null;
  }
}

export const payloadOf = (row: ProposalRow): Payload => row.payload as Payload;
export const kindOf = (row: ProposalRow): ProposalKind => row.kind as ProposalKind;
export const statusOf = (row: ProposalRow): ProposalStatus => row.status as ProposalStatus;
export const frozenRulesOf = (row: ProposalRow): FrozenRules | null =>
  (row.rules as FrozenRules | null) ?? null;

export const OPEN_STATUSES: ProposalStatus[] = ['draft', 'seconding', 'discussion', 'voting'];
export const BEFORE_VOTING: ProposalStatus[] = ['draft', 'seconding', 'discussion'];

export async function findProposal(
  db: Executor,
  coopId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ProposalRow> {
  const query = db
    .select()
    .from(proposals)
    .where(and(eq(proposals.coopId, coopId), eq(proposals.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) {
    throw new AppError('not_found', 'PROPOSAL_NOT_FOUND', 'No such proposal in this co-op.', {
      field: 'proposalId',
    });
  }
  return row;
}

export async function listOptions(
  db: Executor,
  coopId: string,
  proposalId: string,
  options: { includeWithdrawn?: boolean } = {},
): Promise<OptionRow[]> {
  const rows = await db
    .select()
    .from(proposalOptions)
    .where(
      and(
        eq(proposalOptions.coopId, coopId),
        eq(proposalOptions.proposalId, proposalId),
        options.includeWithdrawn ? undefined : isNull(proposalOptions.withdrawnAt),
      ),
    )
    .orderBy(asc(proposalOptions.createdAt), asc(proposalOptions.key));
  return rows.sort((a, b) => keyNumber(a.key) - keyNumber(b.key));
}

const keyNumber = (key: string) => Number(key.slice(1)) || 0;

export async function secondsOf(db: Executor, coopId: string, proposalIds: string[]) {
  if (proposalIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ proposalId: proposalSeconds.proposalId, n: count() })
    .from(proposalSeconds)
    .where(and(eq(proposalSeconds.coopId, coopId), inArray(proposalSeconds.proposalId, proposalIds)))
    .groupBy(proposalSeconds.proposalId);
  return new Map(rows.map((r) => [r.proposalId, Number(r.n)]));
}

export async function hasSeconded(db: Executor, coopId: string, proposalId: string, accountId: string) {
  const rows = await db
    .select({ a: proposalSeconds.accountId })
    .from(proposalSeconds)
    .where(
      and(
        eq(proposalSeconds.coopId, coopId),
        eq(proposalSeconds.proposalId, proposalId),
        eq(proposalSeconds.accountId, accountId),
      ),
    );
  return rows.length > 0;
}

export async function displayNames(
  db: Executor,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: accounts.id, displayName: accounts.displayName })
    .from(accounts)
    .where(inArray(accounts.id, wanted));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export async function emailsOf(
  db: Executor,
  ids: string[],
): Promise<Map<string, { email: string; displayName: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: accounts.id, email: accounts.email, displayName: accounts.displayName })
    .from(accounts)
    .where(inArray(accounts.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { email: r.email, displayName: r.displayName }]));
}

export async function rollOf(db: Executor, coopId: string, proposalId: string): Promise<RollRow[]> {
  return db
    .select()
    .from(voterRoll)
    .where(and(eq(voterRoll.coopId, coopId), eq(voterRoll.proposalId, proposalId)));
}

export async function rollCounts(db: Executor, coopId: string, proposalIds: string[]) {
  if (proposalIds.length === 0) return new Map<string, { eligible: number; voted: number }>();
  const rows = await db
    .select({
      proposalId: voterRoll.proposalId,
      eligible: count(),
      voted: sql<number>`count(*) filter (where ${voterRoll.voted})`,
    })
    .from(voterRoll)
    .where(and(eq(voterRoll.coopId, coopId), inArray(voterRoll.proposalId, proposalIds)))
    .groupBy(voterRoll.proposalId);
  return new Map(rows.map((r) => [r.proposalId, { eligible: Number(r.eligible), voted: Number(r.voted) }]));
}

export async function rollEntry(db: Executor, coopId: string, proposalId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(voterRoll)
    .where(
      and(
        eq(voterRoll.coopId, coopId),
        eq(voterRoll.proposalId, proposalId),
        eq(voterRoll.accountId, accountId),
      ),
    );
  return row ?? null;
}
