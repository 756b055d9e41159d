// How a turn's answers compare: speed, throughput, cost.
import type { Answer } from "./api";

/** Output tokens per second once the first token arrived, or null when it cannot be told. */
export function tokensPerSecond(answer: Answer): number | null {
  if (
    answer.ttft_ms === null ||
    answer.duration_ms === null ||
    answer.usage.output_tokens <= 0
  )
    return null;
  const seconds = (answer.duration_ms - answer.ttft_ms) / 1000;
  return seconds > 0 ? answer.usage.output_tokens / seconds : null;
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
    if (
      answer.ttft_ms !== null &&
      (fastest?.ttft_ms == null || answer.ttft_ms < fastest.ttft_ms)
    )
      fastest = answer;
    if (!cheapest || answer.cost < cheapest.cost) cheapest = answer;
  }
  return { fastest: fastest?.model ?? null, cheapest: cheapest?.model ?? null };
}
