"""Every call to a media vendor, through its official SDK: OpenAI (images, speech, Whisper),
Replicate (SDXL predictions) and ElevenLabs (speech, voices, cloning).

Keys: OpenAI's as the chat resolves them (the user's own, the platform's, locally the simulator);
Replicate's and ElevenLabs' are the platform's (environment, else the `provider-keys` secret), and
on the local host without a key their simulator. SDKs are imported inside the calls (cold starts).
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from webox.config import get_settings
from webox.media.catalogue import ImageModelSpec, SpeechModelSpec, TranscriptionModelSpec
from webox.media.errors import GenerationFailed
from webox.media.languages import language_code
from webox.media.schemas import VoiceOut
from webox.media.shared_schemas import Segment, Transcript
from webox.providers import registry
from webox.providers import repository as provider_keys
from webox.providers import service as provider_service
from webox.providers.adapters.common import retry_after, stainless_error, transport_error
from webox.providers.errors import (
    ModelUnavailable,
    ProviderAuthFailed,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
)
from webox.ttl_cache import TtlCache

KEY_ENV = {"openai": "OPENAI_API_KEY", "replicate": "REPLICATE_API_TOKEN", "elevenlabs": "ELEVENLABS_API_KEY"}
TIMEOUT_S = 120.0
SDK_RETRIES = 2  # the SDKs' own retries of 429/5xx, with their backoff, before the job's retries
_secret_cache: TtlCache[str, dict[str, str]] = TtlCache(ttl_s=300, size=1)


@dataclass(frozen=True)
class Access:
    """How to call one vendor for one user."""

    vendor: str
    api_key: str
    base_url: str | None
    simulated: bool


def _platform_key(vendor: str) -> str | None:
    return os.environ.get(KEY_ENV[vendor]) or _secret_cache.get_or_set(
        "keys", provider_keys.platform_keys
    ).get(vendor)


def _simulator(vendor: str) -> str | None:
    return os.environ.get(registry.simulated_url_env(vendor)) if get_settings().local else None


def access(vendor: str, user_id: str) -> Access:
    """The key and address to call `vendor` with; `ModelUnavailable` (409) when there is none."""
    if vendor == "openai":
        credentials = provider_service.resolve_credentials("openai", user_id)
        return Access(
            vendor,
            credentials.api_key.get_secret_value(),
            credentials.base_url,
            credentials.source == "simulated",
        )
    if key := _platform_key(vendor):
        return Access(vendor, key, None, False)
    if url := _simulator(vendor):
        return Access(vendor, provider_service.SIMULATED_KEY, url, True)
    raise ModelUnavailable(f"No key is configured for {vendor}", vendor=vendor)


def key_source(vendor: str, user_id: str) -> str:
    """Whose key a job of this vendor would use: "user", "platform" or "simulated" (409 when none)."""
    if vendor == "openai":
        return provider_service.resolve_credentials("openai", user_id).source
    if _platform_key(vendor):
        return "platform"
    if _simulator(vendor):
        return "simulated"
    raise ModelUnavailable(f"No key is configured for {vendor}", vendor=vendor)


def simulated(vendor: str) -> bool | None:
    """Whether the platform would call the vendor's simulator (None: the vendor cannot be called)."""
    if _platform_key(vendor):
        return False
    return True if _simulator(vendor) else None


def vendor_error(exc: Exception, vendor: str) -> ProviderError:
    """Map an SDK's exception onto WeBox's provider errors (`retryable` says whether to try again)."""
    if isinstance(exc, ProviderError):
        return exc
    status: int | None = None
    if vendor == "openai":
        import openai

        mapped = stainless_error(openai, exc, vendor, reading=False)
        if mapped is not None:
            return mapped
    elif vendor == "replicate":
        from replicate.exceptions import ReplicateError

        if isinstance(exc, ReplicateError):
            status = exc.status
    else:
        from elevenlabs.core.api_error import ApiError

        if isinstance(exc, ApiError):
            status = exc.status_code
            if status == 429:
                return RateLimited(vendor=vendor, retry_after=retry_after(exc.headers))
    if status is not None:
        if status == 429:
            return RateLimited(vendor=vendor)
        if status in (401, 403):
            return ProviderAuthFailed(vendor=vendor)
        if status >= 500:
            return ProviderUnavailable(f"The provider answered {status}", vendor=vendor)
        return ProviderError(f"The provider refused the request ({status})", vendor=vendor)
    return transport_error(exc, vendor, reading=False) or ProviderUnavailable(
        "The provider failed", vendor=vendor
    )


# --- images -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageRequest:
    """One image job's inputs; `image`/`mask` are (filename, bytes, content type)."""

    operation: str  # image | variation | edit
    prompt: str
    size: str
    count: int
    style: str | None = None
    seed: int | None = None
    negative_prompt: str | None = None
    image: tuple[str, bytes, str] | None = None
    mask: tuple[str, bytes, str] | None = None


def _openai_client(entry: Access) -> Any:
    from openai import OpenAI

    return OpenAI(api_key=entry.api_key, base_url=entry.base_url, max_retries=SDK_RETRIES, timeout=TIMEOUT_S)


def openai_images(entry: Access, spec: ImageModelSpec, request: ImageRequest) -> list[bytes]:
    """Generate, vary or edit images with OpenAI; returns the files' bytes."""
    client = _openai_client(entry)
    try:
        if request.operation in ("variation", "edit"):
            assert request.image is not None
            extra: dict[str, Any] = {"mask": request.mask} if request.mask else {}
            result = client.images.edit(
                image=request.image,
                prompt=request.prompt,
                model=spec.vendor_model,
                n=request.count,
                size=request.size,
                **extra,
            )
        else:
            options: dict[str, Any] = {}
            if spec.vendor_model == "dall-e-3":
                options["response_format"] = "b64_json"
                if request.style:
                    options["style"] = request.style
            result = client.images.generate(
                model=spec.vendor_model, prompt=request.prompt, n=request.count, size=request.size, **options
            )
    except Exception as exc:
        raise vendor_error(exc, "openai") from exc
    images = [base64.b64decode(image.b64_json) for image in result.data or [] if image.b64_json]
    if not images:
        raise GenerationFailed("The provider returned no image", vendor="openai")
    return images


def _replicate_client(entry: Access) -> Any:
    from replicate.client import Client

    return Client(api_token=entry.api_key, base_url=entry.base_url)


def _data_uri(file: tuple[str, bytes, str]) -> str:
    return f"data:{file[2]};base64,{base64.b64encode(file[1]).decode()}"


def replicate_start(entry: Access, spec: ImageModelSpec, request: ImageRequest) -> str:
    """Create an SDXL prediction; returns its id (the job keeps it, so a retry resumes it)."""
    width, height = (int(part) for part in request.size.split("x"))
    body: dict[str, Any] = {
        "prompt": request.prompt,
        "width": width,
        "height": height,
        "num_outputs": request.count,
    }
    if request.seed is not None:
        body["seed"] = request.seed
    if request.negative_prompt:
        body["negative_prompt"] = request.negative_prompt
    if request.image is not None:
        body["image"] = _data_uri(request.image)
        body["prompt_strength"] = 0.8 if request.operation == "edit" else 0.6
    if request.mask is not None:
        body["mask"] = _data_uri(request.mask)
    try:
        prediction = _replicate_client(entry).predictions.create(
            version=spec.vendor_model.split(":", 1)[1], input=body
        )
    except Exception as exc:
        raise vendor_error(exc, "replicate") from exc
    return str(prediction.id)


@dataclass(frozen=True)
class PredictionState:
    status: str  # starting | processing | succeeded | failed | canceled
    progress: int
    outputs: list[str]
    error: str | None


_PROGRESS = re.compile(r"(\d{1,3})%\|")


def replicate_poll(entry: Access, prediction_id: str) -> PredictionState:
    """A prediction's status, progress (from its logs' progress bars) and output URLs."""
    try:
        prediction = _replicate_client(entry).predictions.get(prediction_id)
    except Exception as exc:
        raise vendor_error(exc, "replicate") from exc
    bars = _PROGRESS.findall(prediction.logs or "")
    progress = int(bars[-1]) if bars else (5 if prediction.status == "starting" else 10)
    output = prediction.output
    urls = [str(url) for url in output] if isinstance(output, list) else ([str(output)] if output else [])
    return PredictionState(prediction.status, min(100, progress), urls, prediction.error)


def replicate_cancel(entry: Access, prediction_id: str) -> None:
    """Stop a prediction nobody waits for any more (its failure is not the job's)."""
    try:
        _replicate_client(entry).predictions.cancel(prediction_id)
    except Exception as exc:
        raise vendor_error(exc, "replicate") from exc


def fetch(url: str, *, limit: int = 50 * 1024 * 1024) -> bytes:
    """Download a vendor's output file (Replicate's delivery URLs need no key), bounded in size."""
    import httpx

    # Only HTTPS, except the local simulator's loopback address on the local host.
    loopback = get_settings().local and url.startswith("http://127.0.0.1:")
    if not (url.startswith("https://") or loopback):
        raise GenerationFailed("The provider returned an unexpected output URL", vendor="replicate")
    try:
        with httpx.stream("GET", url, timeout=TIMEOUT_S, follow_redirects=True) as response:
            response.raise_for_status()
            data = bytearray()
            for chunk in response.iter_bytes():
                data.extend(chunk)
                if len(data) > limit:
                    raise GenerationFailed("The provider's output is too large", vendor="replicate")
            return bytes(data)
    except httpx.HTTPStatusError as exc:
        raise ProviderUnavailable(
            f"Output download failed ({exc.response.status_code})", vendor="replicate"
        ) from exc
    except httpx.HTTPError as exc:
        raise vendor_error(exc, "replicate") from exc


# --- speech and voices ------------------------------------------------------------------------


ELEVENLABS_FORMATS = {"mp3": "mp3_44100_128", "wav": "pcm_22050"}
PCM_RATE = 22050


def _elevenlabs_client(entry: Access) -> Any:
    from elevenlabs import ElevenLabs

    options: dict[str, Any] = {"base_url": entry.base_url} if entry.base_url else {}
    return ElevenLabs(api_key=entry.api_key, timeout=TIMEOUT_S, **options)


def synthesize(entry: Access, spec: SpeechModelSpec, voice: str, text: str, fmt: str) -> Iterator[bytes]:
    """Speech for `text` as it streams from the vendor (ElevenLabs' `wav` comes as raw 16-bit PCM)."""
    try:
        if spec.vendor == "elevenlabs":
            stream = _elevenlabs_client(entry).text_to_speech.stream(
                voice, text=text, model_id=spec.vendor_model, output_format=ELEVENLABS_FORMATS[fmt]
            )
            yield from stream
            return
        client = _openai_client(entry)
        with client.audio.speech.with_streaming_response.create(
            model=spec.vendor_model, voice=voice, input=text, response_format=fmt
        ) as response:
            yield from response.iter_bytes(64 * 1024)
    except ProviderError:
        raise
    except Exception as exc:
        raise vendor_error(exc, spec.vendor) from exc


def elevenlabs_voices(entry: Access) -> list[VoiceOut]:
    """The vendor's premade voices."""
    try:
        voices = _elevenlabs_client(entry).voices.get_all().voices
    except Exception as exc:
        raise vendor_error(exc, "elevenlabs") from exc
    return [
        VoiceOut(
            voice_id=voice.voice_id,
            name=voice.name or voice.voice_id,
            provider="elevenlabs",
            category="premade",
            preview_url=voice.preview_url,
            simulated=entry.simulated,
        )
        for voice in voices
        if (voice.category or "premade") == "premade"
    ]


def elevenlabs_clone(
    entry: Access, name: str, description: str | None, samples: list[tuple[str, bytes, str]]
) -> str:
    """Clone a voice from samples (instant voice cloning); returns the vendor's voice id."""
    try:
        created = _elevenlabs_client(entry).voices.ivc.create(
            name=name, files=samples, **({"description": description} if description else {})
        )
    except Exception as exc:
        raise vendor_error(exc, "elevenlabs") from exc
    return str(created.voice_id)


def elevenlabs_delete(entry: Access, vendor_voice_id: str) -> None:
    """Delete a cloned voice at the vendor (already gone counts as deleted)."""
    from elevenlabs.core.api_error import ApiError

    try:
        _elevenlabs_client(entry).voices.delete(vendor_voice_id)
    except ApiError as exc:
        if exc.status_code != 404:
            raise vendor_error(exc, "elevenlabs") from exc
    except Exception as exc:
        raise vendor_error(exc, "elevenlabs") from exc


# --- transcription ----------------------------------------------------------------------------


def transcribe(
    entry: Access, spec: TranscriptionModelSpec, file: tuple[str, bytes, str], language: str | None
) -> Transcript:
    """Whisper's transcript with its timed segments (`verbose_json`)."""
    options: dict[str, Any] = {"language": language} if language else {}
    try:
        result = _openai_client(entry).audio.transcriptions.create(
            model=spec.vendor_model,
            file=file,
            response_format="verbose_json",
            timestamp_granularities=["segment"],
            **options,
        )
    except Exception as exc:
        raise vendor_error(exc, "openai") from exc
    segments = [
        Segment(start=float(s.start), end=float(s.end), text=str(s.text).strip())
        for s in result.segments or []
    ]
    return Transcript(
        text=str(result.text), language=language_code(getattr(result, "language", None)), segments=segments
    )
