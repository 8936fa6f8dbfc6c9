import { ballotsCommand } from './ballots-cli.ts';
import { pbCommand } from './pb/cli.ts';
import { rctabCommand } from './rcv/cli.ts';

export type CliIo = { stdout: (text: string) => void; stderr: (text: string) => void };

export const tallyUsage = `mutual tally — re-count a contest from its files

  mutual tally --rctab CONFIG.json [--format json]
  mutual tally --pb FILE.pb [--rule greedy|equalshares|equalshares/add1] [--utility cost|cardinality] [--format json]
  mutual tally --ballots FILE [--method METHOD] [--format json]`;

// Dispatches to the reader for the kind of file given. Returns the process exit code.
export async function tallyCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--rctab')) return rctabCommand(args, io);
  if (args.includes('--pb')) return pbCommand(args, io);
  if (args.includes('--ballots')) return ballotsCommand(args, io);
  io.stderr(`${tallyUsage}\n`);
  return 2;
}
