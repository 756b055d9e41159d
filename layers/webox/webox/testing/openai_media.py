"""The media half of the simulated OpenAI API: images (generations, edits, variations), speech and
Whisper transcriptions, answering real files (see `media_files`). Mounted by `webox.testing.openai`."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from webox.testing import media_files
from webox.testing.openai import _error, _fault_error
from webox.testing.simulation import FAULT_HEADER, Behaviour, opening_fault, paced_bytes

_LANGUAGES = {"fr": "french", "en": "english", "de": "german", "es": "spanish", "it": "italian"}
_WORDS = {
    "fr": "bonjour voici un enregistrement simulé qui décrit le projet les étapes et la suite prévue".split(),  # noqa: SIM905
    "en": "hello this is a simulated recording describing the project its steps and what comes next".split(),  # noqa: SIM905
}


async def _opening(request: Request, behaviour: Behaviour) -> tuple[Response | None, str | None]:
    """An authentication or injected failure to answer instead, and the fault drawn for the request."""
    if not request.headers.get("authorization", "").startswith("Bearer "):
        return _error(401, "You didn't provide an API key.", "invalid_request_error", "invalid_api_key"), None
    fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
    failure = await opening_fault(behaviour, fault, _fault_error)
    await asyncio.sleep(behaviour.latency_s)
    return failure, fault


def _images_response(images: list[bytes], prompt: str) -> JSONResponse:
    return JSONResponse(
        {
            "created": int(time.time()),
            "data": [{"b64_json": base64.b64encode(i).decode(), "revised_prompt": prompt} for i in images],
        }
    )


def _first(fields: dict[str, list[Any]], *names: str) -> Any:
    for name in names:
        if fields.get(name):
            return fields[name][0]
    return None


def media_routes(behaviour: Behaviour) -> list[Route]:
    """Routes of the images and audio endpoints, sharing the chat server's `behaviour`."""

    async def generations(request: Request) -> Response:
        failure, _fault = await _opening(request, behaviour)
        if failure is not None:
            return failure
        try:
            body = await request.json()
            prompt, model = str(body["prompt"]), str(body.get("model") or "dall-e-2")
        except (ValueError, KeyError, TypeError):
            return _error(400, "prompt is required.", "invalid_request_error", None)
        behaviour.last_body = body
        if body.get("response_format") == "url":
            return _error(400, "The simulator only answers b64_json.", "invalid_request_error", None)
        size, count = str(body.get("size") or "1024x1024"), int(body.get("n") or 1)
        if model == "dall-e-3" and count != 1:
            return _error(400, "dall-e-3 makes one image per request (n=1).", "invalid_request_error", None)
        style = body.get("style") or ""
        images = [
            media_files.draw_image(prompt, size=size, seed=f"{style}{i}", model=model) for i in range(count)
        ]
        return _images_response(images, prompt)

    async def edits(request: Request) -> Response:
        return await _from_image(request, edit=True)

    async def variations(request: Request) -> Response:
        return await _from_image(request, edit=False)

    async def _from_image(request: Request, *, edit: bool) -> Response:
        failure, _fault = await _opening(request, behaviour)
        if failure is not None:
            return failure
        fields = media_files.form(request.headers.get("content-type", ""), await request.body())
        image = _first(fields, "image", "image[]")
        prompt = str(_first(fields, "prompt") or "")
        if not isinstance(image, tuple) or (edit and not prompt):
            return _error(400, "image (and, to edit, prompt) are required.", "invalid_request_error", None)
        behaviour.last_body = {k: v[0] for k, v in fields.items() if isinstance(v[0], str)}
        mask = _first(fields, "mask")
        size, count = str(_first(fields, "size") or "1024x1024"), int(_first(fields, "n") or 1)
        model = str(_first(fields, "model") or ("gpt-image-1" if edit else "dall-e-2"))
        images = [
            media_files.draw_image(
                prompt or "variation",
                size=size,
                seed=f"{hashlib.sha256(image[1]).hexdigest()[:8]}{i}",
                model=model,
                base=image[1],
                mask=mask[1] if isinstance(mask, tuple) else None,
            )
            for i in range(count)
        ]
        return _images_response(images, prompt)

    async def speech(request: Request) -> Response:
        failure, fault = await _opening(request, behaviour)
        if failure is not None:
            return failure
        try:
            body = await request.json()
            text, voice = str(body["input"]), str(body["voice"])
        except (ValueError, KeyError, TypeError):
            return _error(400, "input and voice are required.", "invalid_request_error", None)
        behaviour.last_body = body
        if body.get("response_format", "mp3") == "pcm":
            return Response(media_files.tone_pcm(text, voice=voice), media_type="audio/pcm")
        audio = media_files.wav(media_files.tone_pcm(text, voice=voice))
        return StreamingResponse(paced_bytes(behaviour, audio, fault, 16384), media_type="audio/wav")

    async def transcriptions(request: Request) -> Response:
        failure, _fault = await _opening(request, behaviour)
        if failure is not None:
            return failure
        fields = media_files.form(request.headers.get("content-type", ""), await request.body())
        file = _first(fields, "file")
        if not isinstance(file, tuple) or not file[1]:
            return _error(400, "file is required.", "invalid_request_error", None)
        behaviour.last_body = {k: v[0] for k, v in fields.items() if isinstance(v[0], str)}
        language = str(_first(fields, "language") or "fr")
        duration = media_files.wav_duration(file[1]) or max(1.0, len(file[1]) / 16000)
        segments = _segments(file[1], language, duration)
        text = "".join(s["text"] for s in segments).strip()
        fmt = _first(fields, "response_format") or "json"
        if fmt == "text":
            return Response(text, media_type="text/plain")
        if fmt != "verbose_json":
            return JSONResponse({"text": text})
        return JSONResponse(
            {
                "task": "transcribe",
                "language": _LANGUAGES.get(language, language),
                "duration": round(duration, 2),
                "text": text,
                "segments": segments,
            }
        )

    return [
        Route("/v1/images/generations", generations, methods=["POST"]),
        Route("/v1/images/edits", edits, methods=["POST"]),
        Route("/v1/images/variations", variations, methods=["POST"]),
        Route("/v1/audio/speech", speech, methods=["POST"]),
        Route("/v1/audio/transcriptions", transcriptions, methods=["POST"]),
    ]


def _segments(audio: bytes, language: str, duration: float) -> list[dict[str, Any]]:
    """Timed segments of about 3 s whose words depend on the audio's bytes."""
    words = _WORDS.get(language, _WORDS["en"])
    seed = int(hashlib.sha256(audio).hexdigest()[:8], 16)
    count = max(1, int(duration // 3))
    segments = []
    for index in range(count):
        start, end = index * duration / count, (index + 1) * duration / count
        picked = [words[(seed + index * 7 + k * 3) % len(words)] for k in range(6)]
        text = (" ".join(picked)).capitalize() + "."
        if index == 0:
            text = f"[{media_files.LABEL}] {text}"
        segments.append(
            {
                "id": index,
                "seek": 0,
                "start": round(start, 2),
                "end": round(end, 2),
                "text": f" {text}",
                "tokens": [],
                "temperature": 0.0,
                "avg_logprob": -0.2,
                "compression_ratio": 1.2,
                "no_speech_prob": 0.01,
            }
        )
    return segments
