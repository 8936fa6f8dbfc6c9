import { slug as slugSchema } from '../../../../contracts/coops.ts';

const SLUG_MAX = 40;

/** A URL name suggested from the co-op's name: "Clean Sweep Coöp" → "clean-sweep-coop". */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
}

/** Whether the API would accept the slug's form (it may still be taken). */
export function isWellFormedSlug(value: string): boolean {
  return slugSchema.safeParse(value).success;
}
