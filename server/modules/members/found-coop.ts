import type { FoundCoopInput } from '../../../contracts/coops.ts';
import type { Context } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { coops, membershipApplications } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { appendConstitutionVersion, templateConstitution } from '../coops/index.ts';
import { createDefaultChart } from '../ledger/index.ts';
import { admitMember } from './admission.ts';
import { grantRole } from './roles.ts';

/**
 * The founding act: the co-op, version 1 of its constitution (from the sector template), its chart
 * of accounts, and the founder as member number 1 holding the board role until the first election.
 * The founder's share is owed like anyone's and recorded when it is paid.
 */
export async function foundCoop(
  ctx: Context,
  actor: Actor,
  input: FoundCoopInput,
): Promise<{ coopId: string; slug: string }> {
  if (actor.kind !== 'account')
    throw new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in to found a co-op.');
  const document = templateConstitution(input.sector, input.currency);
  const founderClass = document.memberClasses.find((c) => c.founder)!;
  const now = ctx.clock();
  const coopId = ctx.newId();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(coops).values({
        id: coopId,
        slug: input.slug,
        name: input.name,
        mission: input.mission,
        sector: input.sector,
        currency: input.currency,
        timeZone: input.timeZone,
        defaultLanguage: input.defaultLanguage,
        foundedBy: actor.accountId,
        createdAt: now,
      });
      const v1 = await appendConstitutionVersion(tx, {
        coopId,
        document,
        effectiveFrom: now,
        origin: 'founding',
        now,
      });
      await recordAudit(tx, {
        coopId,
        actorId: actor.accountId,
        action: 'coop.founded',
        subjectType: 'coop',
        subjectId: coopId,
        data: {
          slug: input.slug,
          name: input.name,
          sector: input.sector,
          constitutionVersion: 1,
          constitutionHash: v1.hash,
        },
        visibility: 'public',
        at: now,
      });
      await createDefaultChart(tx, ctx, { coopId, currency: input.currency });
      const applicationId = ctx.newId();
      await tx.insert(membershipApplications).values({
        coopId,
        id: applicationId,
        accountId: actor.accountId,
        classKey: founderClass.key,
        statement: 'Founder',
        agreedVersion: 1,
        status: 'admitted',
        sharePrice: founderClass.sharePrice,
        decidedAt: now,
        decisionReason: 'founding member',
        createdAt: now,
      });
      await admitMember(tx, ctx, {
        coopId,
        accountId: actor.accountId,
        classKey: founderClass.key,
        applicationId,
        shares: 0,
        actorId: actor.accountId,
        reason: 'founding member',
      });
      await grantRole(tx, ctx, {
        coopId,
        accountId: actor.accountId,
        role: 'board',
        origin: 'founding',
        actorId: actor.accountId,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'SLUG_TAKEN', `The address "${input.slug}" is taken. Choose another.`, {
        field: 'slug',
      });
    }
    throw error;
  }
  return { coopId, slug: input.slug };
}
