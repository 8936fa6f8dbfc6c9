import type { CliIo } from '../cli.ts';

export async function pbCommand(_args: string[], io: CliIo): Promise<number> {
  io.stderr('this kind of file cannot be counted yet\n');
  return 2;
}
