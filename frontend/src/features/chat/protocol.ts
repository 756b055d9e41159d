// The chat frames of the WebSocket (functions/chat/ws.py and webox.chat.branch and webox.chat.merge), checked on arrival.
import type { SocketMessage } from "../../lib/ws";
import type { ChatParams, Usage, Verdict } from "./api";

export interface SendAction {
  action: "chat.send";
  request_id: string;
  conversation_id?: string;
  models: string[];
  content: string;
  params: ChatParams;
  verify: boolean;
  /** The judge model; absent: the server picks one the plan allows; null: no cross-verification. */
  judge?: string | null;
  pick?: { turn: number; model: string };
  /** Applies an assistant's system prompt and parameters (those in `params` win). */
  assistant_id?: string;
}

export interface StopAction {
  action: "chat.stop";
  request_id: string;
  model?: string;
}

export interface RetryAction {
  action: "chat.retry";
  conversation_id: string;
  turn: number;
  model: string;
}

interface TurnFrame {
  request_id: string;
  conversation_id: string;
  turn: number;
}

export type ServerFrame =
  | (TurnFrame & { type: "chat.started"; models: string[] })
  | (TurnFrame & { type: "chat.delta"; model: string; seq: number; text: string })
  | (TurnFrame & {
      type: "chat.done";
      model: string;
      status: "done" | "stopped";
      usage: Usage;
      cost: number;
      ttft_ms: number | null;
      duration_ms: number | null;
    })
  | (TurnFrame & { type: "chat.error"; model: string; code: string; message: string })
  | (TurnFrame & { type: "chat.verifying" })
  | (TurnFrame & { type: "chat.verdict"; verdict: Verdict })
  | (TurnFrame & { type: "chat.finished" })
  | { type: "chat.rejected"; request_id: string | null; code: string; message: string };

export const CHAT_FRAME_TYPES = [
  "chat.started",
  "chat.delta",
  "chat.done",
  "chat.error",
  "chat.verifying",
  "chat.verdict",
  "chat.finished",
  "chat.rejected",
] as const;

const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const numberOrNull = (value: unknown): number | null => (isNumber(value) ? value : null);

function usageOf(value: unknown): Usage {
  const usage = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return { input_tokens: numberOrNull(usage.input_tokens) ?? 0, output_tokens: numberOrNull(usage.output_tokens) ?? 0 };
}

function verdictOf(value: unknown): Verdict | null {
  if (typeof value !== "object" || value === null) return null;
  const raw = value as Partial<Record<keyof Verdict, unknown>>;
  return {
    judge_model: isString(raw.judge_model) ? raw.judge_model : "",
    agreement: Math.max(0, Math.min(100, numberOrNull(raw.agreement) ?? 0)),
    shared_points: Array.isArray(raw.shared_points) ? raw.shared_points.filter(isString) : [],
    contradictions: Array.isArray(raw.contradictions) ? (raw.contradictions as Verdict["contradictions"]) : [],
    fused_answer: isString(raw.fused_answer) ? raw.fused_answer : "",
    simulated: raw.simulated === true,
    error: (raw.error as Verdict["error"] | undefined) ?? null,
  };
}

/** The frame as a typed value, or null when it is not a well-formed chat frame. */
export function parseFrame(message: SocketMessage): ServerFrame | null {
  const m = message;
  if (m.type === "chat.rejected") {
    return {
      type: "chat.rejected",
      request_id: isString(m.request_id) ? m.request_id : null,
      code: isString(m.code) ? m.code : "rejected",
      message: isString(m.message) ? m.message : "",
    };
  }
  if (!isString(m.request_id) || !isString(m.conversation_id) || !isNumber(m.turn)) return null;
  const base: TurnFrame = { request_id: m.request_id, conversation_id: m.conversation_id, turn: m.turn };
  switch (m.type) {
    case "chat.started":
      return Array.isArray(m.models) ? { ...base, type: m.type, models: m.models.filter(isString) } : null;
    case "chat.delta":
      return isString(m.model) && isNumber(m.seq) && isString(m.text)
        ? { ...base, type: m.type, model: m.model, seq: m.seq, text: m.text }
        : null;
    case "chat.done":
      return isString(m.model)
        ? {
            ...base,
            type: m.type,
            model: m.model,
            status: m.status === "stopped" ? "stopped" : "done",
            usage: usageOf(m.usage),
            cost: numberOrNull(m.cost) ?? 0,
            ttft_ms: numberOrNull(m.ttft_ms),
            duration_ms: numberOrNull(m.duration_ms),
          }
        : null;
    case "chat.error":
      return isString(m.model)
        ? {
            ...base,
            type: m.type,
            model: m.model,
            code: isString(m.code) ? m.code : "error",
            message: isString(m.message) ? m.message : "",
          }
        : null;
    case "chat.verifying":
    case "chat.finished":
      return { ...base, type: m.type };
    case "chat.verdict": {
      const verdict = verdictOf(m.verdict);
      return verdict ? { ...base, type: m.type, verdict } : null;
    }
    default:
      return null;
  }
}

/** A random v4 UUID, also where `crypto.randomUUID` is missing (plain-HTTP origins). */
export function newRequestId(): string {
  if (window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
