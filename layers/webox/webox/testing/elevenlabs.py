"""A simulated ElevenLabs API for the `elevenlabs` SDK (`base_url=<server>`): voices (list, get,
delete), instant voice cloning (`/v1/voices/add`, multipart samples) and text to speech, whole or
streamed. `pcm_<rate>` formats answer raw 16-bit PCM; `mp3_*`/`opus_*` answer WAV bytes labelled
`audio/wav` (no encoder without a binary: see `media_files`)."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from webox.testing import media_files
from webox.testing.simulation import FAULT_HEADER, Behaviour, opening_fault, paced_bytes

PREMADE = (
    ("21m00Tcm4TlvDq8ikWAM", "Rachel"),
    ("EXAVITQu4vr4xnSDxMaL", "Sarah"),
    ("ErXwobaYiN019PkySvjV", "Antoni"),
    ("TxGEqnHWrfWFTfGW9XjX", "Josh"),
)


def _error(status: int, headers: dict[str, str], kind: str = "", message: str = "") -> Response:
    kinds = {429: "too_many_concurrent_requests", 401: "invalid_api_key", 500: "internal_error"}
    detail = {"status": kind or kinds.get(status, "error"), "message": message or f"Simulated error {status}"}
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _voice(voice_id: str, name: str, category: str, base: str) -> dict[str, Any]:
    return {
        "voice_id": voice_id,
        "name": name,
        "category": category,
        "labels": {"simulated": "true"},
        "description": None,
        "preview_url": f"{base}/previews/{voice_id}.wav",
        "samples": None,
        "settings": None,
    }


def create_app(behaviour: Behaviour | None = None) -> Starlette:
    """The fake ElevenLabs server; `app.state.behaviour` controls it, `app.state.clones` holds clones."""
    behaviour = behaviour or Behaviour()
    clones: dict[str, dict[str, Any]] = {}

    def base_of(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    async def opening(request: Request) -> tuple[Response | None, str | None]:
        if not request.headers.get("xi-api-key"):
            return _error(401, {}), None
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
        return await opening_fault(behaviour, fault, _error), fault

    def names() -> dict[str, tuple[str, str]]:
        found = {voice_id: (name, "premade") for voice_id, name in PREMADE}
        found.update({voice_id: (c["name"], "cloned") for voice_id, c in clones.items()})
        return found

    async def list_voices(request: Request) -> Response:
        failure, _ = await opening(request)
        if failure is not None:
            return failure
        base = base_of(request)
        return JSONResponse({"voices": [_voice(v, n, c, base) for v, (n, c) in names().items()]})

    async def get_voice(request: Request) -> Response:
        failure, _ = await opening(request)
        if failure is not None:
            return failure
        voice_id = request.path_params["voice_id"]
        if voice_id not in names():
            return _error(404, {}, "voice_not_found", "A voice with this id was not found.")
        name, category = names()[voice_id]
        return JSONResponse(_voice(voice_id, name, category, base_of(request)))

    async def delete_voice(request: Request) -> Response:
        failure, _ = await opening(request)
        if failure is not None:
            return failure
        if clones.pop(request.path_params["voice_id"], None) is None:
            return _error(404, {}, "voice_not_found", "A voice with this id was not found.")
        return JSONResponse({"status": "ok"})

    async def add_voice(request: Request) -> Response:
        failure, _ = await opening(request)
        if failure is not None:
            return failure
        fields = media_files.form(request.headers.get("content-type", ""), await request.body())
        samples = [f for f in fields.get("files", []) if isinstance(f, tuple) and f[1]]
        name = (fields.get("name") or [""])[0]
        if not name or not samples:
            return _error(422, {}, "invalid_request", "name and at least one sample file are required.")
        behaviour.last_body = {"name": name, "files": len(samples)}
        voice_id = secrets.token_urlsafe(15)[:20]
        clones[voice_id] = {"name": name, "samples": len(samples)}
        return JSONResponse({"voice_id": voice_id, "requires_verification": False})

    async def speech(request: Request) -> Response:
        failure, fault = await opening(request)
        if failure is not None:
            return failure
        voice_id = request.path_params["voice_id"]
        try:
            body = await request.json()
            text = str(body["text"])
        except (ValueError, KeyError, TypeError):
            return _error(422, {}, "invalid_request", "text is required.")
        if voice_id not in names():
            return _error(404, {}, "voice_not_found", "A voice with this id was not found.")
        behaviour.last_body = {**body, "output_format": request.query_params.get("output_format")}
        output_format = request.query_params.get("output_format") or "mp3_44100_128"
        if output_format.startswith("pcm_"):
            rate = int(output_format.split("_")[1])
            data, media_type = media_files.tone_pcm(text, voice=voice_id, rate=rate), "audio/pcm"
        else:
            data, media_type = media_files.wav(media_files.tone_pcm(text, voice=voice_id)), "audio/wav"
        if not request.url.path.endswith("/stream"):
            await asyncio.sleep(behaviour.latency_s)
            return Response(data, media_type=media_type)
        return StreamingResponse(paced_bytes(behaviour, data, fault, 8192), media_type=media_type)

    async def preview(request: Request) -> Response:
        voice_id = request.path_params["voice_id"]
        return Response(
            media_files.wav(media_files.tone_pcm("bonjour hello", voice=voice_id)), media_type="audio/wav"
        )

    app = Starlette(
        routes=[
            Route("/v1/voices", list_voices),
            Route("/v1/voices/add", add_voice, methods=["POST"]),
            Route("/v1/voices/{voice_id}", get_voice),
            Route("/v1/voices/{voice_id}", delete_voice, methods=["DELETE"]),
            Route("/v1/text-to-speech/{voice_id}", speech, methods=["POST"]),
            Route("/v1/text-to-speech/{voice_id}/stream", speech, methods=["POST"]),
            Route("/previews/{voice_id}.wav", preview),
        ]
    )
    app.state.behaviour = behaviour
    app.state.clones = clones
    return app
