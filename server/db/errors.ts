// PostgreSQL error codes the domain turns into clear answers. Drizzle wraps the driver's error in
// `cause`; both drivers carry the SQLSTATE in `code`.
function sqlState(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.cause?.code ?? e?.code;
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
export const isExclusionViolation = (error: unknown): boolean => sqlState(error) === '23P01';
export const isSerializationFailure = (error: unknown): boolean =>
  ['40001', '40P01'].includes(sqlState(error) ?? '');
