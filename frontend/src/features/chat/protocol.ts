// The chat frames of the WebSocket (types generated from docs/socket-protocol.schema.json), checked on arrival.
import type { SocketMessage } from "../../lib/ws";
import type {
  ChatDelta,
  ChatDone,
  ChatError,
  ChatFinished,
  ChatRejected,
  ChatRetry,
  ChatSend,
  ChatStarted,
  ChatStop,
  ChatVerdict,
  ChatVerifying,
  UsageOut,
} from "../../generated/socket";
import { isChatFrame } from "../../generated/chatFrames";
import type { Usage, Verdict } from "./api";

export type SendAction = ChatSend & { action: "chat.send" };
export type StopAction = ChatStop & { action: "chat.stop" };
export type RetryAction = ChatRetry & { action: "chat.retry" };

/** The chat frames after `parseFrame`: defaults filled in, so usage and verdict are complete. */
export type ServerFrame =
  | ChatStarted
  | ChatDelta
  | (Omit<ChatDone, "usage" | "simulated"> & { usage: Usage })
  | ChatError
  | ChatVerifying
  | (Omit<ChatVerdict, "verdict"> & { verdict: Verdict })
  | ChatFinished
  | Pick<ChatRejected, "type" | "request_id" | "code" | "message">;

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

const usageOf = (usage: UsageOut): Usage => ({
  input_tokens: usage.input_tokens ?? 0,
  output_tokens: usage.output_tokens ?? 0,
});

const verdictOf = (verdict: ChatVerdict["verdict"]): Verdict => ({
  ...verdict,
  shared_points: verdict.shared_points ?? [],
  contradictions: verdict.contradictions ?? [],
  fused_answer: verdict.fused_answer ?? "",
  simulated: verdict.simulated ?? false,
  error: verdict.error ?? null,
});

/** The frame as a typed value with the schema's defaults filled in, or null when it is not a chat frame of the protocol. */
export function parseFrame(message: SocketMessage): ServerFrame | null {
  const frame: unknown = message;
  if (!isChatFrame(frame)) return null;
  switch (frame.type) {
    case "chat.done":
      return { ...frame, usage: usageOf(frame.usage) };
    case "chat.verdict":
      return { ...frame, verdict: verdictOf(frame.verdict) };
    case "chat.rejected":
      return {
        type: frame.type,
        request_id: frame.request_id,
        code: frame.code,
        message: frame.message,
      };
    default:
      return frame;
  }
}

/** A random v4 UUID, also where `crypto.randomUUID` is missing (plain-HTTP origins). */
export function newRequestId(): string {
  if (window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
