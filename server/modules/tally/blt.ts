import type { ChoiceBallot } from './choice/types.ts';

// The BLT ballot file (Hill, Wichmann & Woodall; read by OpenSTV, Droop, eSTV and many counting tools):
//
//   4 2                 candidates, seats
//   -3                  optional: withdrawn candidates, as negative numbers
//   3 1 2 0             weight, preferences (candidate numbers from 1), 0 ends the ballot
//   1 2=4 - 3 0         extensions: "2=4" two candidates ranked equal, "-" a skipped rank
//   (b17) 1 4 0         extension: a ballot id in parentheses before the weight
//   0                   end of ballots
//   "Alice"             one quoted name per candidate, in number order
//   "Bob" "Carol" "Dan"
//   "Board election"    the title
//
// "#" starts a comment to the end of a line. Quoted text may use \" \\ and \n.

export type BltBallot = {
  id?: string;
  weight: number;
  /** Candidate numbers (from 1), best rank first; an inner list of several is an equal rank, an empty one a skipped rank. */
  ranking: number[][];
};

export type BltElection = {
  title: string;
  seats: number;
  candidates: string[];
  /** Numbers (from 1) of withdrawn candidates. */
  withdrawn: number[];
  ballots: BltBallot[];
};

export class BltError extends Error {
  readonly code = 'INVALID_BLT';
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'BltError';
    this.line = line;
  }
}

type Token = { text: string; line: number; quoted: boolean };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      tokens.push({ text: '\n', line, quoted: false });
      line++;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\uFEFF') {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '"') {
      const start = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new BltError(start, 'a quoted name is not closed');
        const c = text[i]!;
        if (c === '"') break;
        if (c === '\\' && i + 1 < text.length) {
          const next = text[i + 1]!;
          value += next === 'n' ? '\n' : next;
          i += 2;
          continue;
        }
        if (c === '\n') line++;
        value += c;
        i++;
      }
      i++;
      tokens.push({ text: value, line: start, quoted: true });
    } else {
      let j = i;
      while (j < text.length && !' \t\r\n#"'.includes(text[j]!)) j++;
      tokens.push({ text: text.slice(i, j), line, quoted: false });
      i = j;
    }
  }
  return tokens;
}

const WHOLE = /^\d+$/;

/** Reads a BLT file; throws BltError naming the line of the first problem. */
export function readBlt(text: string): BltElection {
  const tokens = tokenize(text);
  // Group unquoted tokens by line; quoted names may share lines or follow each other.
  const lines: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.text === '\n' && !t.quoted) {
      if (current.length > 0) lines.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length > 0) lines.push(current);
  if (lines.length === 0) throw new BltError(1, 'the file is empty');

  const header = lines[0]!;
  if (header.length !== 2 || !header.every((t) => !t.quoted && WHOLE.test(t.text))) {
    throw new BltError(header[0]!.line, 'the first line must be "<number of candidates> <number of seats>"');
  }
  const n = Number(header[0]!.text);
  const seats = Number(header[1]!.text);
  if (n < 1) throw new BltError(header[0]!.line, 'there must be at least one candidate');
  if (seats < 1 || seats > n) throw new BltError(header[1]!.line, `seats must be between 1 and ${n}`);

  const candidateNumber = (t: Token): number => {
    if (!WHOLE.test(t.text)) throw new BltError(t.line, `"${t.text}" is not a candidate number`);
    const k = Number(t.text);
    if (k < 1 || k > n) throw new BltError(t.line, `candidate ${k} does not exist (there are ${n})`);
    return k;
  };

  const withdrawn: number[] = [];
  const ballots: BltBallot[] = [];
  let index = 1;
  for (
    ;
    index < lines.length &&
    !lines[index]![0]!.quoted &&
    lines[index]![0]!.text.startsWith('-') &&
    lines[index]![0]!.text !== '-';
    index++
  ) {
    for (const t of lines[index]!) {
      if (!/^-\d+$/.test(t.text))
        throw new BltError(t.line, 'a withdrawn line lists candidates as negative numbers');
      const k = candidateNumber({ ...t, text: t.text.slice(1) });
      if (withdrawn.includes(k)) throw new BltError(t.line, `candidate ${k} is withdrawn twice`);
      withdrawn.push(k);
    }
  }

  let ended = false;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    const first = line[0]!;
    if (first.quoted) throw new BltError(first.line, 'names start before the "0" line that ends the ballots');
    if (line.length === 1 && first.text === '0') {
      ended = true;
      index++;
      break;
    }
    let k = 0;
    let id: string | undefined;
    const idMatch = /^\((.*)\)$/.exec(first.text);
    if (idMatch) {
      id = idMatch[1]!;
      k++;
    }
    const weightToken = line[k];
    if (!weightToken || !WHOLE.test(weightToken.text) || Number(weightToken.text) < 1) {
      throw new BltError(first.line, 'a ballot starts with its weight, a positive whole number');
    }
    const weight = Number(weightToken.text);
    if (!Number.isSafeInteger(weight)) throw new BltError(first.line, 'the weight is too large');
    k++;
    const ranking: number[][] = [];
    const seen = new Set<number>();
    let closed = false;
    for (; k < line.length; k++) {
      const t = line[k]!;
      if (t.quoted) throw new BltError(t.line, 'a ballot line holds no names');
      if (t.text === '0') {
        closed = true;
        k++;
        break;
      }
      if (t.text === '-') {
        ranking.push([]);
        continue;
      }
      const tier = t.text.split('=').map((part) => candidateNumber({ ...t, text: part }));
      for (const c of tier) {
        if (seen.has(c)) throw new BltError(t.line, `candidate ${c} appears twice on this ballot`);
        seen.add(c);
      }
      ranking.push(tier);
    }
    if (!closed) throw new BltError(first.line, 'a ballot must end with 0');
    if (k < line.length) throw new BltError(line[k]!.line, 'text after the 0 that ends the ballot');
    ballots.push(id === undefined ? { weight, ranking } : { id, weight, ranking });
  }
  if (!ended) throw new BltError(lines.at(-1)!.at(-1)!.line, 'the ballots must end with a line holding 0');

  const names = lines.slice(index).flat();
  for (const t of names) if (!t.quoted) throw new BltError(t.line, `expected a quoted name, found ${t.text}`);
  if (names.length < n) {
    throw new BltError(
      names.at(-1)?.line ?? lines.at(-1)!.at(-1)!.line,
      `${n} candidate names are needed, found ${names.length}`,
    );
  }
  if (names.length > n + 1) throw new BltError(names[n + 1]!.line, 'text after the title');
  return {
    title: names[n]?.text ?? '',
    seats,
    candidates: names.slice(0, n).map((t) => t.text),
    withdrawn,
    ballots,
  };
}

function quote(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/** Writes a BLT file that readBlt reads back to the same election. */
export function writeBlt(election: BltElection): string {
  const n = election.candidates.length;
  const lines = [`${n} ${election.seats}`];
  if (election.withdrawn.length > 0) lines.push(election.withdrawn.map((k) => `-${k}`).join(' '));
  for (const b of election.ballots) {
    if (b.id !== undefined && !/^[^\s()#"]*$/.test(b.id))
      throw new RangeError(`ballot id "${b.id}" cannot be written`);
    const prefs = b.ranking.map((tier) => (tier.length === 0 ? '-' : tier.join('=')));
    lines.push([...(b.id === undefined ? [] : [`(${b.id})`]), b.weight, ...prefs, 0].join(' '));
  }
  lines.push('0');
  for (const name of election.candidates) lines.push(quote(name));
  lines.push(quote(election.title));
  return `${lines.join('\n')}\n`;
}

/**
 * The election's ballots as ranked ballots for the choice methods: options are the candidate names
 * (withdrawn ones left out, and dropped from every ranking), skipped ranks closed up.
 */
export function bltRankedBallots(election: BltElection): { options: string[]; ballots: ChoiceBallot[] } {
  const out = new Set(election.withdrawn);
  const options = election.candidates.filter((_, i) => !out.has(i + 1));
  const ballots = election.ballots.map((b) => ({
    weight: b.weight,
    ranking: b.ranking
      .map((tier) => tier.filter((k) => !out.has(k)).map((k) => election.candidates[k - 1]!))
      .filter((tier) => tier.length > 0)
      .map((tier) => (tier.length === 1 ? tier[0]! : tier)),
  }));
  return { options, ballots };
}
