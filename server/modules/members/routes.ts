import { z } from 'zod';
import { foundCoopInput } from '../../../contracts/coops.ts';
import { errorResponses } from '../../../contracts/errors.ts';
import {
  applicationList,
  applicationStatus,
  applyInput,
  decideAdmissionInput,
  myMembership as myMembershipView,
  recordSharePaymentInput,
  register,
} from '../../../contracts/members.ts';
import type { Context } from '../../context.ts';
import type { App } from '../../http/types.ts';
import { decideAdmission } from './admission.ts';
import { applyForMembership } from './apply.ts';
import { foundCoop } from './found-coop.ts';
import { giveNotice } from './leave.ts';
import { myMembership } from './my-membership.ts';
import { exportRegisterCsv, viewApplications, viewRegister } from './register.ts';
import { recordSharePayment } from './share-payment.ts';

const slugParams = z.object({ slug: z.string().max(60) });
const appParams = z.object({
  slug: z.string().max(60),
  applicationId: z.string().uuid().describe('Application id'),
});

export async function membersRoutes(app: App, ctx: Context): Promise<void> {
  const tags = ['members'];

  app.post(
    '/api/coops',
    {
      schema: {
        tags: ['coops'],
        summary:
          'Found a co-op from a sector template; the founder becomes member 1 and holds the board role',
        body: foundCoopInput,
        response: { 201: z.object({ coopId: z.string().uuid(), slug: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await foundCoop(ctx, request.actor, request.body)),
  );

  app.post(
    '/api/coops/:slug/applications',
    {
      schema: {
        tags,
        summary: 'Apply for membership in a class',
        params: slugParams,
        body: applyInput,
        response: {
          201: z.object({ applicationId: z.string().uuid(), status: applicationStatus }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const result = await applyForMembership(ctx, request.actor, request.params.slug, request.body);
      return reply.status(201).send({ ...result, status: applicationStatus.parse(result.status) });
    },
  );

  app.get(
    '/api/coops/:slug/applications',
    {
      schema: {
        tags,
        summary: 'Applications (board and admins)',
        params: slugParams,
        querystring: z.object({ status: applicationStatus.optional() }).strict(),
        response: { 200: applicationList, ...errorResponses },
      },
    },
    async (request) => ({
      applications: await viewApplications(ctx, request.actor, request.params.slug, request.query.status),
    }),
  );

  app.post(
    '/api/coops/:slug/applications/:applicationId/payment',
    {
      schema: {
        tags,
        summary: 'Record that an applicant’s share was paid (manual payment; idempotent)',
        params: appParams,
        body: recordSharePaymentInput,
        response: {
          200: z.object({
            status: applicationStatus,
            entryId: z.string().uuid(),
            alreadyRecorded: z.boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const r = await recordSharePayment(
        ctx,
        request.actor,
        request.params.slug,
        request.params.applicationId,
        request.body,
      );
      return { ...r, status: applicationStatus.parse(r.status) };
    },
  );

  app.post(
    '/api/coops/:slug/applications/:applicationId/decision',
    {
      schema: {
        tags,
        summary: 'Admit or decline an applicant (board)',
        params: appParams,
        body: decideAdmissionInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await decideAdmission(
        ctx,
        request.actor,
        request.params.slug,
        request.params.applicationId,
        request.body,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/coops/:slug/me',
    {
      schema: {
        tags,
        summary: 'My membership, application and roles in this co-op',
        params: slugParams,
        response: { 200: myMembershipView, ...errorResponses },
      },
    },
    async (request) => myMembership(ctx, request.actor, request.params.slug),
  );

  app.post(
    '/api/coops/:slug/me/notice',
    {
      schema: {
        tags,
        summary: 'Give notice to leave; the share is redeemed after the notice period',
        params: slugParams,
        response: { 200: z.object({ leavesAt: z.string() }), ...errorResponses },
      },
    },
    async (request) => giveNotice(ctx, request.actor, request.params.slug),
  );

  app.get(
    '/api/coops/:slug/members',
    {
      schema: {
        tags,
        summary: 'The member register (members only)',
        params: slugParams,
        response: { 200: register, ...errorResponses },
      },
    },
    async (request) => ({ members: await viewRegister(ctx, request.actor, request.params.slug) }),
  );

  app.get(
    '/api/coops/:slug/members.csv',
    {
      schema: {
        tags,
        summary: 'The member register as CSV (board)',
        params: slugParams,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const csv = await exportRegisterCsv(ctx, request.actor, request.params.slug);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.slug}-register.csv"`)
        .send(csv);
    },
  );
}
