import { createContext, useContext } from "react";
import type { Schema } from "./api";

/** The signed-in user (GET /api/auth/me). */
export type User = Schema<"UserOut">;

export const ME_QUERY_KEY = ["auth", "me"] as const;

export type AuthStatus = "loading" | "signed-in" | "signed-out" | "error";

export interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  /** Set from a sign-out until /login shows, so the guard sends there without `?next=`. */
  leaving: boolean;
  /** Why /api/auth/me could not be read (server unreachable), when status is "error". */
  error: unknown;
  retry: () => void;
  /** Records the user returned by a successful login. */
  signedIn: (user: User) => void;
  /** Re-reads /api/auth/me (after verifying the email, enabling 2FA, …). */
  refresh: () => Promise<void>;
  /** Logs out on the server (unless `alreadyOut`) and forgets every cached query. */
  signOut: (options?: { alreadyOut?: boolean }) => Promise<void>;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth() needs an <AuthProvider>");
  return value;
}
