// How a turn's answers compare: speed, throughput, cost.
import type { Answer } from "./api";

/** Output tokens per second once the first token arrived, or null when it cannot be told. */
export function tokensPerSecond(answer: Answer): number | null {
  if (answer.ttft_ms === null || answer.duration_ms === null || answer.usage.output_tokens <= 0) return null;
  const seconds = (answer.duration_ms - answer.ttft_ms) / 1000;
  return seconds > 0 ? answer.usage.output_tokens / seconds : null;
}

/** USD with 4 decimals; a non-zero cost below that shows as "< $0.0001". */
export function formatCost(cost: number): string {
  if (cost > 0 && cost < 0.0001) return "< $0.0001";
  return `$${cost.toFixed(4)}`;
}

/** A price per million tokens: "$2.50", "$0.15", "$0.125", "$0". */
export function formatPrice(price: number): string {
  if (price === 0) return "$0";
  const cents = Math.round(price * 1000) % 10 === 0;
  return `$${price.toFixed(price < 1 && !cents ? 3 : 2)}`;
}

/** A context window: "128k", "1M". */
export function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_048_576).toFixed(1))}M`;
  return `${Math.round(tokens / 1000)}k`;
}

export interface Highlights {
  fastest: string | null;
  cheapest: string | null;
}

/** The finished answer with the lowest time to first token, and the cheapest, once two or more finished. */
export function highlights(answers: readonly Answer[]): Highlights {
  const done = answers.filter((answer) => answer.status === "done");
  if (done.length < 2) return { fastest: null, cheapest: null };
  let fastest: Answer | null = null;
  let cheapest: Answer | null = null;
  for (const answer of done) {
    if (answer.ttft_ms !== null && (fastest?.ttft_ms == null || answer.ttft_ms < fastest.ttft_ms)) fastest = answer;
    if (!cheapest || answer.cost < cheapest.cost) cheapest = answer;
  }
  return { fastest: fastest?.model ?? null, cheapest: cheapest?.model ?? null };
}
