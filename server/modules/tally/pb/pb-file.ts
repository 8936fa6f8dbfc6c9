// Reader and writer for Pabulib `.pb` files (pabulib.org): three `;`-separated sections, META, PROJECTS
// and VOTES, each a title line, a header line, then rows with CSV quoting. The reader checks what the
// file says about itself (row counts, vote counts per project) so a truncated or edited file is refused
// with the line that gives it away instead of being counted.

import { parseDecimal } from './rational.ts';

export const pbVoteTypes = ['approval', 'ordinal', 'cumulative', 'scoring', 'choose-1'] as const;
export type PbVoteType = (typeof pbVoteTypes)[number];

export type PbProject = {
  id: string;
  cost: string;
  // Every column of the row as written, including project_id and cost.
  fields: Record<string, string>;
};

export type PbVote = {
  voterId: string;
  // Project ids in the order written (ordinal: most preferred first).
  projects: string[];
  // Cumulative and scoring ballots: the points for each entry of `projects`, as written.
  points?: string[];
  fields: Record<string, string>;
};

export type PbInstance = {
  meta: Record<string, string>;
  voteType: PbVoteType;
  budget: string;
  projects: PbProject[];
  votes: PbVote[];
  projectColumns: string[];
  voteColumns: string[];
  // Problems that do not stop counting (a missing descriptive META key, a ballot longer than max_length).
  warnings: string[];
};

export type PbReadOptions = {
  // Report count mismatches (num_projects, num_votes, the votes/score columns) as warnings, not errors.
  lenient?: boolean;
};

export class PbFormatError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'PbFormatError';
    this.line = line;
  }
}

type Row = { line: number; fields: string[] };
type Section = 'META' | 'PROJECTS' | 'VOTES';

const sectionNames: readonly Section[] = ['META', 'PROJECTS', 'VOTES'];
const requiredMeta = ['num_projects', 'num_votes', 'budget', 'vote_type'];
const descriptiveMeta = ['description', 'country', 'unit', 'instance', 'rule', 'date_begin', 'date_end'];

// Splits the text into rows of fields. A quoted field may hold `;`, `""` (a quote) and line breaks.
function splitRows(text: string): Row[] {
  const rows: Row[] = [];
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let rowLine = 1;
  let fieldStarted = false;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
        line += 1;
        // A section title inside a quoted field means a stray quote, not a multi-line value.
        if (/^(META|PROJECTS|VOTES)[ \t;]*(\r|\n|$)/.test(text.slice(i + 1, i + 12))) {
          throw new PbFormatError(rowLine, `a quoted field is not closed (the text runs into line ${line})`);
        }
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === ';') {
      fields.push(field);
      field = '';
      fieldStarted = false;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      rowLine = line;
      continue;
    }
    if (ch !== ' ' && ch !== '\t') fieldStarted = true;
    field += ch;
    i += 1;
  }
  if (quoted) throw new PbFormatError(rowLine, 'a quoted field is not closed before the end of the file');
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

function sectionOf(row: Row): Section | null {
  const first = row.fields[0]?.trim().toUpperCase() ?? '';
  const rest = row.fields.slice(1).every((f) => f.trim() === '');
  return rest && (sectionNames as readonly string[]).includes(first) ? (first as Section) : null;
}

function toRecord(header: string[], row: Row, section: Section): Record<string, string> {
  const values = row.fields.map((f) => f.trim());
  // Trailing empty fields (a `;` at the end of the line) are harmless; missing or extra values are not.
  while (values.length > header.length && values[values.length - 1] === '') values.pop();
  if (values.length !== header.length) {
    throw new PbFormatError(
      row.line,
      `${section} row has ${values.length} field${values.length === 1 ? '' : 's'}, the header has ${header.length}`,
    );
  }
  const record: Record<string, string> = {};
  header.forEach((name, i) => {
    record[name] = values[i] ?? '';
  });
  return record;
}

function splitList(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === '' ? [] : trimmed.split(',').map((v) => v.trim());
}

function parseCount(value: string | undefined, line: number, what: string): number {
  const text = (value ?? '').trim();
  const parsed = parseDecimal(text);
  if (parsed?.scale !== 0) throw new PbFormatError(line, `${what} must be a whole number, got "${text}"`);
  return Number(parsed.units);
}

// Reads the text of a .pb file. Throws PbFormatError (with the line number) on anything that would make
// the count wrong or ambiguous.
export function readPbFile(text: string, options: PbReadOptions = {}): PbInstance {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows = splitRows(source);
  const warnings: string[] = [];
  const mismatch = (line: number, message: string) => {
    if (options.lenient) warnings.push(line > 0 ? `line ${line}: ${message}` : message);
    else throw new PbFormatError(line, message);
  };

  const sections = new Map<
    Section,
    { titleLine: number; header: string[]; headerLine: number; rows: Row[] }
  >();
  let current: Section | null = null;
  for (const row of rows) {
    const section = sectionOf(row);
    if (section) {
      if (sections.has(section)) throw new PbFormatError(row.line, `section ${section} appears twice`);
      const expected = sectionNames[sections.size];
      if (section !== expected) {
        throw new PbFormatError(row.line, `section ${section} found where ${expected} was expected`);
      }
      sections.set(section, { titleLine: row.line, header: [], headerLine: 0, rows: [] });
      current = section;
      continue;
    }
    if (!current) {
      throw new PbFormatError(row.line, 'the file must start with a META section title line');
    }
    const entry = sections.get(current);
    if (!entry) continue;
    if (entry.headerLine === 0) {
      entry.header = row.fields.map((f) => f.trim());
      entry.headerLine = row.line;
      const seen = new Set<string>();
      for (const name of entry.header) {
        if (name === '') throw new PbFormatError(row.line, `${current} header has an empty column name`);
        if (seen.has(name))
          throw new PbFormatError(row.line, `${current} header repeats the column "${name}"`);
        seen.add(name);
      }
      continue;
    }
    entry.rows.push(row);
  }
  for (const name of sectionNames) {
    const entry = sections.get(name);
    if (!entry) throw new PbFormatError(0, `the file has no ${name} section`);
    if (entry.headerLine === 0)
      throw new PbFormatError(entry.titleLine, `section ${name} has no header line`);
  }
  const metaSection = sections.get('META')!;
  const projectSection = sections.get('PROJECTS')!;
  const voteSection = sections.get('VOTES')!;

  // META: key;value. Unquoted semicolons inside a value are kept as part of the value.
  const meta: Record<string, string> = {};
  const metaLines: Record<string, number> = {};
  for (const row of metaSection.rows) {
    const key = row.fields[0]?.trim() ?? '';
    if (key === '') throw new PbFormatError(row.line, 'META row has an empty key');
    if (key in meta) throw new PbFormatError(row.line, `META key "${key}" appears twice`);
    meta[key] = row.fields.slice(1).join(';').trim();
    metaLines[key] = row.line;
  }
  for (const key of requiredMeta) {
    if (!(key in meta))
      throw new PbFormatError(metaSection.titleLine, `META is missing the mandatory key "${key}"`);
  }
  for (const key of descriptiveMeta) {
    if (!(key in meta)) warnings.push(`META has no "${key}"`);
  }
  const voteTypeText = (meta['vote_type'] ?? '').toLowerCase();
  if (!(pbVoteTypes as readonly string[]).includes(voteTypeText)) {
    throw new PbFormatError(
      metaLines['vote_type'] ?? 0,
      `vote_type "${meta['vote_type']}" is not one of ${pbVoteTypes.join(', ')}`,
    );
  }
  const voteType = voteTypeText as PbVoteType;
  const budget = meta['budget'] ?? '';
  const parsedBudget = parseDecimal(budget);
  if (!parsedBudget || parsedBudget.units === 0n) {
    throw new PbFormatError(metaLines['budget'] ?? 0, `budget must be a positive number, got "${budget}"`);
  }
  const numProjects = parseCount(meta['num_projects'], metaLines['num_projects'] ?? 0, 'num_projects');
  const numVotes = parseCount(meta['num_votes'], metaLines['num_votes'] ?? 0, 'num_votes');

  // PROJECTS
  const projectColumns = projectSection.header;
  for (const column of ['project_id', 'cost']) {
    if (!projectColumns.includes(column)) {
      throw new PbFormatError(projectSection.headerLine, `PROJECTS header has no "${column}" column`);
    }
  }
  const projects: PbProject[] = [];
  const projectLine = new Map<string, number>();
  for (const row of projectSection.rows) {
    const fields = toRecord(projectColumns, row, 'PROJECTS');
    const id = fields['project_id'] ?? '';
    const cost = fields['cost'] ?? '';
    if (id === '') throw new PbFormatError(row.line, 'project_id is empty');
    if (projectLine.has(id)) {
      throw new PbFormatError(
        row.line,
        `project "${id}" is listed twice (first on line ${projectLine.get(id)})`,
      );
    }
    if (!parseDecimal(cost)) {
      throw new PbFormatError(
        row.line,
        `project "${id}" has cost "${cost}", which is not a non-negative number`,
      );
    }
    projectLine.set(id, row.line);
    projects.push({ id, cost, fields });
  }
  if (projects.length !== numProjects) {
    mismatch(
      metaLines['num_projects'] ?? 0,
      `num_projects says ${numProjects} but the PROJECTS section has ${projects.length} rows`,
    );
  }

  // VOTES
  const voteColumns = voteSection.header;
  for (const column of ['voter_id', 'vote']) {
    if (!voteColumns.includes(column)) {
      throw new PbFormatError(voteSection.headerLine, `VOTES header has no "${column}" column`);
    }
  }
  const withPoints = voteType === 'cumulative' || voteType === 'scoring';
  if (withPoints && !voteColumns.includes('points')) {
    throw new PbFormatError(voteSection.headerLine, `${voteType} votes need a "points" column`);
  }
  const maxLength = meta['max_length'] ? Number(meta['max_length']) : null;
  const minLength = meta['min_length'] ? Number(meta['min_length']) : null;
  const maxSumPoints = meta['max_sum_points'] ? parseDecimal(meta['max_sum_points']) : null;
  const votes: PbVote[] = [];
  const voterLine = new Map<string, number>();
  const approvals = new Map<string, number>();
  const points = new Map<string, { units: bigint; scale: number }>();
  for (const row of voteSection.rows) {
    const fields = toRecord(voteColumns, row, 'VOTES');
    const voterId = fields['voter_id'] ?? '';
    if (voterId === '') throw new PbFormatError(row.line, 'voter_id is empty');
    if (voterLine.has(voterId)) {
      throw new PbFormatError(
        row.line,
        `voter "${voterId}" votes twice (first on line ${voterLine.get(voterId)})`,
      );
    }
    voterLine.set(voterId, row.line);
    const listed = splitList(fields['vote'] ?? '');
    const seen = new Set<string>();
    for (const id of listed) {
      if (id === '') throw new PbFormatError(row.line, `voter "${voterId}" has an empty entry in the vote`);
      if (!projectLine.has(id))
        throw new PbFormatError(row.line, `voter "${voterId}" votes for unknown project "${id}"`);
      if (seen.has(id)) throw new PbFormatError(row.line, `voter "${voterId}" lists project "${id}" twice`);
      seen.add(id);
      approvals.set(id, (approvals.get(id) ?? 0) + 1);
    }
    if (voteType === 'choose-1' && listed.length > 1) {
      throw new PbFormatError(
        row.line,
        `voter "${voterId}" chose ${listed.length} projects in a choose-1 vote`,
      );
    }
    if (maxLength !== null && listed.length > maxLength) {
      warnings.push(
        `line ${row.line}: voter "${voterId}" lists ${listed.length} projects, max_length is ${maxLength}`,
      );
    }
    if (minLength !== null && listed.length < minLength) {
      warnings.push(
        `line ${row.line}: voter "${voterId}" lists ${listed.length} projects, min_length is ${minLength}`,
      );
    }
    const vote: PbVote = { voterId, projects: listed, fields };
    if (withPoints) {
      const given = splitList(fields['points'] ?? '');
      if (given.length !== listed.length) {
        throw new PbFormatError(
          row.line,
          `voter "${voterId}" has ${listed.length} projects but ${given.length} points (they must pair up)`,
        );
      }
      let sum = { units: 0n, scale: 0 };
      given.forEach((value, i) => {
        const parsed = parseDecimal(value);
        if (!parsed)
          throw new PbFormatError(row.line, `voter "${voterId}" has points "${value}", not a number`);
        sum = addScaled(sum, parsed);
        const id = listed[i] as string;
        points.set(id, addScaled(points.get(id) ?? { units: 0n, scale: 0 }, parsed));
      });
      if (voteType === 'cumulative' && maxSumPoints && compareScaled(sum, maxSumPoints) > 0) {
        warnings.push(`line ${row.line}: voter "${voterId}" gives more points than max_sum_points`);
      }
      vote.points = given;
    }
    votes.push(vote);
  }
  if (votes.length !== numVotes) {
    mismatch(
      metaLines['num_votes'] ?? 0,
      `num_votes says ${numVotes} but the VOTES section has ${votes.length} rows`,
    );
  }
  // The optional votes/score columns must agree with the ballots.
  projectSection.rows.forEach((row, i) => {
    const project = projects[i] as PbProject;
    const votesText = project.fields['votes'];
    if (votesText !== undefined && votesText !== '') {
      const stated = parseDecimal(votesText);
      const counted = approvals.get(project.id) ?? 0;
      if (stated?.scale !== 0 || stated.units !== BigInt(counted)) {
        mismatch(row.line, `project "${project.id}" says votes ${votesText} but ${counted} ballots list it`);
      }
    }
    const scoreText = project.fields['score'];
    if (withPoints && scoreText !== undefined && scoreText !== '') {
      const stated = parseDecimal(scoreText);
      const counted = points.get(project.id) ?? { units: 0n, scale: 0 };
      if (!stated || compareScaled(stated, counted) !== 0) {
        mismatch(
          row.line,
          `project "${project.id}" says score ${scoreText} but its points add up to a different total`,
        );
      }
    }
  });

  return { meta, voteType, budget, projects, votes, projectColumns, voteColumns, warnings };
}

function addScaled(a: { units: bigint; scale: number }, b: { units: bigint; scale: number }) {
  const scale = Math.max(a.scale, b.scale);
  return {
    units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale),
    scale,
  };
}

function compareScaled(a: { units: bigint; scale: number }, b: { units: bigint; scale: number }): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

function quote(value: string): string {
  return /[;"\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

// Writes an instance back as .pb text; num_projects and num_votes are set from the rows written.
export function writePbFile(instance: PbInstance): string {
  const lines: string[] = ['META', 'key;value'];
  const meta: Record<string, string> = {
    ...instance.meta,
    num_projects: String(instance.projects.length),
    num_votes: String(instance.votes.length),
    budget: instance.budget,
    vote_type: instance.voteType,
  };
  for (const [key, value] of Object.entries(meta)) lines.push(`${quote(key)};${quote(value)}`);
  const projectColumns = withColumns(instance.projectColumns, ['project_id', 'cost']);
  lines.push('PROJECTS', projectColumns.map(quote).join(';'));
  for (const project of instance.projects) {
    const values: Record<string, string> = { ...project.fields, project_id: project.id, cost: project.cost };
    lines.push(projectColumns.map((c) => quote(values[c] ?? '')).join(';'));
  }
  const withPoints = instance.voteType === 'cumulative' || instance.voteType === 'scoring';
  const voteColumns = withColumns(
    instance.voteColumns,
    withPoints ? ['voter_id', 'vote', 'points'] : ['voter_id', 'vote'],
  );
  lines.push('VOTES', voteColumns.map(quote).join(';'));
  for (const vote of instance.votes) {
    const values: Record<string, string> = {
      ...vote.fields,
      voter_id: vote.voterId,
      vote: vote.projects.join(','),
    };
    if (withPoints) values['points'] = (vote.points ?? []).join(',');
    lines.push(voteColumns.map((c) => quote(values[c] ?? '')).join(';'));
  }
  return `${lines.join('\n')}\n`;
}

function withColumns(columns: string[], required: string[]): string[] {
  const missing = required.filter((c) => !columns.includes(c));
  return [...missing, ...columns];
}

// Builds an approval instance from plain data (tests, hand-made examples, other modules' ballots).
export function createApprovalInstance(input: {
  projects: { id: string; cost: string }[];
  budget: string;
  ballots: string[][];
  meta?: Record<string, string>;
}): PbInstance {
  return {
    meta: { ...input.meta },
    voteType: 'approval',
    budget: input.budget,
    projects: input.projects.map((p) => ({
      id: p.id,
      cost: p.cost,
      fields: { project_id: p.id, cost: p.cost },
    })),
    votes: input.ballots.map((projects, i) => ({
      voterId: String(i + 1),
      projects,
      fields: { voter_id: String(i + 1), vote: projects.join(',') },
    })),
    projectColumns: ['project_id', 'cost'],
    voteColumns: ['voter_id', 'vote'],
    warnings: [],
  };
}
