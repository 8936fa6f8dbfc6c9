import { z } from 'zod';
import {
  constitutionVersionList,
  constitutionVersionView,
  coopList,
  coopProfile,
  sector,
  slug,
  templateList,
} from '../../../contracts/coops.ts';
import { errorResponses } from '../../../contracts/errors.ts';
import { currencyCode } from '../../../contracts/money.ts';
import type { Context } from '../../context.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import { requireCoop } from './access.ts';
import { listConstitutionVersions, policyAt, toVersionView } from './constitution.ts';
import { getCoopProfile } from './profile.ts';
import { findCoopIdBySlug, listCoops } from './queries.ts';
import { sectors, templateConstitution } from './templates.ts';

const slugParams = z.object({ slug: z.string().max(60).describe('Co-op URL name') });

export async function coopsRoutes(app: App, ctx: Context): Promise<void> {
  const tags = ['coops'];

  app.get(
    '/api/coops',
    { schema: { tags, summary: 'Co-ops hosted on this deployment', response: { 200: coopList } } },
    async () => ({ coops: await listCoops(ctx.db) }),
  );

  app.get(
    '/api/coops/:slug',
    {
      schema: {
        tags,
        summary: 'A co-op’s public profile (no personal data)',
        params: slugParams,
        response: { 200: coopProfile, ...errorResponses },
      },
    },
    async (request) => getCoopProfile(ctx, request.params.slug),
  );

  app.get(
    '/api/coops/:slug/constitution',
    {
      schema: {
        tags,
        summary: 'The constitution in force now, or an earlier version with ?version=N',
        params: slugParams,
        querystring: z
          .object({ version: z.coerce.number().int().min(1).optional().describe('Version number') })
          .strict(),
        response: { 200: constitutionVersionView, ...errorResponses },
      },
    },
    async (request) => {
      const coop = await requireCoop(ctx.db, request.params.slug);
      const rows = await listConstitutionVersions(ctx.db, coop.id);
      const wanted = request.query.version ?? (await policyAt(ctx.db, coop.id, ctx.clock())).version;
      const row = rows.find((r) => r.version === wanted);
      if (!row)
        throw new AppError('not_found', 'VERSION_NOT_FOUND', `There is no version ${wanted}.`, {
          field: 'version',
        });
      return toVersionView(row);
    },
  );

  app.get(
    '/api/coops/:slug/constitution/versions',
    {
      schema: {
        tags,
        summary: 'Every version of the constitution, with its origin and hashes',
        params: slugParams,
        response: { 200: constitutionVersionList, ...errorResponses },
      },
    },
    async (request) => {
      const coop = await requireCoop(ctx.db, request.params.slug);
      const rows = await listConstitutionVersions(ctx.db, coop.id);
      const inForce = (await policyAt(ctx.db, coop.id, ctx.clock())).version;
      return {
        inForce,
        versions: rows.map((r) => {
          const { document: _document, ...rest } = toVersionView(r);
          return rest;
        }),
      };
    },
  );

  app.get(
    '/api/templates',
    {
      schema: {
        tags,
        summary: 'Sector templates: complete starting constitutions (amounts for the given currency)',
        querystring: z.object({ currency: currencyCode.default('EUR') }).strict(),
        response: { 200: templateList, ...errorResponses },
      },
    },
    async (request) => ({
      templates: sectors.map((s) => ({
        sector: sector.parse(s),
        document: templateConstitution(s, request.query.currency),
      })),
    }),
  );

  app.get(
    '/api/coops/:slug/available',
    {
      schema: {
        tags,
        summary: 'Whether a slug is free and well-formed (for the founding wizard)',
        params: slugParams,
        response: { 200: z.object({ available: z.boolean(), reason: z.string().nullable() }) },
      },
    },
    async (request) => {
      const parsed = slug.safeParse(request.params.slug);
      if (!parsed.success) return { available: false, reason: parsed.error.issues[0]!.message };
      const taken = (await findCoopIdBySlug(ctx.db, parsed.data)) !== null;
      return { available: !taken, reason: taken ? 'taken' : null };
    },
  );
}
