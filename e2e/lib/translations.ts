import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server.ts';

type Tree = { [key: string]: string | Tree };

/** Every text of a translation file as [dotted key, text]. */
function textsOf(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : textsOf(value, `${prefix}${key}.`),
  );
}

/** The {{placeholders}} of a text, sorted, as one string to compare. */
function placeholders(text: string): string {
  return [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort().join(',');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Problems with the translation files: a key one language has and another lacks, an empty text, a
 * placeholder a translation drops or invents, or a literal key the code asks for that English does not have.
 */
export function translationProblems(): string[] {
  const webSrc = join(repoRoot, 'web', 'src');
  // The main file and the feature bundles (<feature>.<language>.json) of one language, merged.
  const read = (language: string): Tree =>
    Object.assign(
      {},
      ...readdirSync(join(webSrc, 'i18n'))
        .filter((f) => f === `${language}.json` || f.endsWith(`.${language}.json`))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(webSrc, 'i18n', f), 'utf8')) as Tree),
    );
  const english = new Map(textsOf(read('en')));
  const problems: string[] = [];

  for (const language of ['en', 'es', 'fr']) {
    const texts = new Map(textsOf(read(language)));
    for (const key of english.keys()) if (!texts.has(key)) problems.push(`${language}.json lacks ${key}`);
    for (const [key, text] of texts) {
      const source = english.get(key);
      if (source === undefined) problems.push(`${language}.json has ${key}, which en.json lacks`);
      if (!text.trim()) problems.push(`${language}.json: ${key} is empty`);
      if (source !== undefined && placeholders(source) !== placeholders(text))
        problems.push(
          `${language}.json: ${key} has {{${placeholders(text)}}}, en.json {{${placeholders(source)}}}`,
        );
    }
  }

  for (const file of sourceFiles(webSrc)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) {
      const key = match[1] ?? '';
      // A text with a count is stored per plural form (key_one, key_other) and asked for by its base key.
      if (!english.has(key) && !english.has(`${key}_other`))
        problems.push(`${file.slice(repoRoot.length + 1)} uses ${key}, which en.json lacks`);
    }
  }
  return problems;
}
