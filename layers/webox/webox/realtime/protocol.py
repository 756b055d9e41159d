"""The browser socket's protocol: every action it accepts and every frame the server pushes.

Actions are discriminated by `action` (API Gateway's route selection reads the same field), frames
by `type`. Every push builds its frame from one of these models, and the SPA's TypeScript types are
generated from their JSON Schema, written by `python -m webox.realtime.protocol` to
`docs/socket-protocol.schema.json` (a test fails when the file and this module differ).

A frame's fields are always all present (a field without a value is `null`): the schema marks them
required, so the generated types need no optional checks.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from webox.chat.schemas import Identifier, ModelId, TurnRequest, UsageOut
from webox.media.schemas import JobError, JobKind, JobStatus, MediaItemOut
from webox.tasks.schemas import StepStatus, TaskError, TaskStatus
from webox.verification.schemas import Verdict

SCHEMA_PATH = Path("docs/socket-protocol.schema.json")

# --- actions (client → server) ---------------------------------------------------------------------


class Ping(BaseModel):
    """Is the socket alive? Answered by `pong` with the same `id`."""

    action: Literal["ping"] = "ping"
    id: int | str | None = None


class ChatSend(TurnRequest):
    """Send one message to one or more models; answered by `chat.started`, then the stream."""

    # Its own example: the turn's (inherited) lacks the action and the request id.
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "action": "chat.send",
                    "request_id": "r-7c1e2a",
                    "conversation_id": "3f2a9c1e5b7d4e8fa0c6b2d4e6f8a1c3",
                    "models": ["gpt-4o-mini", "claude-haiku-4-5"],
                    "content": "Propose trois titres pour un podcast sur la cuisine lyonnaise.",
                }
            ]
        }
    )

    action: Literal["chat.send"] = "chat.send"
    request_id: Identifier
    conversation_id: Identifier | None = None


class ChatStop(BaseModel):
    """Stop every model still answering this request (or only `model`)."""

    action: Literal["chat.stop"] = "chat.stop"
    request_id: Identifier
    model: ModelId | None = None


class ChatRetry(BaseModel):
    """Run one model of a turn again (a failed or stopped column)."""

    action: Literal["chat.retry"] = "chat.retry"
    conversation_id: Identifier
    turn: int = Field(ge=1)
    model: ModelId


ClientAction = Annotated[Ping | ChatSend | ChatStop | ChatRetry, Field(discriminator="action")]

# --- frames (server → client) ----------------------------------------------------------------------


class Frame(BaseModel):
    """A frame pushed to a connection."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    def payload(self) -> dict[str, Any]:
        """The frame as the JSON object the socket carries."""
        return self.model_dump(mode="json")


class Pong(Frame):
    type: Literal["pong"] = "pong"
    id: int | str | None = None


class ErrorFrame(Frame):
    """An action refused before any feature saw it (not JSON, unknown) or by a feature without a
    rejection frame of its own."""

    type: Literal["error"] = "error"
    code: str
    message: str
    action: str | None = None


class TurnFrame(Frame):
    """What names a chat turn."""

    request_id: str
    conversation_id: str
    turn: int


class ChatStarted(TurnFrame):
    type: Literal["chat.started"] = "chat.started"
    models: list[str]


class ModelFrame(TurnFrame):
    """What names one model's column of a turn."""

    model: str


class ChatDelta(ModelFrame):
    type: Literal["chat.delta"] = "chat.delta"
    seq: int
    text: str


class ChatDone(ModelFrame):
    type: Literal["chat.done"] = "chat.done"
    status: Literal["done", "stopped"]
    usage: UsageOut
    cost: float
    ttft_ms: int | None
    duration_ms: int | None
    simulated: bool


class ChatError(ModelFrame):
    type: Literal["chat.error"] = "chat.error"
    code: str
    message: str


class ChatVerifying(TurnFrame):
    type: Literal["chat.verifying"] = "chat.verifying"


class ChatVerdict(TurnFrame):
    type: Literal["chat.verdict"] = "chat.verdict"
    verdict: Verdict


class ChatFinished(TurnFrame):
    type: Literal["chat.finished"] = "chat.finished"


class ChatRejected(Frame):
    """A chat action refused; echoes what identifies it (a retry has no request id of its own).
    Further fields carry the error's details (a quota refusal's quota, used, limit, resets_at)."""

    model_config = ConfigDict(extra="allow")

    type: Literal["chat.rejected"] = "chat.rejected"
    request_id: str | None = None
    conversation_id: str | None = None
    turn: int | None = None
    model: str | None = None
    code: str
    message: str

    @classmethod
    def refusing(cls, body: dict[str, Any], code: str, message: str, extra: dict[str, Any]) -> ChatRejected:
        """The refusal of a chat action `body` (as received, maybe invalid: only well-typed
        identifiers are echoed)."""
        echoed = {
            key: value
            for key, kind in (("request_id", str), ("conversation_id", str), ("turn", int), ("model", str))
            if isinstance(value := body.get(key), kind) and not isinstance(value, bool)
        }
        return cls(**{**echoed, "code": code, "message": message, **extra})


class JobFrame(Frame):
    """What names a media job."""

    job_id: str
    kind: JobKind


class JobProgress(JobFrame):
    type: Literal["job.progress"] = "job.progress"
    status: Literal["running"] = "running"
    progress: int = Field(ge=0, le=100)
    message: str | None = None


class JobChunk(JobFrame):
    """One playable part of a speech job, before the whole file is ready."""

    type: Literal["job.chunk"] = "job.chunk"
    index: int
    count: int
    url: str
    content_type: str


class JobDone(JobFrame):
    type: Literal["job.done"] = "job.done"
    status: JobStatus
    outputs: list[MediaItemOut]
    error: JobError | None = None


class TaskFrame(Frame):
    """What names a task's progress: `seq` grows by one per frame of the task; a client that sees a
    gap (or reconnects) reloads the task, whose `seq` says which frames it already reflects."""

    task_id: str
    seq: int


class TaskStep(TaskFrame):
    """A step started, paused, finished or failed."""

    type: Literal["task.step"] = "task.step"
    step_id: str
    kind: str
    status: StepStatus
    attempt: int
    error: TaskError | None = None


class TaskStatusChanged(TaskFrame):
    type: Literal["task.status"] = "task.status"
    status: TaskStatus
    cost_micro_usd: int
    error: TaskError | None = None


class TaskDelta(TaskFrame):
    """Model text a step streams."""

    type: Literal["task.delta"] = "task.delta"
    step_id: str
    text: str


class VoiceFrame(Frame):
    """What names a phone call on the live view of calls in progress."""

    call_id: str


class VoiceCallStarted(VoiceFrame):
    """A call rang one of the user's numbers, or an outbound call was answered."""

    type: Literal["voice.call_started"] = "voice.call_started"
    direction: Literal["inbound", "outbound"]
    from_number: str
    to_number: str
    persona_id: str
    status: str
    started_at: datetime


class VoiceTurn(VoiceFrame):
    """What the caller said (or pressed), or the assistant's whole answer, in the call's order `n`."""

    type: Literal["voice.turn"] = "voice.turn"
    n: int
    role: Literal["caller", "assistant", "dtmf"]
    text: str


class VoiceInterrupted(VoiceFrame):
    """The caller spoke over answer `n`: they heard `heard` of it."""

    type: Literal["voice.interrupted"] = "voice.interrupted"
    n: int
    heard: str


class VoiceCallEnded(VoiceFrame):
    """The call is over; `end_reason` when WeBox ended it (`quota.exceeded`…)."""

    type: Literal["voice.call_ended"] = "voice.call_ended"
    status: str
    end_reason: str | None = None


ServerFrame = Annotated[
    Pong
    | ErrorFrame
    | ChatStarted
    | ChatDelta
    | ChatDone
    | ChatError
    | ChatVerifying
    | ChatVerdict
    | ChatFinished
    | ChatRejected
    | JobProgress
    | JobChunk
    | JobDone
    | TaskStep
    | TaskStatusChanged
    | TaskDelta
    | VoiceCallStarted
    | VoiceTurn
    | VoiceInterrupted
    | VoiceCallEnded,
    Field(discriminator="type"),
]

SERVER_FRAMES: TypeAdapter[ServerFrame] = TypeAdapter(ServerFrame)
CLIENT_ACTIONS: TypeAdapter[ClientAction] = TypeAdapter(ClientAction)

# The action models by their `action` value: what a dispatcher validates a registered action with.
ACTIONS: dict[str, type[BaseModel]] = {
    model.model_fields["action"].default: model for model in (Ping, ChatSend, ChatStop, ChatRetry)
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of both unions: `$defs.ClientAction` (what the browser sends, as validated)
    and `$defs.ServerFrame` (what it receives, as serialised)."""
    ref = "#/$defs/{model}"
    client = CLIENT_ACTIONS.json_schema(mode="validation", ref_template=ref)
    server = SERVER_FRAMES.json_schema(mode="serialization", ref_template=ref)
    definitions: dict[str, Any] = {}
    for name, schema in (*client.pop("$defs", {}).items(), *server.pop("$defs", {}).items()):
        if definitions.setdefault(name, schema) != schema:
            raise ValueError(f"{name} differs between actions and frames: give one of them another name")
    definitions.update(ClientAction=client, ServerFrame=server)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "WeBox socket protocol",
        "description": "Actions the browser sends on /ws (by `action`) and frames it receives (by `type`).",
        "$defs": dict(sorted(definitions.items())),
    }


def render() -> str:
    """The schema file's text (stable: sorted definitions, two-space indent, final newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Write the schema file (`python -m webox.realtime.protocol [PATH]`)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
