import type { RankedChoiceResult, TabulationPass } from './types.ts';

// The count as people read it: one block per round, candidates by votes, then what happened.

export function renderRoundsTable(result: RankedChoiceResult, title: string): string {
  const lines: string[] = [title, `Winners: ${result.winners.join(', ') || '(none)'}`];
  result.passes.forEach((pass, i) => {
    if (result.passes.length > 1)
      lines.push('', `Seat ${i + 1} (sequential count): ${pass.winners.join(', ') || 'no winner'}`);
    lines.push(...renderPass(pass));
  });
  return `${lines.join('\n')}\n`;
}

function renderPass(pass: TabulationPass): string[] {
  const lines: string[] = [];
  const nameWidth = Math.max(...pass.rounds.flatMap((r) => Object.keys(r.tally).map((n) => n.length)), 10);
  for (const round of pass.rounds) {
    lines.push('', `Round ${round.round}  (threshold ${round.threshold})`);
    const rows = Object.entries(round.tally).sort(
      (a, b) => compareDecimal(b[1], a[1]) || (a[0] < b[0] ? -1 : 1),
    );
    // Align on the decimal point.
    const wholeWidth = Math.max(...rows.map(([, v]) => v.split('.')[0]!.length), 1);
    for (const [name, votes] of rows) {
      const [whole = '', fraction] = votes.split('.');
      lines.push(
        `  ${name.padEnd(nameWidth)}  ${whole.padStart(wholeWidth)}${fraction === undefined ? '' : `.${fraction}`}`.trimEnd(),
      );
    }
    const inactive = Object.entries(round.inactive)
      .filter(([, v]) => v !== undefined && compareDecimal(v, '0') !== 0)
      .map(([k, v]) => `${k} ${v}`);
    if (inactive.length > 0) lines.push(`  inactive: ${inactive.join(', ')}`);
    for (const outcome of round.outcomes) {
      const moves = Object.entries(outcome.transfers).map(([to, amount]) => `${to} +${amount}`);
      lines.push(`  ${outcome.kind} ${outcome.candidate}${moves.length > 0 ? `: ${moves.join(', ')}` : ''}`);
    }
  }
  const s = pass.summary;
  lines.push(
    '',
    `Ballots: ${s.totalNumBallots} (undervotes ${s.undervotes}); final threshold ${s.finalThreshold}`,
  );
  return lines;
}

function compareDecimal(a: string, b: string): number {
  const [aw = '0', af = ''] = a.split('.');
  const [bw = '0', bf = ''] = b.split('.');
  const width = Math.max(af.length, bf.length);
  const x = BigInt(aw + af.padEnd(width, '0'));
  const y = BigInt(bw + bf.padEnd(width, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
