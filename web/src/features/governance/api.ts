import type { z } from 'zod';
import {
  type BallotInput,
  type CreateProposalInput,
  castResult,
  commentList,
  commentView,
  myBallotView,
  myProxies,
  myVotes,
  noticeList,
  type ProposalView,
  preferencesView,
  type proposalFilter,
  proposalList,
  proposalView,
  proxyView,
  type ResultView,
  resultView,
  rollView,
} from '../../../../contracts/governance.ts';
import { parseBody, request } from '../../lib/api.ts';

// The governance calls of the web app; every answer is checked against its contract.

export type { BallotInput, CreateProposalInput, ProposalView, ResultView };
export type ProposalFilter = z.infer<typeof proposalFilter>;
export type ProposalSummary = z.infer<typeof proposalList>['proposals'][number];
export type Comment = z.infer<typeof commentView>;
export type CastResult = z.infer<typeof castResult>;
export type MyBallot = z.infer<typeof myBallotView>;
export type MyProxies = z.infer<typeof myProxies>;
export type ProxyView = z.infer<typeof proxyView>;
export type MyVote = z.infer<typeof myVotes>['votes'][number];
export type NotificationMode = z.infer<typeof preferencesView>['mode'];
export type Notice = z.infer<typeof noticeList>['notices'][number];
export type Roll = z.infer<typeof rollView>;

const coopPath = (slug: string, rest: string) => `/api/coops/${encodeURIComponent(slug)}${rest}`;
const proposalPath = (slug: string, id: string, rest = '') =>
  coopPath(slug, `/proposals/${encodeURIComponent(id)}${rest}`);

export async function listProposals(slug: string, filter: ProposalFilter): Promise<ProposalSummary[]> {
  const response = await request('GET', coopPath(slug, `/proposals?filter=${filter}`));
  return (await parseBody(response, proposalList)).proposals;
}

export async function createProposal(slug: string, input: CreateProposalInput): Promise<ProposalView> {
  return parseBody(await request('POST', coopPath(slug, '/proposals'), input), proposalView);
}

export async function getProposal(slug: string, id: string): Promise<ProposalView> {
  return parseBody(await request('GET', proposalPath(slug, id)), proposalView);
}

/** The proposer's steps on a proposal: submit, withdraw, schedule. */
export async function submitProposal(slug: string, id: string): Promise<ProposalView> {
  return parseBody(await request('POST', proposalPath(slug, id, '/submit')), proposalView);
}

export async function withdrawProposal(slug: string, id: string, reason: string): Promise<ProposalView> {
  return parseBody(await request('POST', proposalPath(slug, id, '/withdraw'), { reason }), proposalView);
}

export async function scheduleVoting(
  slug: string,
  id: string,
  times: { votingOpensAt: string; votingClosesAt: string },
): Promise<ProposalView> {
  return parseBody(await request('POST', proposalPath(slug, id, '/schedule'), times), proposalView);
}

export async function secondProposal(slug: string, id: string): Promise<ProposalView> {
  return parseBody(await request('POST', proposalPath(slug, id, '/seconds')), proposalView);
}

export async function addOption(
  slug: string,
  id: string,
  input: { name?: string; description?: string; accountId?: string; cost?: string },
): Promise<ProposalView> {
  return parseBody(
    await request('POST', proposalPath(slug, id, '/options'), { description: '', ...input }),
    proposalView,
  );
}

export async function withdrawOption(slug: string, id: string, key: string): Promise<ProposalView> {
  return parseBody(
    await request('DELETE', proposalPath(slug, id, `/options/${encodeURIComponent(key)}`)),
    proposalView,
  );
}

export async function listComments(slug: string, id: string): Promise<Comment[]> {
  return (await parseBody(await request('GET', proposalPath(slug, id, '/comments')), commentList)).comments;
}

export async function addComment(
  slug: string,
  id: string,
  input: { body: string; parentId?: string; amendment: boolean },
): Promise<Comment> {
  return parseBody(await request('POST', proposalPath(slug, id, '/comments'), input), commentView);
}

export async function editComment(
  slug: string,
  id: string,
  commentId: string,
  body: string,
): Promise<Comment> {
  return parseBody(
    await request('PATCH', proposalPath(slug, id, `/comments/${commentId}`), { body }),
    commentView,
  );
}

export async function moderateComment(
  slug: string,
  id: string,
  commentId: string,
  reason: string,
): Promise<Comment> {
  return parseBody(
    await request('POST', proposalPath(slug, id, `/comments/${commentId}/moderation`), { reason }),
    commentView,
  );
}

export async function getRoll(slug: string, id: string): Promise<Roll> {
  return parseBody(await request('GET', proposalPath(slug, id, '/roll')), rollView);
}

export async function castBallot(
  slug: string,
  id: string,
  input: { ballot: BallotInput; ballotKey?: string; onBehalfOf?: string },
): Promise<CastResult> {
  return parseBody(await request('POST', proposalPath(slug, id, '/ballot'), input), castResult);
}

export async function getMyBallot(slug: string, id: string, ballotKey?: string): Promise<MyBallot> {
  return parseBody(
    await request('POST', proposalPath(slug, id, '/ballot/mine'), ballotKey ? { ballotKey } : {}),
    myBallotView,
  );
}

export async function getResults(slug: string, id: string): Promise<ResultView> {
  return parseBody(await request('GET', proposalPath(slug, id, '/results')), resultView);
}

/** The published ballot file as text (to find a receipt in it); the page also links to it for download. */
export async function getBallotFileText(url: string): Promise<string> {
  return (await request('GET', url)).text();
}

export async function getMyProxies(slug: string): Promise<MyProxies> {
  return parseBody(await request('GET', coopPath(slug, '/proxies')), myProxies);
}

export async function appointProxy(
  slug: string,
  input: { proxyAccountId: string; proposalId?: string },
): Promise<ProxyView> {
  return parseBody(await request('POST', coopPath(slug, '/proxies'), input), proxyView);
}

export async function revokeProxy(slug: string, proxyId: string): Promise<ProxyView> {
  return parseBody(await request('DELETE', coopPath(slug, `/proxies/${proxyId}`)), proxyView);
}

export async function getMyVotes(slug: string): Promise<MyVote[]> {
  return (await parseBody(await request('GET', coopPath(slug, '/governance/my-votes')), myVotes)).votes;
}

export async function getPreferences(slug: string): Promise<NotificationMode> {
  return (await parseBody(await request('GET', coopPath(slug, '/governance/preferences')), preferencesView))
    .mode;
}

export async function setPreferences(slug: string, mode: NotificationMode): Promise<NotificationMode> {
  const response = await request('PUT', coopPath(slug, '/governance/preferences'), { mode });
  return (await parseBody(response, preferencesView)).mode;
}

export async function getNotices(slug: string): Promise<Notice[]> {
  return (await parseBody(await request('GET', coopPath(slug, '/governance/notices')), noticeList)).notices;
}

export async function markNoticeRead(slug: string, noticeId: string): Promise<void> {
  await request('POST', coopPath(slug, `/governance/notices/${noticeId}/read`));
}
