import { describe, expect, it, vi } from "vitest";
import {
  Dictation,
  problemOf,
  type DictationDevices,
  type DictationState,
} from "./dictation";

/** A MediaRecorder stand-in: `stop()` delivers what was "recorded", as the browser's does. */
class FakeRecorder extends EventTarget {
  state: RecordingState = "inactive";
  readonly mimeType = "audio/webm;codecs=opus";
  private readonly recording: Blob;

  constructor(recording: Blob) {
    super();
    this.recording = recording;
  }

  start(): void {
    this.state = "recording";
  }

  stop(): void {
    this.state = "inactive";
    this.dispatchEvent(
      Object.assign(new Event("dataavailable"), { data: this.recording }),
    );
    this.dispatchEvent(new Event("stop"));
  }
}

function fakeStream() {
  const track = { stop: vi.fn() };
  return {
    stream: { getTracks: () => [track] } as unknown as MediaStream,
    track,
  };
}

function setUp(
  devices: Partial<DictationDevices>,
  recording = new Blob(["son"], { type: "audio/webm" }),
) {
  const states: DictationState[] = [];
  const texts: string[] = [];
  const { stream, track } = fakeStream();
  const transcribe = vi.fn((audio: Blob) =>
    Promise.resolve(`  texte de ${audio.type}  `),
  );
  const dictation = new Dictation(
    {
      getUserMedia: () => Promise.resolve(stream),
      createRecorder: () => new FakeRecorder(recording),
      transcribe,
      ...devices,
    },
    (state) => states.push(state),
  );
  const start = () => dictation.start((text) => texts.push(text));
  return { dictation, start, states, texts, transcribe, track };
}

async function settled(
  states: DictationState[],
  status: DictationState["status"],
): Promise<void> {
  await vi.waitFor(() => {
    expect(states.at(-1)?.status).toBe(status);
  });
}

describe("Dictation", () => {
  it("records, transcribes, hands the text over and frees the microphone", async () => {
    const { dictation, start, states, texts, transcribe, track } = setUp({});
    await start();
    expect(dictation.current).toEqual({ status: "recording", problem: null });

    dictation.stop();
    await settled(states, "idle");

    expect(states.map((state) => state.status)).toEqual([
      "recording",
      "transcribing",
      "idle",
    ]);
    expect(transcribe).toHaveBeenCalledOnce();
    expect(transcribe.mock.calls[0]?.[0].type).toBe("audio/webm"); // codec parameters dropped
    expect(texts).toEqual(["texte de audio/webm"]);
    expect(track.stop).toHaveBeenCalled();
    expect(dictation.current.problem).toBeNull();
  });

  it("transcribes a recording stopped before the microphone was open", async () => {
    const { stream } = fakeStream();
    let open: (stream: MediaStream) => void = () => undefined;
    const { dictation, start, states, texts } = setUp({
      getUserMedia: () => new Promise((resolve) => (open = resolve)),
    });
    const starting = start();
    dictation.stop(); // the user clicked again at once
    open(stream);
    await starting;
    await settled(states, "idle");
    expect(texts).toEqual(["texte de audio/webm"]);
  });

  it("says so when the browser has no microphone or no recorder", async () => {
    const { dictation, start, texts } = setUp({
      getUserMedia: undefined,
      createRecorder: undefined,
    });
    expect(dictation.supported).toBe(false);
    await start();
    expect(dictation.current).toEqual({
      status: "idle",
      problem: "no_microphone",
    });
    expect(texts).toEqual([]);
  });

  it("says so when the permission is refused", async () => {
    const refused = new DOMException("Permission denied", "NotAllowedError");
    const { dictation, start } = setUp({
      getUserMedia: () => Promise.reject(refused),
    });
    await start();
    expect(dictation.current).toEqual({ status: "idle", problem: "denied" });
  });

  it("reports a failed transcription and an empty one, inserting nothing", async () => {
    const failing = setUp({
      transcribe: () => Promise.reject(new Error("500")),
    });
    await failing.start();
    failing.dictation.stop();
    await settled(failing.states, "idle");
    expect(failing.dictation.current.problem).toBe("failed");
    expect(failing.texts).toEqual([]);

    const silent = setUp({ transcribe: () => Promise.resolve("   ") });
    await silent.start();
    silent.dictation.stop();
    await settled(silent.states, "idle");
    expect(silent.dictation.current.problem).toBe("empty");
    expect(silent.texts).toEqual([]);
  });

  it("drops a cancelled recording without transcribing it", async () => {
    const { dictation, start, transcribe, track } = setUp({});
    await start();
    dictation.cancel();
    expect(dictation.current).toEqual({ status: "idle", problem: null });
    expect(track.stop).toHaveBeenCalled();
    expect(transcribe).not.toHaveBeenCalled();
  });
});

describe("problemOf", () => {
  it("tells a refusal from a missing microphone", () => {
    expect(problemOf(new DOMException("", "NotAllowedError"))).toBe("denied");
    expect(problemOf(new DOMException("", "NotFoundError"))).toBe(
      "no_microphone",
    );
    expect(problemOf(new Error("boom"))).toBe("failed");
  });
});
