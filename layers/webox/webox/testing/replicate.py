"""A simulated Replicate API (predictions) for the `replicate` SDK: `base_url=<server>`.

A prediction starts `starting`, then each read moves it on: `processing` with a progress bar in its
logs (as Replicate's SDXL prints them), then `succeeded` with output URLs this server serves (real
PNGs drawn from the prompt and seed). A "failed" fault makes the prediction end `failed`.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from webox.testing import media_files
from webox.testing.simulation import FAULT_HEADER, Behaviour, opening_fault

# Logs after each read: the progress bar SDXL prints while it denoises.
_STEPS = ("", "Using seed: {seed}\n 30%|███       | 15/50", "Using seed: {seed}\n 70%|███████   | 35/50")


def _error(status: int, headers: dict[str, str]) -> Response:
    titles = {429: "Too Many Requests", 401: "Unauthenticated", 500: "Internal Server Error"}
    body = {
        "title": titles.get(status, "Error"),
        "detail": f"{titles.get(status, 'Error')} (simulated)",
        "status": status,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type="application/problem+json")


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def create_app(behaviour: Behaviour | None = None) -> Starlette:
    """The fake Replicate server; `app.state.behaviour` controls it, `app.state.predictions` holds its work."""
    behaviour = behaviour or Behaviour()
    predictions: dict[str, dict[str, Any]] = {}
    files: dict[str, bytes] = {}

    def public(prediction: dict[str, Any], base: str) -> dict[str, Any]:
        shown = {k: v for k, v in prediction.items() if not k.startswith("_")}
        shown["urls"] = {
            "get": f"{base}/v1/predictions/{prediction['id']}",
            "cancel": f"{base}/v1/predictions/{prediction['id']}/cancel",
        }
        return shown

    def base_of(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def authorised(request: Request) -> bool:
        return request.headers.get("authorization", "").startswith(("Bearer ", "Token "))

    async def create(request: Request) -> Response:
        if not authorised(request):
            return _error(401, {})
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
        failure = await opening_fault(behaviour, fault, _error)
        if failure is not None:
            return failure
        try:
            body = await request.json()
            version, model_input = str(body["version"]), dict(body["input"])
            if not isinstance(model_input.get("prompt"), str):
                raise TypeError("prompt")
        except (ValueError, KeyError, TypeError):
            return JSONResponse(
                {"title": "Invalid input", "detail": "version and input.prompt are required", "status": 422},
                status_code=422,
            )
        behaviour.last_body = body
        prediction_id = secrets.token_hex(13)
        given = model_input.get("seed")
        seed = int(given) if isinstance(given, int | str) else secrets.randbelow(2**32)
        predictions[prediction_id] = {
            "id": prediction_id,
            "model": "stability-ai/sdxl",
            "version": version.split(":")[-1],
            "status": "starting",
            "input": model_input,
            "output": None,
            "logs": "",
            "error": None,
            "metrics": {},
            "created_at": _now(),
            "started_at": None,
            "completed_at": None,
            "_reads": 0,
            "_seed": seed,
            "_fails": fault == "failed",
        }
        return JSONResponse(public(predictions[prediction_id], base_of(request)), status_code=201)

    def advance(prediction: dict[str, Any], base: str) -> None:
        if prediction["status"] not in ("starting", "processing"):
            return
        prediction["_reads"] += 1
        step = prediction["_reads"]
        if step < len(_STEPS):
            prediction["status"] = "processing"
            prediction["started_at"] = prediction["started_at"] or _now()
            prediction["logs"] = _STEPS[step].format(seed=prediction["_seed"])
            return
        prediction["completed_at"] = _now()
        if prediction["_fails"]:
            prediction["status"], prediction["error"] = "failed", "CUDA out of memory (simulated)"
            return
        model_input = prediction["input"]
        size = f"{int(model_input.get('width', 1024))}x{int(model_input.get('height', 1024))}"
        outputs = []
        for index in range(int(model_input.get("num_outputs", 1))):
            name = f"{prediction['id']}/out-{index}.png"
            files[name] = media_files.draw_image(
                str(model_input["prompt"]),
                size=size,
                seed=prediction["_seed"] + index,
                model="sdxl",
                base=_data(model_input.get("image")),
                mask=_data(model_input.get("mask"), invert=True),
            )
            outputs.append(f"{base}/files/{name}")
        prediction.update(status="succeeded", output=outputs, metrics={"predict_time": 2.5})
        prediction["logs"] += "\n100%|██████████| 50/50"

    async def get(request: Request) -> Response:
        if not authorised(request):
            return _error(401, {})
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
        failure = await opening_fault(behaviour, fault if fault != "failed" else None, _error)
        if failure is not None:
            return failure
        prediction = predictions.get(request.path_params["prediction_id"])
        if prediction is None:
            return JSONResponse(
                {"title": "Not found", "detail": "Prediction not found", "status": 404}, status_code=404
            )
        advance(prediction, base_of(request))
        return JSONResponse(public(prediction, base_of(request)))

    async def cancel(request: Request) -> Response:
        prediction = predictions.get(request.path_params["prediction_id"])
        if prediction is None:
            return JSONResponse({"title": "Not found", "status": 404}, status_code=404)
        if prediction["status"] in ("starting", "processing"):
            prediction.update(status="canceled", completed_at=_now())
        return JSONResponse(public(prediction, base_of(request)))

    async def output(request: Request) -> Response:
        data = files.get(request.path_params["name"])
        if data is None:
            return Response(status_code=404)
        return Response(data, media_type="image/png")

    app = Starlette(
        routes=[
            Route("/v1/predictions", create, methods=["POST"]),
            Route("/v1/predictions/{prediction_id}", get),
            Route("/v1/predictions/{prediction_id}/cancel", cancel, methods=["POST"]),
            Route("/files/{name:path}", output),
        ]
    )
    app.state.behaviour = behaviour
    app.state.predictions = predictions
    return app


def _data(uri: Any, *, invert: bool = False) -> bytes | None:
    """The bytes of a data URI input (an image or an SDXL mask, white where to repaint). An SDXL mask
    is turned back into OpenAI's convention (transparent where to repaint) for `draw_image`."""
    import base64
    import io

    if not isinstance(uri, str) or not uri.startswith("data:") or "," not in uri:
        return None
    data = base64.b64decode(uri.split(",", 1)[1])
    if not invert:
        return data
    from PIL import Image

    with Image.open(io.BytesIO(data)) as mask:
        alpha = mask.convert("L").point(lambda v: 0 if v >= 128 else 255)
    rgba = Image.new("RGBA", alpha.size, (0, 0, 0, 255))
    rgba.putalpha(alpha)
    out = io.BytesIO()
    rgba.save(out, format="PNG")
    return out.getvalue()
