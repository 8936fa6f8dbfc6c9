// Who is acting. Use cases take an Actor, never a request.
export type Actor =
  | { kind: 'anonymous'; ip?: string }
  | { kind: 'account'; accountId: string; isOperator: boolean; ip?: string }
  | { kind: 'system' };

export const systemActor: Actor = { kind: 'system' };

export function actorAccountId(actor: Actor): string | null {
  return actor.kind === 'account' ? actor.accountId : null;
}
