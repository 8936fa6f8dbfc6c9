import { parseArgs } from 'node:util';
import type { CliIo } from '../cli.ts';
import { runRctabContest } from './rctab-contest.ts';
import { renderRoundsTable } from './table.ts';

const usage = 'usage: mutual tally --rctab CONFIG.json [--format json]';

/** `mutual tally --rctab CONFIG.json [--format json]`: counts an RCTab contest. Returns the exit code. */
export async function rctabCommand(args: string[], io: CliIo): Promise<number> {
  let configPath: string | undefined;
  let format: string | undefined;
  try {
    const { values } = parseArgs({
      args,
      options: { rctab: { type: 'string' }, format: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    configPath = values.rctab;
    format = values.format;
  } catch (error) {
    io.stderr(`${firstLine(error)}\n${usage}\n`);
    return 2;
  }
  if (!configPath || (format !== undefined && format !== 'json' && format !== 'table')) {
    io.stderr(`${usage}\n`);
    return 2;
  }
  try {
    const run = await runRctabContest(configPath);
    if (format === 'json') {
      // RCTab writes one report per seat for sequential IRV; we print them as a list in that case.
      const body = run.reports.length === 1 ? run.reports[0] : run.reports;
      io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    } else {
      const c = run.config.contest;
      const title = [c.name || 'Contest', c.office, c.jurisdiction, c.date].filter(Boolean).join(' — ');
      io.stdout(renderRoundsTable(run.result, title));
    }
    return 0;
  } catch (error) {
    io.stderr(`mutual tally: ${firstLine(error)}\n`);
    return 1;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
