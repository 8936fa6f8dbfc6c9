// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF line ends.
// Unquoted fields are cut out with slice() rather than built a character at a time (large CVRs).

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (i >= n) return rows;
  for (;;) {
    let field: string;
    if (text[i] === '"') {
      // Quoted field: runs to the next quote that is not doubled.
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new Error('a quoted field is not closed before the end of the file');
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      // Tolerate characters after the closing quote up to the separator, as spreadsheets do.
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      field = value + text.slice(i, end);
      i = end;
    } else {
      let end = i;
      while (end < n) {
        const ch = text.charCodeAt(end);
        if (ch === 44 || ch === 10 || ch === 13) break;
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    const separator = text[i];
    if (separator === ',') {
      i++;
      continue;
    }
    rows.push(row);
    row = [];
    i += separator === '\r' && text[i + 1] === '\n' ? 2 : 1;
    if (i >= n) return rows;
  }
}

/** True for a line with no content (e.g. ",,,"). */
export function isBlankRow(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === '');
}
