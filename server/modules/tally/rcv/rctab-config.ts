import type { OvervoteRule, RankedChoiceRules, TiebreakMode, WinnerElectionMode } from './types.ts';

// Reads an RCTab contest config (JSON). RCTab writes most numbers as strings, older files as numbers,
// and omits fields that are off; this accepts all of those and reports every bad field by name.

export type RctabProvider = 'genericCsv' | 'cdf' | 'ess' | 'clearBallot' | 'dominion' | 'hart' | 'rctabCsv';

export type RctabSource = {
  provider: RctabProvider;
  /** As written in the config (relative to the config file's folder). */
  filePath: string;
  contestId: string;
  firstVoteColumnIndex: number | null;
  firstVoteRowIndex: number | null;
  idColumnIndex: number | null;
  precinctColumnIndex: number | null;
  batchColumnIndex: number | null;
  overvoteLabel: string;
  skippedRankLabel: string;
  undeclaredWriteInLabel: string;
  overvoteDelimiter: string;
  treatBlankAsUndeclaredWriteIn: boolean;
};

export type RctabCandidate = { name: string; aliases: string[]; excluded: boolean };

export type RctabConfig = {
  contest: { name: string; date: string; jurisdiction: string; office: string };
  sources: RctabSource[];
  candidates: RctabCandidate[];
  rules: RankedChoiceRules;
};

export class RctabConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RctabConfigError';
  }
}

const modes: readonly WinnerElectionMode[] = [
  'singleWinnerMajority',
  'multiWinnerAllowMultipleWinnersPerRound',
  'multiWinnerAllowOnlyOneWinnerPerRound',
  'bottomsUp',
  'bottomsUpUsingPercentageThreshold',
  'multiPassIrv',
];
const tiebreaks: readonly TiebreakMode[] = [
  'useCandidateOrder',
  'random',
  'generatePermutation',
  'previousRoundCountsThenRandom',
  'stopCountingAndAsk',
  'previousRoundCountsThenAsk',
];
const overvoteRules: readonly OvervoteRule[] = [
  'exhaustImmediately',
  'alwaysSkipToNextRank',
  'exhaustIfMultipleContinuing',
];
const providers: readonly RctabProvider[] = [
  'genericCsv',
  'cdf',
  'ess',
  'clearBallot',
  'dominion',
  'hart',
  'rctabCsv',
];

type Json = Record<string, unknown>;

export function parseRctabConfig(text: string, where = 'config'): RctabConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RctabConfigError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new RctabConfigError(`${where} must be a JSON object`);
  const problems: string[] = [];
  const read = new FieldReader(problems);

  const output = isObject(raw.outputSettings) ? raw.outputSettings : {};
  const contest = {
    name: read.text(output, 'contestName', 'outputSettings.contestName'),
    date: read.text(output, 'contestDate', 'outputSettings.contestDate'),
    jurisdiction: read.text(output, 'contestJurisdiction', 'outputSettings.contestJurisdiction'),
    office: read.text(output, 'contestOffice', 'outputSettings.contestOffice'),
  };

  const sources: RctabSource[] = [];
  if (!Array.isArray(raw.cvrFileSources) || raw.cvrFileSources.length === 0)
    problems.push('cvrFileSources: needs at least one CVR source');
  else
    raw.cvrFileSources.forEach((item: unknown, i: number) => {
      const at = `cvrFileSources[${i}]`;
      if (!isObject(item)) {
        problems.push(`${at}: must be an object`);
        return;
      }
      const provider = read.text(item, 'provider', `${at}.provider`);
      if (!providers.includes(provider as RctabProvider))
        problems.push(`${at}.provider: unknown provider "${provider}"`);
      const filePath = read.text(item, 'filePath', `${at}.filePath`);
      if (!filePath) problems.push(`${at}.filePath: missing`);
      sources.push({
        provider: provider as RctabProvider,
        filePath,
        contestId: read.text(item, 'contestId', `${at}.contestId`),
        firstVoteColumnIndex: read.optionalInt(item, 'firstVoteColumnIndex', `${at}.firstVoteColumnIndex`),
        firstVoteRowIndex: read.optionalInt(item, 'firstVoteRowIndex', `${at}.firstVoteRowIndex`),
        idColumnIndex: read.optionalInt(item, 'idColumnIndex', `${at}.idColumnIndex`),
        precinctColumnIndex: read.optionalInt(item, 'precinctColumnIndex', `${at}.precinctColumnIndex`),
        batchColumnIndex: read.optionalInt(item, 'batchColumnIndex', `${at}.batchColumnIndex`),
        overvoteLabel: read.text(item, 'overvoteLabel', `${at}.overvoteLabel`),
        skippedRankLabel: read.text(item, 'skippedRankLabel', `${at}.skippedRankLabel`),
        undeclaredWriteInLabel: read.text(item, 'undeclaredWriteInLabel', `${at}.undeclaredWriteInLabel`),
        overvoteDelimiter: read.text(item, 'overvoteDelimiter', `${at}.overvoteDelimiter`),
        treatBlankAsUndeclaredWriteIn: read.bool(
          item,
          'treatBlankAsUndeclaredWriteIn',
          `${at}.treatBlankAsUndeclaredWriteIn`,
        ),
      });
    });

  const candidates: RctabCandidate[] = [];
  if (!Array.isArray(raw.candidates) || raw.candidates.length === 0)
    problems.push('candidates: needs at least one candidate');
  else
    raw.candidates.forEach((item: unknown, i: number) => {
      const at = `candidates[${i}]`;
      if (!isObject(item)) {
        problems.push(`${at}: must be an object`);
        return;
      }
      const name = read.text(item, 'name', `${at}.name`).trim();
      if (!name) problems.push(`${at}.name: missing`);
      const aliases = Array.isArray(item.aliases)
        ? item.aliases.filter((a): a is string => typeof a === 'string')
        : [];
      // Older configs give a candidate "code" used in CVRs instead of aliases.
      const code = typeof item.code === 'string' ? item.code.trim() : '';
      if (code && code !== name) aliases.push(code);
      candidates.push({ name, aliases, excluded: read.bool(item, 'excluded', `${at}.excluded`) });
    });

  const rulesRaw = isObject(raw.rules) ? raw.rules : {};
  if (!isObject(raw.rules)) problems.push('rules: missing');
  const mode = read.text(rulesRaw, 'winnerElectionMode', 'rules.winnerElectionMode') as WinnerElectionMode;
  if (!modes.includes(mode)) problems.push(`rules.winnerElectionMode: unknown mode "${mode}"`);
  const tiebreakMode = read.text(rulesRaw, 'tiebreakMode', 'rules.tiebreakMode') as TiebreakMode;
  if (!tiebreaks.includes(tiebreakMode)) problems.push(`rules.tiebreakMode: unknown mode "${tiebreakMode}"`);
  const overvoteRule = read.text(rulesRaw, 'overvoteRule', 'rules.overvoteRule') as OvervoteRule;
  if (!overvoteRules.includes(overvoteRule))
    problems.push(`rules.overvoteRule: unknown rule "${overvoteRule}"`);
  const maxSkipText = read.text(rulesRaw, 'maxSkippedRanksAllowed', 'rules.maxSkippedRanksAllowed');
  const maxRankText = read.text(rulesRaw, 'maxRankingsAllowed', 'rules.maxRankingsAllowed');
  const seed = read.text(rulesRaw, 'randomSeed', 'rules.randomSeed');
  if (seed && !/^-?\d+$/.test(seed))
    problems.push(`rules.randomSeed: expected a whole number, got "${seed}"`);
  if (
    (tiebreakMode === 'random' ||
      tiebreakMode === 'generatePermutation' ||
      tiebreakMode === 'previousRoundCountsThenRandom') &&
    !seed
  ) {
    problems.push(`rules.randomSeed: required for tiebreakMode ${tiebreakMode}`);
  }
  const percent = read.text(
    rulesRaw,
    'multiSeatBottomsUpPercentageThreshold',
    'rules.multiSeatBottomsUpPercentageThreshold',
  );
  if (percent && !/^\d+(\.\d+)?$/.test(percent))
    problems.push(`rules.multiSeatBottomsUpPercentageThreshold: expected a number, got "${percent}"`);
  const rules: RankedChoiceRules = {
    winnerElectionMode: mode,
    numberOfWinners: read.optionalInt(rulesRaw, 'numberOfWinners', 'rules.numberOfWinners') ?? 1,
    decimalPlaces:
      read.optionalInt(rulesRaw, 'decimalPlacesForVoteArithmetic', 'rules.decimalPlacesForVoteArithmetic') ??
      4,
    tiebreakMode,
    overvoteRule,
    maxSkippedRanksAllowed:
      maxSkipText === '' || maxSkipText === 'unlimited'
        ? 'unlimited'
        : read.int(maxSkipText, 'rules.maxSkippedRanksAllowed'),
    maxRankingsAllowed:
      maxRankText === '' || maxRankText === 'max' ? 'max' : read.int(maxRankText, 'rules.maxRankingsAllowed'),
    nonIntegerWinningThreshold: read.bool(
      rulesRaw,
      'nonIntegerWinningThreshold',
      'rules.nonIntegerWinningThreshold',
    ),
    hareQuota: read.bool(rulesRaw, 'hareQuota', 'rules.hareQuota'),
    batchElimination: read.bool(rulesRaw, 'batchElimination', 'rules.batchElimination'),
    continueUntilTwoCandidatesRemain: read.bool(
      rulesRaw,
      'continueUntilTwoCandidatesRemain',
      'rules.continueUntilTwoCandidatesRemain',
    ),
    exhaustOnDuplicateCandidate: read.bool(
      rulesRaw,
      'exhaustOnDuplicateCandidate',
      'rules.exhaustOnDuplicateCandidate',
    ),
    doesFirstRoundDetermineThreshold: read.bool(
      rulesRaw,
      'doesFirstRoundDetermineThreshold',
      'rules.doesFirstRoundDetermineThreshold',
    ),
    cutoffElimination: read.bool(rulesRaw, 'cutoffElimination', 'rules.cutoffElimination'),
  };
  if (seed) rules.randomSeed = BigInt(seed);
  const stopAfter = read.optionalInt(
    rulesRaw,
    'stopTabulationEarlyAfterRound',
    'rules.stopTabulationEarlyAfterRound',
  );
  if (stopAfter !== null) rules.stopTabulationEarlyAfterRound = stopAfter;
  if (percent) rules.multiSeatBottomsUpPercentageThreshold = percent;

  if (problems.length > 0) throw new RctabConfigError(`${where} has problems: ${problems.join('; ')}`);
  return { contest, sources, candidates, rules };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class FieldReader {
  readonly problems: string[];
  constructor(problems: string[]) {
    this.problems = problems;
  }

  text(obj: Json, key: string, at: string): string {
    const value = obj[key];
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.problems.push(`${at}: expected text, got ${JSON.stringify(value)}`);
    return '';
  }

  bool(obj: Json, key: string, at: string): boolean {
    const value = obj[key];
    if (value === undefined || value === null || value === '') return false;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.problems.push(`${at}: expected true or false, got ${JSON.stringify(value)}`);
    return false;
  }

  int(text: string, at: string): number {
    if (!/^\d+$/.test(text.trim())) {
      this.problems.push(`${at}: expected a whole number, got "${text}"`);
      return 0;
    }
    return Number(text.trim());
  }

  optionalInt(obj: Json, key: string, at: string): number | null {
    const text = this.text(obj, key, at).trim();
    return text === '' ? null : this.int(text, at);
  }
}
