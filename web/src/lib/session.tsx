import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import * as api from './api.ts';

type SessionState = {
  /** 'loading' until the first GET /api/session answers; 'offline' if it could not. */
  status: 'loading' | 'ready' | 'offline';
  account: api.AccountView | null;
};

export type Session = SessionState & {
  signIn(input: api.SignInFields): Promise<api.AccountView>;
  signUp(input: api.SignUpFields): Promise<api.AccountView>;
  signOut(): Promise<void>;
  /** Forgets the account locally, e.g. after a password reset closed every session. */
  forget(): void;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading', account: null });

  useEffect(() => {
    let cancelled = false;
    api
      .getSession()
      .then((session) => {
        if (!cancelled) setState({ status: 'ready', account: session.account });
      })
      .catch(() => {
        if (!cancelled) setState({ status: 'offline', account: null });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback(async (input: api.SignInFields) => {
    const session = await api.signIn(input);
    setState({ status: 'ready', account: session.account });
    if (!session.account) throw new api.ApiError(200, 'UNEXPECTED_RESPONSE', 'Signed in without an account.');
    return session.account;
  }, []);

  const signUp = useCallback(async (input: api.SignUpFields) => {
    const session = await api.signUp(input);
    setState({ status: 'ready', account: session.account });
    if (!session.account) throw new api.ApiError(201, 'UNEXPECTED_RESPONSE', 'Signed up without an account.');
    return session.account;
  }, []);

  const signOut = useCallback(async () => {
    await api.signOut();
    setState({ status: 'ready', account: null });
  }, []);

  const forget = useCallback(() => setState({ status: 'ready', account: null }), []);

  const value = useMemo<Session>(
    () => ({ ...state, signIn, signUp, signOut, forget }),
    [state, signIn, signUp, signOut, forget],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
