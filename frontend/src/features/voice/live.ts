// The live view of calls in progress: the `voice.*` frames of the user's socket folded into a list of
// calls, newest first. Pure, so it is tested without a socket. A frame about a call that started
// before the page opened adds it as it comes (its numbers are then unknown).
import type { VoiceCallEnded, VoiceCallStarted, VoiceInterrupted, VoiceTurn } from "../../generated/socket";

export type VoiceFrame = VoiceCallStarted | VoiceTurn | VoiceInterrupted | VoiceCallEnded;

export const VOICE_FRAME_TYPES: readonly VoiceFrame["type"][] = [
  "voice.call_started",
  "voice.turn",
  "voice.interrupted",
  "voice.call_ended",
];

/** Calls kept on the live view (the oldest ended ones leave first). */
export const MAX_LIVE_CALLS = 10;

export interface LiveTurn {
  n: number;
  role: VoiceTurn["role"];
  text: string;
  /** What the caller heard of an answer they interrupted. */
  heard: string | null;
}

export interface LiveCall {
  id: string;
  direction: VoiceCallStarted["direction"] | null;
  from: string;
  to: string;
  status: string;
  turns: LiveTurn[];
  ended: boolean;
  endReason: string | null;
}

function blank(id: string): LiveCall {
  return {
    id,
    direction: null,
    from: "",
    to: "",
    status: "in-progress",
    turns: [],
    ended: false,
    endReason: null,
  };
}

function upsertTurn(turns: LiveTurn[], n: number, change: (turn: LiveTurn) => LiveTurn): LiveTurn[] {
  const found = turns.find((turn) => turn.n === n);
  const updated = change(found ?? { n, role: "assistant", text: "", heard: null });
  return [...turns.filter((turn) => turn.n !== n), updated].sort((a, b) => a.n - b.n);
}

function apply(call: LiveCall, frame: VoiceFrame): LiveCall {
  switch (frame.type) {
    case "voice.call_started":
      return {
        ...call,
        direction: frame.direction,
        from: frame.from_number,
        to: frame.to_number,
        status: frame.status,
      };
    case "voice.turn":
      return {
        ...call,
        turns: upsertTurn(call.turns, frame.n, (turn) => ({
          ...turn,
          role: frame.role,
          text: frame.text,
        })),
      };
    case "voice.interrupted":
      return {
        ...call,
        turns: upsertTurn(call.turns, frame.n, (turn) => ({
          ...turn,
          heard: frame.heard,
        })),
      };
    case "voice.call_ended":
      return {
        ...call,
        ended: true,
        status: frame.status,
        endReason: frame.end_reason,
      };
  }
}

/** The live calls after one more frame. */
export function liveCallsReducer(calls: LiveCall[], frame: VoiceFrame): LiveCall[] {
  const current = calls.find((call) => call.id === frame.call_id);
  const next = apply(current ?? blank(frame.call_id), frame);
  const others = calls.filter((call) => call.id !== frame.call_id);
  const list = current ? calls.map((call) => (call.id === next.id ? next : call)) : [next, ...others];
  while (list.length > MAX_LIVE_CALLS) {
    const oldestEnded = list.map((call) => call.ended).lastIndexOf(true);
    list.splice(oldestEnded === -1 ? list.length - 1 : oldestEnded, 1);
  }
  return list;
}
