import { isBlankRow, parseCsv } from './csv.ts';
import { type CvrContext, CvrError, markFor, NO_MARK } from './cvr-common.ts';
import type { RctabSource } from './rctab-config.ts';

// Clear Ballot CSV: ten metadata columns, then one column per (contest, rank, candidate) named
// Choice_<id>_<n>:<contest>:<rank>:<vote rule>:<candidate>:<party>; a cell of 1 is a mark.
const metadataColumns = 10;

export function readClearBallotCsv(
  text: string,
  fileName: string,
  source: RctabSource,
  context: CvrContext,
): void {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header || header.length < metadataColumns)
    throw new CvrError(`${fileName}: expected a Clear Ballot header row`);
  const columns: { column: number; rank: number; mark: number }[] = [];
  for (let j = metadataColumns; j < header.length; j++) {
    const parts = header[j]!.split(':');
    if (parts.length < 6)
      throw new CvrError(
        `${fileName}, header column ${j + 1}: "${header[j]}" is not a Clear Ballot choice column`,
      );
    // The contest name may itself contain colons; the other parts are counted from both ends.
    const last = parts.length - 1;
    const contest = parts.slice(1, last - 3).join(':');
    const rank = Number(parts[last - 3]);
    const candidate = parts[last - 1]!;
    if (contest !== source.contestId) continue;
    if (!Number.isInteger(rank) || rank < 1)
      throw new CvrError(`${fileName}, header column ${j + 1}: rank "${parts[last - 3]}" is not a number`);
    if (rank > context.maxRankings) continue;
    const mark = markFor(
      candidate,
      { ...source, treatBlankAsUndeclaredWriteIn: false },
      context,
      () => `${fileName}, header column ${j + 1}`,
    );
    if (mark !== NO_MARK) columns.push({ column: j, rank, mark });
  }
  if (columns.length === 0) throw new CvrError(`${fileName}: no columns for contest "${source.contestId}"`);
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (isBlankRow(row)) continue;
    for (const { column, rank, mark } of columns)
      if ((row[column] ?? '').trim() === '1') context.builder.addMark(rank, mark);
    context.builder.endBallot();
  }
}
