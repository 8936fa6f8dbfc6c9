import { type CvrContext, CvrError, checkRank, markFor } from './cvr-common.ts';
import type { RctabSource } from './rctab-config.ts';

// NIST SP 1500-103 cast vote records in JSON. Only what a ranked count needs is read: the contest's
// selections and, for each CVR, the ranks in its current snapshot.

type Json = Record<string, unknown>;

export function readCdfJson(text: string, fileName: string, source: RctabSource, context: CvrContext): void {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new CvrError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(report)) throw new CvrError(`${fileName}: expected a CastVoteRecordReport object`);
  const elections = asArray(report.Election);
  const contests: { contest: Json; election: Json }[] = [];
  for (const election of elections.filter(isObject)) {
    for (const contest of asArray(election.Contest).filter(isObject)) contests.push({ contest, election });
  }
  const found =
    source.contestId === '' && contests.length === 1
      ? contests
      : contests.filter((c) => c.contest.Name === source.contestId);
  if (found.length === 0) {
    const known = contests.map((c) => `"${String(c.contest.Name)}"`).join(', ');
    throw new CvrError(`${fileName}: no contest named "${source.contestId}" (contests: ${known || 'none'})`);
  }
  const { contest, election } = found[0]!;
  const contestId = String(contest['@id']);
  const candidateNames = new Map<string, string>();
  for (const candidate of asArray(election.Candidate).filter(isObject)) {
    candidateNames.set(String(candidate['@id']), String(candidate.Name ?? ''));
  }
  // Selection id -> mark (candidate index, overvote or write-in).
  const selections = new Map<string, number>();
  for (const selection of asArray(contest.ContestSelection).filter(isObject)) {
    const id = String(selection['@id']);
    const where = () => `${fileName}, contest selection ${id}`;
    if (selection.IsWriteIn === true || selection.IsWriteIn === 'true') {
      selections.set(id, context.uwiIndex);
      continue;
    }
    const candidateId = asArray(selection.CandidateIds)[0];
    const name = candidateId === undefined ? undefined : candidateNames.get(String(candidateId));
    if (name === undefined) throw new CvrError(`${where()}: no candidate for it in Election.Candidate`);
    selections.set(id, markFor(name, source, context, where));
  }

  asArray(report.CVR).forEach((cvr, c) => {
    if (!isObject(cvr)) throw new CvrError(`${fileName}: CVR ${c + 1} is not an object`);
    const snapshots = asArray(cvr.CVRSnapshot).filter(isObject);
    const snapshot =
      snapshots.find((s) => s['@id'] === cvr.CurrentSnapshotId) ??
      (snapshots.length === 1 ? snapshots[0] : undefined);
    if (!snapshot)
      throw new CvrError(
        `${fileName}: CVR ${c + 1} has no snapshot with @id ${String(cvr.CurrentSnapshotId)}`,
      );
    const cvrContest = asArray(snapshot.CVRContest)
      .filter(isObject)
      .find((x) => String(x.ContestId) === contestId);
    // A ballot without this contest is not a ballot of this contest.
    if (!cvrContest) return;
    const where = () => `${fileName}, CVR ${c + 1} (${String(cvr.BallotPrePrintedId ?? snapshot['@id'])})`;
    for (const selection of asArray(cvrContest.CVRContestSelection).filter(isObject)) {
      const id = String(selection.ContestSelectionId);
      const mark = selections.get(id);
      if (mark === undefined) throw new CvrError(`${where()}: unknown ContestSelectionId ${id}`);
      const positions = asArray(selection.SelectionPosition).filter(isObject);
      if (positions.length === 0 && selection.Rank !== undefined) addRank(selection.Rank, mark, where);
      for (const position of positions) {
        if (position.HasIndication === 'no' || position.IsAllocable === 'no') continue;
        const writeIn = position.CVRWriteIn !== undefined;
        addRank(position.Rank ?? selection.Rank, writeIn ? context.uwiIndex : mark, where);
      }
    }
    context.builder.endBallot();
  });

  function addRank(rankValue: unknown, mark: number, where: () => string): void {
    const rank = Number(rankValue);
    if (!Number.isInteger(rank) || rank < 1)
      throw new CvrError(`${where()}: rank ${String(rankValue)} is not a whole number from 1`);
    checkRank(rank, context, where);
    if (mark >= -1) context.builder.addMark(rank, mark);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}
