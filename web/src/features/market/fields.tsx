import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { durationLabel } from './zoned-time.ts';

// Form fields the market pages share.

const LANGUAGES = ['en', 'es', 'fr', 'ca', 'eu', 'gl', 'pt', 'it', 'de', 'nl', 'pl', 'ro', 'uk', 'ar', 'zh'];

/** Language tags with their names in the reader's language. */
export function languageOptions(locale: string, extra: string[] = []): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'language' });
  return [...new Set([...LANGUAGES, ...extra])].map((code) => ({
    value: code,
    label: names.of(code) ?? code,
  }));
}

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function LanguageSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | null;
  onChange(value: string | null): void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Select
      label={label}
      data={languageOptions(i18n.language)}
      value={value}
      onChange={onChange}
      clearable
      searchable
      placeholder={t('market.fields.anyLanguage')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Latitude and longitude typed as decimals; "Use my location" fills them from the device when allowed. */
export function PointFields({
  lat,
  lng,
  onChange,
  errors,
}: {
  lat: string;
  lng: string;
  onChange(point: { lat: string; lng: string }): void;
  errors?: { lat?: string | undefined; lng?: string | undefined };
}) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator;

  function locate() {
    setLocating(true);
    setProblem(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange({
          lat: position.coords.latitude.toFixed(5),
          lng: position.coords.longitude.toFixed(5),
        });
      },
      () => {
        setLocating(false);
        setProblem(t('market.fields.locateFailed'));
      },
      { timeout: 10_000 },
    );
  }

  return (
    <>
      <Group grow align="flex-start" gap="sm">
        <TextInput
          label={t('market.fields.lat')}
          inputMode="decimal"
          value={lat}
          error={errors?.lat}
          onChange={(e) => onChange({ lat: e.currentTarget.value, lng })}
        />
        <TextInput
          label={t('market.fields.lng')}
          inputMode="decimal"
          value={lng}
          error={errors?.lng}
          onChange={(e) => onChange({ lat, lng: e.currentTarget.value })}
        />
      </Group>
      {canLocate ? (
        <Group gap="xs">
          <Button variant="default" size="xs" loading={locating} onClick={locate}>
            {t('market.fields.locate')}
          </Button>
          {problem ? (
            <span role="alert" style={{ color: 'var(--mantine-color-red-9)', fontSize: 14 }}>
              {problem}
            </span>
          ) : null}
        </Group>
      ) : null}
    </>
  );
}

/** A decimal in a range, or null. */
export function parseDecimal(text: string, min: number, max: number): number | null {
  const value = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) return null;
  return value;
}

/** Durations from `min` minutes, then every half hour, up to eight hours (or `min` when it is longer). */
export function durationOptions(min: number): { value: string; label: string }[] {
  const start = Math.max(15, min);
  const values = [start];
  for (let m = Math.floor(start / 30) * 30 + 30; m <= Math.max(480, start); m += 30) values.push(m);
  return values.map((m) => ({ value: String(m), label: durationLabel(m) }));
}
