// The auth API contract (webox.auth), typed by hand from its schemas.
import { api, withQuery, type RequestOptions } from "../../lib/api";

export type Role = "admin" | "user";

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  mfa_enabled: boolean;
  email_verified: boolean;
  language: string;
  created_at: string;
}

export type LoginResult = { user: User; mfa_required?: false } | { mfa_required: true; mfa_token: string };

export interface TotpSetup {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

export interface RecoveryCodes {
  recovery_codes: string[];
}

export interface Session {
  id: string;
  created_at: string;
  last_used_at: string | null;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

export const TOKEN_SCOPES = ["chat", "media", "read"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export interface CreatedToken {
  token: string;
  item: ApiToken;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  mfa_enabled: boolean;
  created_at: string;
}

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
