import { ApolloProvider, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { MeDocument, type MeQuery, type Role } from '../gql/graphql';
import { createApolloClient } from './apollo';

const TOKEN_KEY = 'marketplace.token';

export type Me = NonNullable<MeQuery['me']>;

interface Auth {
  token: string | null;
  me: Me | null;
  /** True until the signed-in user is known (a stored token is being checked). */
  loading: boolean;
  signIn(token: string): void;
  signOut(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export function hasRole(me: Me | null, ...roles: Role[]): boolean {
  return !!me && roles.includes(me.role);
}

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The token (kept in localStorage), the Apollo client made for it, and who is signed in. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const signIn = useCallback((next: string) => {
    localStorage.setItem(TOKEN_KEY, next);
    setToken(next);
  }, []);
  const signOut = useCallback(() => {
    localStorage.removeItem(TOKEN_KEY);
    setToken(null);
  }, []);
  const client = useMemo(() => createApolloClient(token, signOut), [token, signOut]);
  return (
    <ApolloProvider client={client}>
      <MeLoader token={token} signIn={signIn} signOut={signOut}>
        {children}
      </MeLoader>
    </ApolloProvider>
  );
}

function MeLoader({ token, signIn, signOut, children }: { token: string | null; signIn(t: string): void; signOut(): void; children: ReactNode }) {
  const { data, loading } = useQuery(MeDocument, { skip: !token, fetchPolicy: 'network-only' });
  const me = token ? (data?.me ?? null) : null;
  // A stored token the server no longer accepts answers me: null: forget it.
  if (token && data && !data.me) queueMicrotask(signOut);
  const value = useMemo<Auth>(() => ({ token, me, loading: !!token && loading && !data, signIn, signOut }), [token, me, loading, data, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
