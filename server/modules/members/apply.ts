import type { Context } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { membershipApplications } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { loadCoopAccess, policyAt } from '../coops/index.ts';
import { admitAfterPayment } from './share-payment.ts';

/** A signed-in person applies to a class, agreeing to the constitution version they read. */
export async function applyForMembership(
  ctx: Context,
  actor: Actor,
  slug: string,
  input: { classKey: string; statement: string; agreedVersion: number },
): Promise<{ applicationId: string; status: string }> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  if (!access.accountId) throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in to apply.');
  if (access.membership)
    throw new AppError('conflict', 'ALREADY_MEMBER', 'You are already a member of this co-op.');
  const coopId = access.coop.id;
  const now = ctx.clock();
  const policy = await policyAt(ctx.db, coopId, now);
  const cls = policy.document.memberClasses.find((c) => c.key === input.classKey);
  if (!cls)
    throw new AppError('validation', 'UNKNOWN_CLASS', `This co-op has no class "${input.classKey}".`, {
      field: 'classKey',
    });
  if (!cls.openToApplicants) {
    throw new AppError('rule', 'CLASS_CLOSED', `The ${cls.name} class does not take applications.`, {
      field: 'classKey',
    });
  }
  if (input.agreedVersion !== policy.version) {
    throw new AppError(
      'conflict',
      'CONSTITUTION_CHANGED',
      `The constitution is now at version ${policy.version}; read it and agree again.`,
      {
        field: 'agreedVersion',
      },
    );
  }
  const applicationId = ctx.newId();
  const free = BigInt(cls.sharePrice) === 0n;
  try {
    const status = await ctx.db.transaction(async (tx) => {
      await tx.insert(membershipApplications).values({
        coopId,
        id: applicationId,
        accountId: access.accountId!,
        classKey: cls.key,
        statement: input.statement,
        agreedVersion: policy.version,
        status: 'awaiting_payment',
        sharePrice: cls.sharePrice,
        createdAt: now,
      });
      await recordAudit(tx, {
        coopId,
        actorId: access.accountId,
        action: 'application.submitted',
        subjectType: 'membership_application',
        subjectId: applicationId,
        data: { classKey: cls.key, agreedVersion: policy.version, sharePrice: cls.sharePrice },
        visibility: 'admins',
        at: now,
      });
      // A class with no share price skips straight to its admission rule.
      return free
        ? admitAfterPayment(tx, ctx, {
            coopId,
            applicationId,
            admission: cls.admission,
            actorId: access.accountId,
          })
        : 'awaiting_payment';
    });
    return { applicationId, status };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'conflict',
        'APPLICATION_PENDING',
        'You already have an application in progress with this co-op.',
      );
    }
    throw error;
  }
}
