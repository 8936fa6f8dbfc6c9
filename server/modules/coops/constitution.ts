import { createHash } from 'node:crypto';
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { type ConstitutionDocument, constitutionDocument } from '../../../contracts/constitution.ts';
import type { ConstitutionVersionView } from '../../../contracts/coops.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { constitutionVersions } from '../../db/schema/index.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { AppError } from '../../lib/errors.ts';

export const GENESIS = '0'.repeat(64);

export type Policy = { coopId: string; version: number; document: ConstitutionDocument; effectiveFrom: Date };

type VersionRow = typeof constitutionVersions.$inferSelect;

export function documentHash(document: ConstitutionDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

export function versionHash(prevHash: string, docHash: string, version: number, effectiveFrom: Date): string {
  return createHash('sha256')
    .update(`${prevHash}\n${version}\n${effectiveFrom.toISOString()}\n${docHash}`)
    .digest('hex');
}

/**
 * Appends the next version. The only writer of constitution versions: the founding act now, a
 * passed proposal later. The document is validated again here, whoever calls.
 */
export async function appendConstitutionVersion(
  tx: Tx,
  input: {
    coopId: string;
    document: unknown;
    effectiveFrom: Date;
    origin: 'founding' | 'proposal';
    proposalId?: string | null;
    now: Date;
  },
): Promise<VersionRow> {
  const parsed = constitutionDocument.safeParse(input.document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('rule', 'CONSTITUTION_INVALID', `The constitution is not valid: ${issue.message}`, {
      field: issue.path.join('.'),
    });
  }
  const [last] = await tx
    .select()
    .from(constitutionVersions)
    .where(eq(constitutionVersions.coopId, input.coopId))
    .orderBy(desc(constitutionVersions.version))
    .limit(1)
    .for('update');
  const version = (last?.version ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS;
  const docHash = documentHash(parsed.data);
  const [row] = await tx
    .insert(constitutionVersions)
    .values({
      coopId: input.coopId,
      version,
      document: parsed.data,
      documentHash: docHash,
      prevHash,
      hash: versionHash(prevHash, docHash, version, input.effectiveFrom),
      effectiveFrom: input.effectiveFrom,
      origin: input.origin,
      proposalId: input.proposalId ?? null,
      createdAt: input.now,
    })
    .returning();
  return row!;
}

/** The constitution in force for a co-op at a moment: what every decision about money or power reads. */
export async function policyAt(db: Executor, coopId: string, at: Date): Promise<Policy> {
  const [row] = await db
    .select()
    .from(constitutionVersions)
    .where(and(eq(constitutionVersions.coopId, coopId), lte(constitutionVersions.effectiveFrom, at)))
    .orderBy(desc(constitutionVersions.version))
    .limit(1);
  if (!row)
    throw new AppError(
      'not_found',
      'NO_CONSTITUTION',
      'This co-op has no constitution in force at that time.',
    );
  return {
    coopId,
    version: row.version,
    document: constitutionDocument.parse(row.document),
    effectiveFrom: row.effectiveFrom,
  };
}

export async function listConstitutionVersions(db: Executor, coopId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(constitutionVersions)
    .where(eq(constitutionVersions.coopId, coopId))
    .orderBy(asc(constitutionVersions.version));
}

export function toVersionView(row: VersionRow): ConstitutionVersionView {
  return {
    version: row.version,
    document: constitutionDocument.parse(row.document),
    documentHash: row.documentHash,
    prevHash: row.prevHash,
    hash: row.hash,
    effectiveFrom: row.effectiveFrom.toISOString(),
    origin: row.origin as 'founding' | 'proposal',
    proposalId: row.proposalId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Re-checks the version chain (documents and links); the history page shows the result. */
export function verifyConstitutionChain(rows: VersionRow[]): { ok: boolean; brokenAt: number | null } {
  let prev = GENESIS;
  for (const row of rows) {
    const doc = constitutionDocument.parse(row.document);
    const docHash = documentHash(doc);
    if (
      row.prevHash !== prev ||
      row.documentHash !== docHash ||
      row.hash !== versionHash(prev, docHash, row.version, row.effectiveFrom)
    ) {
      return { ok: false, brokenAt: row.version };
    }
    prev = row.hash;
  }
  return { ok: true, brokenAt: null };
}
