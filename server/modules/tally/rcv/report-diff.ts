// Compares a produced RCTab detailed report with an expected one the way RCTab's own tests do: every
// field, numbers compared by value ("3" equals "3.0000"), generatedBy ignored. Returns the differences.

type Json = unknown;

export function diffRctabReports(expected: Json, actual: Json): string[] {
  const differences: string[] = [];
  compare(expected, actual, '', differences);
  return differences;
}

const ignoredPaths = new Set(['.config.generatedBy']);

function compare(expected: Json, actual: Json, path: string, out: string[]): void {
  if (ignoredPaths.has(path)) return;
  if (isNumeric(expected) && isNumeric(actual)) {
    if (!sameNumber(String(expected), String(actual)))
      out.push(`${path}: expected ${expected}, got ${actual}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return void out.push(`${path}: expected a list, got ${JSON.stringify(actual)}`);
    if (expected.length !== actual.length)
      out.push(`${path}: expected ${expected.length} entries, got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++)
      compare(expected[i], actual[i], `${path}[${i}]`, out);
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return void out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    }
    const e = expected as Record<string, Json>;
    const a = actual as Record<string, Json>;
    for (const key of Object.keys(e)) {
      if (!(key in a)) {
        if (!ignoredPaths.has(`${path}.${key}`))
          out.push(`${path}.${key}: missing (expected ${JSON.stringify(e[key])})`);
      } else compare(e[key], a[key], `${path}.${key}`, out);
    }
    for (const key of Object.keys(a))
      if (!(key in e)) out.push(`${path}.${key}: unexpected (got ${JSON.stringify(a[key])})`);
    return;
  }
  if (expected !== actual)
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const numberPattern = /^-?\d+(\.\d+)?$/;

function isNumeric(value: Json): boolean {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && numberPattern.test(value))
  );
}

function sameNumber(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  const body = f ? `${w}.${f}` : w;
  return negative && body !== '0' ? `-${body}` : body;
}
