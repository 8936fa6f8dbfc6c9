import { Box, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ResultView } from './api.ts';

// Plain bar charts drawn with CSS and SVG. They repeat what the tables beside them say, so they are
// hidden from screen readers (the tables carry the figures).

/** A decimal string ("0.6667", "12.5") as a fraction of 100 for a bar's width; 0 when unreadable. */
export function widthOf(value: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || max <= 0) return 0;
  return Math.max(0, Math.min(100, (100 * n) / max));
}

const COLORS: Record<string, string> = {
  yes: 'var(--mantine-color-teal-7)',
  no: 'var(--mantine-color-red-7)',
  abstain: 'var(--mantine-color-gray-6)',
  block: 'var(--mantine-color-violet-7)',
};

export function TotalsBars({ totals }: { totals: NonNullable<ResultView['totals']> }) {
  const { t } = useTranslation();
  const entries = (['yes', 'no', 'abstain', 'block'] as const).map((k) => [k, totals[k]] as const);
  const max = Math.max(...entries.map(([, v]) => Number(v) || 0), 0);
  return (
    <Stack gap={6} aria-hidden data-testid="totals-chart">
      {entries.map(([k, v]) =>
        Number(v) === 0 && k === 'block' ? null : (
          <Group key={k} gap="xs" wrap="nowrap">
            <Text size="sm" w={90} style={{ flexShrink: 0 }}>
              {t(`governance.ballot.choice.${k}`)}
            </Text>
            <Box style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 4 }}>
              <Box h={18} w={`${widthOf(v, max)}%`} style={{ background: COLORS[k], borderRadius: 4 }} />
            </Box>
            <Text size="sm" w={70} ta="end" style={{ flexShrink: 0 }}>
              {v}
            </Text>
          </Group>
        ),
      )}
    </Stack>
  );
}

/** Each round of a ranked count as a row of bars, with the quota marked where there is one. */
export function RoundsChart({ result }: { result: ResultView }) {
  const { t } = useTranslation();
  const name = (key: string) => result.options.find((o) => o.key === key)?.name ?? key;
  const max = Math.max(
    ...result.rounds.flatMap((r) => [...Object.values(r.tally).map(Number), Number(r.threshold ?? 0)]),
    1,
  );
  const barHeight = 14;
  const gap = 4;
  const labelWidth = 120;
  const width = 480;
  const plot = width - labelWidth - 60;
  return (
    <Stack gap="md" aria-hidden data-testid="rounds-chart">
      {result.rounds.map((round) => {
        const keys = Object.keys(round.tally);
        const height = keys.length * (barHeight + gap) + 4;
        const quota = round.threshold ? (plot * Number(round.threshold)) / max : null;
        return (
          <Stack key={round.round} gap={2}>
            <Text size="sm" fw={600}>
              {t('governance.results.roundN', { round: round.round })}
            </Text>
            <svg
              viewBox={`0 0 ${width} ${height}`}
              width="100%"
              style={{ maxWidth: width }}
              role="presentation"
              focusable="false"
            >
              {keys.map((key, i) => {
                const value = Number(round.tally[key]);
                const y = i * (barHeight + gap);
                const elected = round.elected.includes(key);
                const out = round.eliminated.includes(key);
                return (
                  <g key={key}>
                    <text x={0} y={y + barHeight - 3} fontSize={12} fill="currentColor">
                      {name(key).slice(0, 18)}
                    </text>
                    <rect
                      x={labelWidth}
                      y={y}
                      width={Math.max((plot * value) / max, 1)}
                      height={barHeight}
                      rx={3}
                      fill={elected ? '#087f5b' : out ? '#868e96' : '#1c7ed6'}
                    />
                    <text
                      x={labelWidth + Math.max((plot * value) / max, 1) + 4}
                      y={y + barHeight - 3}
                      fontSize={12}
                      fill="currentColor"
                    >
                      {round.tally[key]}
                    </text>
                  </g>
                );
              })}
              {quota !== null ? (
                <line
                  x1={labelWidth + quota}
                  x2={labelWidth + quota}
                  y1={0}
                  y2={height}
                  stroke="#e8590c"
                  strokeDasharray="4 3"
                  strokeWidth={2}
                />
              ) : null}
            </svg>
          </Stack>
        );
      })}
      <Text size="xs">{t('governance.results.chartLegend')}</Text>
    </Stack>
  );
}
