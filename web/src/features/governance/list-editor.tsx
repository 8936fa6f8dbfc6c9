import { Badge, Button, Card, Checkbox, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoop } from '../coops/coop-context.tsx';
import { type Category, type Committee, type ListEdit, listItems, newKey, toMinor } from './fields.ts';

// Beside the fields a proposal edits: the kinds of work a policy change adds or ends, or the
// committees a bylaws amendment creates or dissolves. Nothing is sent until the proposal is.

type Draft = { name: string; purpose: string; floor: string; standardPrice: string; dispatched: boolean };
const EMPTY: Draft = { name: '', purpose: '', floor: '', standardPrice: '', dispatched: false };

export function ListEditor({
  edit,
  onChange,
}: {
  edit: ListEdit;
  onChange(edit: ListEdit, removedKey?: string): void;
}) {
  const { t } = useTranslation();
  const { constitution, profile } = useCoop();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const list = edit.list;
  const current = listItems(constitution.document, list);
  const taken = [...current, ...edit.added].map((i) => i.key);
  const set = (field: keyof Draft, value: string | boolean) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  function add() {
    const name = draft.name.trim();
    const key = name ? newKey(name, taken) : null;
    const floor = toMinor(draft.floor, profile.currency);
    const price = draft.standardPrice.trim() ? toMinor(draft.standardPrice, profile.currency) : undefined;
    const problems: typeof errors = {};
    if (!key) problems.name = t('governance.form.errors.required');
    if (list === 'categories' && floor === null) problems.floor = t('governance.form.errors.money');
    if (list === 'categories' && price === null) problems.standardPrice = t('governance.form.errors.money');
    if (!key || Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    const item: Category | Committee =
      list === 'committees'
        ? { key, name, purpose: draft.purpose.trim() }
        : {
            key,
            name,
            minHourlyRate: floor!,
            ...(price ? { standardPrice: price } : {}),
            dispatched: draft.dispatched,
          };
    onChange({ ...edit, added: [...edit.added, item] } as ListEdit);
    setDraft(EMPTY);
  }

  const toggle = (key: string) =>
    edit.removed.includes(key)
      ? onChange({ ...edit, removed: edit.removed.filter((k) => k !== key) })
      : onChange({ ...edit, removed: [...edit.removed, key] }, key);
  const drop = (key: string) =>
    onChange({ ...edit, added: edit.added.filter((i) => i.key !== key) } as ListEdit);
  const text = (k: string) => t(`governance.lists.${list}.${k}`);
  const suffix = <Text size="sm">{profile.currency}</Text>;

  return (
    <Stack gap="xs" data-testid={`list-${list}`}>
      <Title order={3} size="h5">
        {text('title')}
      </Title>
      <Text size="sm">{text('intro')}</Text>
      <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {current.map((item) => {
          const removed = edit.removed.includes(item.key);
          return (
            <Group
              component="li"
              key={item.key}
              justify="space-between"
              wrap="nowrap"
              data-testid="list-item"
            >
              <Text td={removed ? 'line-through' : undefined}>{item.name}</Text>
              <Group gap="xs" wrap="nowrap">
                {removed ? (
                  <Badge color="red" variant="light">
                    {text('removed')}
                  </Badge>
                ) : null}
                <Button size="compact-sm" variant="subtle" onClick={() => toggle(item.key)}>
                  {removed
                    ? t('governance.lists.keep', { name: item.name })
                    : t('governance.lists.remove', { name: item.name })}
                </Button>
              </Group>
            </Group>
          );
        })}
        {edit.added.map((item) => (
          <Group component="li" key={item.key} justify="space-between" wrap="nowrap" data-testid="list-item">
            <Text>{item.name}</Text>
            <Group gap="xs" wrap="nowrap">
              <Badge color="teal" variant="light">
                {t('governance.lists.new')}
              </Badge>
              <Button size="compact-sm" variant="subtle" onClick={() => drop(item.key)}>
                {t('governance.lists.remove', { name: item.name })}
              </Button>
            </Group>
          </Group>
        ))}
        {current.length === 0 && edit.added.length === 0 ? <Text size="sm">{text('none')}</Text> : null}
      </Stack>
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <TextInput
            label={text('name')}
            value={draft.name}
            error={errors.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            maxLength={list === 'committees' ? 80 : 60}
          />
          {list === 'committees' ? (
            <Textarea
              label={text('purpose')}
              value={draft.purpose}
              onChange={(e) => set('purpose', e.currentTarget.value)}
              maxLength={1000}
              autosize
              minRows={2}
            />
          ) : (
            <>
              {(['floor', 'standardPrice'] as const).map((field) => (
                <TextInput
                  key={field}
                  label={text(field)}
                  value={draft[field]}
                  error={errors[field]}
                  inputMode="decimal"
                  rightSection={suffix}
                  rightSectionWidth={48}
                  maw={320}
                  onChange={(e) => set(field, e.currentTarget.value)}
                />
              ))}
              <Checkbox
                label={text('dispatched')}
                checked={draft.dispatched}
                onChange={(e) => set('dispatched', e.currentTarget.checked)}
              />
            </>
          )}
          <Group>
            <Button variant="default" onClick={add} data-testid={`add-${list}`}>
              {text('add')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
