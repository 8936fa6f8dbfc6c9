import type { Context } from '../../context.ts';
import type { Actor } from '../../lib/actor.ts';
import { toCsv } from '../../lib/csv.ts';
import { authorize, loadCoopAccess } from '../coops/index.ts';
import { listApplications, listRegister } from './queries.ts';

/** The register is visible to members; the board exports it (a legal record in most countries). */
export async function viewRegister(ctx: Context, actor: Actor, slug: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.view_members');
  return listRegister(ctx.db, access.coop.id);
}

export async function exportRegisterCsv(ctx: Context, actor: Actor, slug: string): Promise<string> {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.export_register');
  const members = await listRegister(ctx.db, access.coop.id);
  return toCsv([
    ['member_number', 'name', 'class', 'shares', 'status', 'admitted', 'left'],
    ...members.map((m) => [
      m.memberNumber,
      m.displayName,
      m.classKey,
      m.shares,
      m.status,
      m.admittedAt.slice(0, 10),
      m.leftAt?.slice(0, 10) ?? null,
    ]),
  ]);
}

export async function viewApplications(ctx: Context, actor: Actor, slug: string, status?: string) {
  const access = await loadCoopAccess(ctx.db, slug, actor);
  authorize(access, 'coop.record_payments');
  return listApplications(ctx.db, access.coop.id, status);
}
