import { and, eq, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows, type Tx } from '../../db/client.ts';
import { ledgerAccounts } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { checkCurrency } from './amounts.ts';
import { isUniqueViolation, ledgerDbError } from './errors.ts';

/** What the ledger needs from the composition root. */
export type LedgerContext = Pick<Context, 'clock' | 'newId'>;

export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';
export const ACCOUNT_TYPES: readonly AccountType[] = ['asset', 'liability', 'equity', 'revenue', 'expense'];
export type PersonalAccountKind = 'share_capital' | 'worker_payable';

/** +1 for accounts that grow with debits (assets, expenses), -1 for those that grow with credits. */
export function normalSign(type: string): 1n | -1n {
  return type === 'asset' || type === 'expense' ? 1n : -1n;
}

export const CHART_CODES = {
  bank: '1000',
  clearing: '1100',
  workerPayables: '2000',
  redemptionsPayable: '2100',
  dividendsPayable: '2200',
  projectsPayable: '2300',
  shareCapital: '3000',
  reserves: '3100',
  communityFund: '3200',
  platformFees: '4000',
  membershipFees: '4100',
  paymentProcessing: '5000',
  operatingExpenses: '5100',
} as const;

type ChartLine = { code: string; name: string; type: AccountType; placeholder?: boolean };

// Every co-op starts with this chart; 2000 and 3000 hold one sub-account per worker / member.
export const DEFAULT_CHART: readonly ChartLine[] = [
  { code: CHART_CODES.bank, name: 'Bank and cash', type: 'asset' },
  { code: CHART_CODES.clearing, name: 'Payment clearing', type: 'liability' },
  { code: CHART_CODES.workerPayables, name: 'Worker payables', type: 'liability', placeholder: true },
  { code: CHART_CODES.redemptionsPayable, name: 'Share redemptions payable', type: 'liability' },
  { code: CHART_CODES.dividendsPayable, name: 'Patronage dividends payable', type: 'liability' },
  // Funds a participatory budget earmarked for its projects until they are paid.
  { code: CHART_CODES.projectsPayable, name: 'Budget projects payable', type: 'liability' },
  { code: CHART_CODES.shareCapital, name: 'Member share capital', type: 'equity', placeholder: true },
  { code: CHART_CODES.reserves, name: 'Reserves', type: 'equity' },
  { code: CHART_CODES.communityFund, name: 'Community fund', type: 'equity' },
  { code: CHART_CODES.platformFees, name: 'Platform fee revenue', type: 'revenue' },
  { code: CHART_CODES.membershipFees, name: 'Membership fee revenue', type: 'revenue' },
  { code: CHART_CODES.paymentProcessing, name: 'Payment processing', type: 'expense' },
  { code: CHART_CODES.operatingExpenses, name: 'Operating expenses', type: 'expense' },
];

const PERSONAL_PARENT: Record<PersonalAccountKind, string> = {
  share_capital: CHART_CODES.shareCapital,
  worker_payable: CHART_CODES.workerPayables,
};

/** Creates a new co-op's chart of accounts, in the transaction that founds it. */
export async function createDefaultChart(
  tx: Tx,
  ctx: LedgerContext,
  input: { coopId: string; currency: string; actorId?: string | null },
): Promise<void> {
  checkCurrency(input.currency, 'currency');
  const existing = await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.coopId, input.coopId))
    .limit(1);
  if (existing.length > 0) {
    throw new AppError('conflict', 'LEDGER_CHART_EXISTS', 'This co-op already has a chart of accounts.');
  }
  const now = ctx.clock();
  await tx.insert(ledgerAccounts).values(
    DEFAULT_CHART.map((line) => ({
      coopId: input.coopId,
      id: ctx.newId(),
      code: line.code,
      name: line.name,
      type: line.type,
      currency: input.currency,
      placeholder: line.placeholder ?? false,
      createdAt: now,
    })),
  );
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId ?? null,
    action: 'ledger.chart_created',
    subjectType: 'ledger',
    subjectId: input.coopId,
    data: { currency: input.currency, codes: DEFAULT_CHART.map((l) => l.code) },
    visibility: 'members',
    at: now,
  });
}

function cleanLabel(label: string): string {
  const clean = label.replace(/\s+/g, ' ').trim().slice(0, 120);
  return clean || 'Unnamed';
}

/**
 * The id of a person's own sub-account (share capital under 3000, worker payable under 2000),
 * created on first use. Safe to call concurrently: the parent's row lock serialises numbering.
 */
export async function ensurePersonalAccount(
  tx: Tx,
  ctx: LedgerContext,
  input: {
    coopId: string;
    kind: PersonalAccountKind;
    ownerAccountId: string;
    label: string;
    actorId?: string | null;
  },
): Promise<string> {
  const find = async () => {
    const [row] = await tx
      .select({ id: ledgerAccounts.id })
      .from(ledgerAccounts)
      .where(
        and(
          eq(ledgerAccounts.coopId, input.coopId),
          eq(ledgerAccounts.ownerKind, input.kind),
          eq(ledgerAccounts.ownerAccountId, input.ownerAccountId),
        ),
      );
    return row?.id;
  };
  const found = await find();
  if (found) return found;

  const parentCode = PERSONAL_PARENT[input.kind];
  const [parent] = await queryRows<{ id: string; type: string; currency: string }>(
    tx,
    sql`select id, type, currency from ledger_accounts
        where coop_id = ${input.coopId} and code = ${parentCode} for no key update`,
  );
  if (!parent) {
    throw new AppError('rule', 'LEDGER_CHART_MISSING', `This co-op's chart has no account ${parentCode}.`);
  }
  // Another transaction may have created it while this one waited for the lock.
  const raced = await find();
  if (raced) return raced;

  const [next] = await queryRows<{ n: string | number }>(
    tx,
    sql`select coalesce(max(substring(code from '-([0-9]+)$')::int), 0) + 1 as n
        from ledger_accounts where coop_id = ${input.coopId} and parent_id = ${parent.id}`,
  );
  const code = `${parentCode}-${String(Number(next?.n ?? 1)).padStart(4, '0')}`;
  const id = ctx.newId();
  const now = ctx.clock();
  await tx.insert(ledgerAccounts).values({
    coopId: input.coopId,
    id,
    code,
    name: cleanLabel(input.label),
    type: parent.type,
    currency: parent.currency,
    parentId: parent.id,
    ownerKind: input.kind,
    ownerAccountId: input.ownerAccountId,
    createdAt: now,
  });
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId ?? null,
    action: 'ledger.account_opened',
    subjectType: 'ledger_account',
    subjectId: id,
    data: { code, kind: input.kind, ownerAccountId: input.ownerAccountId },
    visibility: 'admins',
    at: now,
  });
  return id;
}

// Codes people choose are digits with an optional dotted suffix; dashes are kept for the
// numbered personal sub-accounts, so the two can never collide.
const ADMIN_CODE = /^[0-9]{3,8}(\.[0-9]{1,4})?$/;

export type OpenAccountInput = {
  coopId: string;
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  parentCode?: string | null;
  actorId: string | null;
};

/** Adds an account to the chart (a co-op admin's decision). */
export async function openAccount(tx: Tx, ctx: LedgerContext, input: OpenAccountInput): Promise<string> {
  if (!ADMIN_CODE.test(input.code)) {
    throw new AppError(
      'rule',
      'ACCOUNT_CODE_INVALID',
      'An account code is 3 to 8 digits, optionally followed by a dot and up to 4 digits (e.g. 5150 or 5100.2).',
      { field: 'code' },
    );
  }
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (!name || name.length > 120) {
    throw new AppError('rule', 'ACCOUNT_NAME_INVALID', 'Give the account a name of 1 to 120 characters.', {
      field: 'name',
    });
  }
  if (!ACCOUNT_TYPES.includes(input.type)) {
    throw new AppError('rule', 'ACCOUNT_TYPE_INVALID', `The type is one of ${ACCOUNT_TYPES.join(', ')}.`, {
      field: 'type',
    });
  }
  checkCurrency(input.currency, 'currency');
  let parentId: string | null = null;
  if (input.parentCode) {
    const [parent] = await tx
      .select()
      .from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.coopId, input.coopId), eq(ledgerAccounts.code, input.parentCode)));
    if (!parent) {
      throw new AppError('rule', 'ACCOUNT_UNKNOWN', `There is no account ${input.parentCode}.`, {
        field: 'parentCode',
      });
    }
    if (parent.placeholder || parent.parentId !== null || parent.closedAt !== null) {
      throw new AppError(
        'rule',
        'PARENT_NOT_ALLOWED',
        'A new account may sit under an open top-level account that does not hold personal sub-accounts.',
        { field: 'parentCode' },
      );
    }
    if (parent.type !== input.type || parent.currency !== input.currency) {
      throw new AppError(
        'rule',
        'PARENT_MISMATCH',
        'A sub-account has the type and currency of its parent.',
        {
          field: 'parentCode',
        },
      );
    }
    parentId = parent.id;
  }
  const id = ctx.newId();
  const now = ctx.clock();
  try {
    await tx.insert(ledgerAccounts).values({
      coopId: input.coopId,
      id,
      code: input.code,
      name,
      type: input.type,
      currency: input.currency,
      parentId,
      createdAt: now,
    });
  } catch (error) {
    if (isUniqueViolation(error, 'ledger_accounts_code_key')) {
      throw new AppError('conflict', 'ACCOUNT_CODE_TAKEN', `Account code ${input.code} is taken.`, {
        field: 'code',
      });
    }
    throw error;
  }
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'ledger.account_opened',
    subjectType: 'ledger_account',
    subjectId: id,
    data: {
      code: input.code,
      name,
      type: input.type,
      currency: input.currency,
      parentCode: input.parentCode ?? null,
    },
    visibility: 'members',
    at: now,
  });
  return id;
}

/** Closes an empty account: no posting can reach it afterwards. Accounts are never deleted. */
export async function closeAccount(
  tx: Tx,
  ctx: LedgerContext,
  input: { coopId: string; code: string; actorId: string | null },
): Promise<void> {
  // The row lock makes "is it empty?" and "close it" one step against concurrent postings.
  const [row] = await queryRows<{
    id: string;
    balance: string;
    closed: boolean;
    open_children: number | string;
  }>(
    tx,
    sql`select a.id, a.balance::text as balance, a.closed_at is not null as closed,
          (select count(*) from ledger_accounts c
            where c.coop_id = a.coop_id and c.parent_id = a.id and c.closed_at is null) as open_children
        from ledger_accounts a where a.coop_id = ${input.coopId} and a.code = ${input.code}
        for no key update of a`,
  );
  if (!row)
    throw new AppError('not_found', 'ACCOUNT_UNKNOWN', `There is no account ${input.code}.`, {
      field: 'code',
    });
  if (row.closed)
    throw new AppError('conflict', 'ACCOUNT_CLOSED', `Account ${input.code} is already closed.`);
  if (Number(row.open_children) > 0) {
    throw new AppError('rule', 'ACCOUNT_HAS_OPEN_CHILDREN', 'Close its sub-accounts first.', {
      field: 'code',
    });
  }
  if (BigInt(row.balance) !== 0n) {
    throw new AppError('rule', 'ACCOUNT_NOT_EMPTY', 'Only an account with a zero balance can be closed.', {
      field: 'code',
    });
  }
  const now = ctx.clock();
  try {
    await tx
      .update(ledgerAccounts)
      .set({ closedAt: now })
      .where(and(eq(ledgerAccounts.coopId, input.coopId), eq(ledgerAccounts.id, row.id)));
  } catch (error) {
    throw ledgerDbError(error);
  }
  await recordAudit(tx, {
    coopId: input.coopId,
    actorId: input.actorId,
    action: 'ledger.account_closed',
    subjectType: 'ledger_account',
    subjectId: row.id,
    data: { code: input.code },
    visibility: 'members',
    at: now,
  });
}
