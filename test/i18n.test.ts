import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every text of the web app exists in every language, with the same {{values}} to fill in: a key
// missing in one language shows its raw name to people who read that language.

const folder = join(import.meta.dirname, '..', 'web', 'src', 'i18n');
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

// en.json, es.json, … and feature files such as market.en.json.
const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
const families = new Map<string, Map<string, Map<string, string>>>();
for (const file of files) {
  const parts = file.replace(/\.json$/, '').split('.');
  const language = parts.pop()!;
  const family = parts.join('.') || '(main)';
  if (!families.has(family)) families.set(family, new Map());
  families.get(family)!.set(language, flatten(JSON.parse(readFileSync(join(folder, file), 'utf8')) as Tree));
}

describe('web texts', () => {
  it('come in English, Spanish and French for every file', () => {
    for (const [family, languages] of families) {
      expect([...languages.keys()].sort(), family).toEqual(['en', 'es', 'fr']);
    }
  });

  for (const [family, languages] of families) {
    it(`${family}: every language has the English keys, no others, with the same values to fill in`, () => {
      const english = languages.get('en')!;
      for (const [language, texts] of languages) {
        if (language === 'en') continue;
        const missing = [...english.keys()].filter((k) => !texts.has(k));
        const extra = [...texts.keys()].filter((k) => !english.has(k));
        expect({ language, missing, extra }).toEqual({ language, missing: [], extra: [] });
        const differing = [...english]
          .filter(([k, text]) => placeholders(text).join() !== placeholders(texts.get(k)!).join())
          .map(([k]) => k);
        expect({ language, differing }).toEqual({ language, differing: [] });
      }
    });
  }
});
