import { describe, expect, it } from 'vitest';
import { diffRctabReports } from './report-diff.ts';

describe('diffRctabReports', () => {
  it('treats numbers written differently as equal', () => {
    expect(diffRctabReports({ a: '3', b: ['0.50'], c: 2 }, { a: '3.0000', b: ['0.5'], c: '2' })).toEqual([]);
  });

  it('reports changed values, missing and unexpected keys, and list lengths', () => {
    const differences = diffRctabReports(
      { results: [{ tally: { A: '6', B: '2' } }], summary: { undervotes: 0 } },
      { results: [{ tally: { A: '6.0001', C: '2' } }, {}], summary: { undervotes: 0 } },
    );
    expect(differences).toEqual([
      '.results: expected 1 entries, got 2',
      '.results[0].tally.A: expected 6, got 6.0001',
      '.results[0].tally.B: missing (expected "2")',
      '.results[0].tally.C: unexpected (got "2")',
    ]);
  });

  it('ignores only generatedBy', () => {
    expect(
      diffRctabReports(
        { config: { generatedBy: 'RCTab', contest: 'X' } },
        { config: { generatedBy: 'other', contest: 'Y' } },
      ),
    ).toEqual(['.config.contest: expected "X", got "Y"']);
  });
});
