"""The media models WeBox offers (data, not code): what each takes, and which vendor serves it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImageModelSpec:
    id: str
    vendor: str
    vendor_model: str
    name: str
    sizes: tuple[str, ...]
    styles: tuple[str, ...] = ()
    max_count: int = 1
    seed: bool = False
    negative_prompt: bool = False
    variations: bool = False
    edits: bool = False


@dataclass(frozen=True)
class SpeechModelSpec:
    id: str
    vendor: str
    vendor_model: str
    name: str
    formats: tuple[str, ...]


@dataclass(frozen=True)
class TranscriptionModelSpec:
    id: str
    vendor: str
    vendor_model: str
    name: str


# Stable Diffusion XL on Replicate, pinned to one version as its API requires.
SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc"

IMAGE_MODELS: dict[str, ImageModelSpec] = {
    spec.id: spec
    for spec in (
        ImageModelSpec(
            "openai/gpt-image-1",
            "openai",
            "gpt-image-1",
            "GPT Image 1",
            sizes=("1024x1024", "1536x1024", "1024x1536"),
            max_count=4,
            # A variation is an edit without a mask, prompted by the source's prompt (OpenAI's own
            # variations endpoint is DALL·E 2's, deprecated).
            variations=True,
            edits=True,
        ),
        ImageModelSpec(
            "openai/dall-e-3",
            "openai",
            "dall-e-3",
            "DALL·E 3",
            sizes=("1024x1024", "1792x1024", "1024x1792"),
            styles=("vivid", "natural"),
            max_count=1,
        ),
        ImageModelSpec(
            "replicate/sdxl",
            "replicate",
            f"stability-ai/sdxl:{SDXL_VERSION}",
            "Stable Diffusion XL",
            sizes=("1024x1024", "1152x896", "896x1152", "768x768"),
            max_count=4,
            seed=True,
            negative_prompt=True,
            variations=True,
            edits=True,
        ),
    )
}

SPEECH_MODELS: dict[str, SpeechModelSpec] = {
    spec.id: spec
    for spec in (
        SpeechModelSpec(
            "openai/gpt-4o-mini-tts", "openai", "gpt-4o-mini-tts", "GPT-4o mini TTS", ("mp3", "wav", "opus")
        ),
        SpeechModelSpec("openai/tts-1", "openai", "tts-1", "TTS 1", ("mp3", "wav", "opus")),
        SpeechModelSpec(
            "elevenlabs/eleven_multilingual_v2",
            "elevenlabs",
            "eleven_multilingual_v2",
            "Eleven Multilingual v2",
            ("mp3", "wav"),
        ),
    )
}

TRANSCRIPTION_MODELS: dict[str, TranscriptionModelSpec] = {
    "openai/whisper-1": TranscriptionModelSpec("openai/whisper-1", "openai", "whisper-1", "Whisper"),
}

# Voice cloning runs on ElevenLabs with this model's id recorded on the job.
CLONE_MODEL = "elevenlabs/ivc"


def display_name(model: str) -> str | None:
    """A media model's name as the studio shows it (None for an id the catalogue does not know)."""
    if model == CLONE_MODEL:
        return "ElevenLabs Instant Voice Cloning"
    for specs in (IMAGE_MODELS, SPEECH_MODELS, TRANSCRIPTION_MODELS):
        if model in specs:
            return specs[model].name
    return None


def vendor_of(model: str) -> str:
    """The vendor serving a media model id (`openai/…`, `replicate/…`, `elevenlabs/…`)."""
    for specs in (IMAGE_MODELS, SPEECH_MODELS, TRANSCRIPTION_MODELS):
        if model in specs:
            return specs[model].vendor
    return model.split("/", 1)[0]


OPENAI_VOICES: tuple[tuple[str, str], ...] = (
    ("alloy", "Alloy"),
    ("ash", "Ash"),
    ("coral", "Coral"),
    ("echo", "Echo"),
    ("fable", "Fable"),
    ("nova", "Nova"),
    ("onyx", "Onyx"),
    ("sage", "Sage"),
    ("shimmer", "Shimmer"),
)
