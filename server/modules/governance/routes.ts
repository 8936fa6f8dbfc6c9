import { z } from 'zod';
import { errorResponses } from '../../../contracts/errors.ts';
import {
  addOptionInput,
  appointProxyInput,
  castInput,
  castResult,
  commentInput,
  commentList,
  commentView,
  createProposalInput,
  editCommentInput,
  moderateInput,
  myBallotView,
  myProxies as myProxiesView,
  myVotes as myVotesView,
  noticeList,
  preferencesView,
  proposalFilter,
  proposalKind,
  proposalList,
  proposalView,
  proxyView,
  resultView,
  rollView,
  scheduleInput,
  updateProposalInput,
  verifyBallotInput,
  withdrawInput,
} from '../../../contracts/governance.ts';
import type { Context } from '../../context.ts';
import type { App } from '../../http/types.ts';
import { addComment, editComment, listComments, moderateComment } from './discussion.ts';
import { getPreferences, listNotices, markNoticeRead, setPreferences } from './notify.ts';
import {
  addOption,
  createProposal,
  scheduleVoting,
  secondProposal,
  submitProposal,
  updateProposal,
  withdrawOption,
  withdrawProposal,
} from './proposals.ts';
import { appointProxy, myProxies, revokeProxy } from './proxies.ts';
import { getBallotFile, getResults, getRoll, myVotes } from './results.ts';
import { getProposal, listProposals } from './views.ts';
import { castBallot, myBallot } from './voting.ts';

const slug = z.string().max(60).describe('Co-op URL name');
const slugParams = z.object({ slug });
const proposalParams = z.object({ slug, proposalId: z.string().uuid().describe('Proposal id') });
const commentParams = proposalParams.extend({ commentId: z.string().uuid() });
const optionParams = proposalParams.extend({ key: z.string().max(10).describe('Option key, e.g. c2') });

export async function governanceRoutes(app: App, ctx: Context): Promise<void> {
  const tags = ['governance'];
  const base = '/api/coops/:slug/proposals';

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Proposals (members): open for voting, in discussion, decided, or your drafts',
        params: slugParams,
        querystring: z
          .object({ filter: proposalFilter.default('all'), kind: proposalKind.optional() })
          .strict(),
        response: { 200: proposalList, ...errorResponses },
      },
    },
    async (request) => ({
      proposals: await listProposals(ctx, request.actor, request.params.slug, {
        filter: request.query.filter,
        kind: request.query.kind,
      }),
    }),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Draft a proposal (members of voting classes); policy changes are validated here',
        params: slugParams,
        body: createProposalInput,
        response: { 201: proposalView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createProposal(ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    `${base}/:proposalId`,
    {
      schema: {
        tags,
        summary: 'A proposal: text or diff, options, rules, timeline, and where you stand',
        params: proposalParams,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) => getProposal(ctx, request.actor, request.params.slug, request.params.proposalId),
  );

  app.patch(
    `${base}/:proposalId`,
    {
      schema: {
        tags,
        summary: 'Edit a draft (proposer)',
        params: proposalParams,
        body: updateProposalInput,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) =>
      updateProposal(ctx, request.actor, request.params.slug, request.params.proposalId, request.body),
  );

  app.post(
    `${base}/:proposalId/submit`,
    {
      schema: {
        tags,
        summary: 'Submit a draft: it gathers seconds, or goes to discussion when none are needed',
        params: proposalParams,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) => submitProposal(ctx, request.actor, request.params.slug, request.params.proposalId),
  );

  app.post(
    `${base}/:proposalId/seconds`,
    {
      schema: {
        tags,
        summary: 'Second a proposal (members of voting classes other than the proposer)',
        params: proposalParams,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) => secondProposal(ctx, request.actor, request.params.slug, request.params.proposalId),
  );

  app.post(
    `${base}/:proposalId/withdraw`,
    {
      schema: {
        tags,
        summary: 'Withdraw a proposal before voting opens (proposer)',
        params: proposalParams,
        body: withdrawInput,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) =>
      withdrawProposal(ctx, request.actor, request.params.slug, request.params.proposalId, request.body),
  );

  app.post(
    `${base}/:proposalId/schedule`,
    {
      schema: {
        tags,
        summary: 'Set when voting opens and closes, within the constitution’s minimums (proposer)',
        params: proposalParams,
        body: scheduleInput,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) =>
      scheduleVoting(ctx, request.actor, request.params.slug, request.params.proposalId, request.body),
  );

  app.post(
    `${base}/:proposalId/options`,
    {
      schema: {
        tags,
        summary: 'Stand as candidate (or nominate, proposer), propose a budget project, or add a choice',
        params: proposalParams,
        body: addOptionInput,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) =>
      addOption(ctx, request.actor, request.params.slug, request.params.proposalId, request.body),
  );

  app.delete(
    `${base}/:proposalId/options/:key`,
    {
      schema: {
        tags,
        summary: 'Withdraw a candidate, project or choice before voting opens',
        params: optionParams,
        response: { 200: proposalView, ...errorResponses },
      },
    },
    async (request) =>
      withdrawOption(ctx, request.actor, request.params.slug, request.params.proposalId, request.params.key),
  );

  app.get(
    `${base}/:proposalId/comments`,
    {
      schema: {
        tags,
        summary: 'The discussion (hidden comments show the moderator’s reason instead of the text)',
        params: proposalParams,
        response: { 200: commentList, ...errorResponses },
      },
    },
    async (request) => ({
      comments: await listComments(ctx, request.actor, request.params.slug, request.params.proposalId),
    }),
  );

  app.post(
    `${base}/:proposalId/comments`,
    {
      schema: {
        tags,
        summary: 'Comment, reply, or suggest an amendment',
        params: proposalParams,
        body: commentInput,
        response: { 201: commentView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addComment(ctx, request.actor, request.params.slug, request.params.proposalId, request.body),
        ),
  );

  app.patch(
    `${base}/:proposalId/comments/:commentId`,
    {
      schema: {
        tags,
        summary: 'Edit your comment (shown as edited)',
        params: commentParams,
        body: editCommentInput,
        response: { 200: commentView, ...errorResponses },
      },
    },
    async (request) =>
      editComment(
        ctx,
        request.actor,
        request.params.slug,
        request.params.proposalId,
        request.params.commentId,
        request.body,
      ),
  );

  app.post(
    `${base}/:proposalId/comments/:commentId/moderation`,
    {
      schema: {
        tags,
        summary: 'Hide a comment with a reason (admins and board; audited)',
        params: commentParams,
        body: moderateInput,
        response: { 200: commentView, ...errorResponses },
      },
    },
    async (request) =>
      moderateComment(
        ctx,
        request.actor,
        request.params.slug,
        request.params.proposalId,
        request.params.commentId,
        request.body,
      ),
  );

  app.get(
    `${base}/:proposalId/roll`,
    {
      schema: {
        tags,
        summary: 'The voter roll: who may vote and who has (open ballots: who voted what, once results show)',
        params: proposalParams,
        response: { 200: rollView, ...errorResponses },
      },
    },
    async (request) => getRoll(ctx, request.actor, request.params.slug, request.params.proposalId),
  );

  app.post(
    `${base}/:proposalId/ballot`,
    {
      schema: {
        tags,
        summary:
          'Cast or change a ballot (yourself, or as proxy); a secret ballot returns a key only you hold',
        params: proposalParams,
        body: castInput,
        response: { 200: castResult, ...errorResponses },
      },
    },
    async (request) =>
      castBallot(ctx, request.actor, request.params.slug, request.params.proposalId, request.body),
  );

  app.post(
    `${base}/:proposalId/ballot/mine`,
    {
      schema: {
        tags,
        summary: 'See your own ballot before the close (a secret ballot needs your ballot key)',
        params: proposalParams,
        body: verifyBallotInput.partial(),
        response: { 200: myBallotView, ...errorResponses },
      },
    },
    async (request) =>
      myBallot(ctx, request.actor, request.params.slug, request.params.proposalId, request.body ?? {}),
  );

  app.get(
    `${base}/:proposalId/results`,
    {
      schema: {
        tags,
        summary: 'The result: turnout, quorum, class shares, threshold, rounds, funded projects, hashes',
        params: proposalParams,
        response: { 200: resultView, ...errorResponses },
      },
    },
    async (request) => getResults(ctx, request.actor, request.params.slug, request.params.proposalId),
  );

  for (const format of ['json', 'blt'] as const) {
    app.get(
      `${base}/:proposalId/ballots.${format}`,
      {
        schema: {
          tags,
          summary: {
            json: 'The published ballots (Mutual ballot file, budgets and committees too; re-count with `mutual tally --ballots`)',
            blt: 'The published ballots of a ranked election (BLT)',
          }[format],
          params: proposalParams,
          produces: [format === 'json' ? 'application/json' : 'text/plain'],
        },
      },
      async (request, reply) => {
        const text = await getBallotFile(
          ctx,
          request.actor,
          request.params.slug,
          request.params.proposalId,
          format,
        );
        return reply
          .type(format === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="proposal-${request.params.proposalId}-ballots.${format}"`,
          )
          .send(text);
      },
    );
  }

  app.get(
    '/api/coops/:slug/proxies',
    {
      schema: {
        tags,
        summary: 'Proxies you appointed and hold',
        params: slugParams,
        response: { 200: myProxiesView, ...errorResponses },
      },
    },
    async (request) => myProxies(ctx, request.actor, request.params.slug),
  );

  app.post(
    '/api/coops/:slug/proxies',
    {
      schema: {
        tags,
        summary:
          'Appoint a proxy for one proposal or until revoked (within the constitution’s cap; no chains)',
        params: slugParams,
        body: appointProxyInput,
        response: { 201: proxyView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await appointProxy(ctx, request.actor, request.params.slug, request.body)),
  );

  app.delete(
    '/api/coops/:slug/proxies/:proxyId',
    {
      schema: {
        tags,
        summary: 'Revoke a proxy you appointed, or decline one you hold',
        params: z.object({ slug, proxyId: z.string().uuid() }),
        response: { 200: proxyView, ...errorResponses },
      },
    },
    async (request) => revokeProxy(ctx, request.actor, request.params.slug, request.params.proxyId),
  );

  app.get(
    '/api/coops/:slug/governance/my-votes',
    {
      schema: {
        tags,
        summary: 'My votes: proposals whose roll you are on, and who cast your vote',
        params: slugParams,
        response: { 200: myVotesView, ...errorResponses },
      },
    },
    async (request) => ({ votes: await myVotes(ctx, request.actor, request.params.slug) }),
  );

  app.get(
    '/api/coops/:slug/governance/preferences',
    {
      schema: {
        tags,
        summary: 'Which governance emails you receive from this co-op',
        params: slugParams,
        response: { 200: preferencesView, ...errorResponses },
      },
    },
    async (request) => getPreferences(ctx, request.actor, request.params.slug),
  );

  app.put(
    '/api/coops/:slug/governance/preferences',
    {
      schema: {
        tags,
        summary: 'Choose: everything, only votes, or a weekly digest',
        params: slugParams,
        body: preferencesView.strict(),
        response: { 200: preferencesView, ...errorResponses },
      },
    },
    async (request) => setPreferences(ctx, request.actor, request.params.slug, request.body),
  );

  app.get(
    '/api/coops/:slug/governance/notices',
    {
      schema: {
        tags,
        summary: 'Your governance notices in the app',
        params: slugParams,
        response: { 200: noticeList, ...errorResponses },
      },
    },
    async (request) => ({ notices: await listNotices(ctx, request.actor, request.params.slug) }),
  );

  app.post(
    '/api/coops/:slug/governance/notices/:noticeId/read',
    {
      schema: {
        tags,
        summary: 'Mark a notice read',
        params: z.object({ slug, noticeId: z.string().uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await markNoticeRead(ctx, request.actor, request.params.slug, request.params.noticeId);
      return reply.status(204).send(null);
    },
  );
}
