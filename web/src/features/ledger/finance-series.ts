import { currencyExponent } from '../../../../contracts/money.ts';
import type { FinancesView } from './ledger-api.ts';

// The public figures as chart series. Charts draw numbers, so each amount is also kept as its exact
// string of minor units for every text (tooltips, summaries); the number only places a bar or a point.

export const PLATFORM_FEES = '4000';
export const RESERVES = '3100';
export const COMMUNITY_FUND = '3200';

export type MonthPoint = {
  month: string;
  revenue: number;
  fees: number | null;
  surplus: number;
  payouts: number | null;
  reserves: number | null;
  fund: number | null;
  exact: {
    revenue: string;
    fees: string | null;
    surplus: string;
    payouts: string | null;
    reserves: string | null;
    fund: string | null;
  };
};

/** Minor units as a number of major units, for drawing only. */
export function toNumber(minor: string, currency: string): number {
  return Number(minor) / 10 ** currencyExponent(currency);
}

function sum(values: (string | null)[]): bigint {
  return values.reduce<bigint>((total, v) => total + BigInt(v ?? '0'), 0n);
}

/** One point per month, oldest first, with what the charts draw. */
export function monthPoints(finances: FinancesView): MonthPoint[] {
  const account = (code: string) => {
    const found = finances.accounts.find((a) => a.code === code);
    return found && !found.suppressed ? new Map(found.months.map((m) => [m.month, m])) : null;
  };
  const fees = account(PLATFORM_FEES);
  const reserves = account(RESERVES);
  const fund = account(COMMUNITY_FUND);
  const c = finances.currency;
  const num = (minor: string | null) => (minor === null ? null : toNumber(minor, c));
  return finances.months.map((m) => {
    const exact = {
      revenue: m.revenue,
      fees: fees ? (fees.get(m.month)?.movement ?? '0') : null,
      surplus: m.surplus,
      payouts: m.payouts,
      reserves: reserves ? (reserves.get(m.month)?.balance ?? '0') : null,
      fund: fund ? (fund.get(m.month)?.balance ?? '0') : null,
    };
    return {
      month: m.month,
      revenue: toNumber(m.revenue, c),
      fees: num(exact.fees),
      surplus: toNumber(m.surplus, c),
      payouts: num(exact.payouts),
      reserves: num(exact.reserves),
      fund: num(exact.fund),
      exact,
    };
  });
}

/** The figures each chart's text summary states, exactly. */
export function seriesSummary(points: MonthPoint[]) {
  const best = points.reduce<MonthPoint | null>(
    (top, p) => (BigInt(p.exact.revenue) > BigInt(top?.exact.revenue ?? '0') ? p : top),
    null,
  );
  const last = points.at(-1) ?? null;
  return {
    revenue: sum(points.map((p) => p.exact.revenue)).toString(),
    fees: points.some((p) => p.exact.fees !== null) ? sum(points.map((p) => p.exact.fees)).toString() : null,
    surplus: sum(points.map((p) => p.exact.surplus)).toString(),
    payouts: sum(points.map((p) => p.exact.payouts)).toString(),
    withheldMonths: points.filter((p) => p.exact.payouts === null).length,
    bestMonth: best ? { month: best.month, revenue: best.exact.revenue } : null,
    last,
  };
}
