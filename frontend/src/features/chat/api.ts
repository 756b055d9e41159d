// The chat API (webox.chat, webox.providers, webox.verification), typed from the generated OpenAPI types.
import { api, endpoint, type RequestOptions, type Schema } from "../../lib/api";
import { MODELS_QUERY_KEY } from "../../lib/models";

export const MAX_CONTENT = 32_000;

export type { ChatModel } from "../../lib/models";
export type { ChatParams } from "../../lib/chatParams";
export type Conversation = Schema<"ConversationOut">;
export type ConversationPage = Schema<"ConversationPage">;
export type ErrorInfo = Schema<"ErrorOut">;
export type Contradiction = Schema<"Contradiction">;

// The stored turns as the page reads them. The server always fills these members (pydantic
// defaults), but the document marks defaulted lists and objects optional, so the page keeps them
// required here and every answer also has the stream's own statuses.
export type AnswerStatus =
  "pending" | "streaming" | "done" | "error" | "stopped";

export type Usage = Required<Schema<"UsageOut">>;

export interface Answer extends Omit<
  Required<Schema<"AnswerOut">>,
  "status" | "usage"
> {
  status: AnswerStatus;
  usage: Usage;
}

export type Verdict = Required<Schema<"Verdict">>;

export interface Turn extends Omit<
  Schema<"TurnOut">,
  "answers" | "verdict" | "chosen_model" | "verify"
> {
  chosen_model: string | null;
  verify: boolean;
  answers: Answer[];
  verdict: Verdict | null;
}

export type ConversationRun = Schema<"ConversationRun">;

export interface ConversationDetail extends Conversation {
  turns: Turn[];
  workflow_runs?: ConversationRun[];
}

export const CONVERSATIONS_PAGE = 30;

export const chatKeys = {
  all: ["chat"] as const,
  models: MODELS_QUERY_KEY,
  lists: ["chat", "conversations"] as const,
  list: (q: string) => ["chat", "conversations", q] as const,
  conversation: (id: string) => ["chat", "conversation", id] as const,
};

export const chatApi = {
  listConversations: (
    params: { q: string; cursor: string | null },
    options?: RequestOptions,
  ) =>
    endpoint("get", "/api/conversations", {
      query: { ...params, limit: CONVERSATIONS_PAGE },
      ...options,
    }),
  getConversation: (id: string, options?: RequestOptions) =>
    api.get<ConversationDetail>(
      `/api/conversations/${encodeURIComponent(id)}`,
      options,
    ),
  getTurn: (id: string, turn: number, options?: RequestOptions) =>
    api.get<Turn>(
      `/api/conversations/${encodeURIComponent(id)}/turns/${turn}`,
      options,
    ),
  renameConversation: (id: string, title: string) =>
    endpoint("patch", "/api/conversations/{conversation_id}", {
      path: { conversation_id: id },
      body: { title },
    }),
  createConversation: (title: string) =>
    endpoint("post", "/api/conversations", { body: { title } }),
  keepWorkflowRun: (id: string, runId: string, title: string) =>
    endpoint("put", "/api/conversations/{conversation_id}/workflow-runs/{run_id}", {
      path: { conversation_id: id, run_id: runId },
      body: { title },
    }),
  deleteConversation: (id: string) =>
    endpoint("delete", "/api/conversations/{conversation_id}", {
      path: { conversation_id: id },
    }),
};

export const FINAL_STATUSES: ReadonlySet<AnswerStatus> = new Set([
  "done",
  "error",
  "stopped",
]);

export function isFinal(status: AnswerStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/** The title the server gives a conversation started by `content` (its first line, shortened). */
export function titleFrom(content: string): string {
  const line = content.split(/\s+/).filter(Boolean).join(" ");
  return line.length <= 80 ? line : `${line.slice(0, 77).trimEnd()}…`;
}
