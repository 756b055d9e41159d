"""OpenAI-compatible endpoints: `POST /v1/chat/completions` and `GET /v1/models` (WeBox API tokens)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, StreamingResponse
from mangum import Mangum
from starlette.background import BackgroundTask
from webox.auth.dependencies import require_scope
from webox.auth.service import Principal
from webox.gateway import service as gateway_service
from webox.gateway.schemas import CompletionRequest
from webox.http import create_app

Caller = Annotated[Principal, Depends(require_scope("chat"))]
router = APIRouter(prefix="/v1", tags=["gateway"])


@router.post("/chat/completions", response_model=None)
async def create_chat_completion(caller: Caller, body: CompletionRequest) -> Any:
    """OpenAI chat completions (streamed as server-sent events when `stream` is true)."""
    call = gateway_service.start(caller.user_id, body)
    if body.stream:
        events = await gateway_service.open_stream(call)
        return StreamingResponse(
            events,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache"},
            background=BackgroundTask(call.record),
        )

    return JSONResponse(await gateway_service.complete(call), background=BackgroundTask(call.record))


@router.get("/models")
def list_models(caller: Annotated[Principal, Depends(require_scope("read"))]) -> dict[str, Any]:
    """The models the caller can use, in OpenAI's list format."""
    return gateway_service.list_models(caller.user_id)


app = create_app(
    router, title="Gateway", description="OpenAI-compatible API: use any OpenAI SDK with a WeBox token."
)
handler = Mangum(app, lifespan="off")
