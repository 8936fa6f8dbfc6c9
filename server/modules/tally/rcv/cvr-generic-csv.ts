import { isBlankRow, parseCsv } from './csv.ts';
import { type CvrContext, CvrError, checkRank, markFor, NO_MARK } from './cvr-common.ts';
import type { RctabSource } from './rctab-config.ts';

/**
 * Generic CSV (e.g. a survey export): a header row whose columns from firstVoteColumnIndex on are
 * candidate names; each later row is a ballot whose cells give the rank given to that column's
 * candidate (blank = not ranked).
 */
export function readGenericCsv(
  text: string,
  fileName: string,
  source: RctabSource,
  context: CvrContext,
): void {
  const rows = parseCsv(text);
  const firstColumn = (source.firstVoteColumnIndex ?? 1) - 1;
  const firstRow = (source.firstVoteRowIndex ?? 2) - 1;
  const header = rows[0];
  if (!header || header.length <= firstColumn) {
    throw new CvrError(`${fileName}: the header row has no column ${firstColumn + 1} (firstVoteColumnIndex)`);
  }
  const columns: number[] = [];
  for (let j = firstColumn; j < header.length; j++) {
    const mark = markFor(
      header[j]!,
      { ...source, treatBlankAsUndeclaredWriteIn: false },
      context,
      () => `${fileName}, header column ${j + 1}`,
    );
    if (mark < 0)
      throw new CvrError(`${fileName}, header column ${j + 1}: "${header[j]}" is not a candidate`);
    columns.push(mark);
  }
  for (let i = Math.max(firstRow, 1); i < rows.length; i++) {
    const row = rows[i]!;
    if (isBlankRow(row)) continue;
    for (let j = 0; j < columns.length; j++) {
      const cell = (row[firstColumn + j] ?? '').trim();
      if (cell === '') continue;
      const where = () => `${fileName}, line ${i + 1}, column ${firstColumn + j + 1}`;
      if (!/^\d+$/.test(cell) || Number(cell) < 1)
        throw new CvrError(`${where()}: "${cell}" is not a rank (a whole number from 1)`);
      const rank = Number(cell);
      checkRank(rank, context, where);
      if (columns[j] !== NO_MARK) context.builder.addMark(rank, columns[j]!);
    }
    context.builder.endBallot();
  }
}
