import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  Radio,
  Slider,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { money } from '../../lib/format.ts';
import { useCoop } from '../coops/coop-context.tsx';
import type { ProposalView } from './api.ts';

// One input per counting method: yes / no / abstain (and block in consent decisions), single choice,
// approval checkboxes, score sliders, a ranking that works by dragging and by buttons, and a budget
// picker that keeps the cost of the chosen projects in view.

type Option = ProposalView['options'][number];

export function DecisionInput({
  consent,
  value,
  onChange,
}: {
  consent: boolean;
  value: string | null;
  onChange(choice: string): void;
}) {
  const { t } = useTranslation();
  const choices = consent ? ['yes', 'no', 'abstain', 'block'] : ['yes', 'no', 'abstain'];
  return (
    <Radio.Group label={t('governance.ballot.decisionLabel')} value={value} onChange={onChange}>
      <Stack gap="xs" mt="xs">
        {choices.map((c) => (
          <Radio
            key={c}
            value={c}
            label={t(`governance.ballot.choice.${c}`)}
            description={c === 'block' ? t('governance.ballot.blockHelp') : undefined}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}

export function SingleChoiceInput({
  options,
  value,
  onChange,
}: {
  options: Option[];
  value: string | null;
  onChange(key: string): void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={t('governance.ballot.singleLabel')} value={value} onChange={onChange}>
      <Stack gap="xs" mt="xs">
        {options.map((o) => (
          <Radio key={o.key} value={o.key} label={o.name} description={o.description || undefined} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

export function ApprovalInput({
  options,
  value,
  onChange,
  label,
}: {
  options: Option[];
  value: string[];
  onChange(keys: string[]): void;
  label: string;
}) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange}>
      <Stack gap="xs" mt="xs">
        {options.map((o) => (
          <Checkbox key={o.key} value={o.key} label={o.name} description={o.description || undefined} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

export function BudgetInput({
  options,
  budget,
  value,
  onChange,
}: {
  options: Option[];
  budget: string;
  value: string[];
  onChange(keys: string[]): void;
}) {
  const { t, i18n } = useTranslation();
  const { profile } = useCoop();
  const show = (minor: bigint | string) => money(minor, profile.currency, i18n.language);
  const cost = (key: string) => BigInt(options.find((o) => o.key === key)?.cost ?? '0');
  const total = value.reduce((sum, key) => sum + cost(key), 0n);
  const limit = BigInt(budget);
  const over = total > limit;
  const share = limit > 0n ? Number((total * 1000n) / limit) / 10 : 0;
  return (
    <Stack gap="sm">
      <Checkbox.Group label={t('governance.ballot.budgetLabel')} value={value} onChange={onChange}>
        <Stack gap="xs" mt="xs">
          {options.map((o) => {
            const wouldOverflow = !value.includes(o.key) && total + cost(o.key) > limit;
            return (
              <Checkbox
                key={o.key}
                value={o.key}
                label={`${o.name} — ${show(o.cost ?? '0')}`}
                description={
                  [o.description, wouldOverflow ? t('governance.ballot.wouldOverflow') : '']
                    .filter(Boolean)
                    .join(' ') || undefined
                }
              />
            );
          })}
        </Stack>
      </Checkbox.Group>
      <Paper withBorder p="sm" data-testid="budget-meter" aria-live="polite">
        <Stack gap={6}>
          <Text size="sm" fw={600} c={over ? 'red.8' : undefined}>
            {t('governance.ballot.budgetUse', { total: show(total), budget: show(limit) })}
          </Text>
          <Progress
            value={Math.min(share, 100)}
            color={over ? 'red' : 'teal'}
            aria-label={t('governance.ballot.budgetUse', { total: show(total), budget: show(limit) })}
          />
          {over ? (
            <Text size="sm" c="red.8" role="alert">
              {t('governance.ballot.overBudget', { over: show(total - limit) })}
            </Text>
          ) : (
            <Text size="sm">{t('governance.ballot.budgetLeft', { left: show(limit - total) })}</Text>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

export function ScoreInput({
  options,
  max,
  value,
  onChange,
}: {
  options: Option[];
  max: number;
  value: Record<string, number>;
  onChange(scores: Record<string, number>): void;
}) {
  const { t } = useTranslation();
  const marks = Array.from({ length: max + 1 }, (_, i) => ({ value: i, label: String(i) }));
  return (
    <Stack gap="lg" role="group" aria-label={t('governance.ballot.scoreLabel', { max })}>
      <Text size="sm">{t('governance.ballot.scoreLabel', { max })}</Text>
      {options.map((o) => (
        <Stack key={o.key} gap={4} pb="md">
          <Group justify="space-between">
            <Text fw={600} id={`score-${o.key}`}>
              {o.name}
            </Text>
            <Badge variant="light">
              {t('governance.ballot.scoreValue', { score: value[o.key] ?? 0, max })}
            </Badge>
          </Group>
          <Slider
            min={0}
            max={max}
            step={1}
            marks={marks}
            value={value[o.key] ?? 0}
            onChange={(score) => onChange({ ...value, [o.key]: score })}
            thumbLabel={t('governance.ballot.scoreFor', { name: o.name })}
            label={null}
            data-testid={`score-${o.key}`}
          />
        </Stack>
      ))}
    </Stack>
  );
}

/**
 * A ranking: drag a candidate onto a place, or use the buttons (every move is announced). Candidates
 * not ranked are listed apart; a ranking may stop anywhere.
 */
export function RankingInput({
  options,
  value,
  onChange,
}: {
  options: Option[];
  value: string[];
  onChange(ranking: string[]): void;
}) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const name = (key: string) => options.find((o) => o.key === key)?.name ?? key;
  const unranked = options.filter((o) => !value.includes(o.key));

  function place(key: string, index: number) {
    const without = value.filter((k) => k !== key);
    const at = Math.max(0, Math.min(index, without.length));
    const next = [...without.slice(0, at), key, ...without.slice(at)];
    onChange(next);
    setAnnouncement(t('governance.ballot.moved', { name: name(key), position: at + 1 }));
  }

  function remove(key: string) {
    onChange(value.filter((k) => k !== key));
    setAnnouncement(t('governance.ballot.unranked', { name: name(key) }));
  }

  const dragProps = (key: string) => ({
    draggable: true,
    onDragStart: (e: DragEvent) => {
      e.dataTransfer.setData('text/plain', key);
      e.dataTransfer.effectAllowed = 'move';
      setDragging(key);
    },
    onDragEnd: () => setDragging(null),
  });
  const dropAt = (index: number) => ({
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      // The list itself also takes drops (at the end); a drop on an item stops here.
      e.stopPropagation();
      const key = e.dataTransfer.getData('text/plain') || dragging;
      if (key && options.some((o) => o.key === key)) place(key, index);
      setDragging(null);
    },
  });

  return (
    <Stack gap="sm">
      <Text size="sm">{t('governance.ballot.rankingHelp')}</Text>
      <Text fw={600} id="ranking-heading">
        {t('governance.ballot.yourRanking')}
      </Text>
      <Stack
        component="ol"
        gap={6}
        aria-labelledby="ranking-heading"
        data-testid="ranking"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        {...dropAt(value.length)}
      >
        {value.length === 0 ? (
          <Paper component="li" withBorder p="sm" style={{ borderStyle: 'dashed' }}>
            <Text size="sm">{t('governance.ballot.rankingEmpty')}</Text>
          </Paper>
        ) : null}
        {value.map((key, i) => (
          <Paper
            key={key}
            component="li"
            withBorder
            p="xs"
            data-testid="ranked"
            data-key={key}
            style={{ cursor: 'grab', opacity: dragging === key ? 0.5 : 1 }}
            {...dragProps(key)}
            {...dropAt(i)}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                <Badge circle size="lg" aria-hidden>
                  {i + 1}
                </Badge>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  <VisuallyHidden>{t('governance.ballot.position', { position: i + 1 })} </VisuallyHidden>
                  {name(key)}
                </Text>
              </Group>
              <Group gap={4} wrap="nowrap">
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('governance.ballot.moveUp', { name: name(key) })}
                  disabled={i === 0}
                  onClick={() => place(key, i - 1)}
                >
                  <span aria-hidden>↑</span>
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('governance.ballot.moveDown', { name: name(key) })}
                  disabled={i === value.length - 1}
                  onClick={() => place(key, i + 1)}
                >
                  <span aria-hidden>↓</span>
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={t('governance.ballot.remove', { name: name(key) })}
                  onClick={() => remove(key)}
                >
                  <span aria-hidden>×</span>
                </ActionIcon>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      {unranked.length > 0 ? (
        <Stack gap={6}>
          <Text fw={600} id="unranked-heading">
            {t('governance.ballot.notRanked')}
          </Text>
          <Stack
            component="ul"
            gap={6}
            aria-labelledby="unranked-heading"
            data-testid="unranked"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {unranked.map((o) => (
              <Paper
                key={o.key}
                component="li"
                withBorder
                p="xs"
                style={{ cursor: 'grab' }}
                {...dragProps(o.key)}
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text style={{ overflowWrap: 'anywhere' }}>{o.name}</Text>
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => place(o.key, value.length)}
                    aria-label={t('governance.ballot.add', { name: o.name })}
                  >
                    {t('governance.ballot.addShort')}
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        </Stack>
      ) : null}
      <VisuallyHidden aria-live="polite" data-testid="ranking-announcement">
        {announcement}
      </VisuallyHidden>
    </Stack>
  );
}
