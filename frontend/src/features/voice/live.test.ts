import { describe, expect, it } from "vitest";
import { liveCallsReducer, MAX_LIVE_CALLS, type LiveCall, type VoiceFrame } from "./live";

const started = (id: string): VoiceFrame => ({
  type: "voice.call_started",
  call_id: id,
  direction: "inbound",
  from_number: "+33612345678",
  to_number: "+33900000001",
  persona_id: "p1",
  status: "in-progress",
  started_at: "2026-12-03T10:00:00Z",
});

function run(frames: VoiceFrame[], from: LiveCall[] = []): LiveCall[] {
  return frames.reduce(liveCallsReducer, from);
}

describe("liveCallsReducer", () => {
  it("follows a call from its start to its end, turns in order", () => {
    const [call] = run([
      started("c1"),
      {
        type: "voice.turn",
        call_id: "c1",
        n: 0,
        role: "caller",
        text: "Bonjour",
      },
      {
        type: "voice.turn",
        call_id: "c1",
        n: 1,
        role: "assistant",
        text: "Bonjour, que puis-je pour vous ?",
      },
      {
        type: "voice.call_ended",
        call_id: "c1",
        status: "completed",
        end_reason: null,
      },
    ]);
    expect(call?.from).toBe("+33612345678");
    expect(call?.turns.map((turn) => turn.role)).toEqual(["caller", "assistant"]);
    expect(call?.ended).toBe(true);
    expect(call?.status).toBe("completed");
  });

  it("keeps what was heard whether the interruption comes before or after the answer's turn", () => {
    const interrupted: VoiceFrame = {
      type: "voice.interrupted",
      call_id: "c1",
      n: 1,
      heard: "Nos horaires",
    };
    const answer: VoiceFrame = {
      type: "voice.turn",
      call_id: "c1",
      n: 1,
      role: "assistant",
      text: "Nos horaires sont…",
    };
    for (const frames of [
      [interrupted, answer],
      [answer, interrupted],
    ]) {
      const [call] = run([started("c1"), ...frames]);
      expect(call?.turns).toEqual([
        {
          n: 1,
          role: "assistant",
          text: "Nos horaires sont…",
          heard: "Nos horaires",
        },
      ]);
    }
  });

  it("adds a call it did not see start, and says why WeBox ended it", () => {
    const [call] = run([
      {
        type: "voice.call_ended",
        call_id: "c9",
        status: "completed",
        end_reason: "quota.exceeded",
      },
    ]);
    expect(call).toMatchObject({
      id: "c9",
      from: "",
      ended: true,
      endReason: "quota.exceeded",
    });
  });

  it("keeps the newest calls, dropping ended ones first", () => {
    const frames: VoiceFrame[] = [started("live")];
    for (let i = 0; i < MAX_LIVE_CALLS; i += 1) {
      frames.push(started(`c${String(i)}`), {
        type: "voice.call_ended",
        call_id: `c${String(i)}`,
        status: "completed",
        end_reason: null,
      });
    }
    const calls = run(frames);
    expect(calls).toHaveLength(MAX_LIVE_CALLS);
    expect(calls.map((call) => call.id)).toContain("live");
    expect(calls[0]?.id).toBe(`c${String(MAX_LIVE_CALLS - 1)}`);
  });
});
