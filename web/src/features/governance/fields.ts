import type { TFunction } from 'i18next';
import {
  type ConstitutionDocument,
  decisionKinds,
  diffConstitutions,
  votingMethods,
} from '../../../../contracts/constitution.ts';
import { currencyExponent } from '../../../../contracts/money.ts';
import { suggestSlug } from '../coops/slug.ts';

// The fields a policy change or a bylaws amendment may edit, picked one by one in the proposal form.
// Each field knows its place in the constitution, how its value is typed in, and how the edits become
// the JSON merge patch the server validates (keyed lists such as categories are sent whole, edited).

export type FieldKind = 'bps' | 'money' | 'int' | 'bool' | 'method';

/** A step into the document: an object member, or the item of a keyed list with that key. */
export type Segment = string | { key: string };

export type FieldSpec = {
  /** The dotted path the server's diff uses, e.g. market.categories[cleaning].minHourlyRate. */
  id: string;
  segments: Segment[];
  kind: FieldKind;
  group: 'market' | 'dispatch' | 'surplus' | 'openData' | 'membership' | 'voting' | 'classes';
  min?: number;
  max?: number;
  label: (t: TFunction) => string;
};

export type ChangeKind = 'policy' | 'bylaws';

function idOf(segments: Segment[]): string {
  return segments
    .map((s, i) => (typeof s === 'string' ? `${i === 0 ? '' : '.'}${s}` : `[${s.key}]`))
    .join('');
}

function spec(
  group: FieldSpec['group'],
  segments: Segment[],
  kind: FieldKind,
  label: FieldSpec['label'],
  range: { min?: number; max?: number } = {},
): FieldSpec {
  return { id: idOf(segments), segments, kind, group, label, ...range };
}

const DISPATCH_WEIGHTS = ['fairness', 'proximity', 'rating', 'skillMatch', 'preference'] as const;

/** Every field a proposal of this kind may change, read from the constitution in force. */
export function fieldSpecs(kind: ChangeKind, doc: ConstitutionDocument): FieldSpec[] {
  const className = (key: string) => doc.memberClasses.find((c) => c.key === key)?.name ?? key;
  if (kind === 'policy') {
    return [
      spec('market', ['market', 'platformFeeBps'], 'bps', (t) => t('governance.fields.platformFee')),
      spec(
        'market',
        ['market', 'cancellation', 'windowHours'],
        'int',
        (t) => t('governance.fields.cancelWindow'),
        {
          min: 0,
          max: 720,
        },
      ),
      spec('market', ['market', 'cancellation', 'feeBps'], 'bps', (t) => t('governance.fields.cancelFee')),
      spec('market', ['market', 'nonMembersMayBuy'], 'bool', (t) => t('governance.fields.nonMembersMayBuy')),
      ...doc.market.categories.flatMap((c) => [
        spec('market', ['market', 'categories', { key: c.key }, 'minHourlyRate'], 'money', (t) =>
          t('governance.fields.payFloor', { name: c.name }),
        ),
        spec('market', ['market', 'categories', { key: c.key }, 'standardPrice'], 'money', (t) =>
          t('governance.fields.standardPrice', { name: c.name }),
        ),
        spec('market', ['market', 'categories', { key: c.key }, 'dispatched'], 'bool', (t) =>
          t('governance.fields.dispatched', { name: c.name }),
        ),
      ]),
      ...DISPATCH_WEIGHTS.map((w) =>
        spec('dispatch', ['dispatch', 'weights', w], 'int', (t) => t(`governance.fields.weight.${w}`), {
          min: 0,
          max: 100,
        }),
      ),
      spec(
        'dispatch',
        ['dispatch', 'fairnessWindowDays'],
        'int',
        (t) => t('governance.fields.fairnessWindow'),
        {
          min: 1,
          max: 365,
        },
      ),
      spec(
        'dispatch',
        ['dispatch', 'offerTimeoutMinutes'],
        'int',
        (t) => t('governance.fields.offerTimeout'),
        {
          min: 1,
          max: 1440,
        },
      ),
      spec('dispatch', ['dispatch', 'maxDistanceKm'], 'int', (t) => t('governance.fields.maxDistance'), {
        min: 1,
        max: 1000,
      }),
      spec('dispatch', ['dispatch', 'maxJobsPerDay'], 'int', (t) => t('governance.fields.maxJobs'), {
        min: 1,
        max: 50,
      }),
      spec('surplus', ['surplus', 'reserveBps'], 'bps', (t) => t('governance.fields.reserve')),
      spec('surplus', ['surplus', 'communityFundBps'], 'bps', (t) => t('governance.fields.communityFund')),
      spec('surplus', ['surplus', 'patronageBps'], 'bps', (t) => t('governance.fields.patronage')),
      ...Object.keys(doc.surplus.classSplitBps).map((k) =>
        spec('surplus', ['surplus', 'classSplitBps', k], 'bps', (t) =>
          t('governance.fields.classSplit', { name: className(k) }),
        ),
      ),
      spec('surplus', ['surplus', 'minCashBps'], 'bps', (t) => t('governance.fields.minCash')),
      spec('openData', ['openData', 'minGroupSize'], 'int', (t) => t('governance.fields.minGroupSize'), {
        min: 2,
        max: 1000,
      }),
    ];
  }
  return [
    spec('membership', ['membership', 'noticeDays'], 'int', (t) => t('governance.fields.noticeDays'), {
      min: 0,
      max: 730,
    }),
    spec('voting', ['voting', 'proxies', 'allowed'], 'bool', (t) => t('governance.fields.proxiesAllowed')),
    spec('voting', ['voting', 'proxies', 'maxPerPerson'], 'int', (t) => t('governance.fields.proxiesMax'), {
      min: 0,
      max: 20,
    }),
    ...(doc.voting.scheme === 'weighted-classes'
      ? Object.keys(doc.voting.classWeightsBps).map((k) =>
          spec('voting', ['voting', 'classWeightsBps', k], 'bps', (t) =>
            t('governance.fields.classWeight', { name: className(k) }),
          ),
        )
      : []),
    ...decisionKinds.flatMap((d) => {
      const kindName = (t: TFunction) => t(`decisionKinds.${d}`);
      const at = (field: string): Segment[] => ['voting', 'decisions', d, field];
      return [
        spec('voting', at('method'), 'method', (t) => t('governance.fields.method', { kind: kindName(t) })),
        spec('voting', at('quorumBps'), 'bps', (t) => t('governance.fields.quorum', { kind: kindName(t) })),
        spec('voting', at('thresholdBps'), 'bps', (t) =>
          t('governance.fields.threshold', { kind: kindName(t) }),
        ),
        spec(
          'voting',
          at('minDiscussionDays'),
          'int',
          (t) => t('governance.fields.discussionDays', { kind: kindName(t) }),
          { min: 0, max: 90 },
        ),
        spec(
          'voting',
          at('minVotingDays'),
          'int',
          (t) => t('governance.fields.votingDays', { kind: kindName(t) }),
          {
            min: 0,
            max: 90,
          },
        ),
        spec(
          'voting',
          at('secondsNeeded'),
          'int',
          (t) => t('governance.fields.seconds', { kind: kindName(t) }),
          {
            min: 0,
            max: 1000,
          },
        ),
        spec('voting', at('secret'), 'bool', (t) => t('governance.fields.secret', { kind: kindName(t) })),
      ];
    }),
    ...doc.memberClasses.flatMap((c) => [
      spec('classes', ['memberClasses', { key: c.key }, 'sharePrice'], 'money', (t) =>
        t('governance.fields.sharePrice', { name: c.name }),
      ),
      spec('classes', ['memberClasses', { key: c.key }, 'openToApplicants'], 'bool', (t) =>
        t('governance.fields.openToApplicants', { name: c.name }),
      ),
    ]),
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a field's place in the document (undefined when absent, e.g. no standard price). */
export function valueAt(doc: unknown, segments: Segment[]): unknown {
  let node: unknown = doc;
  for (const s of segments) {
    if (typeof s === 'string') node = isRecord(node) ? node[s] : undefined;
    else node = Array.isArray(node) ? node.find((item) => isRecord(item) && item.key === s.key) : undefined;
  }
  return node;
}

/**
 * The merge patch for a set of edits. Objects merge; a keyed list (categories, classes) is replaced
 * by the whole list as it stands with the edits applied, since a merge patch replaces arrays.
 */
export function buildPatch(
  doc: ConstitutionDocument,
  edits: { segments: Segment[]; value: unknown }[],
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { segments, value } of edits) {
    let node: Record<string, unknown> = patch;
    let source: unknown = doc;
    let copied = false;
    for (let i = 0; i < segments.length - 1; i++) {
      const s = segments[i]!;
      const next = segments[i + 1]!;
      if (typeof s === 'string') {
        const from = isRecord(source) ? source[s] : undefined;
        if (typeof next !== 'string') {
          if (!Array.isArray(node[s])) node[s] = structuredClone(from ?? []);
          copied = true;
        } else if (!isRecord(node[s])) {
          node[s] = copied ? structuredClone(from ?? {}) : {};
        }
        node = node[s] as Record<string, unknown>;
        source = from;
      } else {
        const list = node as unknown as Record<string, unknown>[];
        const item = list.find((entry) => entry.key === s.key);
        if (!item) break;
        node = item;
        source = Array.isArray(source) ? source.find((e) => isRecord(e) && e.key === s.key) : undefined;
      }
    }
    const last = segments.at(-1);
    if (typeof last === 'string') node[last] = value;
  }
  return patch;
}

/** RFC 7386 merge patch, as the server applies it, for the preview of the change. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

export function previewDiff(doc: ConstitutionDocument, patch: Record<string, unknown>) {
  return diffConstitutions(doc, mergePatch(doc, patch));
}

/** A value as the person types it: percent for basis points, major units for money. */
export function toInput(kind: FieldKind, value: unknown, currency: string): string {
  if (value === undefined || value === null) return '';
  if (kind === 'bps' && typeof value === 'number') {
    const whole = Math.trunc(value / 100);
    const cents = value % 100;
    return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
  }
  if (kind === 'money' && typeof value === 'string') {
    const exp = currencyExponent(currency);
    if (exp === 0) return value;
    const padded = value.padStart(exp + 1, '0');
    const frac = padded.slice(-exp).replace(/0+$/, '');
    return frac ? `${padded.slice(0, -exp)}.${frac}` : padded.slice(0, -exp);
  }
  return String(value);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** A typed-in value as the document stores it, or the key of the message saying what is wrong. */
export function fromInput(field: FieldSpec, text: string, currency: string): Parsed {
  const trimmed = text.trim().replace(',', '.');
  switch (field.kind) {
    case 'bool':
      return trimmed === 'true' || trimmed === 'false'
        ? { ok: true, value: trimmed === 'true' }
        : { ok: false, error: 'governance.form.errors.choose' };
    case 'method':
      return (votingMethods as readonly string[]).includes(trimmed)
        ? { ok: true, value: trimmed }
        : { ok: false, error: 'governance.form.errors.choose' };
    case 'bps': {
      const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(trimmed);
      if (!match) return { ok: false, error: 'governance.form.errors.percent' };
      const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
      return bps > 10_000 ? { ok: false, error: 'governance.form.errors.percent' } : { ok: true, value: bps };
    }
    case 'money': {
      const exp = currencyExponent(currency);
      const match =
        exp === 0
          ? /^(\d{1,12})$/.exec(trimmed)
          : new RegExp(`^(\\d{1,12})(?:\\.(\\d{1,${exp}}))?$`).exec(trimmed);
      if (!match) return { ok: false, error: 'governance.form.errors.money' };
      const minor = BigInt(match[1]!) * 10n ** BigInt(exp) + BigInt((match[2] ?? '').padEnd(exp, '0') || '0');
      return { ok: true, value: minor.toString() };
    }
    case 'int': {
      if (!/^\d{1,6}$/.test(trimmed)) return { ok: false, error: 'governance.form.errors.whole' };
      const n = Number(trimmed);
      if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max))
        return { ok: false, error: 'governance.form.errors.range' };
      return { ok: true, value: n };
    }
  }
}

/**
 * The form field a server error points at: the server names the place in the document by list index
 * (changes.market.categories.0.minHourlyRate); the form knows fields by key.
 */
export function fieldForError(
  doc: ConstitutionDocument,
  fields: FieldSpec[],
  errorField: string | undefined,
): FieldSpec | null {
  if (!errorField?.startsWith('changes.')) return null;
  const parts = errorField.slice('changes.'.length).split('.');
  const segments: Segment[] = [];
  let node: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(node) && /^\d+$/.test(part)) {
      const item = node[Number(part)] as unknown;
      if (!isRecord(item) || typeof item.key !== 'string') return null;
      segments.push({ key: item.key });
      node = item;
    } else {
      segments.push(part);
      node = isRecord(node) ? node[part] : undefined;
    }
  }
  const id = idOf(segments);
  return fields.find((f) => f.id === id || id.startsWith(`${f.id}.`)) ?? null;
}

/** Amount typed in major units ("250" or "250.50") as minor units, or null. */
export function toMinor(text: string, currency: string): string | null {
  const parsed = fromInput(
    { id: 'amount', segments: [], kind: 'money', group: 'market', label: () => '' },
    text,
    currency,
  );
  return parsed.ok ? String(parsed.value) : null;
}

// Keyed lists a proposal can add items to or take items from, beside the fields it edits: the kinds
// of work (a policy change) and the committees (a bylaws amendment). The list is sent whole.

export type Category = ConstitutionDocument['market']['categories'][number];
export type Committee = NonNullable<ConstitutionDocument['committees']>[number];
export type ListEdit =
  | { list: 'categories'; added: Category[]; removed: string[] }
  | { list: 'committees'; added: Committee[]; removed: string[] };

/** Where the fields of a list's item start, e.g. market.categories[cleaning]. */
export function listFieldPrefix(list: ListEdit['list'], key: string): string {
  return list === 'categories' ? `market.categories[${key}]` : `committees[${key}]`;
}

export function emptyListEdit(kind: ChangeKind): ListEdit {
  return kind === 'policy'
    ? { list: 'categories', added: [], removed: [] }
    : { list: 'committees', added: [], removed: [] };
}

export const listEditIsEmpty = (edit: ListEdit) => edit.added.length === 0 && edit.removed.length === 0;

/** The items of the list in the constitution in force. */
export function listItems(doc: ConstitutionDocument, list: ListEdit['list']): (Category | Committee)[] {
  return list === 'categories' ? doc.market.categories : (doc.committees ?? []);
}

/** A key for a new item from its name, unlike any key taken: "Safeguarding" → "safeguarding". */
export function newKey(name: string, taken: readonly string[]): string | null {
  let base = suggestSlug(name);
  if (!base) return null;
  if (!/^[a-z]/.test(base)) base = `k-${base}`.slice(0, 40).replace(/-+$/, '');
  for (let n = 1; n < 100; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const key = `${base.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.includes(key)) return key;
  }
  return null;
}

/** The patch with the list's additions and removals applied on top of the edited fields. */
export function withListEdit(
  doc: ConstitutionDocument,
  patch: Record<string, unknown>,
  edit: ListEdit,
): Record<string, unknown> {
  if (listEditIsEmpty(edit)) return patch;
  const keep = <T extends { key: string }>(items: T[]) => items.filter((i) => !edit.removed.includes(i.key));
  if (edit.list === 'committees') {
    return { ...patch, committees: [...keep(doc.committees ?? []), ...edit.added] };
  }
  const market = isRecord(patch.market) ? patch.market : {};
  const current = Array.isArray(market.categories)
    ? (market.categories as Category[])
    : doc.market.categories;
  return { ...patch, market: { ...market, categories: [...keep(current), ...edit.added] } };
}
