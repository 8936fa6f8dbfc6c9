import { Box, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from 'recharts';
import { month as longMonth, money } from '../../lib/format.ts';
import { type MonthPoint, monthPoints, seriesSummary } from './finance-series.ts';
import type { FinancesView } from './ledger-api.ts';

// Colours are Mantine's darkest shades: each is above 3:1 against white (WCAG 1.4.11), and series that
// share a chart differ by pattern or line style as well, so no figure is told by colour alone.
const COLOURS = {
  revenue: '#087f5b', // teal 9, 5.0:1
  fees: '#1864ab', // blue 9, 6.1:1
  surplus: '#862e9c', // grape 9, 7.3:1
  payouts: '#364fc7', // indigo 9, 6.8:1
  reserves: '#087f5b',
  fund: '#1864ab',
} as const;
const AXIS_TEXT = '#495057'; // gray 7, 8.2:1
const GRID = '#dee2e6';
const HEIGHT = 230;

type SeriesKey = keyof MonthPoint['exact'];

function useAxisFormat() {
  const { i18n } = useTranslation();
  const compact = new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 });
  const short = new Intl.DateTimeFormat(i18n.language, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  return {
    value: (v: number) => compact.format(v),
    month: (yearMonth: string) => {
      const [y, m] = yearMonth.split('-').map(Number);
      return short.format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)));
    },
  };
}

/** A sample of how a series is drawn, for the legend: a filled or hatched box, a solid or dashed line. */
function Swatch({ kind, colour }: { kind: 'box' | 'hatched' | 'line' | 'dashed'; colour: string }) {
  return (
    <svg width="22" height="14" aria-hidden="true" focusable="false" style={{ flex: 'none' }}>
      {kind === 'box' ? <rect x="1" y="1" width="20" height="12" fill={colour} /> : null}
      {kind === 'hatched' ? (
        <>
          <rect
            x="1"
            y="1"
            width="20"
            height="12"
            fill="url(#mutual-hatch-legend)"
            stroke={colour}
            strokeWidth="1.5"
          />
          <defs>
            <pattern
              id="mutual-hatch-legend"
              width="5"
              height="5"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect width="5" height="5" fill={colour} />
              <line x1="0" y1="0" x2="0" y2="5" stroke="#fff" strokeWidth="2.5" />
            </pattern>
          </defs>
        </>
      ) : null}
      {kind === 'line' ? (
        <>
          <line x1="1" y1="7" x2="21" y2="7" stroke={colour} strokeWidth="2.5" />
          <circle cx="11" cy="7" r="3.5" fill={colour} />
        </>
      ) : null}
      {kind === 'dashed' ? (
        <>
          <line x1="1" y1="7" x2="21" y2="7" stroke={colour} strokeWidth="2.5" strokeDasharray="5 3" />
          <rect x="7.5" y="3.5" width="7" height="7" fill="#fff" stroke={colour} strokeWidth="2" />
        </>
      ) : null}
    </svg>
  );
}

function Legend({
  items,
}: {
  items: { label: string; kind: 'box' | 'hatched' | 'line' | 'dashed'; colour: string }[];
}) {
  return (
    <Group component="ul" gap="md" m={0} p={0} style={{ listStyle: 'none' }}>
      {items.map((item) => (
        <Group component="li" key={item.label} gap={6} wrap="nowrap">
          <Swatch kind={item.kind} colour={item.colour} />
          <Text size="sm">{item.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/**
 * A chart with its title, a legend in words, and a text summary of what it shows; the chart itself is
 * one image named by the title and described by the summary, and the table below gives every figure.
 */
function ChartFigure({
  id,
  title,
  summary,
  legend,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  legend: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper
      withBorder
      p="sm"
      component="figure"
      m={0}
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
    >
      <Stack gap="xs">
        <Title order={3} size="h5" id={`${id}-title`}>
          {title}
        </Title>
        <Box
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-summary`}
          h={HEIGHT}
          style={{ minWidth: 0 }}
        >
          {children}
        </Box>
        {legend}
        <Text component="figcaption" size="sm" id={`${id}-summary`} data-testid="chart-summary">
          {summary}
        </Text>
      </Stack>
    </Paper>
  );
}

type TooltipSeries = { key: SeriesKey; label: string }[];

/** The hover box: the month and each series' exact amount. */
function ChartTooltip({
  active,
  label,
  points,
  series,
  format,
  withheld,
}: {
  active: boolean;
  label: unknown;
  points: Map<string, MonthPoint>;
  series: TooltipSeries;
  format: (minor: string) => string;
  withheld: string;
}) {
  const { i18n } = useTranslation();
  const point = typeof label === 'string' ? points.get(label) : undefined;
  if (!active || !point) return null;
  return (
    <Paper withBorder shadow="sm" p="xs">
      <Text size="sm" fw={700}>
        {longMonth(point.month, i18n.language)}
      </Text>
      {series.map((s) => {
        const value = point.exact[s.key];
        return (
          <Text size="sm" key={s.key}>
            {s.label}: {value === null ? withheld : format(value)}
          </Text>
        );
      })}
    </Paper>
  );
}

/** Revenue, platform fees, surplus, payouts and reserves by month, as four charts. */
export function FinanceCharts({ finances }: { finances: FinancesView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const axis = useAxisFormat();
  const format = (minor: string) => money(minor, finances.currency, locale);
  const points = monthPoints(finances);
  const byMonth = new Map(points.map((p) => [p.month, p]));
  const summary = seriesSummary(points);
  const first = points[0]?.month;
  const lastPoint = summary.last;
  if (!first || !lastPoint) return null;
  const span = t('ledger.charts.span', {
    from: longMonth(first, locale),
    to: longMonth(lastPoint.month, locale),
  });
  const withheld = t('finances.withheld');
  const label = {
    revenue: t('ledger.charts.series.revenue'),
    fees: t('ledger.charts.series.fees'),
    surplus: t('ledger.charts.series.surplus'),
    payouts: t('ledger.charts.series.payouts'),
    reserves: t('ledger.charts.series.reserves'),
    fund: t('ledger.charts.series.fund'),
  };
  const surplus = BigInt(summary.surplus);
  const axisProps = {
    tick: { fill: AXIS_TEXT, fontSize: 12 },
    stroke: AXIS_TEXT,
  };
  const xAxis = <XAxis dataKey="month" tickFormatter={axis.month} {...axisProps} minTickGap={8} />;
  const yAxis = <YAxis tickFormatter={axis.value} {...axisProps} width={48} />;
  const grid = <CartesianGrid stroke={GRID} vertical={false} />;
  const tooltip = (series: TooltipSeries) => (
    <Tooltip
      content={(props: TooltipContentProps) => (
        <ChartTooltip
          active={props.active}
          label={props.label}
          points={byMonth}
          series={series}
          format={format}
          withheld={withheld}
        />
      )}
      cursor={{ fill: 'rgba(73, 80, 87, 0.08)' }}
    />
  );

  const revenueText = [
    t('ledger.charts.revenueSummary', { span, revenue: format(summary.revenue) }),
    summary.fees !== null ? t('ledger.charts.feesSummary', { fees: format(summary.fees) }) : '',
    summary.bestMonth
      ? t('ledger.charts.bestMonth', {
          month: longMonth(summary.bestMonth.month, locale),
          amount: format(summary.bestMonth.revenue),
        })
      : t('ledger.charts.noRevenue'),
  ]
    .filter(Boolean)
    .join(' ');
  const surplusText =
    surplus < 0n
      ? t('ledger.charts.lossSummary', { span, amount: format((-surplus).toString()) })
      : surplus === 0n
        ? t('ledger.charts.evenSummary', { span })
        : t('ledger.charts.surplusSummary', { span, amount: format(summary.surplus) });
  const payoutsText = [
    t('ledger.charts.payoutsSummary', { span, amount: format(summary.payouts) }),
    summary.withheldMonths > 0
      ? t('ledger.charts.payoutsWithheld', { count: summary.withheldMonths, min: finances.minGroupSize })
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  const reservesText =
    lastPoint.exact.reserves !== null
      ? t('ledger.charts.reservesSummary', {
          month: longMonth(lastPoint.month, locale),
          reserves: format(lastPoint.exact.reserves),
          fund: format(lastPoint.exact.fund ?? '0'),
        })
      : t('ledger.charts.noReserves');

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <ChartFigure
        id="revenue"
        title={t('ledger.charts.revenueTitle')}
        summary={revenueText}
        legend={
          <Legend
            items={[
              { label: label.revenue, kind: 'box', colour: COLOURS.revenue },
              ...(summary.fees !== null
                ? [{ label: label.fees, kind: 'hatched' as const, colour: COLOURS.fees }]
                : []),
            ]}
          />
        }
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart
            data={points}
            accessibilityLayer={false}
            margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
          >
            <defs>
              <pattern
                id="mutual-hatch"
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" fill={COLOURS.fees} />
                <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="3" />
              </pattern>
            </defs>
            {grid}
            {xAxis}
            {yAxis}
            {tooltip([
              { key: 'revenue', label: label.revenue },
              ...(summary.fees !== null ? [{ key: 'fees' as const, label: label.fees }] : []),
            ])}
            <Bar dataKey="revenue" name={label.revenue} fill={COLOURS.revenue} isAnimationActive={false} />
            {summary.fees !== null ? (
              <Bar
                dataKey="fees"
                name={label.fees}
                fill="url(#mutual-hatch)"
                stroke={COLOURS.fees}
                strokeWidth={1.5}
                isAnimationActive={false}
              />
            ) : null}
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>

      <ChartFigure
        id="surplus"
        title={t('ledger.charts.surplusTitle')}
        summary={surplusText}
        legend={
          <Legend
            items={[{ label: t('ledger.charts.surplusLegend'), kind: 'box', colour: COLOURS.surplus }]}
          />
        }
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart
            data={points}
            accessibilityLayer={false}
            margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
          >
            {grid}
            {xAxis}
            {yAxis}
            {tooltip([{ key: 'surplus', label: label.surplus }])}
            <ReferenceLine y={0} stroke={AXIS_TEXT} />
            <Bar dataKey="surplus" name={label.surplus} fill={COLOURS.surplus} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>

      <ChartFigure
        id="payouts"
        title={t('ledger.charts.payoutsTitle')}
        summary={payoutsText}
        legend={<Legend items={[{ label: label.payouts, kind: 'box', colour: COLOURS.payouts }]} />}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart
            data={points}
            accessibilityLayer={false}
            margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
          >
            {grid}
            {xAxis}
            {yAxis}
            {tooltip([{ key: 'payouts', label: label.payouts }])}
            <Bar dataKey="payouts" name={label.payouts} fill={COLOURS.payouts} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>

      <ChartFigure
        id="reserves"
        title={t('ledger.charts.reservesTitle')}
        summary={reservesText}
        legend={
          <Legend
            items={[
              { label: label.reserves, kind: 'line', colour: COLOURS.reserves },
              { label: label.fund, kind: 'dashed', colour: COLOURS.fund },
            ]}
          />
        }
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart
            data={points}
            accessibilityLayer={false}
            margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
          >
            {grid}
            {xAxis}
            {yAxis}
            {tooltip([
              { key: 'reserves', label: label.reserves },
              { key: 'fund', label: label.fund },
            ])}
            <Line
              dataKey="reserves"
              name={label.reserves}
              stroke={COLOURS.reserves}
              strokeWidth={2.5}
              dot={{ r: 3.5, fill: COLOURS.reserves, stroke: COLOURS.reserves }}
              isAnimationActive={false}
            />
            <Line
              dataKey="fund"
              name={label.fund}
              stroke={COLOURS.fund}
              strokeWidth={2.5}
              strokeDasharray="6 4"
              dot={(props: { cx?: number; cy?: number; index?: number }) => (
                <rect
                  key={`fund-${props.index ?? 0}`}
                  x={(props.cx ?? 0) - 3.5}
                  y={(props.cy ?? 0) - 3.5}
                  width={7}
                  height={7}
                  fill="#fff"
                  stroke={COLOURS.fund}
                  strokeWidth={2}
                />
              )}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </SimpleGrid>
  );
}
