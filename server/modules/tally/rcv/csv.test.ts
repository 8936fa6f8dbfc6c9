import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('splits fields and lines, with CRLF or LF and a final newline or not', () => {
    expect(parseCsv('a,b\r\n1,2\n3,')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', ''],
    ]);
    expect(parseCsv('a,b\n')).toEqual([['a', 'b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('"x, y","say ""hi""","A\nB"\n"",z')).toEqual([
      ['x, y', 'say "hi"', 'A\nB'],
      ['', 'z'],
    ]);
  });

  it('skips a byte-order mark and rejects an unclosed quote', () => {
    expect(parseCsv('\ufeffa,b')).toEqual([['a', 'b']]);
    expect(() => parseCsv('"open')).toThrow(/not closed/);
  });
});
