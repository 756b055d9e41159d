"""Voice bodies: personas, numbers, calls with their turns and latencies, opt-outs, the softphone."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

E164 = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}-[A-Z]{2}$")]
Digit = Annotated[str, StringConstraints(pattern=r"^[0-9*#]$")]
HourMinute = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


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


class VoicePersonaOut(VoicePersonaIn):
    model_config = ConfigDict(extra="ignore")

    id: str
    created_at: datetime
    updated_at: datetime


class VoicePersonaList(BaseModel):
    items: list[VoicePersonaOut]


class VoiceAvailableNumber(BaseModel):
    """A number of the platform's Twilio account, and whether it is free to take."""

    number_sid: str
    phone_number: str
    friendly_name: str
    free: bool


class VoiceAvailableNumbers(BaseModel):
    items: list[VoiceAvailableNumber]


class VoiceNumberClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone_number: E164
    persona_id: str = Field(min_length=1, max_length=64)


class VoiceNumberOut(BaseModel):
    phone_number: str
    number_sid: str
    persona_id: str
    created_at: datetime


class VoiceNumberList(BaseModel):
    items: list[VoiceNumberOut]


class VoiceTurnOut(BaseModel):
    """One turn; for the assistant, `heard` is what the caller heard before interrupting, and the
    latencies are ms after the caller stopped speaking (the `prompt` event)."""

    n: int
    role: str
    text: str
    heard: str | None = None
    interrupted: bool = False
    at: datetime | None = None
    first_token_ms: int | None = None
    last_token_ms: int | None = None
    model_ttft_ms: int | None = None


class VoiceCallOut(BaseModel):
    id: str
    call_sid: str | None
    direction: str
    from_number: str
    to_number: str
    persona_id: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    turns: int
    summary: str | None = None


class VoiceCallDetail(VoiceCallOut):
    transcript: list[VoiceTurnOut]
    recording_url: str | None = None
    recording_duration_s: float | None = None
    fields: dict[str, Any] | None = None
    score: dict[str, Any] | None = None
    task_id: str | None = None
    transferred_to: str | None = None
    latency: dict[str, float | None]


class VoiceCallList(BaseModel):
    items: list[VoiceCallOut]


class VoiceOutboundCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: E164
    from_number: E164
    persona_id: str | None = Field(default=None, max_length=64)


class VoiceOptOutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone_number: E164


class VoiceOptOutList(BaseModel):
    items: list[str]


class VoiceSoftphoneIn(BaseModel):
    """Call one of your numbers from the browser (local mode: the simulated Twilio)."""

    model_config = ConfigDict(extra="forbid")

    phone_number: E164
    caller: E164 = "+33600000001"


class VoiceSoftphoneOut(BaseModel):
    call_sid: str
    phone_url: str
