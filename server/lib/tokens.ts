import { createHash, randomBytes } from 'node:crypto';

// Secrets handed to a browser or an email (session ids, reset tokens) are random; only their
// SHA-256 is stored, so a copy of the database cannot be used to sign in.
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
