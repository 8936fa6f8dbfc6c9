import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/db.ts';
import { createAccount, createCoop } from '../../../test/factories.ts';
import {
  ensurePersonalAccount,
  hledgerJournal,
  markPayoutPaid,
  postEntry,
  recordIncomingPayment,
  requestPayout,
  reverseEntry,
  toDecimal,
  trialBalance,
} from './index.ts';

// hledger is an independent implementation of double-entry accounting: if it reads our export and
// finds the same balance for every account, the export and our books agree. CI installs Debian's
// hledger; on a machine without it these tests are skipped with a message.
const hledger = spawnSync('hledger', ['--version'], { encoding: 'utf8' });
const hasHledger = hledger.status === 0;
if (!hasHledger)
  console.warn('hledger is not on the PATH: skipping the hledger export checks (apt-get install hledger)');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('hledger', args, { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `hledger balance` as a map from account name to its amount text ("-12.50 EUR"). */
function hledgerBalances(file: string): Map<string, string> {
  const out = run(['-f', file, 'balance', '--flat', '--empty', '--no-total', '-O', 'csv']);
  expect(out.stderr).toBe('');
  expect(out.status).toBe(0);
  const balances = new Map<string, string>();
  for (const line of out.stdout.trim().split('\n').slice(1)) {
    const m = /^"(.*)","(.*)"$/.exec(line.trim());
    if (m) balances.set(m[1]!.replaceAll('""', '"'), m[2]!.replaceAll('""', '"'));
  }
  return balances;
}

let ctx: TestContext;
let coop: Awaited<ReturnType<typeof createCoop>>;
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext();
  dir = mkdtempSync(join(tmpdir(), 'mutual-hledger-'));
  coop = await createCoop(ctx, { name: 'Recyclers: Bikes; and | Carts', timeZone: 'America/Mexico_City' });
  const ada = await createAccount(ctx, { displayName: 'Ada  "Lovelace": the; first' });
  const bo = await createAccount(ctx, { displayName: 'Bo Ng' });
  let n = 0;
  const at = (iso: string) => new Date(iso);
  await ctx.db.transaction(async (tx) => {
    const adaShare = await ensurePersonalAccount(tx, ctx, {
      coopId: coop.id,
      kind: 'share_capital',
      ownerAccountId: ada.id,
      label: ada.displayName,
    });
    const boShare = await ensurePersonalAccount(tx, ctx, {
      coopId: coop.id,
      kind: 'share_capital',
      ownerAccountId: bo.id,
      label: bo.displayName,
    });
    const adaPay = await ensurePersonalAccount(tx, ctx, {
      coopId: coop.id,
      kind: 'worker_payable',
      ownerAccountId: ada.id,
      label: ada.displayName,
    });
    for (const [share, when] of [
      [adaShare, '2025-11-03T15:00:00Z'],
      [boShare, '2026-01-02T05:30:00Z'], // still 1 January in Mexico City
    ] as const) {
      n += 1;
      await recordIncomingPayment(tx, ctx, {
        coopId: coop.id,
        provider: 'manual',
        amount: 2500n,
        currency: 'EUR',
        reference: `TRF-${n}`,
        idempotencyKey: `share-${n}`,
        creditAccountId: share,
        kind: 'share_purchase',
        description: 'Member share;\nwelcome | thanks',
        actorId: null,
        occurredAt: at(when),
      });
    }
    const booking = await postEntry(tx, ctx, {
      coopId: coop.id,
      idempotencyKey: 'booking-1',
      kind: 'booking_settlement',
      description: 'Pickup: 40 kg, route 7',
      occurredAt: at('2026-02-10T18:00:00Z'),
      actorId: null,
      link: { type: 'booking', id: 'bk,1' },
      policyVersion: 2,
      postings: [
        { account: { code: '1000' }, amount: 12_345n, currency: 'EUR' },
        { account: { id: adaPay }, amount: -11_111n, currency: 'EUR' },
        { account: { code: '4000' }, amount: -1234n, currency: 'EUR' },
      ],
    });
    await postEntry(tx, ctx, {
      coopId: coop.id,
      idempotencyKey: 'wrong-fee',
      kind: 'adjustment',
      description: 'Fee booked twice',
      occurredAt: at('2026-02-11T18:00:00Z'),
      actorId: null,
      postings: [
        { account: { code: '1000' }, amount: 1234n, currency: 'EUR' },
        { account: { code: '4000' }, amount: -1234n, currency: 'EUR' },
      ],
    });
    const wrong = await postEntry(tx, ctx, {
      coopId: coop.id,
      idempotencyKey: 'wrong-fee-2',
      kind: 'expense',
      description: 'Van repair',
      occurredAt: at('2026-02-12T18:00:00Z'),
      actorId: null,
      postings: [
        { account: { code: '5100' }, amount: 4999n, currency: 'EUR' },
        { account: { code: '1000' }, amount: -4999n, currency: 'EUR' },
      ],
    });
    await reverseEntry(tx, ctx, {
      coopId: coop.id,
      entryId: wrong.entryId,
      idempotencyKey: 'rev-1',
      actorId: null,
    });
    const payout = await requestPayout(tx, ctx, {
      coopId: coop.id,
      provider: 'manual',
      amount: 11_111n,
      currency: 'EUR',
      debitAccountId: adaPay,
      idempotencyKey: 'po-1',
      description: 'Earnings',
      actorId: null,
      link: { type: 'booking', id: booking.entryId },
    });
    await markPayoutPaid(tx, ctx, {
      coopId: coop.id,
      paymentId: payout.paymentId,
      reference: 'OUT-1',
      actorId: null,
      occurredAt: at('2026-03-01T12:00:00Z'),
    });
  });
});

afterAll(async () => {
  await ctx?.database.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasHledger)('hledger reads the export and agrees with our balances', () => {
  const periods: [string, { from?: string; to?: string }][] = [
    ['all history', {}],
    ['a period with opening balances', { from: '2026-01-01', to: '2026-02-28' }],
    ['a period starting mid-way', { from: '2026-02-11' }],
  ];

  it.each(periods)('%s', async (label, period) => {
    const text = await hledgerJournal(ctx.db, { coopId: coop.id, ...period });
    const file = join(dir, `${label.replaceAll(' ', '-')}.journal`);
    writeFileSync(file, text);
    const check = run(['-f', file, 'check']);
    expect(check.stderr, text).toBe('');
    expect(check.status).toBe(0);
    const strict = run(['-f', file, 'check', '--strict', 'ordereddates']);
    expect(strict.stderr, text).toBe('');
    expect(strict.status).toBe(0);

    const theirs = hledgerBalances(file);
    const ours = await trialBalance(ctx.db, { coopId: coop.id, ...period });
    const names = [...text.matchAll(/^account (.+?) {2}; type:\w, code:(\S+)$/gm)].map(
      (m) => [m[2]!, m[1]!] as const,
    );
    const nameOf = new Map(names);
    let compared = 0;
    for (const line of ours.lines) {
      const closing = BigInt(line.closing);
      const theirText = theirs.get(nameOf.get(line.code)!) ?? '0';
      const expected = closing === 0n ? '0' : `${toDecimal(closing, 'EUR')} EUR`;
      expect(theirText, `${line.code} ${line.name}`).toBe(expected);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(10);
    // Nothing in hledger's books that ours lack.
    for (const [name, amount] of theirs) {
      if (amount !== '0') expect([...nameOf.values()]).toContain(name);
    }
  });

  it('dates entries in the co-op’s time zone and keeps tags and descriptions on one line', async () => {
    const text = await hledgerJournal(ctx.db, { coopId: coop.id });
    expect(text).toMatch(
      /^2026-01-01 \* \([0-9a-f-]{36}\) Member share, welcome \/ thanks {2}; kind:share_purchase/m,
    );
    expect(text).toMatch(/link:booking\/bk_1/);
    const report = run(['-f', join(dir, 'all-history.journal'), 'register', 'tag:kind=reversal']);
    expect(report.stdout).toContain('Reversal of');
  });
});
