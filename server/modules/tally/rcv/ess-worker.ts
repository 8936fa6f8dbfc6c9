import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { BallotBuilder } from './ballots.ts';
import type { CvrContext } from './cvr-common.ts';
import { readEssXlsx } from './cvr-ess-xlsx.ts';
import type { RctabSource } from './rctab-config.ts';

// Worker thread that reads ES&S .xlsx files, so that several files of one contest are parsed on all
// cores. It answers each request with the file's encoded ballots (buffers transferred, not copied).

export type EssJob = {
  id: number;
  path: string;
  source: RctabSource;
  candidateIndex: [string, number][];
  uwiIndex: number;
  maxRankings: number;
};

export type EssJobResult =
  | {
      id: number;
      ok: true;
      start: Uint32Array;
      rank: Uint16Array;
      candidate: Int32Array;
      ballotCount: number;
    }
  | { id: number; ok: false; message: string };

parentPort?.on('message', async (job: EssJob) => {
  try {
    const builder = new BallotBuilder(100_000, 3);
    const context: CvrContext = {
      builder,
      candidateIndex: new Map(job.candidateIndex),
      uwiIndex: job.uwiIndex,
      maxRankings: job.maxRankings,
    };
    readEssXlsx(await readFile(job.path), job.path, job.source, context);
    const ballots = builder.build();
    const result: EssJobResult = { id: job.id, ok: true, ...ballots };
    parentPort!.postMessage(result, [
      ballots.start.buffer as ArrayBuffer,
      ballots.rank.buffer as ArrayBuffer,
      ballots.candidate.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    const result: EssJobResult = { id: job.id, ok: false, message: (error as Error).message };
    parentPort!.postMessage(result);
  }
});
