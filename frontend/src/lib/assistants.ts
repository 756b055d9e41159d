// The assistants API contract (webox.assistants): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { api, withQuery, type RequestOptions, type Schema } from "./api";
import type { Language } from "../i18n";

export const MAX_NAME = 80;
export const MAX_DESCRIPTION = 500;
export const MAX_SYSTEM_PROMPT = 20_000;
export const MAX_ASSISTANT_MODELS = 12;
export const MAX_ASSISTANT_TOKENS = 16_000;

export type AssistantParams = Schema<"AssistantParams">;

export type Assistant = Schema<"AssistantOut">;

export type AssistantList = Schema<"AssistantList">;

/** What the editor sends: a new assistant, or every field of one it changes. */
export type AssistantInput = Required<Schema<"AssistantCreate">>;

export type IconName = AssistantInput["icon"];

export const assistantKeys = {
  all: ["assistants"] as const,
  list: (lang: Language) => ["assistants", "list", lang] as const,
  icons: ["assistants", "icons"] as const,
};

const assistantPath = (id: string) => `/api/assistants/${encodeURIComponent(id)}`;

export const assistantsApi = {
  list: (lang: Language, cursor: string | null, options?: RequestOptions) =>
    api.get<AssistantList>(withQuery("/api/assistants", { lang, cursor }), options),
  icons: (options?: RequestOptions) => api.get<IconName[]>("/api/assistants/icons", options),
  create: (input: AssistantInput) => api.post<Assistant>("/api/assistants", input),
  update: (id: string, input: AssistantInput) => api.patch<Assistant>(assistantPath(id), input),
  remove: (id: string) => api.delete(assistantPath(id)),
  duplicate: (id: string, name?: string) => api.post<Assistant>(`${assistantPath(id)}/duplicate`, name ? { name } : {}),
};
