import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useLocation } from "react-router";
import { ApiError, onSignedOut } from "../../lib/api";
import { socket } from "../../lib/ws";
import { isLanguage, setLanguage } from "../../i18n";
import { authApi, type User } from "./api";
import { AuthContext, ME_QUERY_KEY, type AuthContextValue, type AuthStatus } from "../../lib/auth";

async function fetchMe(): Promise<User | null> {
  try {
    return await authApi.me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/**
 * Drops what the signed-in user's queries hold. When the session ends under an open page (the
 * server refused to refresh it), queries that page still uses are reset and read again rather than
 * removed: a public page stays open, and a query removed while its request is in flight is
 * cancelled, so the page would wait on it forever. Signing out leaves the app's pages: all go.
 */
function forgetUser(queryClient: QueryClient, { pageStays }: { pageStays: boolean }): void {
  const [scope, name] = ME_QUERY_KEY;
  const notMe = ({ queryKey }: { queryKey: readonly unknown[] }) =>
    queryKey[0] !== scope || queryKey[1] !== name;
  queryClient.setQueryData<User | null>(ME_QUERY_KEY, null);
  queryClient.removeQueries({ type: pageStays ? "inactive" : "all", predicate: notMe });
  if (pageStays) void queryClient.resetQueries({ type: "active", predicate: notMe });
}

/** Holds who is signed in (from GET /api/auth/me) and keeps the WebSocket in step. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const user = me.data ?? null;
  const [leaving, setLeaving] = useState(false);
  const { pathname } = useLocation();
  if (leaving && pathname === "/login") setLeaving(false);

  useEffect(
    () =>
      onSignedOut(() => {
        // A visitor who never signed in (a public page's first read of /api/auth/me) has nothing
        // to forget; only a session that ended does.
        if (queryClient.getQueryData(ME_QUERY_KEY)) forgetUser(queryClient, { pageStays: true });
      }),
    [queryClient],
  );

  // The account's language follows the person to every device they sign in on.
  const accountLanguage = user?.language;
  useEffect(() => {
    if (isLanguage(accountLanguage)) setLanguage(accountLanguage);
  }, [accountLanguage]);

  const signedInNow = user !== null;
  useEffect(() => {
    if (signedInNow) socket.connect();
    else socket.disconnect();
  }, [signedInNow]);

  // A failed background refetch keeps the last known user: only a first read
  // that failed (server unreachable) is an error.
  const status: AuthStatus = me.data !== undefined ? (user ? "signed-in" : "signed-out") : me.isError ? "error" : "loading";
  const { error, refetch } = me;

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user,
      leaving,
      error,
      retry: () => void refetch(),
      signedIn: (signed: User) => {
        queryClient.setQueryData<User | null>(ME_QUERY_KEY, signed);
      },
      refresh: async () => {
        await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      },
      signOut: async ({ alreadyOut = false } = {}) => {
        if (!alreadyOut) {
          try {
            await authApi.logout();
          } catch {
            // The server may already consider us gone; forget the user locally anyway.
          }
        }
        setLeaving(true);
        forgetUser(queryClient, { pageStays: false });
      },
    }),
    [status, user, leaving, error, refetch, queryClient],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
