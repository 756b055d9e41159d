import type { Schema } from "./api";

export type ChatParams = Schema<"ChatParams">;

export const MAX_SYSTEM = 20_000;
export const MAX_OUTPUT_TOKENS = 16_000;

/** The advanced settings as edited (max tokens stays text until it is sent). */
export interface ParamsDraft {
  temperature: number | null;
  maxTokens: string;
  system: string;
}

export const DEFAULT_PARAMS: ParamsDraft = { temperature: null, maxTokens: "", system: "" };

/** The draft a chat starts from: the account's default parameters (settings page), when set. */
export function draftFrom(defaults: ChatParams): ParamsDraft {
  return {
    temperature: defaults.temperature ?? null,
    maxTokens: defaults.max_tokens == null ? "" : String(defaults.max_tokens),
    system: defaults.system ?? "",
  };
}

/** What a turn sends: only the settings the user changed. */
export function toChatParams(draft: ParamsDraft): ChatParams {
  const params: ChatParams = {};
  if (draft.temperature !== null) params.temperature = draft.temperature;
  const maxTokens = Number.parseInt(draft.maxTokens, 10);
  if (Number.isFinite(maxTokens) && maxTokens >= 1) params.max_tokens = Math.min(maxTokens, MAX_OUTPUT_TOKENS);
  if (draft.system.trim()) params.system = draft.system.trim();
  return params;
}
