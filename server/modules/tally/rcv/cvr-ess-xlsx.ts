import { SaxesParser } from 'saxes';
import { type CvrContext, CvrError, markFor, NO_MARK } from './cvr-common.ts';
import type { RctabSource } from './rctab-config.ts';
import { listZipEntries, readZipEntry, streamZipEntry, type ZipEntry } from './zip.ts';

// ES&S cast vote records exported as .xlsx: one ballot per <row> at or after firstVoteRowIndex (an
// empty row is an undervote ballot), ranks in consecutive columns from firstVoteColumnIndex. The sheet
// XML is streamed through saxes; only the shared-strings table is held in memory.

export function readEssXlsx(
  zip: Uint8Array,
  fileName: string,
  source: RctabSource,
  context: CvrContext,
): void {
  let entries: Map<string, ZipEntry>;
  try {
    entries = listZipEntries(zip);
  } catch (error) {
    throw new CvrError(`${fileName} is not a readable .xlsx file: ${(error as Error).message}`);
  }
  const { sheetPath, sharedStringsPath } = locateParts(zip, entries, fileName);
  const sharedStrings = sharedStringsPath
    ? readSharedStrings(zip, entries.get(sharedStringsPath)!, fileName)
    : [];
  const sheet = entries.get(sheetPath);
  if (!sheet) throw new CvrError(`${fileName}: the workbook's first sheet (${sheetPath}) is missing`);

  const firstColumn = source.firstVoteColumnIndex ?? 1;
  const firstRow = source.firstVoteRowIndex ?? 2;
  // With maxRankingsAllowed "max", every column from firstVoteColumnIndex to the widest header is a rank.
  const rankCount = Number.isFinite(context.maxRankings) ? context.maxRankings : 0;
  const builder = context.builder;
  const delimiter = source.overvoteDelimiter;

  // Each cell becomes a code: a mark from markFor, EMPTY, or SPLIT (several names joined by the
  // overvote delimiter, kept as text). Codes are cached per shared string and per literal text, so a
  // cell usually costs one array lookup; a cache entry is made at first use, so errors name that cell.
  const EMPTY = -3;
  const SPLIT = -4;
  const UNSEEN = -5;
  const sharedCode = new Int32Array(sharedStrings.length).fill(UNSEEN);
  const textCode = new Map<string, number>();
  let rowCodes = new Int32Array(Math.max(rankCount, 16)).fill(EMPTY);
  const rowTexts: string[] = [];

  let rowNumber = 0;
  let columnNumber = 0;
  let cellType = '';
  let inValue = false;
  let text = '';
  let headerWidth = 0; // widest row before the ballots
  let rowWidth = 0;

  const codeOf = (raw: string, column: number): number => {
    const value = raw.trim();
    if (value === '') return EMPTY;
    if (delimiter !== '' && value.includes(delimiter)) return SPLIT;
    return markFor(
      value,
      source,
      context,
      () => `${fileName}, row ${rowNumber}, column ${columnName(column)}`,
    );
  };

  const endCell = () => {
    if (rowNumber < firstRow) {
      if (columnNumber > headerWidth) headerWidth = columnNumber;
      return;
    }
    const slot = columnNumber - firstColumn;
    if (slot < 0 || (rankCount > 0 && slot >= rankCount)) return;
    if (slot >= rowCodes.length) {
      const grown = new Int32Array(slot * 2).fill(EMPTY);
      grown.set(rowCodes);
      rowCodes = grown;
    }
    if (slot + 1 > rowWidth) rowWidth = slot + 1;
    let value: string;
    let code: number;
    if (cellType === 's') {
      const index = Number(text);
      value = sharedStrings[index]!;
      if (value === undefined)
        throw new CvrError(`${fileName}, row ${rowNumber}: shared string ${text} does not exist`);
      code = sharedCode[index]!;
      if (code === UNSEEN) {
        code = codeOf(value, columnNumber);
        sharedCode[index] = code;
      }
    } else {
      value = cellType === 'b' ? (text === '1' ? 'TRUE' : 'FALSE') : text;
      code = textCode.get(value) ?? UNSEEN;
      if (code === UNSEEN) {
        code = codeOf(value, columnNumber);
        textCode.set(value, code);
      }
    }
    rowCodes[slot] = code;
    if (code === SPLIT) rowTexts[slot] = value;
  };

  const endRow = () => {
    if (rowNumber < firstRow) return;
    const ranks = rankCount > 0 ? rankCount : Math.max(headerWidth - firstColumn + 1, rowWidth);
    for (let r = 1; r <= ranks; r++) {
      const code = r <= rowCodes.length ? rowCodes[r - 1]! : EMPTY;
      if (code === EMPTY) {
        if (source.treatBlankAsUndeclaredWriteIn) builder.addMark(r, context.uwiIndex);
      } else if (code === SPLIT) {
        const column = firstColumn + r - 1;
        for (const part of rowTexts[r - 1]!.split(delimiter)) {
          const mark = part.trim() === '' ? NO_MARK : codeOf(part, column);
          if (mark !== NO_MARK) builder.addMark(r, mark);
        }
      } else if (code !== NO_MARK) builder.addMark(r, code);
    }
    builder.endBallot();
    rowCodes.fill(EMPTY, 0, rowWidth);
    rowWidth = 0;
  };

  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'c') {
      const ref = tag.attributes.r;
      columnNumber = typeof ref === 'string' ? columnOf(ref) : columnNumber + 1;
      const type = tag.attributes.t;
      cellType = typeof type === 'string' ? type : '';
      text = '';
    } else if (name === 'v' || (name === 't' && cellType === 'inlineStr')) {
      inValue = true;
    } else if (name === 'row') {
      const ref = tag.attributes.r;
      rowNumber = typeof ref === 'string' ? Number(ref) : rowNumber + 1;
      columnNumber = 0;
    }
  });
  parser.on('text', (chunk: string) => {
    if (inValue) text += chunk;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 'v' || name === 't') inValue = false;
    else if (name === 'c') endCell();
    else if (name === 'row') endRow();
  });
  parseStream(parser, zip, sheet, fileName);
}

function parseStream(parser: SaxesParser, zip: Uint8Array, entry: ZipEntry, fileName: string): void {
  const decoder = new TextDecoder('utf-8');
  try {
    streamZipEntry(zip, entry, (chunk) => parser.write(decoder.decode(chunk, { stream: true })));
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof CvrError) throw error;
    throw new CvrError(`${fileName}: cannot read ${entry.name}: ${(error as Error).message}`);
  }
}

function locateParts(
  zip: Uint8Array,
  entries: Map<string, ZipEntry>,
  fileName: string,
): { sheetPath: string; sharedStringsPath: string | null } {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook) throw new CvrError(`${fileName} is not an .xlsx workbook (no xl/workbook.xml)`);
  let sheetRelation = '';
  const targets = new Map<string, { target: string; type: string }>();
  const decoder = new TextDecoder();
  const wb = new SaxesParser({ position: false });
  wb.on('opentag', (tag) => {
    if (localName(tag.name) === 'sheet' && sheetRelation === '') {
      const id = Object.entries(tag.attributes).find(([key]) => key === 'r:id' || key.endsWith(':id'));
      sheetRelation = id ? String(id[1]) : '';
    }
  });
  wb.write(decoder.decode(readZipEntry(zip, workbook))).close();
  if (rels) {
    const relParser = new SaxesParser({ position: false });
    relParser.on('opentag', (tag) => {
      if (localName(tag.name) === 'Relationship') {
        targets.set(String(tag.attributes.Id), {
          target: String(tag.attributes.Target),
          type: String(tag.attributes.Type ?? ''),
        });
      }
    });
    relParser.write(decoder.decode(readZipEntry(zip, rels))).close();
  }
  const resolve = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  const sheetTarget = targets.get(sheetRelation)?.target;
  const sheetPath = sheetTarget ? resolve(sheetTarget) : 'xl/worksheets/sheet1.xml';
  const sharedTarget = [...targets.values()].find((t) => t.type.endsWith('/sharedStrings'))?.target;
  const sharedPath = sharedTarget ? resolve(sharedTarget) : 'xl/sharedStrings.xml';
  return { sheetPath, sharedStringsPath: entries.has(sharedPath) ? sharedPath : null };
}

function readSharedStrings(zip: Uint8Array, entry: ZipEntry, fileName: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') current = '';
    else if (name === 'rPh') phonetic++;
    else if (name === 't' && phonetic === 0) inText = true;
  });
  parser.on('text', (text) => {
    if (inText) current += text;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si') strings.push(current);
  });
  parseStream(parser, zip, entry, fileName);
  return strings;
}

// Some writers prefix SpreadsheetML elements (<x:row>); the prefix does not matter here.
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}

function columnName(column: number): string {
  let name = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26))
    name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}
