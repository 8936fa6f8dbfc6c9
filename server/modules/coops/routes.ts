import { coopList } from '../../../contracts/coops.ts';
import type { Context } from '../../context.ts';
import type { App } from '../../http/types.ts';
import { listCoops } from './queries.ts';

export async function coopsRoutes(app: App, ctx: Context): Promise<void> {
  app.get(
    '/api/coops',
    { schema: { tags: ['coops'], summary: 'Co-ops hosted on this deployment', response: { 200: coopList } } },
    async () => ({ coops: await listCoops(ctx.db) }),
  );
}
