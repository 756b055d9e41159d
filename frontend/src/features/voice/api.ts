// The voice API contract (webox.voice): types from the generated OpenAPI schemas.
import { api, withQuery, type Schema } from "../../lib/api";

export type Persona = Schema<"VoicePersonaOut">;
export type PersonaInput = Schema<"VoicePersonaIn">;
export type VoiceNumber = Schema<"VoiceNumberOut">;
export type AvailableNumber = Schema<"VoiceAvailableNumber">;
export type CallSummary = Schema<"VoiceCallOut">;
export type CallDetail = Schema<"VoiceCallDetail">;
export type Turn = Schema<"VoiceTurnOut">;
export type Softphone = Schema<"VoiceSoftphoneOut">;
export type TwilioAccount = Schema<"VoiceAccountOut">;
export type TwilioAccountInput = Schema<"VoiceAccountIn">;
export type AdminNumber = Schema<"VoiceAdminNumber">;

export const voiceKeys = {
  personas: ["voice", "personas"] as const,
  numbers: ["voice", "numbers"] as const,
  available: ["voice", "available"] as const,
  calls: (q: string) => ["voice", "calls", q] as const,
  call: (id: string) => ["voice", "call", id] as const,
  account: ["voice", "account"] as const,
  adminNumbers: ["voice", "admin", "numbers"] as const,
};

export const voiceApi = {
  personas: () => api.get<Schema<"VoicePersonaList">>("/api/voice/personas"),
  createPersona: (body: PersonaInput) => api.post<Persona>("/api/voice/personas", body),
  deletePersona: (id: string) => api.delete(`/api/voice/personas/${id}`),
  numbers: () => api.get<Schema<"VoiceNumberList">>("/api/voice/numbers"),
  available: () => api.get<Schema<"VoiceAvailableNumbers">>("/api/voice/numbers/available"),
  claim: (phone_number: string, persona_id: string) =>
    api.post<VoiceNumber>("/api/voice/numbers", { phone_number, persona_id }),
  calls: (q: string) => api.get<Schema<"VoiceCallList">>(withQuery("/api/voice/calls", { q: q || null })),
  call: (id: string) => api.get<CallDetail>(`/api/voice/calls/${id}`),
  softphone: (phone_number: string) => api.post<Softphone>("/api/voice/softphone", { phone_number }),
  account: () => api.get<TwilioAccount>("/api/voice/account"),
  connectAccount: (body: TwilioAccountInput) => api.put<TwilioAccount>("/api/voice/account", body),
  disconnectAccount: () => api.delete("/api/voice/account"),
  adminNumbers: () => api.get<Schema<"VoiceAdminNumbers">>("/api/voice/admin/numbers"),
  assign: (phone_number: string, email: string) =>
    api.put<AdminNumber>(`/api/voice/admin/numbers/${encodeURIComponent(phone_number)}/assignment`, { email }),
  unassign: (phone_number: string) => api.delete(`/api/voice/admin/numbers/${encodeURIComponent(phone_number)}/assignment`),
};
