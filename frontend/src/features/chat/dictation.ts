// Voice input: record with the browser's MediaRecorder, have the media studio's transcription hear
// it (`POST /api/media/dictations`, through the same upload as the studio's), give the text back.
// The browser's pieces are injected, so the logic runs in tests without a microphone.
import { endpoint } from "../../lib/api";
import { uploadMedia } from "../../lib/mediaUpload";

export type DictationStatus = "idle" | "recording" | "transcribing";
/** Why dictation stopped short, said to the user. */
export type DictationProblem = "no_microphone" | "denied" | "failed" | "empty";

export interface DictationState {
  status: DictationStatus;
  problem: DictationProblem | null;
}

type Recorder = Pick<
  MediaRecorder,
  "start" | "stop" | "state" | "mimeType" | "addEventListener"
>;

export interface DictationDevices {
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  createRecorder?: (stream: MediaStream) => Recorder;
  /** The words heard in a recording. */
  transcribe: (audio: Blob) => Promise<string>;
}

/** The browser's microphone and recorder (absent ones stay undefined) and the server's transcription. */
export function browserDevices(language: string): DictationDevices {
  const media =
    typeof navigator === "undefined" ? undefined : navigator.mediaDevices;
  const Recorder =
    typeof MediaRecorder === "undefined" ? undefined : MediaRecorder;
  return {
    getUserMedia: media?.getUserMedia
      ? (constraints) => media.getUserMedia(constraints)
      : undefined,
    createRecorder: Recorder ? (stream) => new Recorder(stream) : undefined,
    transcribe: async (audio) => {
      const upload = await uploadMedia(
        "audio",
        audio,
        `dictee.${extension(audio.type)}`,
      );
      const heard = await endpoint("post", "/api/media/dictations", {
        body: { upload_id: upload.upload_id, language },
      });
      return heard.text;
    },
  };
}

function extension(type: string): string {
  const subtype = type.split("/")[1] ?? "webm";
  return { mpeg: "mp3", "x-m4a": "m4a", mp4: "m4a" }[subtype] ?? subtype;
}

/** The problem a refused or failed `getUserMedia` means. */
export function problemOf(error: unknown): DictationProblem {
  const name =
    error instanceof Error || error instanceof DOMException ? error.name : "";
  if (
    name === "NotAllowedError" ||
    name === "SecurityError" ||
    name === "PermissionDeniedError"
  )
    return "denied";
  if (
    name === "NotFoundError" ||
    name === "OverconstrainedError" ||
    name === "NotReadableError"
  )
    return "no_microphone";
  return "failed";
}

/** One dictation at a time: `start` records, `stop` transcribes and hands the text to `start`'s `onText`. */
export class Dictation {
  private state: DictationState = { status: "idle", problem: null };
  private recorder: Recorder | null = null;
  private stream: MediaStream | null = null;
  private chunks: Blob[] = [];
  /** Asked while the microphone was still being opened: "stop" once it records, "cancel" at once. */
  private early: "stop" | "cancel" | null = null;
  private onText: (text: string) => void = () => undefined;
  private readonly devices: DictationDevices;
  private readonly onChange: (state: DictationState) => void;

  constructor(
    devices: DictationDevices,
    onChange: (state: DictationState) => void,
  ) {
    this.devices = devices;
    this.onChange = onChange;
  }

  get current(): DictationState {
    return this.state;
  }

  /** Whether this browser can record at all. */
  get supported(): boolean {
    return (
      this.devices.getUserMedia !== undefined &&
      this.devices.createRecorder !== undefined
    );
  }

  async start(onText: (text: string) => void): Promise<void> {
    if (this.state.status !== "idle") return;
    this.onText = onText;
    const { getUserMedia, createRecorder } = this.devices;
    if (!getUserMedia || !createRecorder) {
      this.set({ status: "idle", problem: "no_microphone" });
      return;
    }
    this.set({ status: "recording", problem: null });
    this.early = null;
    try {
      this.stream = await getUserMedia({ audio: true });
    } catch (error) {
      this.set({ status: "idle", problem: problemOf(error) });
      return;
    }
    if (this.earlyRequest() === "cancel") {
      this.releaseMicrophone();
      return;
    }
    const recorder = createRecorder(this.stream);
    this.recorder = recorder;
    this.chunks = [];
    recorder.addEventListener("dataavailable", (event: BlobEvent) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    recorder.addEventListener(
      "stop",
      () => void this.finish(recorder.mimeType),
    );
    recorder.start();
    if (this.earlyRequest() === "stop") recorder.stop();
  }

  /** Stops recording; the recording is then transcribed. */
  stop(): void {
    if (this.recorder?.state === "recording") this.recorder.stop();
    else if (this.state.status === "recording") this.early = "stop";
  }

  /** Drops the recording (the page goes away). */
  cancel(): void {
    this.chunks = [];
    if (this.state.status === "recording" && this.recorder === null)
      this.early = "cancel";
    if (this.recorder?.state === "recording") {
      this.recorder = null;
      this.releaseMicrophone();
    }
    this.set({ status: "idle", problem: null });
  }

  dismiss(): void {
    if (this.state.problem !== null) this.set({ ...this.state, problem: null });
  }

  private async finish(mimeType: string): Promise<void> {
    this.releaseMicrophone();
    if (this.recorder === null) return; // cancelled
    this.recorder = null;
    // The server takes the bare type (no codec parameters).
    const declared =
      (mimeType !== "" ? mimeType : (this.chunks[0]?.type ?? "")).split(
        ";",
      )[0] ?? "";
    const audio = new Blob(this.chunks, {
      type: declared !== "" ? declared : "audio/webm",
    });
    this.chunks = [];
    if (audio.size === 0) {
      this.set({ status: "idle", problem: "empty" });
      return;
    }
    this.set({ status: "transcribing", problem: null });
    try {
      const text = (await this.devices.transcribe(audio)).trim();
      this.set({ status: "idle", problem: text ? null : "empty" });
      if (text) this.onText(text);
    } catch {
      this.set({ status: "idle", problem: "failed" });
    }
  }

  /** What was asked while `start` awaited the microphone (read through a call: it changes meanwhile). */
  private earlyRequest(): "stop" | "cancel" | null {
    return this.early;
  }

  private releaseMicrophone(): void {
    this.stream?.getTracks().forEach((track) => {
      track.stop();
    });
    this.stream = null;
  }

  private set(state: DictationState): void {
    this.state = state;
    this.onChange(state);
  }
}
