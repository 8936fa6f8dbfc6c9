import { isBlankRow, parseCsv } from './csv.ts';
import { type CvrContext, CvrError, checkRank, markFor, NO_MARK } from './cvr-common.ts';
import type { RctabSource } from './rctab-config.ts';

/**
 * RCTab's own CVR CSV export (what RCTab writes when converting e.g. Dominion exports): a header with
 * columns "Rank 1" .. "Rank N"; each cell is a candidate name or code, "undervote" for no mark, or
 * several candidates separated by line breaks for an overvote.
 */
export function readRctabCsv(text: string, fileName: string, source: RctabSource, context: CvrContext): void {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  const rankColumns: { column: number; rank: number }[] = [];
  header.forEach((name, column) => {
    const match = /^Rank (\d+)$/.exec(name.trim());
    if (match) rankColumns.push({ column, rank: Number(match[1]) });
  });
  if (rankColumns.length === 0)
    throw new CvrError(`${fileName}: no "Rank 1" column in the header; is this an RCTab CVR CSV?`);
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (isBlankRow(row)) continue;
    for (const { column, rank } of rankColumns) {
      const cell = (row[column] ?? '').trim();
      if (cell === '' || cell === 'undervote') continue;
      const where = () => `${fileName}, line ${i + 1}, "Rank ${rank}"`;
      for (const part of cell.split(/\r?\n/)) {
        const mark =
          part.trim() === 'overvote'
            ? -1
            : markFor(part, { ...source, treatBlankAsUndeclaredWriteIn: false }, context, where);
        if (mark === NO_MARK) continue;
        checkRank(rank, context, where);
        context.builder.addMark(rank, mark);
      }
    }
    context.builder.endBallot();
  }
}
