import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, extname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BallotBuilder } from './ballots.ts';
import { countRankedChoice } from './count.ts';
import { readCdfJson } from './cvr-cdf.ts';
import { readClearBallotCsv } from './cvr-clear-ballot.ts';
import { type CvrContext, CvrError, candidateIndexFor } from './cvr-common.ts';
import { readEssXlsx } from './cvr-ess-xlsx.ts';
import { readGenericCsv } from './cvr-generic-csv.ts';
import { readRctabCsv } from './cvr-rctab-csv.ts';
import type { EssJob, EssJobResult } from './ess-worker.ts';
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
  };
  const paths = config.sources.map((source) => resolve(baseDirectory, source.filePath));
  // Several ES&S workbooks: parse them on worker threads, then add their ballots in config order.
  const essJobs = config.sources
    .map((source, i) => (source.provider === 'ess' ? i : -1))
    .filter((i) => i >= 0);
  const parallel =
    essJobs.length >= 2 && availableParallelism() > 1
      ? await readEssInWorkers(essJobs, config, paths, context)
      : null;
  for (let i = 0; i < config.sources.length; i++) {
    const read = parallel?.get(i);
    if (read) builder.appendEncoded(read);
    else await readSource(paths[i]!, config.sources[i]!, context);
  }
  return builder.build();
}

async function readEssInWorkers(
  indexes: number[],
  config: RctabConfig,
  paths: string[],
  context: CvrContext,
): Promise<Map<number, EncodedBallots>> {
  const outcomes = new Map<number, EncodedBallots | Error>();
  const queue = [...indexes];
  const runWorker = async () => {
    const worker = new Worker(new URL('./ess-worker.ts', import.meta.url));
    try {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const path = paths[i]!;
        const info = await stat(path).catch(() => null);
        if (!info || info.isDirectory()) {
          outcomes.set(i, new CvrError(`CVR file not found: ${path}`));
          continue;
        }
        const job: EssJob = {
          id: i,
          path,
          source: config.sources[i]!,
          candidateIndex: [...context.candidateIndex],
          uwiIndex: context.uwiIndex,
          maxRankings: context.maxRankings,
        };
        try {
          const answer = await new Promise<EssJobResult>((resolveJob, reject) => {
            worker.once('message', resolveJob);
            worker.once('error', reject);
            worker.postMessage(job);
          });
          worker.removeAllListeners('error');
          outcomes.set(
            i,
            answer.ok
              ? {
                  ballotCount: answer.ballotCount,
                  start: answer.start,
                  rank: answer.rank,
                  candidate: answer.candidate,
                  count: null,
                }
              : new CvrError(answer.message),
          );
        } catch (error) {
          outcomes.set(i, new CvrError(`${path}: ${(error as Error).message}`));
          return;
        }
        if (outcomes.get(i) instanceof Error) return;
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), indexes.length) }, runWorker));
  // Report the first failing file in config order, whichever worker finished first.
  const results = new Map<number, EncodedBallots>();
  for (const i of indexes) {
    const outcome = outcomes.get(i);
    if (outcome instanceof Error) throw outcome;
    if (outcome) results.set(i, outcome);
  }
  return results;
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
