import { Alert, Anchor, Box, Button, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useSearchParams } from 'react-router';
import { Loading } from '../../components/load-status.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { RequireAccount } from '../../components/require-account.tsx';
import { day, money } from '../../lib/format.ts';
import { useCoop, useCoopRoles } from '../coops/coop-context.tsx';
import { ledgerDownloads, type Period } from './ledger-api.ts';
import { ledgerErrorMessage } from './ledger-errors.ts';
import {
  PRESETS,
  type Preset,
  periodFromParams,
  periodProblem,
  presetOf,
  presetPeriod,
  todayIn,
  withPeriod,
} from './period.ts';

/** The address of a ledger page, keeping the period the admin chose. */
export function ledgerPath(slug: string, rest: string, period: Period = {}): string {
  const params = withPeriod(new URLSearchParams(), period).toString();
  return `/c/${slug}/admin/ledger${rest}${params ? `?${params}` : ''}`;
}

/** A calendar day (YYYY-MM-DD, already in the co-op's zone) for people. */
export function calendarDay(date: string, locale: string): string {
  return day(`${date}T12:00:00Z`, locale, 'UTC');
}

/** Formats minor units as money in the interface language. */
export function useMoney(): (minor: string, currency: string) => string {
  const { i18n } = useTranslation();
  return (minor, currency) => money(minor, currency, i18n.language);
}

/** A failed load, in the ledger's words, with a retry. */
export function LedgerLoadFailed({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry(): void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={title} role="alert" data-testid="ledger-load-failed">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{ledgerErrorMessage(t, error)}</Text>
        <Button size="xs" variant="white" color="red" onClick={onRetry}>
          {t('home.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** Amount cells stay on one line and line up by digit. */
export const amountCell = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;

function LedgerNav() {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const [params] = useSearchParams();
  const period = periodFromParams(params);
  const links = [
    { rest: '', label: t('ledger.nav.reports'), end: true, testId: 'ledger-nav-reports' },
    { rest: '/journal', label: t('ledger.nav.journal'), end: false, testId: 'ledger-nav-journal' },
    { rest: '/accounts', label: t('ledger.nav.accounts'), end: false, testId: 'ledger-nav-accounts' },
    { rest: '/payments', label: t('ledger.nav.payments'), end: false, testId: 'ledger-nav-payments' },
  ];
  return (
    <Box component="nav" aria-label={t('ledger.nav.label')}>
      <Group gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {links.map((link) => (
          <li key={link.rest}>
            <NavLink
              to={ledgerPath(slug, link.rest, link.rest === '/payments' ? {} : period)}
              end={link.end}
              data-testid={link.testId}
              style={{ textDecoration: 'none' }}
            >
              {({ isActive }) => (
                <Button component="span" size="compact-sm" variant={isActive ? 'light' : 'subtle'}>
                  {link.label}
                </Button>
              )}
            </NavLink>
          </li>
        ))}
      </Group>
    </Box>
  );
}

/**
 * The frame of every admin ledger page: sign-in, the board-or-admin check (the server checks too),
 * the heading and the ledger's own menu.
 */
export function LedgerFrame({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { profile, me } = useCoop();
  const roles = useCoopRoles();
  const allowed = roles.board || roles.admin;
  return (
    <RequireAccount reason={t('ledger.signInReason', { name: profile.name })}>
      <Stack gap="lg">
        <PageHeading documentTitle={`${title} · ${profile.name}`}>{title}</PageHeading>
        {me.state === 'loading' ? <Loading /> : null}
        {me.state !== 'loading' && !allowed ? (
          <Alert
            color="red"
            variant="light"
            title={t('ledger.refusedTitle')}
            role="alert"
            data-testid="ledger-refused"
          >
            {t('ledger.refused', { name: profile.name })}
          </Alert>
        ) : null}
        {me.state !== 'loading' && allowed ? (
          <>
            <LedgerNav />
            {intro ? <Text>{intro}</Text> : null}
            {children}
          </>
        ) : null}
      </Stack>
    </RequireAccount>
  );
}

/** The period in the address, and a way to change it (other query values are kept). */
export function usePeriod(): [Period, (period: Period) => void] {
  const [params, setParams] = useSearchParams();
  const period = periodFromParams(params);
  const set = (next: Period) => setParams(withPeriod(params, next), { replace: true });
  return [period, set];
}

/** A sentence naming the period: "1 Jan 2026 – 31 Dec 2026", "from …", "until …", "all time". */
export function usePeriodLabel(): (period: Period) => string {
  const { t, i18n } = useTranslation();
  return (period) => {
    const from = period.from ? calendarDay(period.from, i18n.language) : null;
    const to = period.to ? calendarDay(period.to, i18n.language) : null;
    if (from && to) return t('ledger.period.between', { from, to });
    if (from) return t('ledger.period.since', { from });
    if (to) return t('ledger.period.until', { to });
    return t('ledger.period.allTime');
  };
}

/** Two calendar days and quick choices (this month, last year, …), in the co-op's time zone. */
export function PeriodPicker({
  period,
  onChange,
  legend,
}: {
  period: Period;
  onChange(period: Period): void;
  legend?: string;
}) {
  const { t } = useTranslation();
  const { profile } = useCoop();
  const today = todayIn(profile.timeZone);
  const [from, setFrom] = useState(period.from ?? '');
  const [to, setTo] = useState(period.to ?? '');
  const [problem, setProblem] = useState<{ field: 'from' | 'to'; key: string } | null>(null);
  const label = usePeriodLabel();
  const active = presetOf(period, today);

  // The address can change from elsewhere (a quick choice, the back button): follow it.
  useEffect(() => {
    setFrom(period.from ?? '');
    setTo(period.to ?? '');
    setProblem(null);
  }, [period.from, period.to]);

  function apply() {
    const found = periodProblem(from, to);
    setProblem(found);
    if (!found) onChange({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  }

  function choose(preset: Preset) {
    onChange(presetPeriod(preset, today));
  }

  return (
    <Fieldset legend={legend ?? t('ledger.period.legend')} variant="filled" p="sm">
      <Stack gap="sm">
        <Group gap={6} role="group" aria-label={t('ledger.period.quick')}>
          {PRESETS.map((preset) => (
            <Button
              key={preset}
              size="compact-sm"
              variant={active === preset ? 'filled' : 'default'}
              aria-pressed={active === preset}
              onClick={() => choose(preset)}
              data-testid={`period-${preset}`}
            >
              {t(`ledger.period.presets.${preset}`)}
            </Button>
          ))}
        </Group>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            apply();
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput
              type="date"
              label={t('ledger.period.from')}
              value={from}
              max={to || undefined}
              onChange={(event) => {
                setFrom(event.currentTarget.value);
                setProblem(null);
              }}
              error={problem?.field === 'from' ? t(problem.key) : null}
              style={{ flex: '1 1 150px' }}
              data-testid="period-from"
            />
            <TextInput
              type="date"
              label={t('ledger.period.to')}
              value={to}
              min={from || undefined}
              onChange={(event) => {
                setTo(event.currentTarget.value);
                setProblem(null);
              }}
              error={problem?.field === 'to' ? t(problem.key) : null}
              style={{ flex: '1 1 150px' }}
              data-testid="period-to"
            />
            <Button type="submit" variant="default" data-testid="period-apply">
              {t('ledger.period.apply')}
            </Button>
          </Group>
        </form>
        <Text size="sm" aria-live="polite" data-testid="period-label">
          {t('ledger.period.showing', { period: label(period) })}
        </Text>
      </Stack>
    </Fieldset>
  );
}

/** The journal of a period for an accountant: CSV and hledger files. */
export function JournalDownloads({ period }: { period: Period }) {
  const { t } = useTranslation();
  const { slug } = useCoop();
  const label = usePeriodLabel();
  return (
    <Stack gap={6} component="section" aria-labelledby="journal-downloads">
      <Text fw={700} id="journal-downloads">
        {t('ledger.downloads.title')}
      </Text>
      <Text size="sm">{t('ledger.downloads.intro', { period: label(period) })}</Text>
      <Group gap="sm">
        <Button
          component="a"
          href={ledgerDownloads.journalCsv(slug, period)}
          download
          variant="default"
          data-testid="download-journal-csv"
        >
          {t('ledger.downloads.csv')}
        </Button>
        <Button
          component="a"
          href={ledgerDownloads.journalHledger(slug, period)}
          download
          variant="default"
          data-testid="download-journal-hledger"
        >
          {t('ledger.downloads.hledger')}
        </Button>
      </Group>
    </Stack>
  );
}

/** An account's code and name, linked to its statement for the chosen period. */
export function AccountLink({ code, name, period }: { code: string; name: string; period?: Period }) {
  const { slug } = useCoop();
  return (
    <Anchor component={Link} to={ledgerPath(slug, `/accounts/${encodeURIComponent(code)}`, period)}>
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{code}</span> {name}
    </Anchor>
  );
}
