// The governance module's public surface: routes, the scheduler's tasks, and what other modules and
// the demo may call.
export { closeVote } from './close.ts';
export { buildBallotFile, countVote } from './count.ts';
export { enactProposal, PROJECTS_PAYABLE } from './enact.ts';
export {
  closeDueVotes,
  enactDue,
  fileAdmissionProposals,
  openDueVotes,
  openVoting,
  sendReminders,
} from './lifecycle.ts';
export { sendDigests, setPreferences } from './notify.ts';
export {
  addOption,
  createProposal,
  scheduleVoting,
  secondProposal,
  submitProposal,
  withdrawProposal,
} from './proposals.ts';
export { appointProxy } from './proxies.ts';
export { getResults } from './results.ts';
export { governanceRoutes } from './routes.ts';
export { getProposal, listProposals } from './views.ts';
export { castBallot } from './voting.ts';
