import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { endpoint, type Schema } from "./api";

/** A model as the picker shows it; prices in USD per million tokens. */
export type ChatModel = Schema<"AvailableModel">;

/** The most models one chat turn may ask at once (the server's limit). */
export const MAX_MODELS = 12;
export const MODELS_QUERY_KEY = ["chat", "models"] as const;

// Vendor names as the companies write them (the registry's ids are lower case).
const VENDORS: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  mistral: "Mistral AI",
  google: "Google",
  deepseek: "DeepSeek",
  xai: "xAI",
  groq: "Groq",
  perplexity: "Perplexity",
  openrouter: "OpenRouter",
  together: "Together AI",
  ollama: "Ollama",
};

export function vendorName(vendor: string): string {
  return VENDORS[vendor] ?? vendor;
}

const NO_MODELS: ChatModel[] = [];

/** The model registry as the caller may use it; `models` and `byId` keep their identity between reads. */
export function useModels() {
  const query = useQuery({
    queryKey: MODELS_QUERY_KEY,
    queryFn: ({ signal }) => endpoint("get", "/api/models", { signal }),
    staleTime: 5 * 60_000,
  });
  const models = query.data ?? NO_MODELS;
  const byId = useMemo<ReadonlyMap<string, ChatModel>>(() => new Map(models.map((model) => [model.id, model])), [models]);
  return { models, byId, query };
}

/** A model's name for people: its display name, or its id when the registry no longer lists it. */
export function modelName(byId: ReadonlyMap<string, ChatModel>, id: string): string {
  return byId.get(id)?.display_name ?? id;
}

/** `ids` that can be sent, in registry order, at most twelve. */
export function usable(ids: readonly string[], models: readonly ChatModel[]): string[] {
  const wanted = new Set(ids);
  return models
    .filter((model) => model.available && wanted.has(model.id))
    .slice(0, MAX_MODELS)
    .map((model) => model.id);
}

/** `ids` with `model` added and every other model kept (the last one gives way when twelve are already chosen). */
export function withModel(ids: readonly string[], model: string): string[] {
  if (ids.includes(model)) return [...ids];
  return [...ids.slice(0, MAX_MODELS - 1), model];
}
