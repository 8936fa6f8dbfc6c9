import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { ledgerEntries } from '../../db/schema/index.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { checkAmountRange, checkCurrency, money } from './amounts.ts';
import type { LedgerContext } from './chart.ts';
import { isUniqueViolation, ledgerDbError } from './errors.ts';

/** Kinds the platform posts; the database accepts any lower_snake_case kind so modules can add theirs. */
export type EntryKind =
  | 'share_purchase'
  | 'share_redemption'
  | 'membership_fee'
  | 'booking_payment'
  | 'booking_settlement'
  | 'payment_received'
  | 'payout'
  | 'refund'
  | 'dividend'
  | 'surplus_allocation'
  | 'expense'
  | 'opening_balance'
  | 'adjustment'
  | 'reversal';

export type AccountRef = { code: string } | { id: string };

export type PostingInput = { account: AccountRef; amount: bigint; currency: string };

export type PostEntryInput = {
  coopId: string;
  /** Unique per co-op; the same key again returns the first entry and posts nothing. */
  idempotencyKey: string;
  /** One of EntryKind, or another lower_snake_case kind a module adds. */
  kind: string;
  description: string;
  occurredAt: Date;
  actorId: string | null;
  link?: { type: string; id: string };
  policyVersion?: number;
  reversesEntryId?: string;
  /** Debit positive, credit negative, in minor units; they must sum to zero per currency. */
  postings: PostingInput[];
};

export type PostEntryResult = { entryId: string; created: boolean };

const KIND = /^[a-z][a-z0-9_]{0,39}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_POSTINGS = 100;
// Entries may be dated back (a transfer seen on last week's statement) but not into the future.
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

function rule(code: string, message: string, field?: string): AppError {
  return new AppError('rule', code, message, field ? { field } : {});
}

/** Checks everything that needs no database; throws a 422 AppError naming the field at fault. */
export function checkEntryShape(input: PostEntryInput, now: Date): void {
  const key = input.idempotencyKey;
  if (
    typeof key !== 'string' ||
    key.length < 1 ||
    key.length > 200 ||
    !/^[\x20-\x7e\u00a0-\uffff]+$/.test(key)
  ) {
    throw rule(
      'IDEMPOTENCY_KEY_INVALID',
      'Give an idempotency key of 1 to 200 printable characters.',
      'idempotencyKey',
    );
  }
  if (!KIND.test(input.kind)) throw rule('ENTRY_KIND_INVALID', 'An entry kind is lower_snake_case.', 'kind');
  const description = input.description.trim();
  if (description.length < 1 || description.length > 500) {
    throw rule('DESCRIPTION_INVALID', 'Describe the entry in 1 to 500 characters.', 'description');
  }
  if (!(input.occurredAt instanceof Date) || Number.isNaN(input.occurredAt.getTime())) {
    throw rule('DATE_INVALID', 'The entry needs a valid date.', 'occurredAt');
  }
  if (input.occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw rule(
      'DATE_IN_FUTURE',
      'An entry records what happened; it cannot be dated in the future.',
      'occurredAt',
    );
  }
  if (input.link) {
    if (!KIND.test(input.link.type))
      throw rule('LINK_INVALID', 'A link type is lower_snake_case.', 'link.type');
    if (input.link.id.length < 1 || input.link.id.length > 200) {
      throw rule('LINK_INVALID', 'A link id has 1 to 200 characters.', 'link.id');
    }
  }
  if (
    input.policyVersion !== undefined &&
    (!Number.isInteger(input.policyVersion) || input.policyVersion < 1)
  ) {
    throw rule('POLICY_VERSION_INVALID', 'A policy version is a positive integer.', 'policyVersion');
  }
  if (input.reversesEntryId !== undefined && !UUID.test(input.reversesEntryId)) {
    throw rule('ENTRY_UNKNOWN', 'The entry to reverse does not exist.', 'reversesEntryId');
  }
  const postings = input.postings;
  if (!Array.isArray(postings) || postings.length < 2) {
    throw rule('ENTRY_TOO_FEW_POSTINGS', 'An entry has at least two postings.', 'postings');
  }
  if (postings.length > MAX_POSTINGS) {
    throw rule('ENTRY_TOO_MANY_POSTINGS', `An entry has at most ${MAX_POSTINGS} postings.`, 'postings');
  }
  const totals = new Map<string, bigint>();
  postings.forEach((p, i) => {
    if (typeof p.amount !== 'bigint')
      throw rule('AMOUNT_INVALID', 'Amounts are integers.', `postings.${i}.amount`);
    checkAmountRange(p.amount, `postings.${i}.amount`);
    if (p.amount === 0n)
      throw rule('AMOUNT_ZERO', 'A posting moves a non-zero amount.', `postings.${i}.amount`);
    checkCurrency(p.currency, `postings.${i}.currency`);
    totals.set(p.currency, (totals.get(p.currency) ?? 0n) + p.amount);
  });
  const off = [...totals].filter(([, total]) => total !== 0n);
  if (off.length > 0 && totals.size > 1) {
    throw rule(
      'CURRENCIES_MIXED',
      `The postings mix ${[...totals.keys()].join(' and ')}; each currency must balance on its own.`,
      'postings',
    );
  }
  if (off.length > 0) {
    throw rule(
      'ENTRY_UNBALANCED',
      `Debits and credits differ: the postings sum to ${off.map(([c, t]) => `${t} ${c}`).join(', ')} instead of zero.`,
      'postings',
    );
  }
}

type ResolvedAccount = { id: string; code: string; currency: string; closed: boolean; placeholder: boolean };
type Existing = { id: string; requestHash: string };

/**
 * One round trip for what a posting needs to know first: the entry an earlier request with this
 * idempotency key posted, if any, and the accounts the postings name.
 */
async function lookUp(
  tx: Tx,
  input: PostEntryInput,
): Promise<{ existing: Existing | undefined; rows: ResolvedAccount[] }> {
  const codes = new Set<string>();
  const ids = new Set<string>();
  for (const p of input.postings) {
    if ('id' in p.account) {
      if (UUID.test(p.account.id)) ids.add(p.account.id.toLowerCase());
    } else codes.add(p.account.code);
  }
  const conditions = [sql`false`];
  if (codes.size > 0)
    conditions.push(
      sql`code in (${sql.join(
        [...codes].map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  if (ids.size > 0)
    conditions.push(
      sql`id in (${sql.join(
        [...ids].map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  const rows = await queryRows<ResolvedAccount & { what: 'entry' | 'account' }>(
    tx,
    sql`select 'entry' as what, id::text as id, request_hash as code, null as currency, null as closed, null as placeholder
          from ledger_entries where coop_id = ${input.coopId} and idempotency_key = ${input.idempotencyKey}
        union all
        select 'account', id::text, code, currency, closed_at is not null, placeholder
          from ledger_accounts where coop_id = ${input.coopId} and (${sql.join(conditions, sql` or `)})`,
  );
  const entry = rows.find((r) => r.what === 'entry');
  return {
    existing: entry ? { id: entry.id, requestHash: entry.code } : undefined,
    rows: rows.filter((r) => r.what === 'account'),
  };
}

function resolveAccounts(postings: PostingInput[], rows: ResolvedAccount[]): ResolvedAccount[] {
  return postings.map((p, i) => {
    const account =
      'id' in p.account
        ? rows.find((r) => r.id === (p.account as { id: string }).id.toLowerCase())
        : rows.find((r) => r.code === (p.account as { code: string }).code);
    if (!account) throw unknownAccount(i);
    if (account.currency !== p.currency) {
      throw rule(
        'CURRENCY_MISMATCH',
        `Account ${account.code} keeps ${account.currency}; this posting is in ${p.currency}.`,
        `postings.${i}.currency`,
      );
    }
    if (account.closed)
      throw rule('ACCOUNT_CLOSED', `Account ${account.code} is closed.`, `postings.${i}.account`);
    if (account.placeholder) {
      throw rule(
        'ACCOUNT_NOT_POSTABLE',
        `Account ${account.code} only groups sub-accounts; post to one of them.`,
        `postings.${i}.account`,
      );
    }
    return account;
  });
}

function unknownAccount(i: number): AppError {
  return rule('ACCOUNT_UNKNOWN', 'This co-op has no such account.', `postings.${i}.account`);
}

function requestHash(input: PostEntryInput, accounts: ResolvedAccount[]): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        kind: input.kind,
        link: input.link ?? null,
        reverses: input.reversesEntryId ?? null,
        postings: input.postings.map((p, i) => [accounts[i]!.id, p.amount.toString(), p.currency]),
      }),
    )
    .digest('hex');
}

async function existingEntry(tx: Tx, coopId: string, key: string): Promise<Existing | undefined> {
  const [row] = await tx
    .select({ id: ledgerEntries.id, requestHash: ledgerEntries.requestHash })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.coopId, coopId), eq(ledgerEntries.idempotencyKey, key)));
  return row;
}

function keyReused(): AppError {
  return new AppError(
    'conflict',
    'IDEMPOTENCY_KEY_REUSED',
    'This idempotency key was already used for a different entry.',
    { field: 'idempotencyKey' },
  );
}

/**
 * Posts one balanced journal entry and its audit event in the caller's transaction. A repeated
 * idempotency key returns the first entry (`created: false`) and writes nothing.
 */
export async function postEntry(tx: Tx, ctx: LedgerContext, input: PostEntryInput): Promise<PostEntryResult> {
  const now = ctx.clock();
  checkEntryShape(input, now);
  const { existing, rows: accountRows } = await lookUp(tx, input);
  if (existing) {
    let accounts: ResolvedAccount[] | null = null;
    try {
      accounts = resolveAccounts(input.postings, accountRows);
    } catch {
      // An account closed since the first request: the first result still stands.
    }
    if (accounts && existing.requestHash !== requestHash(input, accounts)) throw keyReused();
    return { entryId: existing.id, created: false };
  }
  const accounts = resolveAccounts(input.postings, accountRows);
  if (input.reversesEntryId) await checkReversible(tx, input.coopId, input.reversesEntryId);
  const hash = requestHash(input, accounts);
  const entryId = ctx.newId();
  // Postings in account-id order, so that two entries touching the same accounts lock them in the
  // same order and never deadlock; line numbers keep the caller's order.
  const lines = input.postings
    .map((p, i) => ({
      line: i + 1,
      accountId: accounts[i]!.id,
      amount: p.amount.toString(),
      currency: p.currency,
    }))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.line - b.line));
  let inserted: { entry_id: string }[];
  try {
    // The entry and its postings in one statement; on a concurrent duplicate key nothing is inserted.
    inserted = await queryRows<{ entry_id: string }>(
      tx,
      sql`with entry as (
            insert into ledger_entries (coop_id, id, idempotency_key, request_hash, kind, description, occurred_at,
              recorded_at, actor_id, link_type, link_id, policy_version, reverses_entry_id)
            values (${input.coopId}, ${entryId}, ${input.idempotencyKey}, ${hash}, ${input.kind},
              ${input.description.trim()}, ${input.occurredAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
              ${input.actorId}::uuid, ${input.link?.type ?? null}, ${input.link?.id ?? null},
              ${input.policyVersion ?? null}::integer, ${input.reversesEntryId ?? null}::uuid)
            on conflict (coop_id, idempotency_key) do nothing
            returning coop_id, id)
          insert into ledger_postings (coop_id, entry_id, line, account_id, amount, currency)
          select entry.coop_id, entry.id, v.line, v.account_id, v.amount, v.currency
          from entry cross join (values ${sql.join(
            lines.map(
              (l, order) =>
                sql`(${order}::integer, ${l.line}::smallint, ${l.accountId}::uuid, ${l.amount}::bigint, ${l.currency}::text)`,
            ),
            sql`, `,
          )}) as v(ord, line, account_id, amount, currency)
          order by v.ord
          returning entry_id`,
    );
  } catch (error) {
    if (isUniqueViolation(error, 'ledger_entries_reverses_key')) {
      throw new AppError('conflict', 'ENTRY_ALREADY_REVERSED', 'This entry has already been reversed.', {
        field: 'reversesEntryId',
      });
    }
    throw ledgerDbError(error);
  }
  if (inserted.length === 0) {
    // A concurrent request with the same key committed first.
    const first = await existingEntry(tx, input.coopId, input.idempotencyKey);
    if (!first) throw new Error('idempotency conflict without a visible entry');
    if (first.requestHash !== hash) throw keyReused();
    return { entryId: first.id, created: false };
  }
  // Last, so the co-op's audit chain head is locked only for the end of the transaction.
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'ledger.entry_posted',
    subjectType: 'ledger_entry',
    subjectId: entryId,
    data: {
      kind: input.kind,
      occurredAt: input.occurredAt.toISOString(),
      link: input.link ?? null,
      reverses: input.reversesEntryId ?? null,
      postings: input.postings.map((p, i) => ({
        account: accounts[i]!.code,
        amount: p.amount.toString(),
        currency: p.currency,
      })),
    },
    visibility: 'admins',
    at: now,
  });
  return { entryId, created: true };
}

async function checkReversible(tx: Tx, coopId: string, entryId: string): Promise<void> {
  const [row] = await queryRows<{ reversed: boolean }>(
    tx,
    sql`select exists (select 1 from ledger_entries r where r.coop_id = e.coop_id and r.reverses_entry_id = e.id) as reversed
        from ledger_entries e where e.coop_id = ${coopId} and e.id = ${entryId}`,
  );
  if (!row) throw rule('ENTRY_UNKNOWN', 'The entry to reverse does not exist.', 'reversesEntryId');
  if (row.reversed) {
    throw new AppError('conflict', 'ENTRY_ALREADY_REVERSED', 'This entry has already been reversed.', {
      field: 'reversesEntryId',
    });
  }
}

/** Posts the mirror image of an entry (every amount negated), linked to it; an entry is reversed once. */
export async function reverseEntry(
  tx: Tx,
  ctx: LedgerContext,
  input: {
    coopId: string;
    entryId: string;
    idempotencyKey: string;
    description?: string;
    occurredAt?: Date;
    actorId: string | null;
  },
): Promise<PostEntryResult> {
  if (!UUID.test(input.entryId)) throw new AppError('not_found', 'ENTRY_UNKNOWN', 'No such entry.');
  const [original] = await tx
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.coopId, input.coopId), eq(ledgerEntries.id, input.entryId)));
  if (!original) throw new AppError('not_found', 'ENTRY_UNKNOWN', 'No such entry.');
  const postings = await queryRows<{ account_id: string; amount: string; currency: string }>(
    tx,
    sql`select account_id, amount::text as amount, currency from ledger_postings
        where coop_id = ${input.coopId} and entry_id = ${input.entryId} order by line`,
  );
  return postEntry(tx, ctx, {
    coopId: input.coopId,
    idempotencyKey: input.idempotencyKey,
    kind: 'reversal',
    description: input.description?.trim() || `Reversal of: ${original.description}`.slice(0, 500),
    occurredAt: input.occurredAt ?? ctx.clock(),
    actorId: input.actorId,
    ...(original.linkType && original.linkId
      ? { link: { type: original.linkType, id: original.linkId } }
      : {}),
    ...(original.policyVersion !== null ? { policyVersion: original.policyVersion } : {}),
    reversesEntryId: original.id,
    postings: postings.map((p) => ({
      account: { id: p.account_id },
      amount: -money(p.amount),
      currency: p.currency,
    })),
  });
}
