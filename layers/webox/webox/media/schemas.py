"""Media bodies: job requests, jobs, library items, uploads, voices and the model catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from webox.media.shared_schemas import ItemKind, Transcript

JobKind = Literal["image", "variation", "edit", "speech", "voice_clone", "transcription"]
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
UploadKind = Literal["image", "audio", "document"]
AudioFormat = Literal["mp3", "wav", "opus"]

Hex32 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
MediaId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{34}$")]
ModelId = Annotated[str, StringConstraints(min_length=3, max_length=64, pattern=r"^[a-z0-9-]+/[a-z0-9._-]+$")]
Prompt = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
GroupId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Size = Annotated[str, StringConstraints(pattern=r"^\d{3,4}x\d{3,4}$")]

_JOB_EXAMPLE: dict[str, Any] = {
    "job_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
    "kind": "image",
    "model": "replicate/sdxl",
    "status": "running",
    "progress": 40,
    "message": "processing",
    "params": {"prompt": "Un phare au coucher du soleil", "size": "1024x1024", "count": 2, "seed": 42},
    "error": None,
    "outputs": [],
    "group_id": "cmp-1",
    "created_at": "2025-01-31T09:30:00Z",
    "updated_at": "2025-01-31T09:30:04Z",
}
_ITEM_EXAMPLE: dict[str, Any] = {
    "media_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d000",
    "kind": "image",
    "model": "openai/gpt-image-1",
    "prompt": "Un phare au coucher du soleil",
    "content_type": "image/png",
    "size": 183004,
    "width": 1024,
    "height": 1024,
    "duration_s": None,
    "url": "https://…s3…/media/…png?X-Amz-Signature=…",
    "download_url": "https://…s3…/media/…png?response-content-disposition=attachment…",
    "job_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
    "group_id": None,
    "created_at": "2025-01-31T09:30:06Z",
    "transcript": None,
    "simulated": True,
}


class UploadCreate(BaseModel):
    """A file the browser is about to send (its type is checked again from its bytes once sent)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "image", "filename": "chat.png", "content_type": "image/png", "size": 12345}
            ]
        },
    )

    kind: UploadKind
    filename: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    content_type: Annotated[
        str, StringConstraints(pattern=r"^(image|audio|text|application)/[a-z0-9.+-]{1,80}$")
    ]
    size: int = Field(ge=1, description="Bytes; over the kind's limit answers 413 `media.too_large`.")


class UploadOut(BaseModel):
    """Where and how the browser posts the file: multipart `fields` then `file`, to `url`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "upload_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d1",
                    "url": "https://webox-prod-media.s3.amazonaws.com/",
                    "fields": {"key": "uploads/…/0193a5c1…", "Content-Type": "image/png", "policy": "…"},
                    "max_bytes": 10485760,
                    "expires_in": 600,
                }
            ]
        }
    )

    upload_id: str
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_in: int


class UploadInfo(BaseModel):
    """A received file, as its bytes say it is."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "upload_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d1",
                    "kind": "image",
                    "content_type": "image/png",
                    "size": 48213,
                    "width": 1024,
                    "height": 1024,
                    "duration_s": None,
                }
            ]
        }
    )

    upload_id: str
    kind: UploadKind
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None


class SourceRef(BaseModel):
    """An image to work from: a finished upload or an item of the library."""

    model_config = ConfigDict(extra="forbid")

    upload_id: Hex32 | None = None
    media_id: MediaId | None = None

    @model_validator(mode="after")
    def _one(self) -> SourceRef:
        if (self.upload_id is None) == (self.media_id is None):
            raise ValueError("give upload_id or media_id")
        return self


class ImageCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"model": "replicate/sdxl", "prompt": "Un phare", "size": "1024x1024", "count": 2, "seed": 42}
            ]
        },
    )

    model: ModelId
    prompt: Prompt
    size: Size = "1024x1024"
    style: Annotated[str, StringConstraints(max_length=20)] | None = None
    count: int = Field(default=1, ge=1, le=4)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    negative_prompt: Annotated[str, StringConstraints(max_length=1000)] | None = None
    group_id: GroupId | None = None


class VariationCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "model": "openai/dall-e-2",
                    "source": {"media_id": "a87ff679a2f3e71d9181a67b7542122c01"},
                    "size": "1024x1024",
                    "count": 2,
                }
            ]
        },
        extra="forbid",
    )

    model: ModelId
    source: SourceRef
    size: Size = "1024x1024"
    count: int = Field(default=1, ge=1, le=4)
    group_id: GroupId | None = None


class EditCreate(BaseModel):
    """Inpainting: the image, a PNG mask of the same size (transparent where to repaint), a prompt."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "model": "replicate/sdxl",
                    "prompt": "Un voilier rouge sur la mer au coucher du soleil",
                    "image": {"upload_id": "e4da3b7fbbce2345d7772b0674a318d5"},
                    "mask_upload_id": "1679091c5a880faf6fb5e6087eb1b2dc",
                    "size": "1024x1024",
                    "count": 1,
                }
            ]
        },
        extra="forbid",
    )

    model: ModelId
    prompt: Prompt
    image: SourceRef
    mask_upload_id: Hex32 | None = None
    size: Size = "1024x1024"
    count: int = Field(default=1, ge=1, le=4)
    group_id: GroupId | None = None


class SpeechCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"model": "openai/gpt-4o-mini-tts", "voice": "alloy", "text": "Bonjour !", "format": "mp3"}
            ]
        },
    )

    model: ModelId
    voice: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
    format: AudioFormat = "mp3"


class VoiceCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Voix de Camille",
                    "description": "Voix chaleureuse pour le podcast.",
                    "sample_upload_ids": ["8f14e45fceea167a5a36dedd4bea2543"],
                    "consent": True,
                }
            ]
        },
        extra="forbid",
    )

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    description: Annotated[str, StringConstraints(max_length=500)] | None = None
    sample_upload_ids: list[Hex32] = Field(min_length=1, max_length=5)
    consent: bool = Field(description="The speaker agreed to the cloning of their voice (must be true).")


class TranscriptionCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"upload_id": "c9f0f895fb98ab9159f51fd0297e236d", "language": "fr"}]},
        extra="forbid",
    )

    upload_id: Hex32
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = None


class DictationCreate(BaseModel):
    """A recording to transcribe at once (voice input)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"upload_id": "c9f0f895fb98ab9159f51fd0297e236d", "language": "fr"}]},
        extra="forbid",
    )

    upload_id: Hex32
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = None


class Dictation(BaseModel):
    """What was said in a recording."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"text": "Propose trois titres pour mon podcast.", "language": "fr", "simulated": False}
            ]
        }
    )

    text: str
    language: str | None = Field(description="ISO 639 code of the language heard (`fr`).")
    simulated: bool = Field(description="Transcribed by the local simulator (no key configured).")


class JobAccepted(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"job_id": _JOB_EXAMPLE["job_id"], "status": "queued"}]}
    )

    job_id: str
    status: JobStatus


class MediaItemOut(BaseModel):
    """A library item with fresh short-lived URLs (`url` to show, `download_url` to save)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [_ITEM_EXAMPLE]}, json_schema_serialization_defaults_required=True
    )

    media_id: str
    kind: ItemKind
    model: str
    prompt: str | None
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    url: str
    download_url: str
    job_id: str
    group_id: str | None = None
    created_at: datetime
    transcript: Transcript | None = None
    simulated: bool = False


class MediaPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_ITEM_EXAMPLE], "next_cursor": None}]}
    )

    items: list[MediaItemOut]
    next_cursor: str | None = None


class JobError(BaseModel):
    code: str
    message: str


class JobOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_JOB_EXAMPLE]})

    job_id: str
    kind: JobKind
    model: str
    status: JobStatus
    progress: int
    message: str | None = None
    params: dict[str, Any]
    error: JobError | None
    outputs: list[MediaItemOut]
    group_id: str | None = None
    created_at: datetime
    updated_at: datetime


class JobPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_JOB_EXAMPLE], "next_cursor": None}]}
    )

    items: list[JobOut]
    next_cursor: str | None = None


class VoiceOut(BaseModel):
    voice_id: str
    name: str
    provider: Literal["elevenlabs", "openai"]
    category: Literal["premade", "cloned"]
    preview_url: str | None = None
    status: Literal["pending", "ready", "failed"] = "ready"
    simulated: bool = False


class VoiceList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"voice_id": "alloy", "name": "Alloy", "provider": "openai", "category": "premade"},
                        {
                            "voice_id": "wv0193a5c1e2f4a1b2c3d4e5f6a7b8c9d2",
                            "name": "Ma voix",
                            "provider": "elevenlabs",
                            "category": "cloned",
                            "status": "ready",
                            "simulated": False,
                        },
                    ]
                }
            ]
        }
    )

    items: list[VoiceOut]


class VoiceRef(BaseModel):
    id: str
    name: str


class ImageModel(BaseModel):
    id: str
    vendor: str
    name: str
    sizes: list[str]
    styles: list[str]
    max_count: int
    seed: bool
    negative_prompt: bool = False
    variations: bool
    edits: bool
    simulated: bool = False


class SpeechModel(BaseModel):
    id: str
    vendor: str
    name: str
    formats: list[AudioFormat]
    voices: list[VoiceRef] = Field(default_factory=list)
    simulated: bool = False


class TranscriptionModel(BaseModel):
    id: str
    vendor: str
    name: str
    simulated: bool = False


class ModelCatalogue(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "image": [
                        {
                            "id": "replicate/sdxl",
                            "vendor": "replicate",
                            "name": "Stable Diffusion XL",
                            "sizes": ["1024x1024", "1152x896"],
                            "styles": [],
                            "max_count": 4,
                            "seed": True,
                            "negative_prompt": True,
                            "variations": True,
                            "edits": True,
                            "simulated": False,
                        }
                    ],
                    "speech": [
                        {
                            "id": "openai/tts-1",
                            "vendor": "openai",
                            "name": "TTS 1",
                            "formats": ["mp3", "wav", "opus"],
                            "voices": [{"id": "alloy", "name": "Alloy"}],
                            "simulated": False,
                        }
                    ],
                    "transcription": [
                        {"id": "openai/whisper-1", "vendor": "openai", "name": "Whisper", "simulated": False}
                    ],
                }
            ]
        }
    )

    image: list[ImageModel]
    speech: list[SpeechModel]
    transcription: list[TranscriptionModel]
