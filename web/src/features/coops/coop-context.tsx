import { createContext, useContext } from 'react';
import type { ConstitutionVersionView, CoopProfile, MyMembership } from '../../lib/coops-api.ts';
import type { Loaded } from '../../lib/use-load.ts';

export type CoopRole = MyMembership['roles'][number]['role'];

/** What every page of one co-op shares: its profile, the constitution in force and the visitor's standing. */
export type CoopData = {
  slug: string;
  profile: CoopProfile;
  constitution: ConstitutionVersionView;
  /** The signed-in person's membership, application and roles; `null` data when signed out. */
  me: Loaded<MyMembership | null>;
  /** Reloads the profile, the constitution and the visitor's standing, e.g. after applying or admitting. */
  refresh(): void;
};

export const CoopContext = createContext<CoopData | null>(null);

export function useCoop(): CoopData {
  const coop = useContext(CoopContext);
  if (!coop) throw new Error('useCoop must be used inside a co-op page');
  return coop;
}

/** The visitor's roles in the co-op, empty while loading or when signed out. */
export function useCoopRoles(): { member: boolean; board: boolean; admin: boolean } {
  const { me } = useCoop();
  const data = me.state === 'done' ? me.data : null;
  const roles = new Set(data?.roles.map((r) => r.role) ?? []);
  return { member: Boolean(data?.membership), board: roles.has('board'), admin: roles.has('admin') };
}
