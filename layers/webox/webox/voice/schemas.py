"""Voice bodies: personas, numbers, calls with their turns and latencies, opt-outs, the softphone."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

E164 = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}-[A-Z]{2}$")]
Digit = Annotated[str, StringConstraints(pattern=r"^[0-9*#]$")]
HourMinute = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


_PERSONA: dict[str, Any] = {
    "id": "019ab3c4d5e6f7a8b9c0d1e2f3a4b5c6",
    "name": "Accueil cabinet",
    "instructions": "Tu es l'accueil téléphonique du cabinet. Sois bref.",
    "assistant_id": None,
    "model": "gpt-4o-mini",
    "language": "fr-FR",
    "voice": "Google.fr-FR-Neural2-A",
    "greeting": "Bonjour, cabinet Martin, que puis-je pour vous ?",
    "record": True,
    "consent_line": "Cet appel est enregistré.",
    "hours": None,
    "knowledge_base_id": None,
    "menu": {
        "1": {"action": "transfer", "label": "Un conseiller", "transfer_to": "+33611111111", "text": None}
    },
    "created_at": "2026-12-03T09:30:00Z",
    "updated_at": "2026-12-03T09:30:00Z",
}
_NUMBER: dict[str, Any] = {
    "phone_number": "+33900000001",
    "number_sid": "PN00000000000000000000000000000000",
    "persona_id": "019ab3c4d5e6f7a8b9c0d1e2f3a4b5c6",
    "source": "platform",
    "created_at": "2026-12-03T09:31:00Z",
}
_CALL: dict[str, Any] = {
    "id": "019ab3c5aaaabbbbccccddddeeeeffff",
    "call_sid": "CA0123456789abcdef0123456789abcdef",
    "direction": "inbound",
    "from_number": "+33612345678",
    "to_number": "+33900000001",
    "persona_id": "019ab3c4d5e6f7a8b9c0d1e2f3a4b5c6",
    "status": "completed",
    "end_reason": None,
    "started_at": "2026-12-03T10:00:00Z",
    "ended_at": "2026-12-03T10:02:10Z",
    "turns": 4,
    "summary": "Alice Durand souhaite un rendez-vous mardi matin ; rappel au +33612345678.",
}
_TURN: dict[str, Any] = {
    "n": 1,
    "role": "assistant",
    "text": "Bien sûr, mardi à 9 h vous convient-il ?",
    "heard": None,
    "interrupted": False,
    "at": "2026-12-03T10:00:20Z",
    "first_token_ms": 412,
    "last_token_ms": 980,
    "model_ttft_ms": 380,
    "tools": [{"tool": "knowledge_search", "error": None, "sources": ["tarifs.pdf (p. 1)"]}],
}
_DETAIL: dict[str, Any] = {
    **_CALL,
    "transcript": [
        {
            **_TURN,
            "n": 0,
            "role": "caller",
            "text": "Je voudrais un rendez-vous.",
            "first_token_ms": None,
            "last_token_ms": None,
            "model_ttft_ms": None,
        },
        _TURN,
    ],
    "recording_url": "https://webox-prod-voice.s3.amazonaws.com/recordings/u/c.wav?X-Amz-Signature=…",
    "recording_duration_s": 128.0,
    "fields": {
        "name": "Alice Durand",
        "reason": "Je voudrais un rendez-vous.",
        "callback_number": "+33612345678",
    },
    "score": {"score": 82, "judge": "claude-sonnet-4-6", "shared_points": [], "error": None},
    "task_id": "019ab3c6000011112222333344445555",
    "transferred_to": None,
    "latency": {"first_token_p50_ms": 412.0, "last_token_p50_ms": 980.0, "model_ttft_p50_ms": 380.0},
}


class VoiceBusinessHours(BaseModel):
    """When the assistant answers; outside them callers reach the voicemail."""

    timezone: str = Field(default="Europe/Paris", max_length=64)
    days: list[Annotated[int, Field(ge=0, le=6)]] = Field(default=[0, 1, 2, 3, 4], max_length=7)
    start: HourMinute = "09:00"
    end: HourMinute = "18:00"


class VoiceMenuOption(BaseModel):
    """A DTMF choice: transfer to a person, or say something."""

    action: Literal["transfer", "say"]
    label: str = Field(max_length=200)
    transfer_to: E164 | None = None
    text: str | None = Field(default=None, max_length=1000)


class VoicePersonaIn(BaseModel):
    """A voice persona: who answers, with which model, voice and call flow."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Accueil cabinet",
                    "instructions": "Tu es l'accueil téléphonique du cabinet. Sois bref.",
                    "model": "gpt-4o-mini",
                    "language": "fr-FR",
                    "voice": "Google.fr-FR-Neural2-A",
                    "greeting": "Bonjour, cabinet Martin, que puis-je pour vous ?",
                    "record": True,
                    "consent_line": "Cet appel est enregistré.",
                }
            ]
        },
    )

    name: str = Field(min_length=1, max_length=120)
    instructions: str = Field(default="", max_length=8000)
    assistant_id: str | None = Field(default=None, max_length=64)
    model: str = Field(min_length=1, max_length=100)
    language: Language = "fr-FR"
    voice: str = Field(default="Google.fr-FR-Neural2-A", max_length=100)
    greeting: str = Field(min_length=1, max_length=500)
    record: bool = False
    consent_line: str | None = Field(default=None, max_length=300)
    hours: VoiceBusinessHours | None = None
    menu: dict[Digit, VoiceMenuOption] | None = Field(default=None, max_length=12)
    # One of your knowledge bases (`/api/agents/knowledge-bases`), searched for each caller question.
    knowledge_base_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] | None = None


class VoicePersonaOut(VoicePersonaIn):
    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [_PERSONA]})

    id: str
    created_at: datetime
    updated_at: datetime


class VoicePersonaList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_PERSONA]}]})

    items: list[VoicePersonaOut]


class VoiceAvailableNumber(BaseModel):
    """A number you may answer: assigned to you from the platform's account, or of your own Twilio
    account (`source`); `free`: no other user answers it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number_sid": _NUMBER["number_sid"],
                    "phone_number": "+33900000001",
                    "friendly_name": "Accueil Paris",
                    "free": True,
                    "source": "platform",
                }
            ]
        }
    )

    number_sid: str
    phone_number: str
    friendly_name: str
    free: bool
    source: Literal["platform", "own"] = "platform"


class VoiceAvailableNumbers(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "number_sid": _NUMBER["number_sid"],
                            "phone_number": "+33900000001",
                            "friendly_name": "Accueil Paris",
                            "free": True,
                            "source": "platform",
                        }
                    ]
                }
            ]
        }
    )

    items: list[VoiceAvailableNumber]


class VoiceNumberClaim(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"phone_number": "+33900000001", "persona_id": _NUMBER["persona_id"]}]
        },
    )

    phone_number: E164
    persona_id: str = Field(min_length=1, max_length=64)


class VoiceNumberOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_NUMBER]})

    phone_number: str
    number_sid: str
    persona_id: str | None
    source: Literal["platform", "own"]
    created_at: datetime


class VoiceNumberList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_NUMBER]}]})

    items: list[VoiceNumberOut]


class VoiceTurnOut(BaseModel):
    """One turn; for the assistant, `heard` is what the caller heard before interrupting, and the
    latencies are ms after the caller stopped speaking (the `prompt` event)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TURN]})

    n: int
    role: str
    text: str
    heard: str | None = None
    interrupted: bool = False
    at: datetime | None = None
    first_token_ms: int | None = None
    last_token_ms: int | None = None
    model_ttft_ms: int | None = None
    tools: list[dict[str, Any]] | None = None


class VoiceCallOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CALL]})

    id: str
    call_sid: str | None
    direction: str
    from_number: str
    to_number: str
    persona_id: str
    status: str
    end_reason: str | None = None
    started_at: datetime
    ended_at: datetime | None
    turns: int
    summary: str | None = None


class VoiceCallDetail(VoiceCallOut):
    model_config = ConfigDict(json_schema_extra={"examples": [_DETAIL]})

    transcript: list[VoiceTurnOut]
    recording_url: str | None = None
    recording_duration_s: float | None = None
    fields: dict[str, Any] | None = None
    score: dict[str, Any] | None = None
    task_id: str | None = None
    transferred_to: str | None = None
    latency: dict[str, float | None]


class VoiceCallList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_CALL]}]})

    items: list[VoiceCallOut]


class VoiceOutboundCall(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"to": "+33612345678", "from_number": "+33900000001", "persona_id": None}]
        },
    )

    to: E164
    from_number: E164
    persona_id: str | None = Field(default=None, max_length=64)


class VoiceOptOutIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"phone_number": "+33612345678"}]}
    )

    phone_number: E164


class VoiceOptOutList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": ["+33612345678"]}]})

    items: list[str]


class VoiceSoftphoneIn(BaseModel):
    """Call one of your numbers from the browser (local mode: the simulated Twilio)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"phone_number": "+33900000001", "caller": "+33600000001"}]},
    )

    phone_number: E164
    caller: E164 = "+33600000001"


class VoiceSoftphoneOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"call_sid": _CALL["call_sid"], "phone_url": "ws://127.0.0.1:8123/_fake/calls/CA0123/phone"}
            ]
        }
    )

    call_sid: str
    phone_url: str
