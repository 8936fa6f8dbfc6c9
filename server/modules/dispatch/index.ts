// Scoring and ranking under the constitution's weights: pure functions with explanations. The
// market module feeds them data and acts on the result; the algorithms work extends them.
export {
  type DispatchCandidate,
  type DispatchJob,
  type DispatchRanking,
  type DispatchRules,
  type Exclusion,
  rankDispatch,
} from './dispatch-score.ts';
export { boundingBox, distanceKm, type Point } from './geo.ts';
export { type Ranked, rankSearch, type SearchCandidate, type SearchContext } from './rank-search.ts';
export {
  combine,
  type Explanation,
  FACTORS,
  type FactorExplanation,
  type FactorKey,
  type FactorNote,
  type FactorNoteCode,
  type Weights,
} from './score.ts';
