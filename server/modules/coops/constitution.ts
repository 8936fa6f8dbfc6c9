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

/** Which version is in force: what `policyAt` and the co-op scope query read before the document. */
export type PolicyHead = { version: number; effectiveFrom: Date; documentHash: string };

// Parsed documents by their hash. Versions are append-only and content-addressed, so an entry can
// never be stale; the bound only caps memory when one process serves many co-ops.
const PARSED_LIMIT = 512;
const parsedDocuments = new Map<string, ConstitutionDocument>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Shared by every caller, so frozen: a use case that needs a changed document works on a copy. */
function rememberDocument(hash: string, raw: unknown): ConstitutionDocument {
  const document = deepFreeze(constitutionDocument.parse(raw));
  if (parsedDocuments.size >= PARSED_LIMIT) {
    parsedDocuments.delete(parsedDocuments.keys().next().value!);
  }
  parsedDocuments.set(hash, document);
  return document;
}

/** The policy of a version already located; reads the document only the first time a process meets it. */
export async function policyOf(db: Executor, coopId: string, head: PolicyHead): Promise<Policy> {
  let document = parsedDocuments.get(head.documentHash);
  if (!document) {
    const [row] = await db
      .select({ document: constitutionVersions.document })
      .from(constitutionVersions)
      .where(and(eq(constitutionVersions.coopId, coopId), eq(constitutionVersions.version, head.version)));
    if (!row) throw noConstitution();
    document = rememberDocument(head.documentHash, row.document);
  }
  return { coopId, version: head.version, document, effectiveFrom: head.effectiveFrom };
}

export function noConstitution(): AppError {
  return new AppError(
    'not_found',
    'NO_CONSTITUTION',
    'This co-op has no constitution in force at that time.',
  );
}

/** The constitution in force for a co-op at a moment: what every decision about money or power reads. */
export async function policyAt(db: Executor, coopId: string, at: Date): Promise<Policy> {
  const [head] = await db
    .select({
      version: constitutionVersions.version,
      effectiveFrom: constitutionVersions.effectiveFrom,
      documentHash: constitutionVersions.documentHash,
    })
    .from(constitutionVersions)
    .where(and(eq(constitutionVersions.coopId, coopId), lte(constitutionVersions.effectiveFrom, at)))
    .orderBy(desc(constitutionVersions.version))
    .limit(1);
  if (!head) throw noConstitution();
  return policyOf(db, coopId, head);
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
