import { z } from 'zod';
import { constitutionDocument } from './constitution.ts';
import { currencyCode } from './money.ts';

export const slug = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/,
    '3–40 lower-case letters, digits and dashes, not starting or ending with a dash',
  )
  .describe('URL name of the co-op, as in /c/<slug>');

export const sector = z
  .enum(['childcare', 'home-services', 'urban-recycling', 'data-entry', 'blank'])
  .describe('Sector template the constitution starts from');

export const coopSummary = z
  .object({
    id: z.string().uuid().describe('Co-op id'),
    slug: z.string().describe('URL name, as in /c/<slug>'),
    name: z.string().describe('Name of the co-op'),
    mission: z.string().describe('One-line mission'),
    sector: z.string().describe('Sector template it was founded from'),
    memberCount: z.number().int().describe('Current members'),
  })
  .describe('CoopSummary');

export const coopList = z.object({ coops: z.array(coopSummary) }).describe('CoopList');

export const foundCoopInput = z
  .object({
    name: z.string().trim().min(2).max(80).describe('Name of the co-op'),
    slug,
    mission: z.string().trim().max(280).default('').describe('Short mission'),
    sector,
    currency: currencyCode,
    timeZone: z
      .string()
      .max(64)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Europe/Madrid')
      .describe('IANA time zone'),
    defaultLanguage: z.enum(['en', 'es', 'fr']).describe('Default language of the co-op'),
  })
  .strict()
  .describe('Found a co-op');

export const classCount = z.object({ classKey: z.string(), name: z.string(), members: z.number().int() });

export const coopProfile = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    mission: z.string(),
    sector: z.string(),
    currency: z.string(),
    timeZone: z.string(),
    defaultLanguage: z.string(),
    createdAt: z.string().describe('ISO 8601 founding time'),
    constitutionVersion: z.number().int().describe('Version of the constitution in force now'),
    members: z
      .object({ total: z.number().int(), byClass: z.array(classCount) })
      .describe('Member counts per class'),
  })
  .describe('CoopProfile');

export const constitutionVersionView = z
  .object({
    version: z.number().int(),
    document: constitutionDocument,
    documentHash: z.string().describe('SHA-256 of the canonical JSON of the document'),
    prevHash: z.string().describe('Hash of the previous version (64 zeros for version 1)'),
    hash: z.string().describe('SHA-256 over the previous hash and this document hash'),
    effectiveFrom: z.string().describe('ISO 8601 time this version takes effect'),
    origin: z.enum(['founding', 'proposal']),
    proposalId: z.string().uuid().nullable().describe('The proposal that adopted it, if any'),
    createdAt: z.string(),
  })
  .describe('ConstitutionVersion');

export const constitutionVersionList = z
  .object({
    versions: z.array(constitutionVersionView.omit({ document: true })),
    inForce: z.number().int().describe('The version in force now'),
  })
  .describe('ConstitutionVersionList');

export const templateList = z
  .object({ templates: z.array(z.object({ sector, document: constitutionDocument })) })
  .describe('TemplateList');

export type CoopSummary = z.infer<typeof coopSummary>;
export type CoopProfile = z.infer<typeof coopProfile>;
export type FoundCoopInput = z.infer<typeof foundCoopInput>;
export type ConstitutionVersionView = z.infer<typeof constitutionVersionView>;
