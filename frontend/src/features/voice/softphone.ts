// The softphone's state: what the fake Twilio's phone socket sends, folded into lines to show and say.

export interface PhoneLine {
  who: "caller" | "assistant" | "system";
  text: string;
  done: boolean;
  interrupted?: boolean;
}

export interface PhoneState {
  status: "idle" | "ringing" | "connected" | "ended";
  lines: PhoneLine[];
  transferredTo: string | null;
}

export type PhoneEvent =
  | { type: "dial" }
  | { type: "said"; text: string }
  | { type: "interrupted" }
  | { type: "frame"; frame: Record<string, unknown> }
  | { type: "closed" };

export const initialPhone: PhoneState = { status: "idle", lines: [], transferredTo: null };

/** A frame's field as text (numbers too); anything else is empty. */
export function textOf(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function speaking(lines: PhoneLine[]): number {
  const last = lines.length - 1;
  const line = lines[last];
  return line?.who === "assistant" && !line.done ? last : -1;
}

/** Pure reducer (unit-tested): a `text` token extends the answer being spoken until `last`. */
export function phoneReducer(state: PhoneState, event: PhoneEvent): PhoneState {
  switch (event.type) {
    case "dial":
      return { ...initialPhone, status: "ringing" };
    case "said":
      return { ...state, lines: [...state.lines, { who: "caller", text: event.text, done: true }] };
    case "interrupted": {
      const index = speaking(state.lines);
      if (index < 0) return state;
      const lines = state.lines.slice();
      const line = lines[index];
      if (!line) return state;
      lines[index] = { ...line, done: true, interrupted: true };
      return { ...state, lines };
    }
    case "closed":
      return { ...state, status: "ended" };
    case "frame": {
      const frame = event.frame;
      if (frame.type === "greeting" || frame.type === "say") {
        const line: PhoneLine = { who: "assistant", text: textOf(frame.text), done: true };
        return { ...state, status: "connected", lines: [...state.lines, line] };
      }
      if (frame.type === "text") {
        const lines = state.lines.slice();
        let index = speaking(lines);
        if (index < 0) {
          const last = lines.at(-1);
          if (last?.interrupted) return state; // tokens still in flight after an interruption
          lines.push({ who: "assistant", text: "", done: false });
          index = lines.length - 1;
        }
        const line = lines[index] ?? { who: "assistant", text: "", done: false };
        lines[index] = { ...line, text: line.text + textOf(frame.token), done: Boolean(frame.last) };
        return { ...state, status: "connected", lines };
      }
      if (frame.type === "transfer") return { ...state, transferredTo: textOf(frame.to) };
      if (frame.type === "ended") return { ...state, status: "ended" };
      return state;
    }
  }
}

/** What the caller heard of the answer being spoken (all of it: speech synthesis has no progress). */
export function currentAnswer(state: PhoneState): string | null {
  const index = speaking(state.lines);
  return index < 0 ? null : (state.lines[index]?.text ?? null);
}
