import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

export const languages = ['en', 'es', 'fr'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'mutual.language';

type Tree = { [key: string]: string | Tree };

// Feature bundles (`<feature>.<language>.json`, e.g. market.en.json) sit beside the main files and are
// merged into the same namespace, so each feature keeps its texts in its own files.
const bundles = import.meta.glob<Tree>('./*.*.json', { eager: true, import: 'default' });

function withBundles(language: Language, base: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [path, tree] of Object.entries(bundles)) {
    if (path.endsWith(`.${language}.json`)) Object.assign(merged, tree);
  }
  return merged;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    // Storage can be blocked (private modes, strict settings); the browser's preference still works.
    return null;
  }
}

/** The person's own choice if they made one, else the first browser language we have, else English. */
export function initialLanguage(): Language {
  const stored = storedLanguage();
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Switches the interface language and remembers it for the next visit. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch itself still happens.
  }
  await i18next.changeLanguage(language);
}

function reflectLanguage(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export const i18n = i18next;

// Resources are bundled (three small files) and initAsync is off, so init is done when this returns.
void i18next.use(initReactI18next).init({
  resources: {
    en: { translation: withBundles('en', en) },
    es: { translation: withBundles('es', es) },
    fr: { translation: withBundles('fr', fr) },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...languages],
  interpolation: { escapeValue: false }, // React escapes what it renders.
  react: { useSuspense: false },
  initAsync: false,
});
reflectLanguage(i18next.language);
i18next.on('languageChanged', reflectLanguage);
