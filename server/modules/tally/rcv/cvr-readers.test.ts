import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BallotBuilder } from './ballots.ts';
import { readCdfJson } from './cvr-cdf.ts';
import { readClearBallotCsv } from './cvr-clear-ballot.ts';
import { type CvrContext, candidateIndexFor } from './cvr-common.ts';
import { readEssXlsx } from './cvr-ess-xlsx.ts';
import { readGenericCsv } from './cvr-generic-csv.ts';
import { readRctabCsv } from './cvr-rctab-csv.ts';
import type { RctabSource } from './rctab-config.ts';
import type { EncodedBallots } from './types.ts';

const candidates = ['A', 'B', 'C'].map((name) => ({ name, aliases: [`${name} alias`], excluded: false }));

function context(maxRankings = Number.POSITIVE_INFINITY): CvrContext {
  return {
    builder: new BallotBuilder(),
    candidateIndex: candidateIndexFor(candidates),
    uwiIndex: 3,
    maxRankings,
  };
}

function source(overrides: Partial<RctabSource> = {}): RctabSource {
  return {
    provider: 'ess',
    filePath: 'x',
    contestId: '',
    firstVoteColumnIndex: 2,
    firstVoteRowIndex: 2,
    idColumnIndex: null,
    precinctColumnIndex: null,
    batchColumnIndex: null,
    overvoteLabel: 'overvote',
    skippedRankLabel: 'undervote',
    undeclaredWriteInLabel: 'UWI',
    overvoteDelimiter: '',
    treatBlankAsUndeclaredWriteIn: false,
    ...overrides,
  };
}

/** Each ballot as "rank:candidate" marks, e.g. ["1:0 2:1", ""]. */
function describeBallots(ballots: EncodedBallots): string[] {
  return Array.from({ length: ballots.ballotCount }, (_, b) => {
    const marks: string[] = [];
    for (let m = ballots.start[b]!; m < ballots.start[b + 1]!; m++)
      marks.push(`${ballots.rank[m]}:${ballots.candidate[m]}`);
    return marks.join(' ');
  });
}

function workbook(sheetRows: string): Uint8Array {
  return zipSync({
    'xl/workbook.xml': strToU8(
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId7"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<Relationships><Relationship Id="rId7" Type="x/worksheet" Target="worksheets/votes.xml"/><Relationship Id="rId8" Type="x/sharedStrings" Target="strings.xml"/></Relationships>',
    ),
    'xl/strings.xml': strToU8(
      '<sst><si><t>A</t></si><si><r><t>B</t></r><r><t> alias</t></r><rPh><t>ignored</t></rPh></si></sst>',
    ),
    'xl/worksheets/votes.xml': strToU8(`<worksheet><sheetData>${sheetRows}</sheetData></worksheet>`),
  });
}

describe('ES&S xlsx reader', () => {
  it('reads shared and inline strings, labels, delimiters, and counts empty rows as ballots', () => {
    const rows = [
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row>',
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>',
      '<row r="3"/>',
      '<row r="4"><c r="B4" t="inlineStr"><is><t> overvote </t></is></c><c r="D4" t="inlineStr"><is><t>UWI</t></is></c></row>',
      '<row r="5"><c r="B5" t="inlineStr"><is><t>undervote</t></is></c><c r="C5" t="inlineStr"><is><t>A|C</t></is></c></row>',
    ].join('');
    const ctx = context(3);
    readEssXlsx(workbook(rows), 'votes.xlsx', source({ overvoteDelimiter: '|' }), ctx);
    expect(describeBallots(ctx.builder.build())).toEqual(['1:0 2:1', '', '1:-1 3:3', '2:0 2:2']);
  });

  it('turns blanks into write-ins when asked, up to the maximum rank', () => {
    const ctx = context(3);
    readEssXlsx(
      workbook('<row r="1"/><row r="2"><c r="C2" t="inlineStr"><is><t>B</t></is></c></row>'),
      'v.xlsx',
      source({ treatBlankAsUndeclaredWriteIn: true }),
      ctx,
    );
    expect(describeBallots(ctx.builder.build())).toEqual(['1:3 2:1 3:3']);
  });

  it('accepts prefixed SpreadsheetML element names', () => {
    const ctx = context(3);
    readEssXlsx(
      workbook(
        '<x:row r="1"/><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>C</x:t></x:is></x:c></x:row>',
      ),
      'v.xlsx',
      source(),
      ctx,
    );
    expect(describeBallots(ctx.builder.build())).toEqual(['1:2']);
  });

  it('names the row and column of an unknown candidate', () => {
    expect(() =>
      readEssXlsx(
        workbook('<row r="1"/><row r="2"><c r="C2" t="inlineStr"><is><t>Zed</t></is></c></row>'),
        'v.xlsx',
        source(),
        context(3),
      ),
    ).toThrow('v.xlsx, row 2, column C: "Zed" is not a candidate name or alias in the config');
  });

  it('rejects a file that is not a workbook', () => {
    expect(() => readEssXlsx(strToU8('hello'), 'v.xlsx', source(), context(3))).toThrow(
      /v\.xlsx is not a readable \.xlsx file/,
    );
  });
});

describe('CSV readers', () => {
  it('generic CSV: header names candidates, cells give ranks; ranks above the maximum are errors', () => {
    const ctx = context(3);
    readGenericCsv(
      'id,A,B alias,UWI\n1,2,1,\n2,,,\n3,1,1,3\n',
      'g.csv',
      source({ provider: 'genericCsv' }),
      ctx,
    );
    expect(describeBallots(ctx.builder.build())).toEqual(['1:1 2:0', '', '1:0 1:1 3:3']);
    expect(() =>
      readGenericCsv('id,A\n1,4\n', 'g.csv', source({ provider: 'genericCsv' }), context(3)),
    ).toThrow('g.csv, line 2, column 2: rank 4 is above maxRankingsAllowed (3)');
    expect(() =>
      readGenericCsv('id,A\n1,x\n', 'g.csv', source({ provider: 'genericCsv' }), context(3)),
    ).toThrow(/"x" is not a rank/);
  });

  it('Clear Ballot: keeps the contest columns, including contest names with commas and colons', () => {
    const meta =
      'RowNumber,BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade';
    const header = `${meta},"Choice_1_1:City, Mayor:1:Vote For 1:A:NON","Choice_2_1:City, Mayor:2:Vote For 1:B:NON",Choice_3_1:Other:1:Vote For 1:C:NON`;
    const ctx = context(6);
    readClearBallotCsv(
      `${header}\n1,b,1,x,1,1,s,c,0,0,1,1,1\n2,b,2,x,1,1,s,c,0,0,0,1,0\n`,
      'cb.csv',
      source({ provider: 'clearBallot', contestId: 'City, Mayor' }),
      ctx,
    );
    expect(describeBallots(ctx.builder.build())).toEqual(['1:0 2:1', '2:1']);
  });

  it('RCTab CVR CSV: rank columns, undervote, and overvotes as line breaks in a cell', () => {
    const ctx = context(3);
    readRctabCsv(
      'Contest,Ballot,Rank 1,Rank 2,Rank 3\nX,1,A,"B\nC",undervote\nX,2,undervote,undervote,UWI\n',
      'r.csv',
      source({ provider: 'dominion' }),
      ctx,
    );
    expect(describeBallots(ctx.builder.build())).toEqual(['1:0 2:1 2:2', '3:3']);
  });
});

describe('CDF JSON reader', () => {
  const report = (rank: unknown) =>
    JSON.stringify({
      Election: [
        {
          Candidate: [
            { '@id': 'c-a', Name: 'A alias' },
            { '@id': 'c-b', Name: 'B' },
          ],
          Contest: [
            {
              '@id': 'k1',
              Name: 'Mayor',
              ContestSelection: [
                { '@id': 's-a', CandidateIds: ['c-a'] },
                { '@id': 's-b', CandidateIds: ['c-b'] },
                { '@id': 's-w', IsWriteIn: true },
              ],
            },
          ],
        },
      ],
      CVR: [
        {
          CurrentSnapshotId: 'x2',
          CVRSnapshot: [
            { '@id': 'x1', CVRContest: [] },
            {
              '@id': 'x2',
              CVRContest: [
                {
                  ContestId: 'k1',
                  CVRContestSelection: [
                    { ContestSelectionId: 's-b', SelectionPosition: [{ Rank: rank, HasIndication: 'yes' }] },
                    {
                      ContestSelectionId: 's-a',
                      SelectionPosition: [{ Rank: 2, IsAllocable: 'no' }, { Rank: 3 }],
                    },
                    { ContestSelectionId: 's-w', Rank: 4 },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });

  it('maps selections to candidates through the current snapshot', () => {
    const ctx = context(4);
    readCdfJson(report(1), 'c.json', source({ provider: 'cdf', contestId: 'Mayor' }), ctx);
    expect(describeBallots(ctx.builder.build())).toEqual(['1:1 3:0 4:3']);
  });

  it('reports a missing contest and bad ranks clearly', () => {
    expect(() =>
      readCdfJson(report(1), 'c.json', source({ provider: 'cdf', contestId: 'Council' }), context()),
    ).toThrow('c.json: no contest named "Council" (contests: "Mayor")');
    expect(() =>
      readCdfJson(report(9), 'c.json', source({ provider: 'cdf', contestId: 'Mayor' }), context(4)),
    ).toThrow(/rank 9 is above maxRankingsAllowed \(4\)/);
    expect(() => readCdfJson('{', 'c.json', source(), context())).toThrow(/c\.json is not valid JSON/);
  });
});
