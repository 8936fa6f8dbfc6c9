import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  committeeKeyOf,
  committeeRole,
  type DecisionKind,
  votingMethods,
} from '../../../../contracts/constitution.ts';
import { FormError } from '../../components/form-card.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { isApiError } from '../../lib/api.ts';
import { getRegister, listApplications } from '../../lib/coops-api.ts';
import { money } from '../../lib/format.ts';
import { notify } from '../../lib/notify.ts';
import { useLoad } from '../../lib/use-load.ts';
import { formatValue } from '../coops/constitution-diff.ts';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import { type CreateProposalInput, createProposal } from './api.ts';
import { ChangeTable } from './change-table.tsx';
import {
  buildPatch,
  type ChangeKind,
  emptyListEdit,
  type FieldSpec,
  fieldForError,
  fieldSpecs,
  fromInput,
  type ListEdit,
  listEditIsEmpty,
  listFieldPrefix,
  previewDiff,
  toInput,
  toMinor,
  valueAt,
  withListEdit,
} from './fields.ts';
import { ListEditor } from './list-editor.tsx';
import { governanceError, proposalPath } from './parts.tsx';
import { zonedToIso } from './time.ts';

const KINDS = ['resolution', 'policy', 'bylaws', 'election', 'budget', 'admission', 'expulsion'] as const;
type FormKind = (typeof KINDS)[number];

const DECISION_OF: Record<FormKind, DecisionKind> = {
  resolution: 'ordinary',
  policy: 'policy',
  bylaws: 'bylaws',
  election: 'election',
  budget: 'budget',
  admission: 'admission',
  expulsion: 'expulsion',
};

type Edit = { id: string; text: string };
type Project = { id: number; name: string; description: string; cost: string };
type Choice = { id: number; name: string; description: string };

// Rows of the form keep a stable id so React keeps each input with its row when one is removed.
let rowIds = 0;
const nextRow = () => ++rowIds;

function isKind(value: string | null): value is FormKind {
  return KINDS.includes(value as FormKind);
}

/** The rules the proposal will follow, from the constitution in force (frozen when voting opens). */
function RulesAhead({ kind }: { kind: FormKind }) {
  const { t, i18n } = useTranslation();
  const { constitution } = useCoop();
  const rule = constitution.document.voting.decisions[DECISION_OF[kind]];
  return (
    <Alert variant="light" color="blue" data-testid="rules-ahead">
      <Text size="sm">
        {t('governance.form.rulesAhead', {
          seconds: rule.secondsNeeded,
          discussion: rule.minDiscussionDays,
          voting: rule.minVotingDays,
          method: t(`methods.${rule.method}`),
        })}{' '}
        {rule.secret ? t('governance.form.secretByRule') : t('governance.form.openByRule')}{' '}
        {t('governance.form.rulesFrozen', { version: constitution.version })}
      </Text>
      <Text size="xs" c="dimmed" lang={i18n.language}>
        {t('governance.form.rulesMayChange')}
      </Text>
    </Alert>
  );
}

function FieldInput({
  field,
  edit,
  error,
  onChange,
  onRemove,
}: {
  field: FieldSpec;
  edit: Edit;
  error: string | undefined;
  onChange(text: string): void;
  onRemove(): void;
}) {
  const { t, i18n } = useTranslation();
  const { constitution, profile } = useCoop();
  const label = t('governance.form.newValue', { field: field.label(t) });
  const before = valueAt(constitution.document, field.segments);
  const beforeText =
    field.kind === 'method' && typeof before === 'string'
      ? t(`methods.${before}`)
      : formatValue(t, field.id, before, profile.currency, i18n.language);
  let input: React.ReactNode;
  if (field.kind === 'bool' || field.kind === 'method') {
    const data =
      field.kind === 'bool'
        ? [
            { value: 'true', label: t('diff.yes') },
            { value: 'false', label: t('diff.no') },
          ]
        : votingMethods.map((m) => ({ value: m, label: t(`methods.${m}`) }));
    input = (
      <NativeSelect
        label={label}
        data={data}
        value={edit.text}
        error={error}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  } else {
    const suffix = field.kind === 'bps' ? '%' : field.kind === 'money' ? profile.currency : undefined;
    input = (
      <TextInput
        label={label}
        value={edit.text}
        inputMode={field.kind === 'int' ? 'numeric' : 'decimal'}
        error={error}
        rightSection={suffix ? <Text size="sm">{suffix}</Text> : undefined}
        rightSectionWidth={suffix ? 48 : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
        maw={320}
      />
    );
  }
  return (
    <Card withBorder padding="sm" data-testid="field-edit">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={600}>{field.label(t)}</Text>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('governance.form.removeField', { field: field.label(t) })}
            onClick={onRemove}
          >
            <span aria-hidden>×</span>
          </ActionIcon>
        </Group>
        <Text size="sm">{t('governance.form.currentValue', { value: beforeText })}</Text>
        {input}
      </Stack>
    </Card>
  );
}

function ChangeEditor({
  kind,
  edits,
  setEdits,
  listEdit,
  setListEdit,
  errors,
  clearError,
}: {
  kind: ChangeKind;
  edits: Edit[];
  setEdits(edits: Edit[]): void;
  listEdit: ListEdit;
  setListEdit(edit: ListEdit): void;
  errors: Record<string, string>;
  clearError(key: string): void;
}) {
  const { t } = useTranslation();
  const { constitution, profile } = useCoop();
  const doc = constitution.document;
  const allFields = useMemo(() => fieldSpecs(kind, doc), [kind, doc]);
  // Fields of an item the proposal removes are not offered.
  const removedPrefixes = listEdit.removed.map((key) => listFieldPrefix(listEdit.list, key));
  const fields = allFields.filter((f) => !removedPrefixes.some((p) => f.id.startsWith(p)));
  const used = new Set(edits.map((e) => e.id));
  const groups = [...new Set(fields.map((f) => f.group))].map((group) => ({
    group: t(`governance.fieldGroups.${group}`),
    items: fields
      .filter((f) => f.group === group && !used.has(f.id))
      .map((f) => ({ value: f.id, label: f.label(t) })),
  }));
  const add = (id: string | null) => {
    const field = fields.find((f) => f.id === id);
    if (!field) return;
    const current = valueAt(doc, field.segments);
    const text = field.kind === 'bool' ? String(!current) : toInput(field.kind, current, profile.currency);
    setEdits([...edits, { id: field.id, text }]);
  };
  const valid = edits.flatMap((e) => {
    const field = fields.find((f) => f.id === e.id);
    const parsed = field ? fromInput(field, e.text, profile.currency) : null;
    return field && parsed?.ok ? [{ segments: field.segments, value: parsed.value }] : [];
  });
  const preview =
    valid.length > 0 || !listEditIsEmpty(listEdit)
      ? previewDiff(doc, withListEdit(doc, buildPatch(doc, valid), listEdit))
      : [];

  return (
    <Stack gap="sm">
      <Text>{kind === 'policy' ? t('governance.form.policyIntro') : t('governance.form.bylawsIntro')}</Text>
      <Select
        label={t('governance.form.pickField')}
        placeholder={t('governance.form.pickFieldPlaceholder')}
        data={groups.filter((g) => g.items.length > 0)}
        value={null}
        onChange={add}
        searchable
        nothingFoundMessage={t('governance.form.noField')}
        error={errors.changes}
        data-testid="field-picker"
      />
      {edits.map((edit) => {
        const field = fields.find((f) => f.id === edit.id);
        if (!field) return null;
        return (
          <FieldInput
            key={edit.id}
            field={field}
            edit={edit}
            error={errors[`field:${edit.id}`]}
            onChange={(text) => {
              clearError(`field:${edit.id}`);
              setEdits(edits.map((e) => (e.id === edit.id ? { ...e, text } : e)));
            }}
            onRemove={() => setEdits(edits.filter((e) => e.id !== edit.id))}
          />
        );
      })}
      <ListEditor
        edit={listEdit}
        onChange={(next, removedKey) => {
          setListEdit(next);
          if (removedKey) {
            const prefix = listFieldPrefix(next.list, removedKey);
            setEdits(edits.filter((e) => !e.id.startsWith(prefix)));
          }
          clearError('changes');
        }}
      />
      {preview.length > 0 ? (
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('governance.form.preview')}
          </Title>
          <ChangeTable changes={preview} document={doc} testId="change-preview" />
        </Stack>
      ) : null}
    </Stack>
  );
}

/** The member an expulsion is about: any current member but the proposer. */
function MemberToExpel({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange(membershipId: string): void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const { slug, me, constitution } = useCoop();
  const load = useCallback(() => getRegister(slug), [slug]);
  const members = useLoad(load);
  const myAccount = me.state === 'done' ? me.data?.membership?.accountId : undefined;
  const className = (key: string) =>
    constitution.document.memberClasses.find((c) => c.key === key)?.name ?? key;
  const data =
    members.state === 'done'
      ? members.data
          .filter((m) => (m.status === 'active' || m.status === 'leaving') && m.accountId !== myAccount)
          .map((m) => ({
            value: m.id,
            label: t('governance.form.memberOption', {
              number: m.memberNumber,
              name: m.displayName,
              class: className(m.classKey),
            }),
          }))
      : [];
  return (
    <Select
      label={t('governance.form.member')}
      description={t('governance.form.memberHelp')}
      placeholder={t('governance.form.memberPlaceholder')}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchable
      nothingFoundMessage={t('governance.form.noMember')}
      error={error ?? (members.state === 'failed' ? governanceError(t, members.error) : undefined)}
      data-testid="expel-member"
    />
  );
}

/** The application an admission vote decides: the board sees those waiting for a vote. */
function ApplicationToDecide({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange(applicationId: string): void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const { slug, constitution } = useCoop();
  const roles = useCoopRoles();
  const mayList = roles.board || roles.admin;
  const load = useCallback(
    () => (mayList ? listApplications(slug, 'awaiting_vote') : Promise.resolve([])),
    [slug, mayList],
  );
  const applications = useLoad(load);
  const className = (key: string) =>
    constitution.document.memberClasses.find((c) => c.key === key)?.name ?? key;
  if (!mayList)
    return (
      <Alert color="gray" variant="light" data-testid="admission-note">
        {t('governance.form.admissionMembersNote')}
      </Alert>
    );
  const data =
    applications.state === 'done'
      ? applications.data.map((a) => ({
          value: a.id,
          label: t('governance.form.applicationOption', {
            name: a.displayName,
            class: className(a.classKey),
          }),
        }))
      : [];
  return (
    <Stack gap={6}>
      <Select
        label={t('governance.form.application')}
        description={t('governance.form.applicationHelp')}
        placeholder={t('governance.form.applicationPlaceholder')}
        data={data}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        nothingFoundMessage={t('governance.form.noApplication')}
        error={
          error ?? (applications.state === 'failed' ? governanceError(t, applications.error) : undefined)
        }
        data-testid="admission-application"
      />
      {applications.state === 'done' && applications.data.length === 0 ? (
        <Text size="sm" data-testid="no-applications">
          {t('governance.form.noApplication')}
        </Text>
      ) : null}
    </Stack>
  );
}

function Candidates({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange(ids: string[]): void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const load = useCallback(() => getRegister(slug), [slug]);
  const members = useLoad(load);
  const data =
    members.state === 'done'
      ? members.data
          .filter((m) => m.status === 'active' || m.status === 'leaving')
          .map((m) => ({ value: m.accountId, label: m.displayName }))
      : [];
  return (
    <MultiSelect
      label={t('governance.form.candidates')}
      description={t('governance.form.candidatesHelp')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      error={error ?? (members.state === 'failed' ? governanceError(t, members.error) : undefined)}
      data-testid="candidates"
    />
  );
}

export function NewProposalPage() {
  const { t, i18n } = useTranslation();
  const { slug, profile, constitution } = useCoop();
  const roles = useCoopRoles();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initial = params.get('kind');
  const [kind, setKind] = useState<FormKind>(isKind(initial) ? initial : 'resolution');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [secret, setSecret] = useState(false);
  const [liveResults, setLiveResults] = useState(false);
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [edits, setEdits] = useState<Edit[]>([]);
  // The list a policy change (kinds of work) or an amendment (committees) edits; reset with the kind.
  const [listEdit, setListEdit] = useState<ListEdit>(() =>
    emptyListEdit(initial === 'bylaws' ? 'bylaws' : 'policy'),
  );
  const [effective, setEffective] = useState<'pass' | 'date'>('pass');
  const [effectiveDate, setEffectiveDate] = useState('');
  // board, admin, or committee:<key> for one of the constitution's committees.
  const [role, setRole] = useState('board');
  const [seats, setSeats] = useState('3');
  const [termMonths, setTermMonths] = useState('12');
  const [candidates, setCandidates] = useState<string[]>([]);
  const [amount, setAmount] = useState('');
  const [applicationId, setApplicationId] = useState('');
  const [membershipId, setMembershipId] = useState('');
  const [projects, setProjects] = useState<Project[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // A field's error goes as soon as the person edits that field.
  const clear = (key: string) =>
    setErrors((current) => {
      if (!(key in current)) return current;
      const { [key]: _gone, ...rest } = current;
      return rest;
    });

  const doc = constitution.document;
  const rule = doc.voting.decisions[DECISION_OF[kind]];
  const currency = profile.currency;
  const pageTitle = t('governance.form.title');

  function chooseKind(next: string) {
    if (!isKind(next)) return;
    setKind(next);
    setErrors({});
    setFormError(null);
    // Policy and bylaws pick from different rules: a change of kind starts the list afresh.
    if (next !== kind) {
      setEdits([]);
      if (next === 'policy' || next === 'bylaws') setListEdit(emptyListEdit(next));
    }
  }

  /** The request for the chosen kind, or the field errors that stop it. */
  function buildInput(): { input: CreateProposalInput } | { errors: Record<string, string> } {
    const problems: Record<string, string> = {};
    if (title.trim().length < 3) problems.title = t('governance.form.errors.title');
    const common = {
      title: title.trim(),
      body: body.trim(),
      ...(secret && !rule.secret ? { secret: true } : {}),
      ...(liveResults && !rule.secret && !secret ? { liveResults: true } : {}),
    };
    let input: CreateProposalInput | null = null;
    switch (kind) {
      case 'resolution': {
        const options = (choices ?? []).map((c) => ({
          name: c.name.trim(),
          description: c.description.trim(),
        }));
        options.forEach((o, i) => {
          if (!o.name) problems[`options.${i}.name`] = t('governance.form.errors.required');
        });
        if (choices && options.length < 2) problems.options = t('governance.form.errors.twoOptions');
        input = { kind, ...common, ...(choices ? { options } : {}) };
        break;
      }
      case 'policy':
      case 'bylaws': {
        const fields = fieldSpecs(kind, doc);
        const values: { segments: FieldSpec['segments']; value: unknown }[] = [];
        for (const edit of edits) {
          const field = fields.find((f) => f.id === edit.id);
          if (!field) continue;
          const parsed = fromInput(field, edit.text, currency);
          if (parsed.ok) values.push({ segments: field.segments, value: parsed.value });
          else problems[`field:${edit.id}`] = t(parsed.error);
        }
        if (edits.length === 0 && listEditIsEmpty(listEdit))
          problems.changes = t('governance.form.errors.noChange');
        let effectiveAt: string | null = null;
        if (effective === 'date') {
          effectiveAt = zonedToIso(effectiveDate, profile.timeZone);
          if (!effectiveAt) problems.effectiveAt = t('governance.form.errors.date');
        }
        input = {
          kind,
          ...common,
          changes: withListEdit(doc, buildPatch(doc, values), listEdit),
          effectiveAt,
        };
        break;
      }
      case 'election': {
        const s = Number(seats);
        const m = Number(termMonths);
        if (!Number.isInteger(s) || s < 1 || s > 25) problems.seats = t('governance.form.errors.seats');
        if (!Number.isInteger(m) || m < 1 || m > 72) problems.termMonths = t('governance.form.errors.term');
        const committee = committeeKeyOf(role);
        input =
          committee === null
            ? {
                kind,
                ...common,
                role: role === 'admin' ? 'admin' : 'board',
                seats: s,
                termMonths: m,
                candidates,
              }
            : { kind, ...common, role: 'committee', committee, seats: s, termMonths: m, candidates };
        break;
      }
      case 'budget': {
        const minor = toMinor(amount, currency);
        if (!minor || minor === '0') problems.amount = t('governance.form.errors.money');
        const list = projects.map((p, i) => {
          const cost = toMinor(p.cost, currency);
          if (!p.name.trim()) problems[`projects.${i}.name`] = t('governance.form.errors.required');
          if (!cost || cost === '0') problems[`projects.${i}.cost`] = t('governance.form.errors.money');
          return { name: p.name.trim(), description: p.description.trim(), cost: cost ?? '0' };
        });
        input = { kind, ...common, amount: minor ?? '0', projects: list };
        break;
      }
      case 'admission':
        if (!applicationId) problems.applicationId = t('governance.form.errors.choose');
        input = { kind, ...common, applicationId };
        break;
      case 'expulsion':
        if (!membershipId) problems.membershipId = t('governance.form.errors.choose');
        input = { kind, ...common, membershipId };
        break;
    }
    return Object.keys(problems).length > 0 || !input ? { errors: problems } : { input };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const built = buildInput();
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setSending(true);
    try {
      const created = await createProposal(slug, built.input);
      notify(t('governance.form.saved'));
      await navigate(proposalPath(slug, created.id));
    } catch (error) {
      const message = governanceError(t, error);
      const field = isApiError(error) ? error.field : undefined;
      const changed =
        kind === 'policy' || kind === 'bylaws' ? fieldForError(doc, fieldSpecs(kind, doc), field) : null;
      if (changed && edits.some((e) => e.id === changed.id)) setErrors({ [`field:${changed.id}`]: message });
      else if (field === 'committee' || field === 'role') setErrors({ role: message });
      else if (
        field &&
        [
          'title',
          'body',
          'seats',
          'termMonths',
          'amount',
          'options',
          'effectiveAt',
          'applicationId',
          'membershipId',
        ].includes(field)
      )
        setErrors({ [field]: message });
      else if (field && /^projects\.\d+\.(name|cost)$/.test(field)) setErrors({ [field]: message });
      else setFormError(message);
    } finally {
      setSending(false);
    }
  }

  const budgetMinor = toMinor(amount, currency);
  const projectTotal = projects.reduce((sum, p) => sum + BigInt(toMinor(p.cost, currency) ?? '0'), 0n);

  return (
    <RequireAccount reason={t('governance.signInReason', { name: profile.name })}>
      <form onSubmit={submit} noValidate style={{ maxWidth: 720 }}>
        <Stack gap="lg">
          <PageHeading documentTitle={`${pageTitle} · ${profile.name}`}>{pageTitle}</PageHeading>
          {!roles.member ? (
            <Alert color="yellow" role="alert" data-testid="members-only">
              {t('governance.membersOnly', { name: profile.name })}
            </Alert>
          ) : null}
          <Radio.Group
            label={t('governance.form.kind')}
            value={kind}
            onChange={chooseKind}
            data-testid="kind-choice"
          >
            <Stack gap={6} mt={6}>
              {KINDS.map((k) => (
                <Radio
                  key={k}
                  value={k}
                  label={t(`governance.kind.${k}`)}
                  description={t(`governance.kindHelp.${k}`)}
                />
              ))}
            </Stack>
          </Radio.Group>
          <RulesAhead kind={kind} />
          <TextInput
            label={t('governance.form.titleLabel')}
            value={title}
            onChange={(e) => {
              clear('title');
              setTitle(e.currentTarget.value);
            }}
            error={errors.title}
            required
            maxLength={160}
          />
          <Textarea
            label={t('governance.form.body')}
            description={t('governance.form.bodyHelp')}
            value={body}
            onChange={(e) => {
              clear('body');
              setBody(e.currentTarget.value);
            }}
            error={errors.body}
            autosize
            minRows={4}
            maxLength={20000}
          />

          {kind === 'resolution' ? (
            <Stack gap="sm">
              <Radio.Group
                label={t('governance.form.question')}
                value={choices ? 'options' : 'yesno'}
                onChange={(v) =>
                  setChoices(
                    v === 'options'
                      ? [
                          { id: nextRow(), name: '', description: '' },
                          { id: nextRow(), name: '', description: '' },
                        ]
                      : null,
                  )
                }
              >
                <Group gap="md" mt={6}>
                  <Radio value="yesno" label={t('governance.form.yesNo')} />
                  <Radio value="options" label={t('governance.form.options')} />
                </Group>
              </Radio.Group>
              {choices ? (
                <Stack gap="xs">
                  {errors.options ? (
                    <Text c="red.8" size="sm" role="alert">
                      {errors.options}
                    </Text>
                  ) : null}
                  {choices.map((c, i) => (
                    <Group key={c.id} align="flex-end" gap="xs" wrap="nowrap">
                      <TextInput
                        label={t('governance.form.optionName', { number: i + 1 })}
                        value={c.name}
                        error={errors[`options.${i}.name`]}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          clear(`options.${i}.name`);
                          clear('options');
                          setChoices(choices.map((x, j) => (j === i ? { ...x, name: value } : x)));
                        }}
                        style={{ flex: 1 }}
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        onClick={() => setChoices(choices.filter((_, j) => j !== i))}
                        aria-label={t('governance.form.removeOption', { number: i + 1 })}
                      >
                        ×
                      </Button>
                    </Group>
                  ))}
                  <Button
                    variant="default"
                    onClick={() => setChoices([...choices, { id: nextRow(), name: '', description: '' }])}
                    w="fit-content"
                  >
                    {t('governance.form.addOption')}
                  </Button>
                </Stack>
              ) : null}
            </Stack>
          ) : null}

          {kind === 'policy' || kind === 'bylaws' ? (
            <Stack gap="sm">
              <ChangeEditor
                kind={kind}
                edits={edits}
                setEdits={setEdits}
                listEdit={listEdit}
                setListEdit={setListEdit}
                errors={errors}
                clearError={clear}
              />
              <Radio.Group
                label={t('governance.form.effective')}
                value={effective}
                onChange={(v) => setEffective(v === 'date' ? 'date' : 'pass')}
              >
                <Stack gap={6} mt={6}>
                  <Radio value="pass" label={t('governance.form.effectiveOnPass')} />
                  <Radio value="date" label={t('governance.form.effectiveOnDate')} />
                </Stack>
              </Radio.Group>
              {effective === 'date' ? (
                <TextInput
                  type="date"
                  label={t('governance.form.effectiveDate', { zone: profile.timeZone })}
                  value={effectiveDate}
                  onChange={(e) => {
                    clear('effectiveAt');
                    setEffectiveDate(e.currentTarget.value);
                  }}
                  error={errors.effectiveAt}
                  maw={240}
                />
              ) : null}
            </Stack>
          ) : null}

          {kind === 'election' ? (
            <Stack gap="sm">
              <NativeSelect
                label={t('governance.form.role')}
                description={
                  (doc.committees ?? []).length > 0
                    ? t('governance.form.roleCommittees')
                    : t('governance.form.roleNoCommittees')
                }
                data={[
                  { value: 'board', label: t('roles.board') },
                  { value: 'admin', label: t('roles.admin') },
                  ...(doc.committees ?? []).map((c) => ({ value: committeeRole(c.key), label: c.name })),
                ]}
                value={role}
                onChange={(e) => {
                  clear('role');
                  setRole(e.currentTarget.value);
                }}
                error={errors.role}
                maw={360}
              />
              <Group gap="md" align="flex-start">
                <TextInput
                  label={t('governance.form.seats')}
                  inputMode="numeric"
                  value={seats}
                  onChange={(e) => {
                    clear('seats');
                    setSeats(e.currentTarget.value);
                  }}
                  error={errors.seats}
                  w={140}
                />
                <TextInput
                  label={t('governance.form.term')}
                  inputMode="numeric"
                  value={termMonths}
                  onChange={(e) => {
                    clear('termMonths');
                    setTermMonths(e.currentTarget.value);
                  }}
                  error={errors.termMonths}
                  w={160}
                />
              </Group>
              <Candidates value={candidates} onChange={setCandidates} error={errors.candidates} />
            </Stack>
          ) : null}

          {kind === 'admission' ? (
            <ApplicationToDecide
              value={applicationId}
              onChange={(id) => {
                clear('applicationId');
                setApplicationId(id);
              }}
              error={errors.applicationId}
            />
          ) : null}

          {kind === 'expulsion' ? (
            <MemberToExpel
              value={membershipId}
              onChange={(id) => {
                clear('membershipId');
                setMembershipId(id);
              }}
              error={errors.membershipId}
            />
          ) : null}

          {kind === 'budget' ? (
            <Stack gap="sm">
              <TextInput
                label={t('governance.form.amount')}
                description={t('governance.form.amountHelp')}
                inputMode="decimal"
                value={amount}
                onChange={(e) => {
                  clear('amount');
                  setAmount(e.currentTarget.value);
                }}
                error={errors.amount}
                rightSection={<Text size="sm">{currency}</Text>}
                rightSectionWidth={48}
                maw={280}
              />
              <Title order={2} size="h4">
                {t('governance.form.projects')}
              </Title>
              {projects.map((p, i) => (
                <Card key={p.id} withBorder padding="sm" data-testid="project-edit">
                  <Stack gap={6}>
                    <TextInput
                      label={t('governance.form.projectName', { number: i + 1 })}
                      value={p.name}
                      error={errors[`projects.${i}.name`]}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        clear(`projects.${i}.name`);
                        setProjects(projects.map((x, j) => (j === i ? { ...x, name: value } : x)));
                      }}
                    />
                    <Textarea
                      label={t('governance.form.projectDescription', { number: i + 1 })}
                      value={p.description}
                      autosize
                      minRows={2}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setProjects(projects.map((x, j) => (j === i ? { ...x, description: value } : x)));
                      }}
                    />
                    <Group align="flex-end" justify="space-between">
                      <TextInput
                        label={t('governance.form.projectCost', { number: i + 1 })}
                        inputMode="decimal"
                        value={p.cost}
                        error={errors[`projects.${i}.cost`]}
                        rightSection={<Text size="sm">{currency}</Text>}
                        rightSectionWidth={48}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          clear(`projects.${i}.cost`);
                          setProjects(projects.map((x, j) => (j === i ? { ...x, cost: value } : x)));
                        }}
                        w={200}
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        onClick={() => setProjects(projects.filter((_, j) => j !== i))}
                      >
                        {t('governance.form.removeProject', { number: i + 1 })}
                      </Button>
                    </Group>
                  </Stack>
                </Card>
              ))}
              <Button
                variant="default"
                w="fit-content"
                onClick={() =>
                  setProjects([...projects, { id: nextRow(), name: '', description: '', cost: '' }])
                }
              >
                {t('governance.form.addProject')}
              </Button>
              {projects.length > 0 ? (
                <Text size="sm" data-testid="projects-total">
                  {t('governance.form.projectsTotal', {
                    total: money(projectTotal, currency, i18n.language),
                    amount: budgetMinor ? money(budgetMinor, currency, i18n.language) : '—',
                  })}
                </Text>
              ) : null}
              <Text size="sm">{t('governance.form.projectsLater')}</Text>
            </Stack>
          ) : null}

          <Stack gap={6}>
            {rule.secret ? (
              <Text size="sm">{t('governance.form.secretRequired')}</Text>
            ) : (
              <Checkbox
                label={t('governance.form.askSecret')}
                description={t('governance.form.askSecretHelp')}
                checked={secret}
                onChange={(e) => setSecret(e.currentTarget.checked)}
              />
            )}
            {!rule.secret && !secret ? (
              <Checkbox
                label={t('governance.form.liveResults')}
                checked={liveResults}
                onChange={(e) => setLiveResults(e.currentTarget.checked)}
              />
            ) : null}
          </Stack>
          <FormError message={formError} />
          <Group>
            <Button type="submit" loading={sending} disabled={!roles.member} data-testid="save-draft">
              {t('governance.form.save')}
            </Button>
          </Group>
          <Text size="sm">{t('governance.form.afterSave')}</Text>
        </Stack>
      </form>
    </RequireAccount>
  );
}
