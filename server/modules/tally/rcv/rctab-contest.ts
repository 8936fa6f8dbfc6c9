import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { BallotBuilder } from './ballots.ts';
import { countRankedChoice } from './count.ts';
import { readCdfJson } from './cvr-cdf.ts';
import { readClearBallotCsv } from './cvr-clear-ballot.ts';
import { type CvrContext, CvrError, candidateIndexFor } from './cvr-common.ts';
import { readEssXlsx } from './cvr-ess-xlsx.ts';
import { readGenericCsv } from './cvr-generic-csv.ts';
import { readRctabCsv } from './cvr-rctab-csv.ts';
import { parseRctabConfig, type RctabConfig, type RctabSource } from './rctab-config.ts';
import { type RctabReport, toRctabReports } from './report.ts';
import type { EncodedBallots, RankedChoiceResult } from './types.ts';

export type RctabContestRun = {
  config: RctabConfig;
  result: RankedChoiceResult;
  /** One report, or one per seat for multiPassIrv. */
  reports: RctabReport[];
};

/** Reads an RCTab contest config and its CVR files, counts, and builds RCTab's detailed report. */
export async function runRctabContest(configPath: string): Promise<RctabContestRun> {
  const config = await readRctabConfig(configPath);
  const ballots = await readRctabBallots(config, dirname(resolve(configPath)));
  const result = countRankedChoice({
    candidates: config.candidates.map((c) => ({ name: c.name, excluded: c.excluded })),
    includeUndeclaredWriteIns: usesUndeclaredWriteIns(config),
    ballots,
    rules: config.rules,
  });
  return { config, result, reports: toRctabReports(result, config.contest) };
}

export async function readRctabConfig(configPath: string): Promise<RctabConfig> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    throw new CvrError(
      `cannot read config ${configPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseRctabConfig(text, configPath);
}

export function usesUndeclaredWriteIns(config: RctabConfig): boolean {
  return config.sources.some((s) => s.undeclaredWriteInLabel !== '' || s.treatBlankAsUndeclaredWriteIn);
}

/** Reads every CVR source of the config, in order, into one set of encoded ballots. */
export async function readRctabBallots(config: RctabConfig, baseDirectory: string): Promise<EncodedBallots> {
  const builder = new BallotBuilder(1024);
  const maxRankings = config.rules.maxRankingsAllowed;
  const context: CvrContext = {
    builder,
    candidateIndex: candidateIndexFor(config.candidates),
    uwiIndex: config.candidates.length,
    maxRankings: maxRankings === undefined || maxRankings === 'max' ? Number.POSITIVE_INFINITY : maxRankings,
    candidateCount: config.candidates.length,
  };
  for (const source of config.sources) {
    const path = resolve(baseDirectory, source.filePath);
    await readSource(path, source, context);
  }
  return builder.build();
}

async function readSource(path: string, source: RctabSource, context: CvrContext): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new CvrError(`CVR file not found: ${path}`);
  if (info.isDirectory()) {
    throw new CvrError(
      `${path} is a folder; ${source.provider} exports must first be converted to RCTab's CVR CSV`,
    );
  }
  const bytes = await readFile(path);
  switch (source.provider) {
    case 'ess':
      if (extname(path).toLowerCase() !== '.xlsx')
        throw new CvrError(`${path}: ES&S CVRs are read from .xlsx files`);
      return readEssXlsx(bytes, path, source, context);
    case 'cdf':
      if (extname(path).toLowerCase() !== '.json')
        throw new CvrError(`${path}: only the JSON form of NIST CDF CVRs is supported`);
      return readCdfJson(bytes.toString('utf8'), path, source, context);
    case 'genericCsv':
      return readGenericCsv(bytes.toString('utf8'), path, source, context);
    case 'clearBallot':
      return readClearBallotCsv(bytes.toString('utf8'), path, source, context);
    case 'rctabCsv':
      return readRctabCsv(bytes.toString('utf8'), path, source, context);
    case 'dominion':
    case 'hart':
      if (extname(path).toLowerCase() === '.csv')
        return readRctabCsv(bytes.toString('utf8'), path, source, context);
      throw new CvrError(`${path}: ${source.provider} exports must first be converted to RCTab's CVR CSV`);
  }
}
