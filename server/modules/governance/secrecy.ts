import { createHash, randomBytes, randomInt } from 'node:crypto';

// The cryptographic side of ballot secrecy (docs/decisions/0007-ballot-secrecy.md). A voter's ballot
// key is 32 random bytes the server hands out once and does not keep. Two unrelated hashes derive
// from it: the receipt, which keys the ballot row and is published with the ballot, and the lock,
// which the roll row keeps so that only the holder of the key can replace that voter's ballot.
// Neither can be computed from the other without the key.

export function newBallotKey(): string {
  return randomBytes(32).toString('base64url');
}

function derive(label: string, proposalId: string, key: string): Buffer {
  return createHash('sha256').update(`mutual-ballot-v1\n${label}\n${proposalId}\n${key}`).digest();
}

/** The published receipt of a ballot (22 characters, base64url of 128 bits). */
export function receiptOf(proposalId: string, ballotKey: string): string {
  return derive('receipt', proposalId, ballotKey).subarray(0, 16).toString('base64url');
}

/** What the roll keeps to recognise the key's holder on a revote. */
export function lockOf(proposalId: string, ballotKey: string): string {
  return derive('roll-lock', proposalId, ballotKey).toString('hex');
}

/** A random receipt for an open ballot (open ballots are replaced by voter, not by key). */
export function randomReceipt(): string {
  return randomBytes(16).toString('base64url');
}

/** A uniform shuffle from the operating system's random source, never seeded. */
export function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
