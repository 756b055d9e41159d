// The auth API contract (webox.auth): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { api, withQuery, type RequestOptions, type Schema } from "../../lib/api";

import type { User } from "../../lib/auth";

export type { User };

export type Role = User["role"];

export type SignedIn = Schema<"SignedIn">;

export type LoginResult = SignedIn | Schema<"MfaRequired">;

export type TotpSetup = Schema<"TotpSetupOut">;

export type RecoveryCodes = Schema<"RecoveryCodesOut">;

export type Session = Schema<"SessionOut">;

export const TOKEN_SCOPES = ["chat", "media", "tasks", "read"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export type ApiToken = Schema<"ApiTokenOut">;

export type CreatedToken = Schema<"ApiTokenCreated">;

export type AdminUser = Schema<"AdminUserOut">;

export type AdminUserPage = Schema<"AdminUserList">;

export const authApi = {
  me: () => api.get<User>("/api/auth/me"),
  register: (body: Schema<"RegisterIn">) => api.post<SignedIn>("/api/auth/register", body),
  login: (body: Schema<"LoginIn">) => api.post<LoginResult>("/api/auth/login", body),
  loginTwoFactor: (body: Schema<"MfaLoginIn">) => api.post<LoginResult>("/api/auth/login/2fa", body),
  logout: () => api.post("/api/auth/logout"),
  forgotPassword: (body: Schema<"ForgotPasswordIn">) => api.post("/api/auth/password/forgot", body),
  resetPassword: (body: Schema<"ResetPasswordIn">) => api.post("/api/auth/password/reset", body),
  changePassword: (body: Schema<"ChangePasswordIn">) => api.post("/api/auth/password/change", body),
  verifyEmail: (body: Schema<"VerifyEmailIn">) => api.post("/api/auth/email/verify", body),

  setupTotp: (body: Schema<"ReauthIn">) => api.post<TotpSetup>("/api/auth/2fa/setup", body),
  enableTotp: (body: Schema<"CodeIn">) => api.post<RecoveryCodes>("/api/auth/2fa/enable", body),
  disableTotp: (body: Schema<"DisableMfaIn">) => api.post("/api/auth/2fa/disable", body),
  regenerateRecoveryCodes: (body: Schema<"CodeIn">) => api.post<RecoveryCodes>("/api/auth/2fa/recovery-codes", body),

  listSessions: () => api.get<Schema<"SessionList">>("/api/auth/sessions"),
  revokeSession: (id: string) => api.delete(`/api/auth/sessions/${encodeURIComponent(id)}`),
  revokeAllSessions: () => api.post("/api/auth/sessions/revoke-all"),

  listTokens: () => api.get<Schema<"ApiTokenList">>("/api/auth/tokens"),
  createToken: (body: Schema<"ApiTokenIn">) => api.post<CreatedToken>("/api/auth/tokens", body),
  revokeToken: (id: string) => api.delete(`/api/auth/tokens/${encodeURIComponent(id)}`),

  listUsers: (params: { q: string; cursor: string | null }, options?: RequestOptions) =>
    api.get<AdminUserPage>(withQuery("/api/auth/admin/users", params), options),
  updateUser: (id: string, body: Schema<"AdminUserPatch">) => api.patch<AdminUser>(`/api/auth/admin/users/${encodeURIComponent(id)}`, body),
};

/** Where to go after signing in: a same-site path from `?next=`, else the chat. */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/chat";
}
