/**
 * The reference an applicant quotes on the bank transfer of their share, and the board looks for on the
 * statement: the co-op's address and the random end of the application id, e.g. "CLEAN-SWEEP-3F9A1C0B".
 */
export function transferReference(slug: string, applicationId: string): string {
  return `${slug}-${applicationId.replaceAll('-', '').slice(-8)}`.toUpperCase();
}
