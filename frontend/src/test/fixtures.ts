// Small builders for component tests: a model of the catalogue, an answer.
import type { Answer } from "../features/chat/api";
import type { User } from "../lib/auth";
import type { ChatModel } from "../lib/models";

export function chatModel(
  overrides: Partial<ChatModel> & Pick<ChatModel, "id">,
): ChatModel {
  return {
    vendor: "openai",
    vendor_model: overrides.id,
    display_name: overrides.id,
    adapter: "openai",
    context_window: 128_000,
    price_in: 2.5,
    price_out: 10,
    capabilities: ["chat"],
    available: true,
    simulated: false,
    in_plan: true,
    ...overrides,
  };
}

export function answer(
  overrides: Partial<Answer> & Pick<Answer, "model">,
): Answer {
  return {
    status: "done",
    text: "",
    usage: { input_tokens: 0, output_tokens: 0 },
    cost: 0,
    ttft_ms: null,
    duration_ms: null,
    error: null,
    simulated: false,
    ...overrides,
  };
}

/** A signed-in user of the English interface. */
export const ada: User = {
  id: "u1",
  email: "ada@example.com",
  name: "Ada",
  role: "user",
  mfa_enabled: false,
  email_verified: true,
  language: "en",
  created_at: "2026-01-01T00:00:00Z",
};
