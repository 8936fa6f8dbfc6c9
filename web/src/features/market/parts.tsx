import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from '../../components/scroll-table.tsx';
import { money, percent } from '../../lib/format.ts';
import type { BookingStatus, Explanation } from './market-api.ts';
import { durationLabel } from './zoned-time.ts';

// Small pieces the market pages share: status badges, price breakdowns, ranking explanations.

const STATUS_COLORS: Record<string, string> = {
  requested: 'blue',
  accepted: 'indigo',
  confirmed: 'teal',
  completed: 'teal',
  settled: 'teal',
  declined: 'gray',
  cancelled: 'gray',
  expired: 'gray',
  dispatching: 'blue',
  assigned: 'teal',
  unfilled: 'red',
  pending: 'blue',
  withdrawn: 'gray',
  paid: 'teal',
};

export function StatusBadge({
  status,
  kind = 'booking',
}: {
  status: string;
  kind?: 'booking' | 'job' | 'offer' | 'batch';
}) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={STATUS_COLORS[status] ?? 'gray'} radius="sm" data-testid="status-badge">
      {t(`market.status.${kind}.${status}`)}
    </Badge>
  );
}

export function isEnded(status: BookingStatus): boolean {
  return status === 'declined' || status === 'cancelled' || status === 'expired';
}

/** A section of a page with its own h2, named for landmarks. */
export function Section({
  id,
  title,
  children,
  testId,
}: {
  id: string;
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Stack component="section" aria-labelledby={id} gap="sm" data-testid={testId}>
      <Title order={2} id={id} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export type PriceLines = {
  pricing: 'hourly' | 'fixed';
  rate: string;
  durationMinutes: number;
  subtotal: string;
  feeBps: number;
  fee: string;
  total: string;
  currency: string;
  constitutionVersion: number;
};

/** Rate × duration (or the fixed price), the platform fee at its rate and version, and the total. */
export function PriceBreakdown({
  price,
  testId = 'price-breakdown',
}: {
  price: PriceLines;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const amount = (minor: string) => money(minor, price.currency, locale);
  const work =
    price.pricing === 'hourly'
      ? t('market.price.hourly', { rate: amount(price.rate), duration: durationLabel(price.durationMinutes) })
      : t('market.price.fixed', { duration: durationLabel(price.durationMinutes) });
  const rows: { label: string; value: string; strong?: boolean }[] = [
    { label: work, value: amount(price.subtotal) },
    {
      label: t('market.price.fee', {
        rate: percent(price.feeBps, locale),
        version: price.constitutionVersion,
      }),
      value: amount(price.fee),
    },
    { label: t('market.price.total'), value: amount(price.total), strong: true },
  ];
  return (
    <Table withRowBorders verticalSpacing={6} data-testid={testId}>
      <Table.Caption style={{ captionSide: 'top', textAlign: 'start', padding: 0, marginBottom: 4 }}>
        {t('market.price.caption')}
      </Table.Caption>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.label}>
            <Table.Th scope="row" fw={row.strong ? 700 : 400}>
              {row.label}
            </Table.Th>
            <Table.Td ta="right" fw={row.strong ? 700 : 400} style={{ whiteSpace: 'nowrap' }}>
              {row.value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const points = (x: number, locale: string) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x * 100);

/**
 * Why a worker ranks where they do: each factor of the constitution's weights, its value, and its share
 * of the score. The server states where each value comes from in English; it keeps its language tag.
 */
export function ExplanationTable({ explanation, label }: { explanation: Explanation; label: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const totalWeight = explanation.factors.reduce((s, f) => s + f.weight, 0);
  return (
    <Stack gap={6}>
      <Text size="sm">{t('market.explain.score', { score: points(explanation.score, locale) })}</Text>
      <ScrollTable label={label} minWidth={480} data-testid="explanation">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('market.explain.factor')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('market.explain.weight')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('market.explain.value')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('market.explain.points')}
            </Table.Th>
            <Table.Th scope="col">{t('market.explain.why')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {explanation.factors.map((f) => (
            <Table.Tr key={f.factor}>
              <Table.Th scope="row" fw={500}>
                {t(`market.factors.${f.factor}`)}
              </Table.Th>
              <Table.Td ta="right">
                {totalWeight > 0 ? percent(Math.round((f.weight / totalWeight) * 10_000), locale) : '—'}
              </Table.Td>
              <Table.Td ta="right">{percent(Math.round(f.value * 10_000), locale)}</Table.Td>
              <Table.Td ta="right">{points(f.contribution, locale)}</Table.Td>
              <Table.Td>
                <FactorNote factor={f} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
    </Stack>
  );
}

type Factor = Explanation['factors'][number];

/**
 * Where a factor's value came from, in the reader's language from the server's code and numbers;
 * offers made before the codes existed carry the English sentence only, shown as English.
 */
function FactorNote({ factor }: { factor: Factor }) {
  const { t, i18n } = useTranslation();
  if (!factor.note) {
    return (
      <Text size="sm" lang="en">
        {factor.detail}
      </Text>
    );
  }
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(factor.note.params)) {
    // `count` drives the plural form, so it stays a number; the rest are shown as the locale writes them.
    params[key] = typeof value === 'number' && key !== 'count' ? number.format(value) : value;
  }
  if (factor.note.code === 'reviews') {
    params.average = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 2 }).format(
      Number(factor.note.params.average),
    );
  }
  const text = t(`market.explain.note.${factor.note.code}`, params);
  const skills = factor.note.code === 'skills_matched' && factor.note.params.skills;
  return <Text size="sm">{skills ? `${text} (${skills})` : text}</Text>;
}

/** The two factors that did most for a score, as a short sentence. */
export function topFactors(explanation: Explanation, t: (key: string) => string): string {
  return [...explanation.factors]
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, 2)
    .map((f) => t(`market.factors.${f.factor}`))
    .join(', ');
}

/** Stars as text with the count, e.g. "4.50 ★ (2 reviews)", or "No reviews yet". */
export function RatingText({ rating }: { rating: { average: string | null; count: number } }) {
  const { t, i18n } = useTranslation();
  if (rating.average === null) return <Text size="sm">{t('market.rating.none')}</Text>;
  const average = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 2 }).format(
    Number(rating.average),
  );
  return (
    <Text size="sm" data-testid="rating">
      {t('market.rating.summary', { average, count: rating.count })}
    </Text>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="gray.7">
      {children}
    </Text>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return (
    <Group gap="xs" wrap="wrap">
      {children}
    </Group>
  );
}
