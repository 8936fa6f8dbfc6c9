import { z } from 'zod';
import { coopRoleName } from './constitution.ts';

export const applicationStatus = z.enum([
  'awaiting_payment',
  'awaiting_admission',
  'awaiting_vote',
  'admitted',
  'declined',
  'withdrawn',
]);

export const applyInput = z
  .object({
    classKey: z.string().min(1).max(40).describe('Member class applied for'),
    statement: z.string().trim().max(2000).default('').describe('A few words on why you want to join'),
    agreedVersion: z
      .number()
      .int()
      .min(1)
      .describe('The constitution version the applicant read and agrees to'),
  })
  .strict()
  .describe('Apply for membership');

export const applicationView = z
  .object({
    id: z.string().uuid(),
    accountId: z.string().uuid(),
    displayName: z.string(),
    email: z.string().optional().describe('Shown to the board and admins only'),
    classKey: z.string(),
    statement: z.string(),
    agreedVersion: z.number().int(),
    status: applicationStatus,
    sharePrice: z.string().describe('Share price owed, minor units'),
    paidAt: z.string().nullable(),
    paymentReference: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .describe('MembershipApplication');

export const applicationList = z
  .object({ applications: z.array(applicationView) })
  .describe('ApplicationList');

export const recordSharePaymentInput = z
  .object({
    reference: z.string().trim().min(1).max(120).describe('Bank transfer reference or receipt number'),
  })
  .strict()
  .describe('Record that the share price was received (manual payment)');

export const decideAdmissionInput = z
  .object({
    decision: z.enum(['admit', 'decline']),
    reason: z.string().trim().max(1000).default('').describe('Required when declining'),
  })
  .strict()
  .describe('Admit or decline an applicant (board)');

export const memberView = z
  .object({
    id: z.string().uuid(),
    memberNumber: z.number().int(),
    accountId: z.string().uuid(),
    displayName: z.string(),
    classKey: z.string(),
    shares: z.number().int().describe('Shares held (paid)'),
    status: z.enum(['active', 'leaving', 'left', 'expelled']),
    admittedAt: z.string(),
    leavesAt: z.string().nullable().describe('When a leaving member’s share is redeemed'),
    leftAt: z.string().nullable(),
  })
  .describe('Member');

export const registerEntry = memberView
  .extend({
    roles: z
      .array(coopRoleName)
      .describe('Roles the member holds now: board, admin, committee:<key> (who holds power is public)'),
  })
  .describe('RegisterEntry');

export const register = z.object({ members: z.array(registerEntry) }).describe('MemberRegister');

export const roleView = z.object({
  role: coopRoleName,
  grantedAt: z.string(),
  origin: z.string(),
});

export const myMembership = z
  .object({
    membership: memberView.nullable(),
    application: applicationView.nullable().describe('The latest application, if any'),
    roles: z.array(roleView),
  })
  .describe('MyMembership');

export type ApplicationView = z.infer<typeof applicationView>;
export type MemberView = z.infer<typeof memberView>;
export type RegisterEntry = z.infer<typeof registerEntry>;
export type MyMembership = z.infer<typeof myMembership>;
