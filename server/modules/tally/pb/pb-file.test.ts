import { describe, expect, it } from 'vitest';
import { PbFormatError, readPbFile, writePbFile } from './pb-file.ts';

const small = `META
key;value
description;A small test
country;Nowhere
unit;Town
instance;2024
num_projects;3
num_votes;4
budget;100
vote_type;approval
rule;greedy
date_begin;01.01.2024
date_end;31.01.2024
PROJECTS
project_id;cost;votes;name
a;60;3;"Park; with benches"
b;50;2;"The ""big"" library"
c;30;1;Bike racks
VOTES
voter_id;age;vote
v1;30;a,b
v2;41;a
v3;25;a,b,c
v4;;
`;

function errorOf(text: string): PbFormatError {
  try {
    readPbFile(text);
  } catch (error) {
    if (error instanceof PbFormatError) return error;
    throw error;
  }
  throw new Error('expected a PbFormatError');
}

describe('readPbFile', () => {
  it('reads the three sections, quoted fields and an empty vote', () => {
    const instance = readPbFile(small);
    expect(instance.voteType).toBe('approval');
    expect(instance.budget).toBe('100');
    expect(instance.meta['rule']).toBe('greedy');
    expect(instance.projects.map((p) => [p.id, p.cost])).toEqual([
      ['a', '60'],
      ['b', '50'],
      ['c', '30'],
    ]);
    expect(instance.projects[0]?.fields['name']).toBe('Park; with benches');
    expect(instance.projects[1]?.fields['name']).toBe('The "big" library');
    expect(instance.votes.map((v) => v.projects)).toEqual([['a', 'b'], ['a'], ['a', 'b', 'c'], []]);
    expect(instance.votes[0]?.fields['age']).toBe('30');
    expect(instance.warnings).toEqual([]);
  });

  it('accepts a byte-order mark, CRLF line ends, spaces after separators and blank lines', () => {
    const text = `\ufeff${small.replace('a;60;3;', 'a; 60; 3;').replaceAll('\n', '\r\n')}\r\n\r\n`;
    const instance = readPbFile(text);
    expect(instance.projects[0]?.cost).toBe('60');
    expect(instance.votes).toHaveLength(4);
  });

  it('reads cumulative ballots with their points and checks the score column', () => {
    const text = `META
key;value
num_projects;2
num_votes;2
budget;10
vote_type;cumulative
PROJECTS
project_id;cost;score
x;5;7
y;6;3
VOTES
voter_id;vote;points
1;x,y;4,1
2;x,y;3,2
`;
    const instance = readPbFile(text);
    expect(instance.votes[1]?.points).toEqual(['3', '2']);
    expect(instance.warnings.some((w) => w.includes('"rule"'))).toBe(true);
  });

  it('names the line of a vote for an unknown project', () => {
    const error = errorOf(small.replace('v2;41;a', 'v2;41;a,zz'));
    expect(error.line).toBe(22);
    expect(error.message).toBe('line 22: voter "v2" votes for unknown project "zz"');
  });

  it('refuses a num_votes that does not match the rows', () => {
    const error = errorOf(small.replace('num_votes;4', 'num_votes;5'));
    expect(error.line).toBe(8);
    expect(error.message).toContain('num_votes says 5 but the VOTES section has 4 rows');
  });

  it('refuses a num_projects that does not match the rows', () => {
    expect(errorOf(small.replace('num_projects;3', 'num_projects;2')).message).toContain(
      'num_projects says 2 but the PROJECTS section has 3 rows',
    );
  });

  it('refuses a votes column that disagrees with the ballots, unless lenient', () => {
    const edited = small.replace('c;30;1;', 'c;30;2;');
    const error = errorOf(edited);
    expect(error.line).toBe(18);
    expect(error.message).toContain('project "c" says votes 2 but 1 ballots list it');
    const lenient = readPbFile(edited, { lenient: true });
    expect(lenient.warnings).toContain('line 18: project "c" says votes 2 but 1 ballots list it');
  });

  it('refuses rows with the wrong number of fields', () => {
    expect(errorOf(small.replace('v1;30;a,b', 'v1;30;a,b;extra')).message).toBe(
      'line 21: VOTES row has 4 fields, the header has 3',
    );
  });

  it('refuses duplicate voters and projects, and a project listed twice in a vote', () => {
    expect(errorOf(small.replace('v2;41;a', 'v1;41;a')).message).toContain(
      'voter "v1" votes twice (first on line 21)',
    );
    expect(errorOf(small.replace('c;30;1;Bike racks', 'a;30;1;Bike racks')).message).toContain(
      'project "a" is listed twice',
    );
    expect(errorOf(small.replace('v2;41;a', 'v2;41;a,a')).message).toContain('lists project "a" twice');
  });

  it('refuses a bad cost, a bad budget and an unknown vote type', () => {
    expect(errorOf(small.replace('b;50;2', 'b;-5;2')).message).toBe(
      'line 17: project "b" has cost "-5", which is not a non-negative number',
    );
    expect(errorOf(small.replace('budget;100', 'budget;lots')).message).toBe(
      'line 9: budget must be a positive number, got "lots"',
    );
    expect(errorOf(small.replace('vote_type;approval', 'vote_type;borda')).message).toContain(
      'vote_type "borda" is not one of',
    );
  });

  it('refuses missing sections, sections out of order and missing columns', () => {
    expect(errorOf(small.slice(0, small.indexOf('VOTES'))).message).toBe('the file has no VOTES section');
    expect(errorOf(`PROJECTS\n${small}`).message).toBe(
      'line 1: section PROJECTS found where META was expected',
    );
    expect(errorOf(small.replace('project_id;cost;votes;name', 'project_id;price;votes;name')).message).toBe(
      'line 15: PROJECTS header has no "cost" column',
    );
    expect(errorOf(small.replace('num_votes;4\n', '')).message).toContain(
      'missing the mandatory key "num_votes"',
    );
  });

  it('refuses points that do not pair up with the projects', () => {
    const text = `META
key;value
num_projects;1
num_votes;1
budget;10
vote_type;scoring
PROJECTS
project_id;cost
x;5
VOTES
voter_id;vote;points
1;x;4,1
`;
    expect(errorOf(text).message).toBe('line 12: voter "1" has 1 projects but 2 points (they must pair up)');
  });

  it('reports an unclosed quote', () => {
    expect(errorOf(small.replace('c;30;1;Bike racks', 'c;30;1;"Bike racks')).message).toBe(
      'line 18: a quoted field is not closed (the text runs into line 19)',
    );
    expect(errorOf(small.replace('v4;;', 'v4;;"')).message).toBe(
      'line 24: a quoted field is not closed before the end of the file',
    );
  });

  it('warns about ballots longer than max_length', () => {
    const instance = readPbFile(small.replace('rule;greedy', 'rule;greedy\nmax_length;2'));
    expect(instance.warnings).toEqual(['line 24: voter "v3" lists 3 projects, max_length is 2']);
  });
});

describe('writePbFile', () => {
  it('writes what it reads, quoting where needed', () => {
    const instance = readPbFile(small);
    const text = writePbFile(instance);
    expect(text).toContain('a;60;3;"Park; with benches"');
    expect(text).toContain('b;50;2;"The ""big"" library"');
    const again = readPbFile(text);
    expect(again.projects).toEqual(instance.projects);
    expect(again.votes).toEqual(instance.votes);
    expect(again.meta).toEqual(instance.meta);
  });
});
