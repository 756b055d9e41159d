// The chat API contract (webox.chat, webox.providers, webox.verification), typed by hand from its schemas.
import { api, withQuery, type RequestOptions } from "../../lib/api";

export const MAX_MODELS = 12;
export const MAX_CONTENT = 32_000;
export const MAX_SYSTEM = 20_000;
export const MAX_OUTPUT_TOKENS = 16_000;

/** A model as the picker shows it; prices in USD per million tokens. */
export interface ChatModel {
  id: string;
  vendor: string;
  display_name: string;
  context_window: number;
  price_in: number;
  price_out: number;
  capabilities: string[];
  available: boolean;
  simulated: boolean;
}

export interface Conversation {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  turn_count: number;
  last_models: string[];
}

export interface ChatParams {
  temperature?: number;
  max_tokens?: number;
  system?: string;
}

export type AnswerStatus = "pending" | "streaming" | "done" | "error" | "stopped";

export interface Usage {
  input_tokens: number;
  output_tokens: number;
}

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface Answer {
  model: string;
  status: AnswerStatus;
  text: string;
  usage: Usage;
  cost: number;
  ttft_ms: number | null;
  duration_ms: number | null;
  error: ErrorInfo | null;
  simulated: boolean;
}

export interface Contradiction {
  topic: string;
  /** What each model claims on the topic, by model id. */
  claims: Record<string, string>;
}

export interface Verdict {
  judge_model: string;
  /** 0–100. */
  agreement: number;
  shared_points: string[];
  contradictions: Contradiction[];
  fused_answer: string;
  simulated: boolean;
  error: ErrorInfo | null;
}

export interface Turn {
  turn: number;
  request_id: string | null;
  content: string;
  models: string[];
  params: ChatParams;
  chosen_model: string | null;
  verify: boolean;
  assistant_id?: string | null;
  created_at: string;
  answers: Answer[];
  verdict: Verdict | null;
}

export interface ConversationDetail extends Conversation {
  turns: Turn[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export const CONVERSATIONS_PAGE = 30;

export const chatKeys = {
  all: ["chat"] as const,
  models: ["chat", "models"] as const,
  lists: ["chat", "conversations"] as const,
  list: (q: string) => ["chat", "conversations", q] as const,
  conversation: (id: string) => ["chat", "conversation", id] as const,
};

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const chatApi = {
  models: (options?: RequestOptions) => api.get<ChatModel[]>("/api/models", options),
  listConversations: (params: { q: string; cursor: string | null }, options?: RequestOptions) =>
    api.get<Page<Conversation>>(withQuery("/api/conversations", { ...params, limit: CONVERSATIONS_PAGE }), options),
  getConversation: (id: string, options?: RequestOptions) =>
    api.get<ConversationDetail>(conversationPath(id), options),
  getTurn: (id: string, turn: number, options?: RequestOptions) =>
    api.get<Turn>(`${conversationPath(id)}/turns/${turn}`, options),
  renameConversation: (id: string, title: string) => api.patch<Conversation>(conversationPath(id), { title }),
  deleteConversation: (id: string) => api.delete(conversationPath(id)),
};

export const FINAL_STATUSES: ReadonlySet<AnswerStatus> = new Set(["done", "error", "stopped"]);

export function isFinal(status: AnswerStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/** The title the server gives a conversation started by `content` (its first line, shortened). */
export function titleFrom(content: string): string {
  const line = content.split(/\s+/).filter(Boolean).join(" ");
  return line.length <= 80 ? line : `${line.slice(0, 77).trimEnd()}…`;
}
