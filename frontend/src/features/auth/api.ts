// The auth API contract (webox.auth): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { api, withQuery, type RequestOptions , type Schema } from "../../lib/api";

export type Role = "admin" | "editor" | "user";

import type { User } from "../../lib/auth";

export type { User };

export type LoginResult = { user: User; mfa_required?: false } | { mfa_required: true; mfa_token: string };

export type TotpSetup = Schema<"TotpSetupOut">;

export type RecoveryCodes = Schema<"RecoveryCodesOut">;

export interface Session {
  id: string;
  created_at: string;
  last_used_at: string | null;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

export const TOKEN_SCOPES = ["chat", "media", "tasks", "read"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export type ApiToken = Schema<"ApiTokenOut">;

export type CreatedToken = Schema<"ApiTokenCreated">;

export type AdminUser = Schema<"AdminUserOut">;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export const authApi = {
  me: () => api.get<User>("/api/auth/me"),
  register: (body: { email: string; password: string; name: string }) =>
    api.post<{ user: User }>("/api/auth/register", body),
  login: (body: { email: string; password: string }) => api.post<LoginResult>("/api/auth/login", body),
  loginTwoFactor: (body: { mfa_token: string; code: string }) => api.post<{ user: User }>("/api/auth/login/2fa", body),
  logout: () => api.post("/api/auth/logout"),
  forgotPassword: (body: { email: string }) => api.post("/api/auth/password/forgot", body),
  resetPassword: (body: { token: string; password: string }) => api.post("/api/auth/password/reset", body),
  changePassword: (body: { current_password: string; new_password: string }) =>
    api.post("/api/auth/password/change", body),
  verifyEmail: (body: { token: string }) => api.post("/api/auth/email/verify", body),

  setupTotp: (body: { password?: string }) => api.post<TotpSetup>("/api/auth/2fa/setup", body),
  enableTotp: (body: { code: string }) => api.post<RecoveryCodes>("/api/auth/2fa/enable", body),
  disableTotp: (body: { password: string; code: string }) => api.post("/api/auth/2fa/disable", body),
  regenerateRecoveryCodes: (body: { code: string }) => api.post<RecoveryCodes>("/api/auth/2fa/recovery-codes", body),

  listSessions: () => api.get<{ items: Session[] }>("/api/auth/sessions"),
  revokeSession: (id: string) => api.delete(`/api/auth/sessions/${encodeURIComponent(id)}`),
  revokeAllSessions: () => api.post("/api/auth/sessions/revoke-all"),

  listTokens: () => api.get<{ items: ApiToken[] }>("/api/auth/tokens"),
  createToken: (body: {
    name: string;
    scopes: TokenScope[];
    expires_in_days: number | null;
    password?: string;
    code?: string;
  }) =>
    api.post<CreatedToken>("/api/auth/tokens", body),
  revokeToken: (id: string) => api.delete(`/api/auth/tokens/${encodeURIComponent(id)}`),

  listUsers: (params: { q: string; cursor: string | null }, options?: RequestOptions) =>
    api.get<Page<AdminUser>>(withQuery("/api/auth/admin/users", params), options),
  updateUser: (id: string, body: { role?: Role; disabled?: boolean }) =>
    api.patch<AdminUser>(`/api/auth/admin/users/${encodeURIComponent(id)}`, body),
};

/** Where to go after signing in: a same-site path from `?next=`, else the chat. */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/chat";
}
