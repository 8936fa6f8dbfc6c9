import { z } from 'zod';

export const coopSummary = z
  .object({
    id: z.string().uuid().describe('Co-op id'),
    slug: z.string().describe('URL name, as in /c/<slug>'),
    name: z.string().describe('Name of the co-op'),
    mission: z.string().describe('One-line mission'),
  })
  .describe('CoopSummary');

export const coopList = z.object({ coops: z.array(coopSummary) }).describe('CoopList');
export type CoopSummary = z.infer<typeof coopSummary>;
