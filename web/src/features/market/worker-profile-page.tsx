import {
  Avatar,
  Button,
  Checkbox,
  FileButton,
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-card.tsx';
import { notify } from '../../lib/notify.ts';
import { useSession } from '../../lib/session.tsx';
import { useCoop } from '../coops/coop-context.tsx';
import { languageOptions, PointFields, parseDecimal } from './fields.tsx';
import { type MyWorker, saveMyWorker, uploadPhoto, type WorkerProfileFields } from './market-api.ts';
import { useMarket } from './market-context.tsx';
import { marketErrorMessage, placeMarketError } from './market-errors.ts';
import { Muted, Section } from './parts.tsx';
import { WorkerArea, type WorkerProfileState } from './worker-area.tsx';

// The worker's profile: the name customers see, a few words, languages and skills, where they work,
// their time zone, breaks between bookings, instant booking, and their photo.

const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
type PhotoType = (typeof PHOTO_TYPES)[number];

type Form = {
  displayName: string;
  bio: string;
  languages: string[];
  skills: string[];
  timeZone: string;
  areaKind: 'postal' | 'radius';
  postalCodes: string;
  lat: string;
  lng: string;
  radiusKm: string;
  bufferMinutes: string;
  instantBooking: boolean;
  preferredCategories: string[];
  active: boolean;
};
type Errors = Partial<Record<keyof Form, string>>;

function initial(worker: MyWorker | null, fallback: { name: string; timeZone: string }): Form {
  const area = worker?.area;
  return {
    displayName: worker?.displayName ?? fallback.name,
    bio: worker?.bio ?? '',
    languages: worker?.languages ?? [],
    skills: worker?.skills ?? [],
    timeZone: worker?.timeZone ?? fallback.timeZone,
    areaKind: area?.kind === 'radius' ? 'radius' : 'postal',
    postalCodes: area?.kind === 'postal' ? area.postalCodes.join(', ') : '',
    lat: area?.kind === 'radius' ? String(area.lat) : '',
    lng: area?.kind === 'radius' ? String(area.lng) : '',
    radiusKm: area?.kind === 'radius' ? String(area.radiusKm) : '10',
    bufferMinutes: String(worker?.bufferMinutes ?? 0),
    instantBooking: worker?.instantBooking ?? false,
    preferredCategories: worker?.preferredCategories ?? [],
    active: worker?.active ?? true,
  };
}

/** A skill as the API keeps it: lower case, words joined by dashes. */
function skillKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function Photo({ worker, onDone }: { worker: MyWorker; onDone(): void }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function upload(file: File | null) {
    if (!file) return;
    setError(null);
    if (!PHOTO_TYPES.includes(file.type as PhotoType)) return setError(t('market.profile.photoType'));
    if (file.size > PHOTO_MAX_BYTES) return setError(t('market.errors.PHOTO_TOO_LARGE'));
    setSending(true);
    try {
      await uploadPhoto(slug, { contentType: file.type as PhotoType, data: await readAsBase64(file) });
      notify(t('market.profile.photoSaved'));
      onDone();
    } catch (caught) {
      setError(marketErrorMessage(t, caught));
    } finally {
      setSending(false);
    }
  }

  return (
    <Group gap="md" align="center">
      <Avatar src={worker.photoUrl} alt="" size={72} radius="xl" color="teal">
        {worker.displayName.slice(0, 1)}
      </Avatar>
      <Stack gap={4}>
        <FileButton onChange={(file) => void upload(file)} accept={PHOTO_TYPES.join(',')}>
          {(props) => (
            <Button {...props} variant="default" size="xs" loading={sending}>
              {worker.photoUrl ? t('market.profile.changePhoto') : t('market.profile.addPhoto')}
            </Button>
          )}
        </FileButton>
        <Muted>{t('market.profile.photoHint')}</Muted>
        {error ? (
          <Text size="sm" c="red.9" role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
    </Group>
  );
}

function ProfileForm({ mine }: { mine: WorkerProfileState }) {
  const { t, i18n } = useTranslation();
  const { slug, profile } = useCoop();
  const session = useSession();
  const { rules } = useMarket();
  const worker = mine.state === 'done' ? mine.data : null;
  const myName = session.account?.displayName ?? '';
  const [form, setForm] = useState<Form>(() => initial(worker, { name: myName, timeZone: profile.timeZone }));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (!form.displayName.trim()) found.displayName = t('validation.required');
    let area: WorkerProfileFields['area'] | null = null;
    if (form.areaKind === 'postal') {
      const codes = form.postalCodes
        .split(/[,\s]+/)
        .map((c) => c.trim())
        .filter(Boolean);
      if (codes.length === 0 || codes.some((c) => !/^[A-Za-z0-9-]{2,10}$/.test(c)))
        found.postalCodes = t('market.profile.postalCodesInvalid');
      else area = { kind: 'postal', postalCodes: codes };
    } else {
      const lat = parseDecimal(form.lat, -90, 90);
      const lng = parseDecimal(form.lng, -180, 180);
      const radiusKm = parseDecimal(form.radiusKm, 0.1, 500);
      if (lat === null) found.lat = t('market.fields.latInvalid');
      if (lng === null) found.lng = t('market.fields.lngInvalid');
      if (radiusKm === null) found.radiusKm = t('market.fields.radiusInvalid');
      if (lat !== null && lng !== null && radiusKm !== null) area = { kind: 'radius', lat, lng, radiusKm };
    }
    if (Object.keys(found).length > 0 || !area) return setErrors(found);
    setSending(true);
    setFormError(null);
    try {
      await saveMyWorker(slug, {
        displayName: form.displayName.trim(),
        bio: form.bio.trim(),
        languages: form.languages,
        skills: form.skills.map(skillKey).filter(Boolean),
        timeZone: form.timeZone,
        area,
        bufferMinutes: Number(form.bufferMinutes),
        instantBooking: form.instantBooking,
        preferredCategories: form.preferredCategories,
        active: form.active,
      });
      notify(worker ? t('market.profile.saved') : t('market.profile.created'));
      mine.reload();
    } catch (error) {
      const placed = placeMarketError(t, error, ['displayName', 'timeZone', 'bio']);
      if (placed.field) setErrors((e) => ({ ...e, [placed.field as keyof Form]: placed.message }));
      else setFormError(placed.message);
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('market.profile.formLabel')}>
      <Stack gap="md">
        <TextInput
          label={t('market.profile.displayName')}
          description={t('market.profile.displayNameHint')}
          value={form.displayName}
          maxLength={80}
          required
          error={errors.displayName}
          onChange={(e) => set('displayName', e.currentTarget.value)}
        />
        <Textarea
          label={t('market.profile.bio')}
          value={form.bio}
          maxLength={2000}
          autosize
          minRows={3}
          error={errors.bio}
          onChange={(e) => set('bio', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <MultiSelect
            label={t('market.profile.languages')}
            data={languageOptions(i18n.language, form.languages)}
            value={form.languages}
            onChange={(v) => set('languages', v)}
            searchable
            maxValues={12}
          />
          <TagsInput
            label={t('market.profile.skills')}
            description={t('market.profile.skillsHint')}
            value={form.skills}
            onChange={(v) => set('skills', v.map(skillKey).filter(Boolean))}
            maxTags={30}
          />
        </SimpleGrid>

        <Stack gap={6}>
          <Text component="span" size="sm" fw={500} id="area-label">
            {t('market.profile.area')}
          </Text>
          <SegmentedControl
            aria-labelledby="area-label"
            value={form.areaKind}
            onChange={(v) => set('areaKind', v as Form['areaKind'])}
            data={[
              { value: 'postal', label: t('market.profile.areaPostal') },
              { value: 'radius', label: t('market.profile.areaRadius') },
            ]}
            fullWidth
          />
          {form.areaKind === 'postal' ? (
            <TextInput
              label={t('market.profile.postalCodes')}
              description={t('market.profile.postalCodesHint')}
              value={form.postalCodes}
              error={errors.postalCodes}
              onChange={(e) => set('postalCodes', e.currentTarget.value)}
            />
          ) : (
            <>
              <PointFields
                lat={form.lat}
                lng={form.lng}
                onChange={(p) => {
                  setForm((f) => ({ ...f, ...p }));
                  setErrors((e) => ({ ...e, lat: undefined, lng: undefined }));
                }}
                errors={{ lat: errors.lat, lng: errors.lng }}
              />
              <TextInput
                label={t('market.fields.radiusKm')}
                inputMode="decimal"
                value={form.radiusKm}
                error={errors.radiusKm}
                onChange={(e) => set('radiusKm', e.currentTarget.value)}
              />
            </>
          )}
        </Stack>

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('market.profile.timeZone')}
            description={t('market.profile.timeZoneHint')}
            data={zones}
            value={form.timeZone}
            onChange={(v) => set('timeZone', v ?? profile.timeZone)}
            error={errors.timeZone}
            searchable
            allowDeselect={false}
          />
          <Select
            label={t('market.profile.buffer')}
            description={t('market.profile.bufferHint')}
            data={[0, 15, 30, 45, 60, 90, 120].map((m) => ({
              value: String(m),
              label: m === 0 ? t('market.profile.noBuffer') : t('market.profile.minutes', { count: m }),
            }))}
            value={form.bufferMinutes}
            onChange={(v) => set('bufferMinutes', v ?? '0')}
            allowDeselect={false}
          />
        </SimpleGrid>

        <Checkbox.Group
          label={t('market.profile.preferred')}
          description={t('market.profile.preferredHint')}
          value={form.preferredCategories}
          onChange={(v) => set('preferredCategories', v)}
        >
          <Group gap="md" mt={6}>
            {rules.categories.map((c) => (
              <Checkbox key={c.key} value={c.key} label={c.name} />
            ))}
          </Group>
        </Checkbox.Group>

        <Switch
          label={t('market.profile.instant')}
          description={t('market.profile.instantHint')}
          checked={form.instantBooking}
          onChange={(e) => set('instantBooking', e.currentTarget.checked)}
        />
        <Switch
          label={t('market.profile.active')}
          description={t('market.profile.activeHint')}
          checked={form.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
        />
        <FormError message={formError} />
        <Group>
          <Button type="submit" loading={sending} data-testid="save-profile">
            {worker ? t('market.profile.save') : t('market.profile.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function WorkerProfilePage() {
  const { t } = useTranslation();
  return (
    <WorkerArea title={t('market.profile.title')} needsProfile={false}>
      {(mine) => (
        <Stack gap="xl">
          {mine.state === 'done' && mine.data ? (
            <Section id="photo-heading" title={t('market.profile.photo')}>
              <Photo worker={mine.data} onDone={mine.reload} />
            </Section>
          ) : (
            <Text>{t('market.profile.intro')}</Text>
          )}
          <Section id="profile-heading" title={t('market.profile.details')}>
            <ProfileForm mine={mine} />
          </Section>
        </Stack>
      )}
    </WorkerArea>
  );
}
